"""Recording evidence for one's people (/employees/<工号>/record/): internal praise, competency attestations
from the policy's list with the proof, incidents with their consequences shown; team, department, HR only."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.discipline.models import AllowanceDeduction, DemotionCase
from careerpath.evidence import models as ev
from careerpath.people.models import Position
from tests.web.evidence_company import company_fixture, login  # noqa: F401


def _url(no: str = "E1") -> str:
    return reverse("web:evidence_record", args=[no])


def test_a_supervisor_records_an_internal_praise(client, company):
    login(client, company.user("supervisor"))
    response = client.post(_url(), {"form": "praise", "praise-date": "2026-09-10", "praise-note": "协助处理大客户异常"},
                           follow=True)
    assert response.status_code == 200 and "已记录内部书面表扬" in response.content.decode()
    praise = ev.Praise.objects.get(employee=company.agent)
    assert (praise.source, praise.note, praise.created_by) == ("internal", "协助处理大客户异常", company.user("supervisor"))
    assert AuditEvent.objects.filter(action="evidence.create", target_id=str(praise.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field", "expected", "status"),
    [
        ({"attest-competency": "office_visio", "attest-date": "2026-09-10", "attest-note": ""}, "note",
         "认定依据", 400),
        ({"attest-competency": "flying", "attest-date": "2026-09-10", "attest-note": "x"}, "competency", "", 400),
        ({"attest-competency": "independent_operation", "attest-date": "2026-09-10", "attest-note": "再次"},
         "competency", "已于", 409),  # already attested (the fixture has it)
        ({"attest-competency": "office_visio", "attest-date": "2026-12-10", "attest-note": "x"}, "date",
         "晚于今天", 400),
    ],
)
def test_an_attestation_error_shows_beside_its_field(client, company, data, field, expected, status):
    login(client, company.user("supervisor"))
    response = client.post(_url(), {"form": "attest", **data})
    html = response.content.decode()
    assert response.status_code == status
    assert expected in html[html.index(f'data-testid="error-{field}"'):][:300]
    assert ev.Attestation.objects.filter(employee=company.agent).count() == 2


def test_an_attestation_comes_from_the_policy_s_list_with_its_proof(client, company):
    login(client, company.user("manager"))  # the department manager may too
    page = client.get(_url()).content.decode()
    assert "熟练使用Visio" in page and "（已认定）" in page  # labels, and what is held already
    response = client.post(_url(), {"form": "attest", "attest-competency": "office_visio",
                                    "attest-date": "2026-09-10", "attest-note": "独立绘制流程图三份"}, follow=True)
    assert "已记录能力认定：熟练使用Visio" in response.content.decode()
    a = ev.Attestation.objects.get(employee=company.agent, competency="office_visio")
    assert (a.attested_by_no, a.note) == ("M1", "独立绘制流程图三份")


def test_an_incident_is_recorded_with_its_consequences_shown(client, company):
    # given a senior agent (the allowance is deducted for senior and expert levels)
    Position.objects.filter(employee=company.colleague).update(end_on=date(2026, 1, 31))
    Position.objects.create(employee=company.colleague, level="senior", start_on=date(2026, 2, 1), reason="晋升")
    login(client, company.user("supervisor"))
    response = client.post(_url("E2"), {"form": "incident", "incident-type": "重大投诉", "incident-date": "2026-09-20",
                                        "incident-note": "客户投诉延误"}, follow=True)
    html = response.content.decode()
    assert "已登记事故" in html and "已扣减 2026-09" in html
    assert AllowanceDeduction.objects.filter(employee=company.colleague).exists()
    # a red-line violation opens a demotion case
    response = client.post(_url("E1"), {"form": "incident", "incident-type": "触犯高压线",
                                        "incident-date": "2026-09-21", "incident-note": "泄露客户信息"}, follow=True)
    case = DemotionCase.objects.get(employee=company.agent)
    assert f"已立降级案件 #{case.pk}" in response.content.decode()


def test_an_incident_needs_a_known_type_and_a_past_date(client, company):
    login(client, company.user("supervisor"))
    response = client.post(_url(), {"form": "incident", "incident-type": "", "incident-date": "2026-12-20"})
    html = response.content.decode()
    assert response.status_code == 400 and 'data-testid="error-type"' in html
    assert not ev.Incident.objects.exists()


@pytest.mark.parametrize(
    ("who", "no", "status"),
    [
        ("supervisor", "E1", 200),  # their team
        ("manager", "E1", 200),  # their department
        ("hr", "E1", 200),
        ("colleague", "E1", 403),  # no office
        ("far", "E1", 403),  # another team
        ("agent", "E1", 403),  # themself
        ("supervisor", "S1", 403),  # a supervisor about themself
        ("supervisor", "NOPE", 404),  # staff may browse, so a missing 工号 is not found
        ("agent", "NOPE", 403),
    ],
)
def test_only_the_team_the_department_and_hr_may_record(client, company, who, no, status):
    login(client, company.user(who))
    assert client.get(_url(no)).status_code == status
    if status == 200:
        return
    response = client.post(_url(no), {"form": "praise", "praise-date": "2026-09-10"})
    assert response.status_code in (403, 404)
    assert not ev.Praise.objects.exists()


def test_the_page_stays_within_its_query_budget(client, company, django_assert_max_num_queries):
    login(client, company.user("supervisor"))
    with django_assert_max_num_queries(20):
        assert client.get(_url()).status_code == 200
