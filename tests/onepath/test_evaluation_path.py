"""One evaluation path: the REST API, the employee page and the CLI give the same verdicts, criterion by criterion."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from careerpath import cli
from careerpath.core.results import CriterionResult
from careerpath.evidence import models as ev
from careerpath.org.services import headcount_set
from careerpath.people.models import Employee, Position
from careerpath.policy_versions.selectors import active_policy
from careerpath.web.pages.journey_career import career_view

from .conftest import AS_OF, Api

Key = tuple[str, str]  # (工号, move id)
Row = tuple[str, bool, str, str]  # (criterion id, passed, actual, required)


def _rows_from_dicts(criteria: list[dict[str, Any]]) -> list[Row]:
    out: list[Row] = []
    for c in criteria:
        out.append((c["id"], c["passed"], c["actual"], c["required"]))
        out.extend(_rows_from_dicts(c.get("children", [])))
    return out


def _rows_from_results(criteria: tuple[CriterionResult, ...]) -> list[Row]:
    return _rows_from_dicts([c.to_dict() for c in criteria])


def _api_verdicts(api: Api, employee_no: str, as_of: date) -> dict[Key, list[Row]]:
    res = api.get(f"/employees/{employee_no}/evaluation?as_of={as_of.isoformat()}")
    assert res.status_code == 200, res.content
    return {(r["employee_no"], r["move_id"]): _rows_from_dicts(r["criteria"]) for r in res.json()["results"]}


def _page_verdicts(employee: Employee, as_of: date) -> dict[Key, list[Row]]:
    career = career_view(employee=employee, policy=active_policy(), as_of=as_of, lang="zh")
    policy = active_policy()
    move_id = {(m.from_level, m.to_level): m.id for m in policy.moves}
    out = {}
    for move in career.moves:
        top = tuple(r.result for r in move.rows if r.depth == 0)
        out[(employee.employee_no, move_id[(career.current_level, move.target_level)])] = _rows_from_results(top)
    return out


def _cli_verdicts(capsys: pytest.CaptureFixture[str], as_of: date, *extra: str) -> dict[Key, list[Row]]:
    capsys.readouterr()
    assert cli.main(["evaluate", "--format", "json", "--as-of", as_of.isoformat(), *extra]) == 0
    data = json.loads(capsys.readouterr().out)
    return {(r["employee_no"], r["move_id"]): _rows_from_dicts(r["criteria"]) for r in data["results"]}


def _management_candidate(company) -> Employee:  # noqa: ANN001
    emp = Employee.objects.create(employee_no="E5", name="孙七", education="本科", hired_on=date(2021, 3, 1),
                                  department=company.dept, supervisor=company.supervisor,
                                  confirmed_on=date(2021, 6, 1))
    Position.objects.create(employee=emp, level="intermediate", start_on=date(2024, 3, 1), reason="晋升")
    ev.Attestation.objects.create(employee=emp, competency="management_potential", date=date(2026, 2, 1))
    ev.Appraisal.objects.create(employee=emp, year=2025, score=88)
    ev.Exam.objects.create(employee=emp, exam="管理能力测评", date=date(2026, 5, 10), score=82, passed=True)
    return emp


def test_it_gives_the_same_vacancy_verdict_on_the_api_and_the_page(company) -> None:  # noqa: ANN001
    # given: a headcount plan with an open 客服主管 post, and an intermediate agent who meets the rest
    emp = _management_candidate(company)
    headcount_set(actor=company.users["hr"], department=company.dept, level="supervisor", planned=2)

    # when
    api = _api_verdicts(Api(company.users["hr"]), "E5", AS_OF)
    page = _page_verdicts(emp, AS_OF)

    # then: both see the vacancy, and agree on every criterion
    key = ("E5", "intermediate_to_supervisor")
    vacancy_api = [r for r in api[key] if r[0] == "vacancy"]
    assert vacancy_api and vacancy_api[0][1] is True, api[key]
    assert api == page


@pytest.mark.django_db
def test_it_gives_identical_criteria_for_every_demo_employee_through_api_page_and_cli(settings, capsys) -> None:
    # given: the demo company, its headcount plans and procedures, on a pinned day
    settings.CAREERPATH_TODAY = "2026-11-20"
    call_command("demo", "--no-serve", "--employees", "40", "--as-of", "2026-11-20")
    as_of = date(2026, 11, 20)
    hr = Api(get_user_model().objects.get(username="hr"))
    employees = list(Employee.objects.select_related("department", "supervisor").order_by("employee_no"))

    # when
    api: dict[Key, list[Row]] = {}
    page: dict[Key, list[Row]] = {}
    for emp in employees:
        api.update(_api_verdicts(hr, emp.employee_no, as_of))
        page.update(_page_verdicts(emp, as_of))
    cli_all = _cli_verdicts(capsys, as_of)

    # then: the same people and moves, and the same criteria for each, through all three doors
    assert len(api) > len(employees)  # most people have one or more next moves
    assert any(row[0] == "vacancy" and row[1] for rows in api.values() for row in rows)  # plans are seen
    assert api.keys() == page.keys() == cli_all.keys()
    for key in api:
        assert api[key] == page[key] == cli_all[key], key


def test_the_employee_page_renders_the_same_verdict_as_the_api(company) -> None:  # noqa: ANN001
    # given
    _management_candidate(company)
    headcount_set(actor=company.users["hr"], department=company.dept, level="supervisor", planned=2)
    client = Client()
    client.force_login(company.users["hr"])

    # when
    html = client.get("/employees/E5/").content.decode()
    body = Api(company.users["hr"]).get(f"/employees/E5/evaluation?as_of={AS_OF.isoformat()}").json()

    # then: the vacancy line the API reports passed is on the page too
    vacancy = next(c for r in body["results"] if r["move_id"] == "intermediate_to_supervisor"
                   for c in r["criteria"] if c["id"] == "vacancy")
    assert vacancy["passed"] is True
    assert vacancy["actual"] in html
