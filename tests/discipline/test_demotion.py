"""Demotion cases (降级管理) end to end: open, review, approve with evidence, apply on the effective date."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import close_old_connections, connection

from careerpath.audit.models import AuditEvent
from careerpath.discipline.models import CaseDecision, DemotionCase
from careerpath.discipline.services import (
    DocumentUpload,
    case_document_add,
    demotion_apply_effective,
    demotion_case_approve,
    demotion_case_manager_review,
    demotion_case_open,
    demotion_case_supervisor_review,
    demotion_case_withdraw,
    incident_record,
)
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.people.models import Position

from .conftest import Api, Company

pytestmark = pytest.mark.django_db

EFFECTIVE = "2026-12-01"


def test_a_red_line_case_runs_end_to_end_through_the_api(company: Company) -> None:
    sup, mgr, hr = Api(company.users["supervisor"]), Api(company.users["manager"]), Api(company.users["hr"])
    far = Api(company.users["south_supervisor"])

    # given the supervisor records 触犯高压线 for E1 (senior): a case opens, one level down
    res = sup.post("/discipline/incidents", {"employee_no": "E1", "date": "2026-11-20", "type": "触犯高压线",
                                             "note": "私下收取客户费用"})
    assert res.status_code == 201, res.content
    pk = res.json()["case_id"]
    case = sup.get(f"/discipline/cases/{pk}").json()
    assert (case["state"], case["from_level"], case["to_level"], case["proposal"]) == (
        "proposed", "senior", "intermediate", "one_level_down")
    assert [i["type"] for i in case["incidents"]] == ["触犯高压线"]

    # the supervisor attaches the customer's statement (multipart upload)
    res = sup.post_form(f"/discipline/cases/{pk}/documents", file=SimpleUploadedFile("客户说明.pdf", b"%PDF-1.4 x"),
                     text="客户书面说明")
    assert res.status_code == 201, res.content

    # a supervisor of another department may not review (403), nor read the case
    res = far.post(f"/discipline/cases/{pk}/supervisor-review", {"note": "同意"})
    assert res.status_code == 403 and res.json()["code"] == "out_of_scope"
    assert far.get(f"/discipline/cases/{pk}").status_code == 403
    assert far.get("/discipline/cases").json()["count"] == 0

    # HR cannot approve before the reviews: 409
    res = hr.post(f"/discipline/cases/{pk}/approve", {"effective_on": EFFECTIVE})
    assert res.status_code == 409 and res.json()["code"] == "invalid_transition"

    # when the supervisor, then the manager review, and HR approves
    res = sup.post(f"/discipline/cases/{pk}/supervisor-review", {"note": "事实清楚，同意降一级"})
    assert res.status_code == 200 and res.json()["state"] == "supervisor_reviewed"
    res = sup.post(f"/discipline/cases/{pk}/manager-review", {"note": "越级审核"})
    assert res.status_code == 403  # the supervisor is not the department manager
    res = mgr.post(f"/discipline/cases/{pk}/manager-review", {"note": "同意"})
    assert res.status_code == 200 and res.json()["state"] == "manager_reviewed"
    res = hr.post(f"/discipline/cases/{pk}/approve", {"effective_on": EFFECTIVE, "note": "依据员工手册第五章"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["state"] == "hr_approved" and body["effective_on"] == EFFECTIVE
    assert [d["action"] for d in body["decisions"]] == ["open", "supervisor_review", "manager_review", "hr_approve"]
    assert [d["file_name"] for d in body["documents"]] == ["客户说明.pdf"]

    # then nothing changes before the effective date, and on it the position changes once
    assert not demotion_apply_effective(today=date(2026, 11, 30)).applied
    first = demotion_apply_effective(today=date(2026, 12, 1))
    again = demotion_apply_effective(today=date(2026, 12, 2))
    assert len(first.applied) == 1 and not again.applied and not again.skipped
    rows = list(Position.objects.filter(employee=company.senior).order_by("start_on")
                .values_list("level", "start_on", "end_on", "reason"))
    assert rows == [("senior", date(2024, 1, 1), date(2026, 11, 30), "入职"),
                    ("intermediate", date(2026, 12, 1), None, "降级")]
    body = hr.get(f"/discipline/cases/{pk}").json()
    assert body["state"] == "effective" and body["new_position_id"] is not None

    # an effective case cannot be rejected: 409
    res = hr.post(f"/discipline/cases/{pk}/reject", {"reason": "撤销"})
    assert res.status_code == 409 and res.json()["code"] == "invalid_transition"
    # the person concerned reads their own case
    assert Api(company.users["senior"]).get(f"/discipline/cases/{pk}").json()["state"] == "effective"
    assert AuditEvent.objects.filter(target_type="demotioncase", target_id=str(pk),
                                     action="demotion_case.make_effective").count() == 1


def test_a_managers_under_performance_case_needs_evidence_before_approval(company: Company) -> None:
    mgr, hr = Api(company.users["manager"]), Api(company.users["hr"])
    res = mgr.post("/discipline/cases", {"employee_no": "E2", "proposal": "one_level_down",
                                         "reason": "连续六个月业绩未达标 (sustained under-performance)"})
    assert res.status_code == 201, res.content
    pk = res.json()["id"]
    assert res.json()["to_level"] == "senior"
    assert Api(company.users["supervisor"]).post(f"/discipline/cases/{pk}/supervisor-review",
                                                 {"note": "属实"}).status_code == 200
    assert mgr.post(f"/discipline/cases/{pk}/manager-review", {"note": "同意"}).status_code == 200

    res = hr.post(f"/discipline/cases/{pk}/approve", {"effective_on": EFFECTIVE})
    assert res.status_code == 400 and res.json()["code"] == "evidence_required"
    assert DemotionCase.objects.get(pk=pk).state == "manager_reviewed"

    res = hr.post_form(f"/discipline/cases/{pk}/documents", file_name="2026年绩效记录", text="1–6 月考核均为 D")
    assert res.status_code == 201
    res = hr.post(f"/discipline/cases/{pk}/approve", {"effective_on": EFFECTIVE})
    assert res.status_code == 200 and res.json()["state"] == "hr_approved"


def test_two_different_people_must_review(company: Company) -> None:
    mgr = company.users["manager"]
    case = demotion_case_open(actor=mgr, employee=company.intermediate, proposal="one_level_down",
                              reason="业绩未达标", documents=[DocumentUpload(file_name="记录", text="考核 D")])
    demotion_case_supervisor_review(actor=mgr, case=case, note="代直接上级审核")  # a manager may stand in …
    with pytest.raises(Forbidden) as exc:
        demotion_case_manager_review(actor=mgr, case=case, note="同意")  # … but not review twice
    assert exc.value.code == "same_reviewer"


def test_a_reviewer_may_amend_the_proposal_to_a_transfer(company: Company) -> None:
    out = incident_record(actor=company.users["manager"], employee=company.supervisor, date=date(2026, 11, 2),
                          type="触犯高压线")
    case = out.case
    assert (case.from_level, case.to_level) == ("supervisor", "intermediate")
    with pytest.raises(InvalidInput):  # a transfer upwards is refused, and nothing changes
        demotion_case_supervisor_review(actor=company.users["manager"], case=case, note="x", proposal="transfer",
                                        to_level="manager")
    assert DemotionCase.objects.get(pk=case.pk).state == "proposed"
    case = demotion_case_supervisor_review(actor=company.users["manager"], case=case, note="改为调岗",
                                           proposal="transfer", to_level="senior")
    assert (case.proposal, case.to_level) == ("transfer", "senior")
    ev = AuditEvent.objects.get(action="demotion_case.supervisor_review")
    assert ev.data["amended"]["from"] == {"proposal": "one_level_down", "to_level": "intermediate"}


def test_only_one_case_is_open_per_person_and_withdrawal_needs_a_reason(company: Company) -> None:
    sup = company.users["supervisor"]
    case = demotion_case_open(actor=sup, employee=company.senior, proposal="removal", reason="严重失职")
    with pytest.raises(Conflict) as exc:
        demotion_case_open(actor=company.users["hr"], employee=company.senior, proposal="one_level_down",
                           reason="另案")
    assert exc.value.code == "case_already_open"
    with pytest.raises(InvalidInput):
        demotion_case_withdraw(actor=sup, case=case, reason=" ")
    with pytest.raises(Forbidden):  # only who opened it (or HR) withdraws
        demotion_case_withdraw(actor=company.users["manager"], case=case, reason="误报")
    demotion_case_withdraw(actor=sup, case=case, reason="误报")
    assert DemotionCase.objects.get(pk=case.pk).state == "withdrawn"
    with pytest.raises(Conflict):
        case_document_add(actor=sup, case=case, upload=DocumentUpload(file_name="迟到的材料", text="…"))
    # a closed case no longer blocks a new one
    demotion_case_open(actor=sup, employee=company.senior, proposal="one_level_down", reason="新情况")


def _approved_case(company: Company, effective_on: date) -> DemotionCase:
    out = incident_record(actor=company.users["supervisor"], employee=company.senior, date=date(2026, 11, 2),
                          type="触犯高压线")
    demotion_case_supervisor_review(actor=company.users["supervisor"], case=out.case, note="同意")
    demotion_case_manager_review(actor=company.users["manager"], case=out.case, note="同意")
    return demotion_case_approve(actor=company.users["hr"], case=out.case, effective_on=effective_on)


def test_approval_refuses_retroactive_dates(company: Company) -> None:
    with pytest.raises(InvalidInput) as exc:
        _approved_case(company, date(2026, 11, 26))  # the clock says 2026-11-27
    assert exc.value.code == "effective_in_past"


def test_a_case_whose_person_changed_level_meanwhile_is_left_approved(company: Company) -> None:
    case = _approved_case(company, date(2026, 12, 1))
    cur = Position.objects.get(employee=company.senior)
    cur.end_on = date(2026, 11, 29)
    cur.save()
    Position.objects.create(employee=company.senior, level="expert", start_on=date(2026, 11, 30), reason="晋升")
    result = demotion_apply_effective(today=date(2026, 12, 1))
    assert not result.applied and [c.pk for c, _ in result.skipped] == [case.pk]
    assert DemotionCase.objects.get(pk=case.pk).state == "hr_approved"
    assert Position.objects.filter(employee=company.senior).count() == 2


def test_the_apply_effective_command_applies_demotions_once(company: Company) -> None:
    _approved_case(company, date(2026, 12, 1))
    call_command("apply_effective", "--today", "2026-12-01")
    call_command("apply_effective", "--today", "2026-12-05")
    assert list(Position.objects.filter(employee=company.senior, reason="降级").values_list("level", flat=True)) == [
        "intermediate"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_approvals_cannot_both_win(company: Company) -> None:
    out = incident_record(actor=company.users["supervisor"], employee=company.senior, date=date(2026, 11, 2),
                          type="触犯高压线")
    demotion_case_supervisor_review(actor=company.users["supervisor"], case=out.case, note="同意")
    demotion_case_manager_review(actor=company.users["manager"], case=out.case, note="同意")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        try:
            barrier.wait()
            demotion_case_approve(actor=company.users["hr"], case=out.case, effective_on=date(2026, 12, 1))
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["invalid_transition", "ok"]
    assert CaseDecision.objects.filter(case=out.case, action="hr_approve").count() == 1
    assert AuditEvent.objects.filter(action="demotion_case.hr_approve").count() == 1
