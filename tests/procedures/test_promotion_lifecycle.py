"""An individual promotion end to end through the API, with a dismissed and an upheld objection."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.people.models import Position
from careerpath.promotions.models import Application, Notification
from careerpath.promotions.services import apply_effective

from .conftest import AS_OF, Api


def _to_notice(c, hr: Api) -> int:  # noqa: ANN001
    """Create, submit and review the agent's application up to the notice; return its id."""
    agent, sup, mgr = Api(c.users["agent"]), Api(c.users["supervisor"]), Api(c.users["manager"])
    res = agent.post("/applications", {"employee_no": "E1", "to_level": "intermediate", "statement": "申请晋升"})
    assert res.status_code == 201, res.json()
    pk = res.json()["id"]
    res = agent.post(f"/applications/{pk}/submit", {})  # as of today
    assert res.status_code == 200, res.json()
    body = res.json()
    assert body["state"] == "submitted" and body["eligible"] is True
    assert body["snapshot"]["policy"]["name"] == "logistics-dual-track"
    assert {c["id"] for c in body["snapshot"]["result"]["criteria"]} >= {"level_tenure", "mentoring", "praise"}
    res = sup.post(f"/applications/{pk}/supervisor_review", {"interview_note": "面谈：业务熟练",
                                                             "review_report": "同意晋升"})
    assert res.status_code == 200, res.json()
    assert mgr.post(f"/applications/{pk}/manager_review", {"note": "同意"}).json()["state"] == "manager_reviewed"
    return pk


