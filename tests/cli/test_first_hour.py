"""A newcomer's first hour: commands before `migrate`, a fresh install, users, progress and the quick tour."""

from __future__ import annotations

import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.holidays import known_years

ROOT = Path(__file__).resolve().parents[2]
MIGRATE_FIRST = "请先运行 careerpath migrate (run careerpath migrate first)"
ANSI = re.compile(r"\x1b\[")


def _script() -> list[str]:
    script = Path(sys.executable).with_name("careerpath")
    return [str(script)] if script.exists() else [sys.executable, "-m", "careerpath"]


def cp(*args: str, db: Path, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DEBUG": "true"}
    return subprocess.run([*_script(), *args], env=env, capture_output=True, text=True, timeout=300,
                          input=stdin, cwd=cwd)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:  # noqa: ANN001
    """A database that `careerpath migrate` created, and nothing else."""
    db = tmp_path_factory.mktemp("fresh") / "fresh.sqlite3"
    res = cp("migrate", "--verbosity", "0", db=db)
    assert res.returncode == 0, res.stderr
    return db


@pytest.mark.parametrize("args", [
    ("import", "company.xlsx"),
    ("export", "out.xlsx"),
    ("evaluate",),
    ("evaluate", "--as-of", "2026-12-31", "--format", "table"),
    ("user", "list"),
    ("calendar", "refresh"),
    ("apply-effective",),
])
def test_before_migrate_a_database_command_says_run_migrate_first_and_exits_2(tmp_path: Path, args) -> None:  # noqa: ANN001
    res = cp(*args, db=tmp_path / "empty.sqlite3", cwd=tmp_path)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert MIGRATE_FIRST in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("args", [("help",), ("check",), ("import", "--help"), ("template", "t.xlsx")])
def test_before_migrate_commands_without_the_database_still_run(tmp_path: Path, args) -> None:  # noqa: ANN001
    res = cp(*args, db=tmp_path / "empty.sqlite3", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert MIGRATE_FIRST not in res.stderr


def test_migrate_leaves_the_statutory_calendar_loaded(fresh: Path) -> None:
    with sqlite3.connect(fresh) as con:
        years = [y for (y,) in con.execute("SELECT year FROM calendars_calendaryear ORDER BY year")]
        tiaoxiu = con.execute("SELECT is_workday FROM calendars_calendarday WHERE day = '2026-10-10'").fetchone()
    assert years == list(known_years()) and tiaoxiu == (1,)


def test_calendar_refresh_on_a_current_calendar_reports_no_change_and_exits_0(fresh: Path) -> None:
    res = cp("calendar", "refresh", db=fresh)
    assert res.returncode == 0, res.stderr
    assert "years added: 无 none" in res.stdout and "nothing changed" in res.stdout


def test_user_commands_work_and_bad_input_exits_2(fresh: Path) -> None:
    res = cp("user", "add", "hr1", "--role", "hr", db=fresh, stdin="Str0ng-passw0rd\n")
    assert res.returncode == 0, res.stderr
    assert "password" not in res.stdout  # piped: the password came from stdin
    listed = cp("user", "list", db=fresh)
    assert listed.returncode == 0 and re.search(r"^hr1\s+—\s+hr\s+是 yes\s+是 yes$", listed.stdout, re.M), listed.stdout
    assert not ANSI.search(listed.stdout)
    bad = cp("user", "add", "x", "--role", "chief", db=fresh, stdin="Str0ng-passw0rd\n")
    assert bad.returncode == 2 and "unknown role: chief" in bad.stderr and "Traceback" not in bad.stderr


def test_piped_long_commands_print_no_progress_and_no_ansi(fresh: Path, tmp_path: Path) -> None:
    book = tmp_path / "c.xlsx"
    synth = cp("synth", "--employees", "20", "--out", str(book), "--as-of", "2026-12-31", db=fresh)
    imported = cp("import", str(book), db=fresh)
    table = cp("evaluate", "--as-of", "2026-12-31", "--format", "table", db=fresh)
    for res in (synth, imported, table):
        assert res.returncode == 0, res.stderr
        assert not ANSI.search(res.stdout + res.stderr) and res.stderr == ""
    assert "项评定" in table.stdout


def test_on_a_terminal_synth_shows_progress(tmp_path: Path) -> None:
    # given: standard error is a terminal (a pseudo-terminal), standard output a pipe
    master, slave = pty.openpty()
    proc = subprocess.Popen([*_script(), "synth", "--employees", "20", "--out", str(tmp_path / "c.xlsx")],
                            stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "COLUMNS": "100"})
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    # then: the progress line went to the terminal, the result to the pipe
    assert proc.returncode == 0
    assert "generating 20" in seen.decode("utf-8", "replace")
    assert b"generated 20 employees" in out and b"\x1b" not in out


def _tour_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick tour", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("   #", 1)[0].strip() for line in block.strip().splitlines() if line.strip()]


def test_the_quick_tour_runs_on_its_own_database_and_gives_the_same_verdicts(tmp_path: Path) -> None:
    # given: a demo database in the default place, which the tour must not touch
    var = tmp_path / "var"
    var.mkdir()
    demo = var / "careerpath.sqlite3"
    demo.write_bytes(b"")
    env = {**os.environ, "CAREERPATH_VAR_DIR": str(var), "DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    script = " ".join(_script())
    # when: every command of the README's quick tour, as written, from a fresh folder
    outputs = []
    for line in _tour_commands():
        cmd = line.replace(".venv/bin/careerpath", script)
        res = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=600)
        assert res.returncode == 0, (line, res.stderr)
        outputs.append((line, res.stdout))
    # then: the demo's database is untouched, and the database verdicts equal the workbook's
    assert demo.read_bytes() == b""
    from_db = json.loads(outputs[-1][1])
    assert "evaluate" in outputs[-1][0] and "--workbook" not in outputs[-1][0]
    from_book = subprocess.run([*_script(), "evaluate", "--workbook", "company.xlsx", "--as-of", "2026-12-31"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)

    def verdicts(data: dict) -> list:
        return sorted((r["employee_no"], r["move_id"], r["eligible"], [c["passed"] for c in r["criteria"]])
                      for r in data["results"])

    assert verdicts(from_db) == verdicts(json.loads(from_book.stdout))
