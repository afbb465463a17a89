"""Single-record evidence services: the import's checks, codes only, who may write, the audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.discipline.models import AllowanceDeduction
from careerpath.discipline.services import demotion_case_withdraw, incident_delete, incident_record
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence import models as ev
from careerpath.evidence.choices import KINDS, code_choices, training_programs
from careerpath.evidence.services import evidence_add, evidence_change, evidence_delete
from tests.discipline.conftest import Company, _isolated, company  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind,fields,field", [
    ("attestation", {"competency": "能独立处理一般常规性异常、投诉", "date": date(2026, 1, 5)}, "competency"),
    ("leave", {"type": "探亲假", "start_on": date(2026, 1, 5), "days": 1}, "type"),
    ("exam", {"exam": "技术评定考试", "date": date(2026, 1, 5), "passed": None}, "passed"),
    ("praise", {"date": date(2026, 1, 5), "source": "customer", "customer": "  "}, "customer"),
    ("metric", {"month": date(2026, 1, 15), "values": {"tickets": 3}}, "month"),
    ("appraisal", {"year": 2025, "score": -1}, "score"),
])
def test_it_refuses_what_the_import_refuses_naming_the_field(company: Company, kind: str,  # noqa: F811
                                                             fields: dict, field: str) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        evidence_add(actor=company.users["hr"], kind=kind, employee=company.intermediate, **fields)
    assert exc.value.field == field
    assert AuditEvent.objects.count() == before


def test_it_adds_changes_and_deletes_a_record_with_one_audit_event_each(company: Company) -> None:  # noqa: F811
    hr = company.users["hr"]
    a = evidence_add(actor=hr, kind="attestation", employee=company.intermediate, competency="routine_exceptions",
                     date=date(2026, 1, 5), attested_by_no="S1", reason="主管认定")
    evidence_change(actor=hr, record=a, note="处理投诉 12 起")
    evidence_delete(actor=hr, record=a, reason="重复")
    events = list(AuditEvent.objects.filter(target_type="attestation").order_by("pk"))
    assert [e.action for e in events] == ["evidence.create", "evidence.change", "evidence.delete"]
    assert events[1].data["changed"] == {"note": ["", "处理投诉 12 起"]}
    assert not ev.Attestation.objects.exists()


def test_a_mentorship_names_two_people_and_neither_may_be_the_actor(company: Company) -> None:  # noqa: F811
    company.senior.user = company.users["hr"]
    company.senior.save(update_fields=["user"])
    with pytest.raises(Forbidden) as exc:
        evidence_add(actor=company.users["hr"], kind="mentorship", mentor=company.senior,
                     mentee=company.intermediate, start_on=date(2026, 1, 5))
    assert exc.value.code == "own_record"


def test_only_hr_writes_evidence_by_hand(company: Company) -> None:  # noqa: F811
    with pytest.raises(Forbidden):
        evidence_add(actor=company.users["supervisor"], kind="praise", employee=company.senior,
                     date=date(2026, 1, 5), source="internal")


def test_a_duplicate_is_a_conflict(company: Company) -> None:  # noqa: F811
    for _ in range(2):
        try:
            evidence_add(actor=None, kind="leave", employee=company.senior, type="病假", start_on=date(2026, 1, 5),
                         days=1)
        except Conflict as exc:
            assert exc.code == "duplicate_record"
            break
    else:
        pytest.fail("the second leave was saved")
    assert ev.Leave.objects.count() == 1


def test_incidents_are_refused_by_the_evidence_services(company: Company) -> None:  # noqa: F811
    out = incident_record(actor=None, employee=company.senior, date=date(2026, 11, 2), type="重大事故")
    with pytest.raises(InvalidInput) as exc:
        evidence_delete(actor=None, record=out.incident)
    assert exc.value.code == "use_incident_service"
    with pytest.raises(InvalidInput):
        evidence_add(actor=None, kind="incident", employee=company.senior, date=date(2026, 11, 2), type="重大事故")


def test_an_incident_of_a_withdrawn_case_can_be_deleted(company: Company) -> None:  # noqa: F811
    hr = company.users["hr"]
    out = incident_record(actor=hr, employee=company.expert, date=date(2026, 11, 2), type="触犯高压线")
    with pytest.raises(Conflict) as exc:
        incident_delete(actor=hr, incident=out.incident)
    assert exc.value.code == "incident_in_case"
    demotion_case_withdraw(actor=hr, case=out.case, reason="误录")
    incident_delete(actor=hr, incident=out.incident, reason="误录")
    assert not ev.Incident.objects.exists() and out.case.incidents.count() == 0
    assert AuditEvent.objects.filter(action="demotion_case.unlink_incident").count() == 1
    assert not AllowanceDeduction.objects.exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_code_kind_has_labelled_choices_from_the_policy(policy, lang: str) -> None:  # noqa: ANN001
    for kind in KINDS:
        choices = code_choices(policy, kind, lang)
        assert choices and all(code and label for code, label in choices), kind
    assert ("routine_exceptions", "能独立处理一般常规性异常、投诉") in code_choices(policy, "competency", "zh")
    assert dict(code_choices(policy, "level", lang))["senior"] == ("Senior CS Specialist" if lang == "en"
                                                                   else "高级客服专员")
    assert [c for c, _ in code_choices(policy, "incident_type", lang)] == list(policy.evidence.incident_types)


def test_the_programs_the_policy_counts_are_suggested(policy) -> None:  # noqa: ANN001
    assert training_programs(policy) == ["储备干部培训"]