def test_individual_promotion_with_a_dismissed_objection(company, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-10-09"
    hr = Api(company.users["hr"])
    pk = _to_notice(company, hr)
    settings.CAREERPATH_TODAY = "2026-09-30"  # HR publishes the notice on the day it starts (never back-dated)
    res = hr.post("/notices", {"application_ids": [pk], "published_on": "2026-09-30", "effective_on": "2026-10-16"})
    settings.CAREERPATH_TODAY = "2026-10-09"
    assert res.status_code == 201, res.json()
    notice = res.json()
    # 5 working days from 09-30 across National Day: 09-30, 10-08, 10-09, 10-10 (调休), 10-12.
    assert (notice["first_day"], notice["last_day"]) == ("2026-09-30", "2026-10-12")
    assert notice["number"] == "客服公示〔2026〕1号"
    entry = notice["entries"][0]
    assert entry == {"id": entry["id"], "name": "张三", "department": "华东客服一部", "from_level": "初级客服专员",
                     "to_level": "中级客服专员", "effective_on": "2026-10-16", "exception_note": ""}

    # Anyone (here a colleague in another department) may read the notice and object.
    far = Api(company.users["far"])
    assert far.get(f"/notices/{notice['id']}").json()["entries"][0]["name"] == "张三"
    res = far.post(f"/notices/{notice['id']}/objections", {"entry_id": entry["id"], "text": "表扬材料存疑"})
    assert res.status_code == 201
    obj_id = res.json()["id"]
    # Only HR sees who objected.
    assert far.get(f"/notices/{notice['id']}/objections").status_code == 403
    listed = hr.get(f"/notices/{notice['id']}/objections").json()
    assert listed[0]["objector"] == "far"

    # A notice cannot close before its last day, nor while an objection is open.
    settings.CAREERPATH_TODAY = "2026-10-12"
    res = hr.post(f"/notices/{notice['id']}/close")
    assert res.status_code == 409 and res.json()["code"] == "notice_running"
    settings.CAREERPATH_TODAY = "2026-10-13"
    res = hr.post(f"/notices/{notice['id']}/close")
    assert res.status_code == 409 and res.json()["code"] == "objection_open"
    res = hr.post(f"/objections/{obj_id}/resolve", {"upheld": False, "note": "经核实表扬真实有效"})
    assert res.json()["state"] == "dismissed"
    res = hr.post(f"/notices/{notice['id']}/close")
    assert res.status_code == 200 and res.json()["state"] == "closed"

    assert hr.post(f"/applications/{pk}/hr_approve", {"note": "同意"}).json()["state"] == "hr_approved"
    res = hr.post(f"/applications/{pk}/letter", {"issued_on": "2026-10-14"})
    assert res.status_code == 201 and res.json()["number"] == "客服晋字〔2026〕1号"
    pdf = Api(company.users["agent"]).client.get(f"/api/applications/{pk}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # Not yet effective the day before; effective on the day; running again changes nothing.
    assert apply_effective(today=date(2026, 10, 15)) == []
    assert len(apply_effective(today=date(2026, 10, 16))) == 1
    assert apply_effective(today=date(2026, 10, 17)) == []
    positions = list(Position.objects.filter(employee=company.agent).order_by("start_on").values_list(
        "level", "start_on", "end_on", "reason"))
    assert positions[-2:] == [("junior", date(2025, 6, 1), date(2026, 10, 15), "晋升"),
                              ("intermediate", date(2026, 10, 16), None, "晋升")]
    app = Application.objects.get(pk=pk)
    assert app.state == "in_probation" and app.probation_ends_on == date(2027, 1, 16)
    assert Api(company.users["manager"]).post(f"/applications/{pk}/confirm", {"note": "考察合格"}).json()[
        "state"] == "confirmed"

    history = [h["action"] for h in hr.get(f"/applications/{pk}").json()["history"]]
    assert history == ["application.create", "application.submit", "application.supervisor_review",
                       "application.manager_review", "application.publish_notice", "application.close_notice",
                       "application.hr_approve", "application.issue_letter", "application.make_effective",
                       "application.confirm"]


def test_an_upheld_objection_returns_the_application_to_review(company, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-10-08"
    hr = Api(company.users["hr"])
    pk = _to_notice(company, hr)
    settings.CAREERPATH_TODAY = "2026-09-30"  # HR publishes the notice on the day it starts (never back-dated)
    notice = hr.post("/notices", {"application_ids": [pk], "published_on": "2026-09-30",
                                  "effective_on": "2026-10-16"}).json()
    settings.CAREERPATH_TODAY = "2026-10-08"
    entry_id = notice["entries"][0]["id"]
    obj = Api(company.users["far"]).post(f"/notices/{notice['id']}/objections",
                                         {"entry_id": entry_id, "text": "带教新人尚未独立操作"}).json()
    res = hr.post(f"/objections/{obj['id']}/resolve", {"upheld": True, "note": "异议属实，退回重新评审",
                                                        "outcome": "return_to_review"})
    assert res.json() == {"id": obj["id"], "state": "upheld", "outcome": "return_to_review"}
    detail = hr.get(f"/applications/{pk}").json()
    assert detail["state"] == "submitted"
    last = detail["history"][-1]
    assert last["action"] == "application.return_to_review" and "带教新人尚未独立操作" in last["reason"]
    # The person no longer appears on the public notice.
    assert hr.get(f"/notices/{notice['id']}").json()["entries"] == []
    # A second objection on the withdrawn entry is refused.
    res = Api(company.users["far"]).post(f"/notices/{notice['id']}/objections", {"entry_id": entry_id, "text": "x"})
    assert res.status_code == 409


def test_an_objection_after_the_notice_period_is_refused(company, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-10-13"
    hr = Api(company.users["hr"])
    pk = _to_notice(company, hr)
    # a notice published on 10-13 runs 10-13 … 10-19; on 10-20 it is over
    notice = hr.post("/notices", {"application_ids": [pk], "published_on": "2026-10-13",
                                  "effective_on": "2026-11-01"}).json()
    settings.CAREERPATH_TODAY = "2026-10-20"
    res = Api(company.users["far"]).post(f"/notices/{notice['id']}/objections",
                                         {"entry_id": notice["entries"][0]["id"], "text": "迟到的异议"})
    assert res.status_code == 409 and res.json()["code"] == "notice_closed"


def test_skip_level_and_ineligible_applications_are_refused(company) -> None:  # noqa: ANN001
    agent, hr = Api(company.users["agent"]), Api(company.users["hr"])
    res = agent.post("/applications", {"employee_no": "E1", "to_level": "senior"})
    assert res.status_code == 409 and res.json()["code"] == "not_a_move"
    far = Api(company.users["far"])
    pk = far.post("/applications", {"employee_no": "E9", "to_level": "intermediate"}).json()["id"]
    res = far.post(f"/applications/{pk}/submit", {"as_of": AS_OF.isoformat()})
    assert res.status_code == 400 and res.json()["code"] == "not_eligible"
    assert res.json()["details"]["failing"]
    # HR may file it under the exception clause, with a reason that stays visible.
    far.post(f"/applications/{pk}/withdraw", {"reason": "改由人力资源部破格申报"})
    res = hr.post("/applications", {"employee_no": "E9", "to_level": "intermediate",
                                    "exception_reason": "重大项目突出贡献，破格申报"})
    pk2 = res.json()["id"]
    body = hr.post(f"/applications/{pk2}/submit", {"as_of": AS_OF.isoformat()}).json()
    assert body["state"] == "submitted" and body["eligible"] is False
    assert body["exception_reason"] == "重大项目突出贡献，破格申报"


def test_every_transition_is_audited_and_notifies_after_commit(company, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    agent = Api(company.users["agent"])
    pk = agent.post("/applications", {"employee_no": "E1", "to_level": "intermediate"}).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        agent.post(f"/applications/{pk}/submit", {"as_of": AS_OF.isoformat()})
    ev = AuditEvent.objects.filter(target_type="application", target_id=str(pk), action="application.submit").get()
    assert (ev.actor_label, ev.from_state, ev.to_state) == ("agent", "draft", "submitted")
    assert Notification.objects.filter(user=company.users["supervisor"]).exists()
    assert Notification.objects.filter(user=company.users["agent"]).exists()
    sup = Api(company.users["supervisor"])
    items = sup.get("/notifications?unread=true").json()["items"]
    assert items and "提交了晋升申请" in items[0]["text"]
    assert sup.post("/notifications/read").json()["marked"] == len(items)
    assert sup.get("/notifications?unread=true").json()["count"] == 0


@pytest.mark.parametrize("action", ["hr_approve", "confirm", "manager_review"])
def test_an_action_out_of_order_is_a_409(company, action: str) -> None:  # noqa: ANN001
    agent, hr = Api(company.users["agent"]), Api(company.users["admin"])
    pk = agent.post("/applications", {"employee_no": "E1", "to_level": "intermediate"}).json()["id"]
    res = hr.post(f"/applications/{pk}/{action}", {"note": "x"})
    assert res.status_code == 409 and res.json()["code"] == "invalid_transition"


def test_only_hr_may_submit_as_of_another_day(company) -> None:  # noqa: ANN001
    agent = Api(company.users["agent"])
    pk = agent.post("/applications", {"employee_no": "E1", "to_level": "intermediate"}).json()["id"]
    res = agent.post(f"/applications/{pk}/submit", {"as_of": "2027-06-30"})
    assert res.status_code == 400 and res.json()["code"] == "as_of_not_allowed"
    res = Api(company.users["hr"]).post(f"/applications/{pk}/submit", {"as_of": "2026-09-01"})
    assert res.status_code == 200 and res.json()["as_of"] == "2026-09-01"
