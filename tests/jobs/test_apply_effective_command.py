"""`careerpath apply-effective` lives in the jobs app, above promotions, discipline and cycles."""

from __future__ import annotations

import pytest

from careerpath.cli import main

pytestmark = pytest.mark.django_db


def test_it_runs_from_the_console_script(capsys: pytest.CaptureFixture[str]) -> None:
    # given an installation with nothing due
    # when the daily run is started the way cron starts it
    code = main(["apply-effective", "--today", "2026-12-01"])
    # then it reports that nothing was applied
    assert code == 0
    out = capsys.readouterr().out
    assert "2026-12-01: 生效 0 项晋升/横向调整" in out
    assert "降级生效：0 件" in out


def test_it_exits_2_on_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["apply-effective", "--today", "2026-13-01"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
