"""Opening a cycle: set-based candidate lists, the nomination deadline from the calendar, who may open."""

from __future__ import annotations

import math
from datetime import date

from django.db import connection
from django.db.models import AutoField
from django.test.utils import CaptureQueriesContext

from careerpath.calendars.models import CalendarYear
from careerpath.calendars.services import calendar_year_set
from careerpath.cycles import services as s
from careerpath.cycles.models import Candidate, Cycle
from careerpath.people.models import Employee

from .conftest import World, make_senior_ready, person


def _grow(w: World, n: int) -> None:
    """Bring the company to ``n`` intermediates ready for senior (each with a mentee: 2n more employees)."""
    have = Employee.objects.filter(employee_no__startswith="Q", employee_no__regex=r"^Q\d+$").count()
    for i in range(have, n):
        dept = w.east if i % 2 else w.south
        emp = person(f"Q{i:03d}", dept, level="intermediate", since=date(2025, 1, 1))
        make_senior_ready(emp, exam=60 + i % 40, appraisal=70 + i % 30)


def _open_and_count(w: World) -> tuple[int, int, int]:
    """(queries other than the candidate insert, candidate insert statements, candidates) of one opening."""
    with CaptureQueriesContext(connection) as q:
        cycle = s.cycle_open(actor=w.users["hr"], year=2026)
    n = Candidate.objects.filter(cycle=cycle).count()
    cycle.delete()
    inserts = [x for x in q.captured_queries if x["sql"].startswith('INSERT INTO "cycles_candidate"')]
    return len(q.captured_queries) - len(inserts), len(inserts), n


def test_the_query_count_of_opening_does_not_depend_on_the_headcount(world: World) -> None:
    _grow(world, 20)
    small = _open_and_count(world)
    _grow(world, 60)
    big = _open_and_count(world)
    assert (small[2], big[2]) == (20, 60)
    # Every read is one grouped query whatever the headcount (facts per record type, two lookups).
    assert small[0] == big[0]
    if connection.vendor == "postgresql":
        assert small[1] == big[1] == 1  # one multi-row INSERT for all candidates
    else:
        # SQLite caps a statement at 999 parameters, so Django splits the one bulk insert into batches.
        fields = [f for f in Candidate._meta.concrete_fields if not isinstance(f, AutoField)]
        batch = connection.features.max_query_params // len(fields)
        assert (small[1], big[1]) == (math.ceil(20 / batch), math.ceil(60 / batch))


def test_opening_lists_each_eligible_person_per_move_with_the_criteria(world: World) -> None:
    _grow(world, 3)
    c = s.cycle_open(actor=world.users["hr"], year=2026)
    rows = list(Candidate.objects.filter(cycle=c).order_by("employee__employee_no").values_list(
        "employee__employee_no", "move_id", "from_level", "to_level", "department_name", "selectable", "eligible"))
    assert rows == [("Q000", "intermediate_to_senior", "intermediate", "senior", "华南客服部", True, True),
                    ("Q001", "intermediate_to_senior", "intermediate", "senior", "华东客服一部", True, True),
                    ("Q002", "intermediate_to_senior", "intermediate", "senior", "华南客服部", True, True)]
    snap = Candidate.objects.filter(cycle=c).first().snapshot
    assert snap["as_of"] == "2026-12-31" and all(x["passed"] for x in snap["criteria"])
    assert c.policy_version.is_active and c.opened_by == world.users["hr"]


def test_a_deadline_in_a_year_without_calendar_data_is_refused_until_hr_enters_it(world: World, settings) -> None:  # noqa: ANN001
    _grow(world, 1)
    hr = world.api("hr")
    settings.CAREERPATH_TODAY = "2026-12-28"  # 7 working days run into 2027, which chinesecalendar 1.11 lacks
    res = hr.post("/cycles", {"year": 2026})
    assert res.status_code == 400 and res.json()["code"] == "calendar_missing"
    assert "2027" in res.json()["message"] and not Cycle.objects.exists()
    calendar_year_set(actor=world.users["hr"], year=2027, holidays={date(2027, 1, 1): "元旦"}, workdays={},
                      note="测试数据：国务院公布前由人力资源部预录入")
    assert CalendarYear.objects.get(year=2027).source == "hr"
    res = hr.post("/cycles", {"year": 2026})
    assert res.status_code == 201
    # 12-28, 29, 30, 31, (1 January off), 01-04, 05, 06
    assert res.json()["nomination_deadline"] == "2027-01-06"


def test_a_year_has_one_cycle_and_only_hr_opens_it(world: World) -> None:
    hr, mgr = world.api("hr"), world.api("mgr1")
    res = mgr.post("/cycles", {"year": 2026})
    assert res.status_code == 403 and res.json()["code"] == "forbidden_role"
    assert hr.post("/cycles", {"year": 2026}).status_code == 201
    res = hr.post("/cycles", {"year": 2026})
    assert res.status_code == 409 and res.json()["code"] == "cycle_exists"
    res = hr.post("/cycles", {"year": 2025, "as_of": "2026-06-30"})
    assert res.status_code == 400 and res.json()["field"] == "as_of"


def test_the_lists_can_be_recomputed_only_before_they_are_released(world: World) -> None:
    hr = world.api("hr")
    hr.post("/cycles", {"year": 2026})
    _grow(world, 2)  # data corrected after opening
    res = hr.post("/cycles/2026/refresh")
    assert res.status_code == 200 and res.json()["counts"]["candidates"] == 2
    hr.post("/cycles/2026/start-nominations")
    res = hr.post("/cycles/2026/refresh")
    assert res.status_code == 409 and res.json()["code"] == "invalid_transition"
