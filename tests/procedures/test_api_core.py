"""The REST API's shared behaviour: auth (token and session), JSON errors, scope, pagination."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from careerpath.calendars.services import calendar_seed
from careerpath.people.models import Department, Employee, Position

pytestmark = pytest.mark.django_db


def user(name: str, *roles: str, employee: Employee | None = None):  # noqa: ANN201
    u = get_user_model().objects.create_user(name, password="pw-12345")
    for r in roles:
        u.groups.add(Group.objects.get_or_create(name=r)[0])
    if employee is not None:
        employee.user = u
        employee.save()
    return u


@pytest.fixture
def company() -> dict[str, Employee]:
    d1 = Department.objects.create(name="华东客服一部")
    d2 = Department.objects.create(name="华南客服部")
    a = Employee.objects.create(employee_no="E1", name="张三", education="大专", hired_on=date(2022, 1, 1), department=d1)
    b = Employee.objects.create(employee_no="E2", name="李四", education="本科", hired_on=date(2022, 1, 1), department=d2)
    for e in (a, b):
        Position.objects.create(employee=e, level="junior", start_on=date(2024, 1, 1))
    return {"a": a, "b": b}


def token_client(u) -> Client:  # noqa: ANN001
    c = Client()
    c.force_login(u)
    res = c.post("/api/tokens", json.dumps({"name": "script"}), content_type="application/json")
    assert res.status_code == 201, res.content
    raw = res.json()["token"]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_openapi_and_docs_are_served() -> None:
    c = Client()
    spec = c.get("/api/openapi.json").json()
    assert "/api/employees/{employee_no}/evaluation" in spec["paths"]
    assert c.get("/api/docs").status_code == 200


def test_requests_without_credentials_get_401_json() -> None:
    res = Client().get("/api/me")
    assert res.status_code == 401 and res.json()["code"] == "unauthorized"
    res = Client(HTTP_AUTHORIZATION="Bearer cp_nonsense").get("/api/me")
    assert res.status_code == 401


def test_a_token_authenticates_its_user(company) -> None:  # noqa: ANN001
    c = token_client(user("emp", "employee", employee=company["a"]))
    assert c.get("/api/me").json() == {"username": "emp", "roles": ["employee"], "employee_no": "E1"}


def test_an_employee_reads_their_own_evaluation_but_not_anothers(company) -> None:  # noqa: ANN001
    c = token_client(user("emp", "employee", employee=company["a"]))
    res = c.get("/api/employees/E1/evaluation?as_of=2026-12-31")
    assert res.status_code == 200
    body = res.json()
    assert body["results"][0]["target_level"] == "intermediate" and body["results"][0]["criteria"]
    res = c.get("/api/employees/E2/evaluation")
    assert res.status_code == 403 and res.json()["code"] == "out_of_scope"
    assert c.get("/api/employees/NOPE/evaluation").status_code == 404


def test_lists_are_scoped_and_paginated(company) -> None:  # noqa: ANN001
    emp = token_client(user("emp", "employee", employee=company["a"]))
    assert [e["employee_no"] for e in emp.get("/api/employees").json()["items"]] == ["E1"]
    hr = token_client(user("hr", "hr"))
    body = hr.get("/api/employees?page=1").json()
    assert body["count"] == 2 and [e["employee_no"] for e in body["items"]] == ["E1", "E2"]


def test_validation_errors_are_400_json(company) -> None:  # noqa: ANN001
    hr = token_client(user("hr", "hr"))
    res = hr.get("/api/calendar/deadline?start=not-a-date&working_days=5")
    assert res.status_code == 400 and res.json()["code"] == "validation_error"


def test_deadlines_in_an_unknown_year_are_refused(company) -> None:  # noqa: ANN001
    calendar_seed(years=[2026])
    hr = token_client(user("hr", "hr"))
    ok = hr.get("/api/calendar/deadline?start=2026-09-30&working_days=5").json()
    assert ok["last_day"] == "2026-10-12"
    res = hr.get("/api/calendar/deadline?start=2026-12-28&working_days=7")
    assert res.status_code == 400 and res.json()["code"] == "calendar_missing"


def test_only_hr_stores_policies(company) -> None:  # noqa: ANN001
    emp = token_client(user("emp", "employee", employee=company["a"]))
    res = emp.post("/api/policies", json.dumps({"yaml_text": "name: x"}), content_type="application/json")
    assert res.status_code == 403 and res.json()["code"] == "forbidden_role"
    hr = token_client(user("hr", "hr"))
    res = hr.post("/api/policies", json.dumps({"yaml_text": "name: x"}), content_type="application/json")
    assert res.status_code == 400 and res.json()["code"] == "policy_invalid" and res.json()["details"]["problems"]
