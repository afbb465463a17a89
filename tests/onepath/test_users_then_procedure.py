"""After migrate + import, users made with `careerpath user add` and tokens from `careerpath token create`
run the individual promotion procedure through the API, with no other set-up (no demo, no shell)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from careerpath.people.models import Department
from careerpath.people.selectors import position_current
from tests.procedures.conftest import make_reporting_line

pytestmark = pytest.mark.django_db


def _user_add(username: str, *roles: str, employee: str | None = None) -> None:
    args = ["user", "add", username, "--role", *roles] + (["--employee", employee] if employee else [])
    call_command(*args, stdin=io.StringIO("a-Long-passw0rd\n"), stdout=io.StringIO())


def _token(username: str) -> Client:
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("cp_")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client: Client, path: str, body: dict | None = None):  # noqa: ANN202
    return client.post(f"/api{path}", json.dumps(body or {}), content_type="application/json")


def test_cli_users_run_the_promotion_through_the_api(settings) -> None:
    # given: what `migrate` left (calendar, preset policy) and a company as an import would leave it
    settings.CAREERPATH_TODAY = "2026-09-28"
    mgr, sup, agent = make_reporting_line(Department.objects.create(name="华南客服部"))
    # when: the logins come from the command line only
    _user_add("agent", "employee", employee="E1")
    _user_add("boss", "supervisor", "employee", employee="S1")
    _user_add("head", "manager", "employee", employee="M1")
    _user_add("hr1", "hr")
    me, boss, head, hr = (_token(u) for u in ("agent", "boss", "head", "hr1"))

    # then: the whole procedure runs through the API
    res = _post(me, "/applications", {"employee_no": "E1", "to_level": "intermediate", "statement": "申请"})
    assert res.status_code == 201, res.json()
    pk = res.json()["id"]
    assert _post(me, f"/applications/{pk}/submit").status_code == 200
    assert _post(boss, f"/applications/{pk}/supervisor_review",
                 {"interview_note": "面谈", "review_report": "同意"}).status_code == 200
    assert _post(head, f"/applications/{pk}/manager_review", {"note": "同意"}).status_code == 200
    notice = _post(hr, "/notices", {"application_ids": [pk], "published_on": "2026-09-28",
                                    "effective_on": "2026-10-16"})
    assert notice.status_code == 201, notice.json()
    settings.CAREERPATH_TODAY = "2026-10-13"  # the 5 working days ended with 10-09 (National Day between)
    assert _post(hr, f"/notices/{notice.json()['id']}/close").status_code == 200
    assert _post(hr, f"/applications/{pk}/hr_approve", {"note": "同意"}).status_code == 200
    letter = _post(hr, f"/applications/{pk}/letter", {"effective_on": "2026-10-16"})
    assert letter.status_code in (200, 201), letter.json()
    call_command("apply_effective", "--today", "2026-10-16", stdout=io.StringIO())
    assert me.get(f"/api/applications/{pk}").json()["state"] == "in_probation"
    assert position_current(employee=agent).level == "intermediate"
