"""The team overview never shows a verdict older than the facts on record.

Summaries are cached per person; every kind of change below, made the way the product makes it (the
services, a save, a bulk write of the import), must show on the very next page view.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careerpath.discipline.services import incident_record
from careerpath.evidence import models as ev
from careerpath.evidence.services import evidence_add, evidence_delete
from careerpath.org.services import headcount_set
from careerpath.people.models import Employee, Position
from careerpath.people.services import position_change
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.services import (
    policy_version_activate,
    policy_version_create,
    policy_version_publish,
)

from .team_company import AS_OF, build_team_company, login, row_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_company(db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


def _statuses(client) -> dict[str, str]:  # noqa: ANN001
    return row_status(client.get(reverse("web:team")).content.decode())


def test_recording_the_missing_attestation_makes_the_person_eligible(client, team_company):
    login(client, team_company, "supervisor")
    assert _statuses(client)["E3"] == "blocked"
    evidence_add(actor=team_company.users["hr"], kind="attestation", employee=team_company.people["E3"],
                 competency="routine_exceptions", date=AS_OF - timedelta(days=1), note="已能独立处理")
    assert _statuses(client)["E3"] == "eligible"


def test_an_incident_blocks_at_once(client, team_company):
    login(client, team_company, "supervisor")
    assert _statuses(client)["E1"] == "eligible"
    incident_record(actor=None, employee=team_company.people["E1"], date=AS_OF - timedelta(days=2), type="重大投诉")
    html = client.get(reverse("web:team")).content.decode()
    assert row_status(html)["E1"] == "blocked"
    assert "近12个月内有重大投诉 1 次" in html


def test_deleting_evidence_shows_at_once(client, team_company):
    login(client, team_company, "supervisor")
    assert _statuses(client)["E1"] == "eligible"
    praise = ev.Praise.objects.get(employee=team_company.people["E1"])
    evidence_delete(actor=team_company.users["hr"], record=praise, reason="录入有误")
    assert _statuses(client)["E1"] == "blocked"


def test_a_position_change_shows_at_once(client, team_company):
    login(client, team_company, "supervisor")
    _statuses(client)
    position_change(actor=None, employee=team_company.people["E1"], level="intermediate", start_on=AS_OF,
                    reason="晋升")
    html = client.get(reverse("web:team")).content.decode()
    assert "中级客服专员" in html.split("张三", 1)[1].split("</tr>", 1)[0]


def test_a_person_leaving_the_team_disappears(client, team_company):
    login(client, team_company, "supervisor")
    assert "E2" in _statuses(client)
    e2 = team_company.people["E2"]
    e2.supervisor = team_company.people["S2"]
    e2.save()
    assert "E2" not in _statuses(client)


def test_a_bulk_update_of_the_import_shows_at_once(client, team_company):
    # The import writes with bulk_update and stamps updated_at itself (auto_now does not run there).
    login(client, team_company, "supervisor")
    assert _statuses(client)["E2"] == "soon"
    Position.objects.filter(employee=team_company.people["E2"]).update(start_on=date(2025, 1, 1),
                                                                       updated_at=timezone.now())
    assert _statuses(client)["E2"] == "eligible"


def test_a_new_vacancy_elsewhere_changes_a_management_move(client, team_company):
    # An intermediate agent who meets everything for 客服主管 but the open post.
    e = Employee.objects.create(employee_no="E7", name="吴九", education="大专", hired_on=date(2020, 1, 1),
                                department=team_company.dept, supervisor=team_company.people["S1"])
    Position.objects.create(employee=e, level="intermediate", start_on=date(2024, 1, 1))
    ev.Attestation.objects.create(employee=e, competency="management_potential", date=date(2026, 1, 5))
    ev.Appraisal.objects.create(employee=e, year=2026, score=90)
    ev.Exam.objects.create(employee=e, exam="管理能力测评", date=date(2026, 5, 1), score=80, passed=True)
    login(client, team_company, "supervisor")
    assert _statuses(client)["E7"] == "blocked"
    # The plan is set for another department: the vacancy is company-wide, and so is the cache's part.
    headcount_set(actor=None, department=team_company.other, level="supervisor", planned=1)
    assert _statuses(client)["E7"] == "eligible"


def test_the_next_day_is_evaluated_on_the_next_day(client, team_company, settings):
    login(client, team_company, "supervisor")
    assert _statuses(client)["E2"] == "soon"
    settings.CAREERPATH_TODAY = "2026-11-15"
    assert _statuses(client)["E2"] == "eligible"


def test_a_new_active_policy_is_used_at_once(client, team_company):
    login(client, team_company, "supervisor")
    assert _statuses(client)["E2"] == "soon"
    active = PolicyVersion.objects.get(is_active=True)
    # The same policy asking for 10 months in level instead of 12.
    text = active.yaml_text.replace(f'version: "{active.version}"', f'version: "{active.version}-months10"', 1).replace(
        "    criteria:\n      - {id: level_tenure, kind: tenure, of: level, months: 12}\n"
        "      - {id: attested, kind: attested, competencies: [independent_operation, routine_exceptions]}",
        "    criteria:\n      - {id: level_tenure, kind: tenure, of: level, months: 10}\n"
        "      - {id: attested, kind: attested, competencies: [independent_operation, routine_exceptions]}", 1)
    assert "months: 10}" in text
    hr = team_company.users["hr"]
    draft = policy_version_create(actor=hr, yaml_text=text)
    pv = policy_version_publish(actor=hr, version=draft, published_on=AS_OF, consultation_note="职代会讨论通过",
                                announcement_note="已公示", activate=False)
    policy_version_activate(actor=hr, version=pv)
    assert _statuses(client)["E2"] == "eligible"


def test_the_navigation_count_is_shown_only_while_it_is_true(client, team_company):
    login(client, team_company, "supervisor")
    home = client.get("/").content.decode()
    assert 'data-testid="nav-count-team"' not in home  # nothing counted yet: no number rather than a guess
    client.get(reverse("web:team"))
    home = client.get("/").content.decode()
    assert home.split('data-testid="nav-count-team"', 1)[1].split(">", 1)[1].startswith("1<")
    incident_record(actor=None, employee=team_company.people["E1"], date=AS_OF - timedelta(days=2), type="重大投诉")
    assert 'data-testid="nav-count-team"' not in client.get("/").content.decode()
    client.get(reverse("web:team"))
    assert 'data-testid="nav-count-team"' not in client.get("/").content.decode()  # 0 eligible now
    evidence_add(actor=team_company.users["hr"], kind="attestation", employee=team_company.people["E3"],
                 competency="routine_exceptions", date=AS_OF - timedelta(days=1))
    client.get(reverse("web:team"))
    assert 'data-testid="nav-count-team"' in client.get("/").content.decode()
