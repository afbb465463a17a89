"""load_population is set-based: a fixed handful of queries, whatever the headcount."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerpath.evidence.selectors import load_population
from careerpath.evidence.services import workbook_import

pytestmark = pytest.mark.django_db

# One query for the employees, one per evidence type (positions + 9 evidence sheets).
EXPECTED_QUERIES = 11


def _count_queries(**filters) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        population = load_population(**filters)
    return len(ctx.captured_queries), len(population.people)


def test_the_query_count_does_not_grow_with_headcount(make_workbook, policy):
    # given 10 people
    workbook_import(path=make_workbook(10, seed=3), policy=policy)
    small_queries, small_people = _count_queries()

    # when the company grows to 200 (a bigger synthetic company upserted on top)
    workbook_import(path=make_workbook(200, seed=3), policy=policy)
    large_queries, large_people = _count_queries()

    # then the number of queries stays the same
    assert small_people == 10
    assert large_people >= 200
    assert small_queries == large_queries == EXPECTED_QUERIES


def test_one_employee_or_one_department_costs_the_same_handful(make_workbook, policy):
    workbook_import(path=make_workbook(200, seed=3), policy=policy)
    everyone = load_population()
    some = next(p for p in everyone.people.values() if p.employee.department)

    by_employee, n_employee = _count_queries(employee_no=some.employee.employee_no)
    by_department, n_department = _count_queries(department=some.employee.department)

    assert n_employee == 1
    assert 1 <= n_department < len(everyone.people)
    assert by_employee == EXPECTED_QUERIES
    # The department filter first resolves the department and its sub-departments (two small reads).
    assert by_department == EXPECTED_QUERIES + 2


def test_left_employees_are_loaded_with_status_left(make_workbook, policy):
    workbook_import(path=make_workbook(200, seed=3), policy=policy)
    statuses = {p.employee.status for p in load_population().people.values()}
    assert statuses <= {"active", "left"}
    assert "active" in statuses
