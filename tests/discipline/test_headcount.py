"""Headcount plans (岗位编制): vacancies arithmetic, permissions, audit, and the API."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.errors import Forbidden, InvalidInput
from careerpath.org.models import HeadcountPlan
from careerpath.org.selectors import headcount_overview, vacancies, vacancies_for_population
from careerpath.org.services import headcount_set
from careerpath.people.models import EmployeeStatus, Position

from .conftest import Api, Company, employee

pytestmark = pytest.mark.django_db


def plan(department, level: str, planned: int) -> HeadcountPlan:  # noqa: ANN001
    return HeadcountPlan.objects.create(department=department, level=level, planned=planned)


def test_vacancies_are_planned_minus_occupied_per_department(company: Company) -> None:
    # given 华东 holds one senior (E1) and one expert (E2); 华南 one junior (E9)
    plan(company.east, "senior", 3)
    plan(company.east, "expert", 1)
    plan(company.south, "junior", 4)
    # then
    assert vacancies(department=company.east) == {"senior": 2, "expert": 0}
    assert vacancies(department=company.south) == {"junior": 3}
    assert vacancies() == {"senior": 2, "expert": 0, "junior": 3}


def test_people_who_left_closed_positions_and_stale_open_rows_do_not_occupy_posts(company: Company) -> None:
    plan(company.east, "senior", 2)
    plan(company.east, "intermediate", 2)
    # E2 used to be senior (closed row) — not counted as senior
    Position.objects.create(employee=company.expert, level="senior", start_on=date(2022, 1, 1),
                            end_on=date(2023, 12, 31))
    # E3 has a stale open intermediate row and a later open senior row: the latest start wins
    Position.objects.create(employee=company.intermediate, level="senior", start_on=date(2026, 1, 1))
    # a senior who left occupies nothing
    gone = employee("E7", "离职者", "senior", department=company.east)
    gone.status = EmployeeStatus.LEFT
    gone.save()
    assert vacancies(department=company.east) == {"senior": 0, "intermediate": 2}


def test_overstaffing_never_goes_negative_nor_cancels_another_departments_vacancy(company: Company) -> None:
    employee("E4", "多出来的", "senior", department=company.east)
    plan(company.east, "senior", 1)  # two seniors on one post
    plan(company.south, "senior", 2)
    assert vacancies(department=company.east) == {"senior": 0}
    assert vacancies() == {"senior": 2}


def test_a_company_wide_plan_counts_only_people_whose_department_has_no_plan_of_its_own(company: Company) -> None:
    employee("E5", "华南高级", "senior", department=company.south)
    plan(None, "senior", 5)  # company-wide
    plan(company.east, "senior", 1)  # 华东 plans its own: E1 counts there, not against the company-wide plan
    rows = {(r.department, r.level): (r.planned, r.occupied, r.vacant) for r in headcount_overview()}
    assert rows == {(None, "senior"): (5, 1, 4), ("华东客服一部", "senior"): (1, 1, 0)}
    assert vacancies() == {"senior": 4}


def test_a_promotion_consumes_a_vacancy_by_occupying_it(company: Company) -> None:
    plan(company.east, "supervisor", 2)
    assert vacancies(department=company.east) == {"supervisor": 1}
    cur = Position.objects.get(employee=company.intermediate, end_on__isnull=True)
    cur.end_on = date(2026, 12, 31)
    cur.save()
    Position.objects.create(employee=company.intermediate, level="supervisor", start_on=date(2027, 1, 1),
                            reason="晋升")
    assert vacancies(department=company.east) == {"supervisor": 0}


def test_vacancies_for_the_population_are_unknown_without_any_plan(company: Company) -> None:
    assert vacancies_for_population() is None
    plan(None, "director", 1)
    assert vacancies_for_population() == {"director": 1}


def test_the_query_count_does_not_grow_with_the_headcount(company: Company, django_assert_num_queries) -> None:
    plan(company.east, "senior", 50)
    plan(None, "junior", 50)
    with django_assert_num_queries(2):
        small = vacancies()
    for i in range(30):
        employee(f"X{i}", f"员工{i}", "senior" if i % 2 else "junior", department=company.east)
    with django_assert_num_queries(2):
        large = vacancies()
    assert small == {"senior": 49, "junior": 49}  # E1 in 华东; E9 against the company-wide junior plan
    # 15 more seniors in 华东; 15 more juniors in 华东, which has no junior plan, so company-wide
    assert large == {"senior": 34, "junior": 34}


def test_only_hr_sets_headcount_and_every_change_is_audited(company: Company) -> None:
    with pytest.raises(Forbidden):
        headcount_set(actor=company.users["manager"], department=company.east, level="senior", planned=3)
    hr = company.users["hr"]
    first = headcount_set(actor=hr, department=company.east, level="senior", planned=3, note="2027 年度编制")
    again = headcount_set(actor=hr, department=company.east, level="senior", planned=5)
    assert again.pk == first.pk and HeadcountPlan.objects.get().planned == 5
    assert HeadcountPlan.objects.get().note == "2027 年度编制"  # an omitted note is kept
    events = list(AuditEvent.objects.filter(action="headcount.set").order_by("at", "id")
                  .values_list("from_state", "to_state", "actor_label"))
    assert events == [("", "3", "hr"), ("3", "5", "hr")]


@pytest.mark.parametrize(("level", "planned", "code"), [
    ("chief", 1, "unknown_level"),
    ("senior", -1, "invalid_planned"),
])
def test_headcount_rejects_unknown_levels_and_negative_numbers(company: Company, level: str, planned: int,
                                                               code: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        headcount_set(actor=company.users["hr"], department=None, level=level, planned=planned)
    assert exc.value.code == code
    assert not HeadcountPlan.objects.exists()


def test_the_company_wide_plan_of_a_level_is_unique(company: Company) -> None:
    hr = company.users["hr"]
    headcount_set(actor=hr, department=None, level="director", planned=1)
    headcount_set(actor=hr, department=None, level="director", planned=2)
    assert list(HeadcountPlan.objects.values_list("department", "level", "planned")) == [(None, "director", 2)]


def test_headcount_over_the_api(company: Company) -> None:
    hr = Api(company.users["hr"])
    res = hr.put("/org/headcount", {"department_id": company.east.pk, "level": "senior", "planned": 3})
    assert res.status_code == 200, res.content
    assert res.json() | {"id": 0} == {"id": 0, "department_id": company.east.pk, "department": "华东客服一部",
                                      "level": "senior", "level_name": "高级客服专员", "planned": 3, "occupied": 1,
                                      "vacant": 2, "note": ""}
    res = hr.put("/org/headcount", {"level": "senior", "planned": 1})  # company-wide
    assert res.status_code == 200 and res.json()["department"] is None
    body = hr.get("/org/headcount").json()
    assert body["count"] == 2
    assert hr.get(f"/org/vacancies?department_id={company.east.pk}").json()["vacancies"] == {"senior": 2}
    assert hr.get("/org/vacancies").json()["vacancies"] == {"senior": 3}

    agent = Api(company.users["senior"])
    res = agent.put("/org/headcount", {"level": "senior", "planned": 9})
    assert res.status_code == 403 and res.json()["code"] == "forbidden_role"
    res = hr.put("/org/headcount", {"level": "chief", "planned": 1})
    assert res.status_code == 400 and res.json()["code"] == "unknown_level"
    assert hr.put("/org/headcount", {"department_id": 99999, "level": "senior", "planned": 1}).status_code == 404
