"""The demo's placement part (careerpath.demo_placement): a run under department review and company-wide
headcount plans with a vacancy, through the services; running it again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.demo_placement import demo_placement_load
from careerpath.org.selectors import headcount_overview
from careerpath.placement.models import PlacementRun, RunState
from tests.apiclient import make_user
from tests.web.placement_world import build_world

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_a_run_under_review_and_a_vacancy(settings):  # noqa: ANN001
    w = build_world(settings)
    manager = make_user("manager", "manager", employee=None)
    w.people["M1"].user = manager
    w.people["M1"].save(update_fields=["user"])
    lines = demo_placement_load(today=date(2026, 11, 2), hr=w.users["hr"])
    run = PlacementRun.objects.get()
    assert run.state == RunState.OPEN and run.review_deadline == date(2026, 11, 10)
    assert run.effective_on == date(2026, 12, 1)
    assert run.proposals.filter(reviewed_by=manager).count() == 1  # the demo manager agreed with one person
    rows = {r.level: r for r in headcount_overview() if r.department_id is None}
    assert rows["deputy_director"].vacant == 2 and rows["director"].vacant == 1
    assert any("初评 #" in line for line in lines)
    demo_placement_load(today=date(2026, 11, 2), hr=w.users["hr"])
    assert PlacementRun.objects.count() == 1 and len(headcount_overview()) == 2
