"""careerpath propose-awards: last month's monthly awards by default, a year's with --year; idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careerpath.recognition.models import AwardRound, Candidate
from tests.recognition.world import RecognitionWorld, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db, settings) -> RecognitionWorld:  # noqa: ANN001
    return build_world(settings)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("propose_awards", *args, stdout=out)
    return out.getvalue()


def test_it_proposes_last_months_awards_once(w):
    text = _run()  # the clock is 2026-11-05: October
    assert "2026年10月月度服务明星：已提出，规则推荐 2 人" in text
    assert AwardRound.objects.get().period_start.isoformat() == "2026-10-01"
    again = _run("--month", "2026-10")
    assert "已存在，未改动" in again and AwardRound.objects.count() == 1 and Candidate.objects.count() == 3


def test_a_year_proposes_the_yearly_awards(w):
    text = _run("--year", "2025", "--today", "2026-01-02")
    assert "2025年年度服务明星" in text and "2025年优秀客服" in text
    assert AwardRound.objects.filter(period="year").count() == 2


@pytest.mark.parametrize("args", [("--month", "2026-13"), ("--month", "2026-11"), ("--today", "tomorrow")])
def test_bad_input_is_a_clear_error(w, args):
    with pytest.raises(CommandError) as exc:
        _run(*args)
    assert exc.value.returncode == 2 and not AwardRound.objects.exists()
