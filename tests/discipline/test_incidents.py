"""Incidents (事故) and their consequences: allowance deductions and demotion cases."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from decimal import Decimal

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.discipline.models import AllowanceDeduction, CaseDocument, DemotionCase
from careerpath.discipline.services import DocumentUpload, incident_record
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence.models import Incident
from careerpath.people.models import Position

from .conftest import Api, Company

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 20)


@pytest.mark.parametrize(("type_", "who", "deducted"), [
    ("重大事故", "senior", Decimal("500.00")),
    ("重大投诉", "expert", Decimal("800.00")),
    ("红头文件通报", "senior", Decimal("500.00")),
    ("重大事故", "intermediate", None),  # no senior/expert allowance to withhold
    ("重大投诉", "supervisor", None),  # management allowances are not the 高级/资深津贴
    ("触犯高压线", "senior", None),  # a demotion case instead
])
def test_each_incident_type_has_its_consequence(company: Company, type_: str, who: str,
                                                deducted: Decimal | None) -> None:
    emp = getattr(company, who)
    out = incident_record(actor=company.users["supervisor"] if who != "supervisor" else company.users["manager"],
                          employee=emp, date=MAY, type=type_, note="客户投诉升级")
    assert Incident.objects.filter(employee=emp, type=type_, date=MAY).count() == 1
    if deducted is None:
        assert out.deduction is None and not AllowanceDeduction.objects.exists()
    else:
        d = AllowanceDeduction.objects.get()
        assert (d.employee, d.month, d.amount, d.incident, d.level) == (emp, date(2026, 5, 1), deducted,
                                                                       out.incident, who)
        assert type_ in d.reason
    opened = type_ == "触犯高压线"
    assert DemotionCase.objects.exists() is opened
    assert out.case_opened is opened


def test_the_level_held_on_the_incident_date_decides_the_deduction(company: Company) -> None:
    # E1 was senior until 2026-05-31 and is intermediate from 2026-06-01
    cur = Position.objects.get(employee=company.senior)
    cur.end_on = date(2026, 5, 31)
    cur.save()
    Position.objects.create(employee=company.senior, level="intermediate", start_on=date(2026, 6, 1), reason="降级")
    sup = company.users["supervisor"]
    before = incident_record(actor=sup, employee=company.senior, date=date(2026, 5, 31), type="重大事故")
    after = incident_record(actor=sup, employee=company.senior, date=date(2026, 6, 1), type="重大事故")
    assert before.deduction is not None and before.deduction.amount == Decimal("500.00")
    assert after.deduction is None and "无需扣减" in after.notes[0]


def test_hr_may_deduct_part_of_the_allowance_and_nobody_else(company: Company) -> None:
    with pytest.raises(Forbidden):
        incident_record(actor=company.users["supervisor"], employee=company.expert, date=MAY, type="重大投诉",
                        deduction_amount=Decimal("300"))
    with pytest.raises(InvalidInput):
        incident_record(actor=company.users["hr"], employee=company.expert, date=MAY, type="重大投诉",
                        deduction_amount=Decimal("900"))  # more than the 800 allowance
    assert not Incident.objects.exists()
    out = incident_record(actor=company.users["hr"], employee=company.expert, date=MAY, type="重大投诉",
                          deduction_amount=Decimal("300"))
    assert out.deduction is not None and out.deduction.amount == Decimal("300.00")


def test_a_month_is_withheld_at_most_once(company: Company) -> None:
    sup = company.users["supervisor"]
    first = incident_record(actor=sup, employee=company.senior, date=date(2026, 5, 3), type="重大事故")
    second = incident_record(actor=sup, employee=company.senior, date=date(2026, 5, 20), type="重大投诉")
    assert first.deduction.amount == Decimal("500.00")
    assert second.deduction.amount == Decimal("0.00")  # recorded, so the incident's consequence is visible
    assert "当月津贴已扣减 500.00" in second.deduction.reason


def test_crossing_a_red_line_opens_one_case_and_later_incidents_join_it(company: Company) -> None:
    sup = company.users["supervisor"]
    first = incident_record(actor=sup, employee=company.senior, date=date(2026, 9, 1), type="触犯高压线",
                            note="泄露客户信息")
    case = first.case
    assert first.case_opened and case is not None
    assert (case.proposal, case.from_level, case.to_level, case.state) == ("one_level_down", "senior",
                                                                          "intermediate", "proposed")
    assert case.opened_by == sup and "泄露客户信息" in case.reason
    second = incident_record(actor=sup, employee=company.senior, date=date(2026, 9, 5), type="触犯高压线")
    assert not second.case_opened and second.case.pk == case.pk
    assert DemotionCase.objects.count() == 1
    assert sorted(case.incidents.values_list("date", flat=True)) == [date(2026, 9, 1), date(2026, 9, 5)]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"incident.record", "demotion_case.open", "demotion_case.link_incident"} <= actions


def test_at_the_lowest_level_a_red_line_still_opens_a_case_without_a_target(company: Company) -> None:
    Position.objects.filter(employee=company.south_junior).update(level="assistant")
    out = incident_record(actor=company.users["hr"], employee=company.south_junior, date=MAY, type="触犯高压线")
    assert out.case is not None and (out.case.from_level, out.case.to_level) == ("assistant", "")


def test_an_out_of_scope_supervisor_records_nothing(company: Company) -> None:
    with pytest.raises(Forbidden) as exc:
        incident_record(actor=company.users["south_supervisor"], employee=company.senior, date=MAY, type="重大事故")
    assert exc.value.code == "out_of_scope"
    with pytest.raises(Forbidden):
        incident_record(actor=company.users["senior"], employee=company.senior, date=MAY, type="重大事故")
    assert not Incident.objects.exists() and not AuditEvent.objects.filter(action="incident.record").exists()


@pytest.mark.parametrize(("kwargs", "error", "code"), [
    ({"type": "迟到"}, InvalidInput, "unknown_incident_type"),
    ({"date": date(2026, 11, 28)}, InvalidInput, "future_date"),  # the clock is pinned to 2026-11-27
    ({"documents": [DocumentUpload(file_name="空.pdf")]}, InvalidInput, "empty_document"),
])
def test_bad_incidents_are_refused_and_change_nothing(company: Company, kwargs: dict, error: type,
                                                      code: str) -> None:
    args = {"actor": company.users["hr"], "employee": company.senior, "date": MAY, "type": "重大事故"} | kwargs
    with pytest.raises(error) as exc:
        incident_record(**args)
    assert exc.value.code == code
    assert not Incident.objects.exists() and not AllowanceDeduction.objects.exists()


def test_the_same_incident_is_not_recorded_twice(company: Company) -> None:
    incident_record(actor=company.users["hr"], employee=company.senior, date=MAY, type="重大事故", note="A")
    with pytest.raises(Conflict) as exc:
        incident_record(actor=company.users["hr"], employee=company.senior, date=MAY, type="重大事故", note="A")
    assert exc.value.code == "duplicate_incident"
    assert AllowanceDeduction.objects.count() == 1


def test_documents_of_an_incident_are_stored_with_their_hash(company: Company) -> None:
    pdf = b"%PDF-1.4 scanned complaint letter"
    out = incident_record(actor=company.users["supervisor"], employee=company.senior, date=MAY, type="重大投诉",
                          documents=[DocumentUpload(file_name="投诉函.pdf", content=pdf),
                                     DocumentUpload(file_name="情况说明", text="客户于5月20日投诉……")])
    files = CaseDocument.objects.filter(incident=out.incident).order_by("pk")
    assert [d.file_name for d in files] == ["投诉函.pdf", "情况说明"]
    stored = files[0]
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest() and stored.size == len(pdf)
    with stored.file.open("rb") as fh:
        assert fh.read() == pdf
    assert "投诉函" not in stored.file.name  # the stored name is random, never the uploader's text


def test_recording_an_incident_over_the_api(company: Company) -> None:
    api = Api(company.users["supervisor"])
    res = api.post("/discipline/incidents", {
        "employee_no": "E2", "date": "2026-05-20", "type": "红头文件通报", "note": "集团通报",
        "documents": [{"file_name": "通报.txt", "content_base64": base64.b64encode("红头文件".encode()).decode()}],
    })
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["deduction"]["amount"] == "800.00" and body["deduction"]["month"] == "2026-05"
    assert body["case_id"] is None and body["documents"][0]["has_file"] is True
    doc_id = body["documents"][0]["id"]
    res = api.client.get(f"/api/discipline/documents/{doc_id}/file")
    assert res.status_code == 200 and b"".join(res.streaming_content) == "红头文件".encode()
    # the other department's supervisor can neither record nor read
    far = Api(company.users["south_supervisor"])
    res = far.post("/discipline/incidents", {"employee_no": "E2", "date": "2026-05-21", "type": "重大事故"})
    assert res.status_code == 403 and res.json()["code"] == "out_of_scope"
    assert far.client.get(f"/api/discipline/documents/{doc_id}/file").status_code == 403
    res = api.post("/discipline/incidents", {"employee_no": "E2", "date": "2026-05-21", "type": "重大事故",
                                             "deduction_amount": "100"})
    assert res.status_code == 403
