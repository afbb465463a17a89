"""The real ``careerpath`` console script: exit codes of import/export, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.workbook.reader import read_workbook

from .helpers import copy_with_cell


def _careerpath(*args: str, db: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("careerpath")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "careerpath"]
    # Always a private SQLite file: the test database of this session is not visible to a child process.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "true"}
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    result = _careerpath("migrate", "--verbosity", "0", db=db)
    assert result.returncode == 0, result.stderr
    return db


def test_import_of_a_missing_file_exits_2(migrated_db, tmp_path):
    result = _careerpath("import", str(tmp_path / "nope.xlsx"), db=migrated_db)
    assert result.returncode == 2
    assert "文件不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_of_a_bad_workbook_exits_2_and_names_every_error(migrated_db, make_workbook, tmp_path):
    bad = copy_with_cell(
        make_workbook(30), tmp_path / "bad.xlsx", sheet="请假", row=2, header="天数", value="-3"
    )
    result = _careerpath("import", str(bad), db=migrated_db)
    assert result.returncode == 2
    assert "工作表「请假」第2行「天数」列" in result.stderr
    assert "未导入任何数据" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_then_export_round_trips_through_the_console_script(
    migrated_db, make_workbook, tmp_path, policy
):
    source = make_workbook(30)
    first = _careerpath("import", str(source), db=migrated_db)
    assert first.returncode == 0, first.stderr
    assert "员工：共 30 条（新增 30，" in first.stdout

    again = _careerpath("import", str(source), db=migrated_db)
    assert again.returncode == 0
    assert "员工：共 30 条（新增 0，更新 0，未变 30）" in again.stdout

    exported = tmp_path / "exported.xlsx"
    result = _careerpath("export", str(exported), db=migrated_db)
    assert result.returncode == 0, result.stderr
    original, back = read_workbook(source, policy), read_workbook(exported, policy)
    assert back.counts() == original.counts()
    assert sorted(back.employees, key=lambda e: e.employee_no) == sorted(
        original.employees, key=lambda e: e.employee_no
    )


def test_export_to_a_missing_folder_exits_2(migrated_db, tmp_path):
    result = _careerpath("export", str(tmp_path / "no" / "such" / "out.xlsx"), db=migrated_db)
    assert result.returncode == 2
    assert "目录不存在" in result.stderr
