"""The demo's discipline work in progress (demo_discipline): deductions this month, a case waiting for HR."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from careerpath.demo_discipline import demo_discipline_load
from careerpath.discipline.casework import cases_waiting_count
from careerpath.discipline.models import AllowanceDeduction, DemotionCase
from tests.web.discipline_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings, tmp_path) -> World:  # noqa: ANN001
    w = build_world(settings, tmp_path)
    get_user_model().objects.create_superuser("root", password="pw-12345")
    return w


def test_it_puts_deductions_this_month_and_a_case_waiting_for_hr_and_runs_once(world):
    before = AllowanceDeduction.objects.filter(month=date(2026, 11, 1), amount__gt=0).count()
    lines = demo_discipline_load(today=date(2026, 11, 27))
    assert AllowanceDeduction.objects.filter(month=date(2026, 11, 1), amount__gt=0).count() > before
    waiting = DemotionCase.objects.get(state="manager_reviewed")
    assert waiting.documents.exists()  # an evidence packet HR can approve
    assert cases_waiting_count(user=world.users["hr"]) == 1
    assert any("待人力资源部批准" in line for line in lines)
    # the supervisor's red-line case was already there (孙八's): the demo adds no second one for this team
    assert cases_waiting_count(user=world.users["supervisor"]) == 1
    assert demo_discipline_load(today=date(2026, 11, 27)) == []
    assert DemotionCase.objects.count() == 2
