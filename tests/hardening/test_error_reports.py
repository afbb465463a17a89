"""Bounded error reports: the first 100 errors and the total on screen, every error in --errors FILE.xlsx."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from python_calamine import CalamineWorkbook

BAD_ROWS = 250


def _bad_book(path: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("员工")
    ws.append(["工号", "姓名", "学历", "入司日期"])
    for i in range(BAD_ROWS):
        # A bad date quoting a formula (as text): the report must store it as text, never as a live formula.
        cell = WriteOnlyCell(ws, value='=HYPERLINK("http://x.invalid","y")')
        cell.data_type = "s"
        ws.append([f"E{i}", "张三", "本科", cell])
    ws.append(["E-ok", "李四", "本科", date(2020, 1, 1)])
    wb.save(path)
    return path


def _report(path: Path) -> list[list[object]]:
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(wb.sheet_names[0]).to_python()


def _formulas(path: Path) -> int:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return sum(z.read(n).count(b"<f>") for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_evaluate_prints_the_first_100_errors_and_writes_all_of_them(tmp_path: Path) -> None:
    book = _bad_book(tmp_path / "bad.xlsx")
    report = tmp_path / "errors.xlsx"

    proc = subprocess.run([sys.executable, "-m", "careerpath", "evaluate", "--workbook", str(book),
                           "--as-of", "2026-12-31", "--errors", str(report)], capture_output=True, text=True)

    assert proc.returncode == 2
    listed = [line for line in proc.stderr.splitlines() if "第" in line and "行" in line and "入司日期" in line]
    assert len(listed) == 100
    assert f"另有 {BAD_ROWS - 100} 处错误 (and {BAD_ROWS - 100} more)" in proc.stderr
    rows = _report(report)
    assert rows[0][:4] == ["工作表 sheet", "行 row", "列 column", "错误 message"]
    assert len(rows) == BAD_ROWS + 1
    assert rows[1][:3] == ["员工", 2, "入司日期"] and "HYPERLINK" in str(rows[1][3])
    assert _formulas(report) == 0


@pytest.mark.django_db
def test_import_prints_the_first_100_errors_and_writes_all_of_them(tmp_path: Path, capsys) -> None:
    book = _bad_book(tmp_path / "bad.xlsx")
    report = tmp_path / "errors.xlsx"

    with pytest.raises(CommandError) as exc:
        call_command("import", str(book), errors=str(report))

    assert exc.value.returncode == 2
    err = capsys.readouterr().err
    assert err.count("「入司日期」列") == 100
    assert f"另有 {BAD_ROWS - 100} 处错误" in err
    assert len(_report(report)) == BAD_ROWS + 1
