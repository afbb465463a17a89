"""One clock: careerpath.clock.today() is the date everywhere, CAREERPATH_TODAY pins it, a bad value stops start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from careerpath import cli, clock

EXE = [sys.executable, "-m", "careerpath"]


def _run(*args: str, env: dict[str, str] | None = None, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CAREERPATH_TODAY", "DJANGO_SETTINGS_MODULE")}
    return subprocess.run([*EXE, *args], capture_output=True, text=True, timeout=timeout, env={**base, **(env or {})})


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clock") / "company.xlsx"
    res = _run("synth", "--employees", "20", "--out", str(path), "--as-of", "2026-06-30", "--seed", "5")
    assert res.returncode == 0, res.stderr
    return path


# --- pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pinned", "tenure"), [("2026-09-28", "15 个月"), ("2026-03-01", "9 个月")])
def test_every_career_page_evaluates_as_of_the_pinned_date(company, settings, pinned: str, tenure: str) -> None:  # noqa: ANN001
    # given: E1 holds junior since 2025-06-01; the site's day is pinned
    settings.CAREERPATH_TODAY = pinned
    own, other = Client(), Client()
    own.force_login(company.users["agent"])
    other.force_login(company.users["hr"])

    # when: the own page (home) and an employee's page
    pages = [own.get("/").content.decode(), other.get("/employees/E1/").content.decode()]

    # then: both show the pinned as-of date and count tenure up to it
    for html in pages:
        y, m, d = (int(x) for x in pinned.split("-"))
        assert f"评定日期 {y}年{m}月{d}日" in html  # dates in the Chinese form on the pages
        assert f"{tenure}（自 2025年6月1日）" in html


def test_the_employee_list_page_renders_with_a_pinned_date(company, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-03-01"
    client = Client()
    client.force_login(company.users["hr"])
    res = client.get("/employees/")
    assert res.status_code == 200 and "E1" in res.content.decode()


# --- the CLI ------------------------------------------------------------------------------------------


def test_the_cli_default_as_of_honours_the_pinned_date_without_django(workbook: Path) -> None:
    res = _run("evaluate", "--workbook", str(workbook), env={"CAREERPATH_TODAY": "2026-05-05"})
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["as_of"] == "2026-05-05"


def test_the_cli_refuses_a_bad_pinned_date_with_a_message(workbook: Path) -> None:
    res = _run("evaluate", "--workbook", str(workbook), env={"CAREERPATH_TODAY": "2026-13-01"})
    assert res.returncode == 2
    assert "CAREERPATH_TODAY" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.django_db
def test_the_cli_database_mode_default_as_of_honours_the_pinned_date(settings, capsys) -> None:
    settings.CAREERPATH_TODAY = "2026-04-30"
    assert cli.main(["evaluate", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-04-30"


def test_without_a_pin_the_date_is_today_in_the_site_time_zone() -> None:
    # Without Django configured (the pure CLI), TIME_ZONE decides; UTC+14 and UTC-11 are never on the same day.
    code = "from careerpath import clock; print(clock.today())"
    env = {k: v for k, v in os.environ.items() if k not in ("CAREERPATH_TODAY", "DJANGO_SETTINGS_MODULE")}
    got = {}
    for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago", ""):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
                             env={**env, "TIME_ZONE": tz}).stdout.strip()
        got[tz] = date.fromisoformat(out)
    for tz, day in got.items():
        now = datetime.now(ZoneInfo(tz or "Asia/Shanghai")).date()
        assert day in (now, now - timedelta(days=1)), tz  # tolerate a midnight passing during the test
    assert got["Pacific/Kiritimati"] > got["Pacific/Pago_Pago"]


def test_clock_returns_a_pinned_date_given_as_text_or_date(settings) -> None:
    settings.CAREERPATH_TODAY = "2027-01-01"
    assert clock.today() == date(2027, 1, 1)
    settings.CAREERPATH_TODAY = date(2026, 2, 3)
    assert clock.today() == date(2026, 2, 3)


# --- the start-up check -----------------------------------------------------------------------------


def test_the_system_check_refuses_a_bad_pinned_date(settings) -> None:
    settings.CAREERPATH_TODAY = "2026-13-01"
    with pytest.raises(SystemCheckError, match=r"careerpath\.E001"):
        call_command("check")


def test_the_system_check_accepts_a_valid_or_missing_pin(settings) -> None:
    for value in (date(2026, 12, 31), None):
        settings.CAREERPATH_TODAY = value
        call_command("check")  # raises on any error


def test_settings_keep_the_parsed_date(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(repr(settings.CAREERPATH_TODAY))"
    env = {**os.environ, "CAREERPATH_TODAY": "2026-07-01", "DJANGO_SETTINGS_MODULE": "careerpath.config.settings"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
                         env=env).stdout.strip()
    assert out == "datetime.date(2026, 7, 1)"


@pytest.mark.parametrize("command", [["check"], ["migrate"], ["runserver", "--noreload", "127.0.0.1:0"]])
def test_a_bad_pinned_date_stops_start_up_commands(tmp_path: Path, command: list[str]) -> None:
    env = {"CAREERPATH_TODAY": "2026-13-01", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    res = _run(*command, env=env, timeout=60)
    assert res.returncode != 0
    assert "careerpath.E001" in res.stderr + res.stdout and "2026-13-01" in res.stderr + res.stdout
