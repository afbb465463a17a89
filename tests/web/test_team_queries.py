"""The team overview's query budget: under 30 queries whether the summaries are cached or not, and the
same number for a team of 5 or of 60 (set-based loading, never a query per person)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careerpath.people.models import Employee, Position

from .team_company import agent, build_team_company, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_company(db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


def _count(client, **params) -> int:  # noqa: ANN001, ANN003
    with CaptureQueriesContext(connection) as q:
        assert client.get(reverse("web:team"), params).status_code == 200
    return len(q.captured_queries)


@pytest.mark.parametrize("who", ["supervisor", "manager", "hr"])
def test_it_stays_under_the_page_budget_cold_and_warm(client, team_company, who, django_assert_max_num_queries):
    login(client, team_company, who)
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:team")).status_code == 200  # evaluates the team
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:team"), {"status": "eligible", "sort": "-name"}).status_code == 200


def test_a_bigger_team_costs_no_more_queries(client, team_company):
    login(client, team_company, "supervisor")
    small_cold, small_warm = _count(client), _count(client)
    s1 = team_company.people["S1"]
    for i in range(55):
        agent(f"B{i:02d}", f"员工{i:02d}", team_company.dept, s1)
    big_cold, big_warm = _count(client), _count(client)
    assert (big_cold, big_warm) == (small_cold, small_warm)
    assert small_warm < small_cold  # cached: no facts are loaded again


def test_after_one_change_only_that_person_is_evaluated_again(client, team_company):
    s1 = team_company.people["S1"]
    for i in range(20):
        e = Employee.objects.create(employee_no=f"C{i:02d}", name=f"员工{i:02d}", education="大专",
                                    hired_on=date(2026, 1, 1), department=team_company.dept, supervisor=s1)
        Position.objects.create(employee=e, level="assistant", start_on=date(2026, 1, 1))
    login(client, team_company, "supervisor")
    _count(client)
    Employee.objects.get(employee_no="C03").save()  # any save stamps updated_at
    with CaptureQueriesContext(connection) as q:
        client.get(reverse("web:team"))
    loads = [x["sql"] for x in q.captured_queries if "evidence_praise" in x["sql"] and "UNION ALL" not in x["sql"]]
    assert len(loads) == 1
    # the facts are loaded for the one changed person, by id
    assert "IN (" in loads[0]
