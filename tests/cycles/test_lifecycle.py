"""A skill-track cycle end to end through the API: open → … → positions change on 1 January 2027."""

from __future__ import annotations

from datetime import date

from careerpath.audit.models import AuditEvent
from careerpath.evidence import models as ev
from careerpath.people.models import Position
from careerpath.promotions.models import Application

from .conftest import DEADLINE, World, make_intermediate_ready, make_user, person, senior_candidates
from .helpers import exam_workbook, sheet_rows


def _build(w: World) -> None:
    # (department, E before the cycle exam, A). Scores after the exam import are in the test below.
    senior_candidates(w, {"A1": (w.east, 80, 90), "A2": (w.east, 80, 85), "A3": (w.east, 70, 80),
                          "B1": (w.south, 85, 88), "B2": (w.south, 60, 70)})
    w.people["J1"] = person("J1", w.east, level="junior", since=date(2025, 6, 1), name="初级J1")
    make_intermediate_ready(w.people["J1"])
    # A supervisor whose project was cancelled may move to the skill track: listed, not selected by the cycle.
    w.people["S1"] = person("S1", w.south, level="supervisor", since=date(2021, 1, 1), name="主管S1")
    ev.Attestation.objects.create(employee=w.people["S1"], competency="business_shrinkage", date=date(2026, 8, 1))
    w.users["b2"] = make_user("b2", "employee", employee=w.people["B2"])


def _ids(api, year: int = 2026, **filters: str) -> dict[str, int]:  # noqa: ANN001
    q = "&".join(f"{k}={v}" for k, v in filters.items())
    body = api.get(f"/cycles/{year}/candidates?{q}").json()
    return {x["employee_no"]: x["id"] for x in body["items"]}


def test_a_skill_track_cycle_from_opening_to_new_positions(world: World, settings) -> None:  # noqa: ANN001
    w = world
    _build(w)
    hr, committee, vp = w.api("hr"), w.api("committee"), w.api("vp")
    mgr1, mgr2 = w.api("mgr1"), w.api("mgr2")

    # 1. HR opens cycle 2026 on Monday 2 November: deadline after 7 working days, effective 1 January.
    res = hr.post("/cycles", {"year": 2026})
    assert res.status_code == 201, res.json()
    cycle = res.json()
    assert (cycle["as_of"], cycle["nomination_deadline"], cycle["effective_on"], cycle["state"]) == (
        "2026-12-31", DEADLINE.isoformat(), "2027-01-01", "open")
    assert cycle["counts"]["selectable"] == 6 and cycle["counts"]["candidates"] == 7
    listed = hr.get("/cycles/2026/candidates?selectable=false").json()["items"]
    assert [(x["employee_no"], x["move_id"]) for x in listed] == [("S1", "supervisor_to_senior")]
    assert hr.post("/cycles/2026/start-nominations").json()["state"] == "nominating"

    # 2. Each manager sees and nominates their own department's candidates.
    east = _ids(mgr1, selectable="true")
    assert set(east) == {"A1", "A2", "A3", "J1"}
    south = _ids(mgr2, selectable="true")
    assert set(south) == {"B1", "B2"}
    res = mgr1.post("/cycles/2026/nominations", {"candidate_ids": list(east.values()), "note": "部门评议推荐"})
    assert res.status_code == 200 and all(x["nominated"] for x in res.json())
    assert mgr2.post("/cycles/2026/nominations", {"candidate_ids": list(south.values())}).status_code == 200

    # 3. The committee imports the cycle's exam results (the 考试 sheet), all rows valid.
    settings.CAREERPATH_TODAY = "2026-11-05"
    book = exam_workbook([["A1", "技术评定考试", date(2026, 11, 20), 95, "是"],
                          ["A2", "技术评定考试", date(2026, 11, 20), 88, "是"],
                          ["A3", "技术评定考试", date(2026, 11, 20), 72, "是"],
                          ["B1", "技术评定考试", date(2026, 11, 20), 90, "是"],
                          ["B2", "资质考试", date(2026, 11, 20), 99, "是"]])  # not the scoring exam: E stays 60
    res = committee.upload("/cycles/2026/exams/import", "考试成绩.xlsx", book)
    assert res.status_code == 200, res.json()
    assert res.json() == {"file": "考试成绩.xlsx", "rows": 5, "created": 5, "updated": 0, "unchanged": 0}
    stored = ev.Exam.objects.get(employee=w.people["A1"], date=date(2026, 11, 20))
    assert (stored.score, stored.source_file, stored.source_row) == (95, "考试成绩.xlsx", 2)

    # 4. Nominations close after the deadline; the committee scores and ranks; HR sets the quotas.
    settings.CAREERPATH_TODAY = "2026-11-11"
    assert hr.post("/cycles/2026/close-nominations").json()["state"] == "scoring"
    assert committee.post("/cycles/2026/score").status_code == 200
    res = hr.post("/cycles/2026/quotas", {"move_id": "intermediate_to_senior", "percent": "50"})
    assert res.status_code == 200, res.json()
    hr.post("/cycles/2026/quotas", {"move_id": "junior_to_intermediate", "absolute": 1})
    ranked = committee.get("/cycles/2026/ranking?move_id=intermediate_to_senior").json()["items"]
    # 0.4·B + 0.3·E + 0.3·A with B = 100; 50 % of 5 nominees is 2.5, rounded half up to 3 places.
    assert [(x["employee_no"], x["total"], x["rank"], x["in_quota"]) for x in ranked] == [
        ("A1", "95.50", 1, True), ("B1", "93.40", 2, True), ("A2", "91.90", 3, True),
        ("A3", "85.60", 4, False), ("B2", "79.00", 5, False)]
    by_no = {x["employee_no"]: x for x in ranked}

    # 5. The committee deviates twice, each time with a written reason, and accepts the rest.
    res = committee.post(f"/cycles/2026/candidates/{by_no['A3']['id']}/decide", {"selected": True})
    assert res.status_code == 400 and res.json()["code"] == "reason_required"
    res = committee.post(f"/cycles/2026/candidates/{by_no['A3']['id']}/decide",
                         {"selected": True, "reason": "重点客户项目骨干，年度贡献突出"})
    assert res.json()["decision"] == "selected"
    res = committee.post(f"/cycles/2026/candidates/{by_no['A2']['id']}/decide", {"selected": False})
    assert res.status_code == 400 and res.json()["code"] == "reason_required"
    committee.post(f"/cycles/2026/candidates/{by_no['A2']['id']}/decide",
                   {"selected": False, "reason": "本年度调岗未满半年，建议下年度再评"})
    assert committee.post("/cycles/2026/accept-proposal").json() == {"decided": 4}  # A1, B1, B2, J1
    res = committee.post("/cycles/2026/conclude")
    assert res.status_code == 200, res.json()
    assert res.json()["state"] == "committee" and res.json()["counts"]["selected"] == 4
    apps = {a.employee.employee_no: a for a in Application.objects.select_related("employee")}
    assert set(apps) == {"A1", "B1", "A3", "J1"}
    assert {a.state for a in apps.values()} == {"committee_reviewed"} and {a.route for a in apps.values()} == {"cycle"}

    # 6. The VP approves; HR publishes one notice for the cycle on Tuesday 1 December.
    assert vp.post("/cycles/2026/vp-approve", {"note": "同意"}).json()["state"] == "vp_approved"
    settings.CAREERPATH_TODAY = "2026-12-01"
    res = hr.post("/cycles/2026/notice", {})
    assert res.status_code == 201, res.json()
    notice = hr.get(f"/notices/{res.json()['notice_id']}").json()
    assert (notice["first_day"], notice["last_day"]) == ("2026-12-01", "2026-12-07")
    entries = {e["name"]: e for e in notice["entries"]}
    assert set(entries) == {"候选A1", "候选B1", "候选A3", "初级J1"}
    assert {e["effective_on"] for e in entries.values()} == {"2027-01-01"}
    assert "total" not in entries["候选A1"] and "rank" not in entries["候选A1"]  # PIPL: no scores in public

    # 7. Two objections: the one against A3 is upheld (back to review), the one against B1 dismissed.
    b2 = w.api("b2")
    upheld = b2.post(f"/notices/{notice['id']}/objections",
                     {"entry_id": entries["候选A3"]["id"], "text": "考试成绩有误"}).json()
    dismissed = b2.post(f"/notices/{notice['id']}/objections",
                        {"entry_id": entries["候选B1"]["id"], "text": "表扬材料存疑"}).json()
    res = hr.post(f"/objections/{upheld['id']}/resolve", {"upheld": True, "note": "经核实成绩录入有误，退回重新评审"})
    assert res.json()["state"] == "upheld"
    assert hr.post(f"/objections/{dismissed['id']}/resolve", {"upheld": False, "note": "材料真实"}).json()[
        "state"] == "dismissed"
    assert hr.get(f"/applications/{apps['A3'].pk}").json()["state"] == "submitted"

    # 8. After the last day the notice closes; HR approves in December and issues the letters.
    settings.CAREERPATH_TODAY = "2026-12-08"
    assert hr.post(f"/notices/{notice['id']}/close").json()["state"] == "closed"
    assert hr.post("/cycles/2026/hr-approve", {"note": "同意"}).json()["state"] == "approved"
    res = hr.post("/cycles/2026/letters", {"issued_on": "2026-12-09"})
    assert res.status_code == 201
    assert sorted(x["number"] for x in res.json()) == [f"客服晋字〔2026〕{i}号" for i in (1, 2, 3)]
    pdf = hr.get("/cycles/2026/letters.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # 9. Nothing changes before 1 January; on the day the positions change and the cycle is effective.
    settings.CAREERPATH_TODAY = "2026-12-31"
    res = hr.post("/cycles/2026/apply-effective")
    assert res.status_code == 409 and res.json()["code"] == "not_due"
    settings.CAREERPATH_TODAY = "2027-01-01"
    assert hr.post("/cycles/2026/apply-effective").json()["state"] == "effective"

    def levels(no: str) -> list[tuple]:
        return list(Position.objects.filter(employee=w.people[no]).order_by("start_on").values_list(
            "level", "start_on", "end_on", "reason"))

    assert levels("A1") == [("intermediate", date(2025, 1, 1), date(2026, 12, 31), "入职"),
                            ("senior", date(2027, 1, 1), None, "晋升")]
    assert levels("B1")[-1] == ("senior", date(2027, 1, 1), None, "晋升")
    assert levels("J1")[-1] == ("intermediate", date(2027, 1, 1), None, "晋升")
    assert levels("A3") == [("intermediate", date(2025, 1, 1), None, "入职")]  # out of the cycle
    assert levels("A2") == [("intermediate", date(2025, 1, 1), None, "入职")]

    # The audit trail says who did what and why: the committee's procedure stood in for the reviews.
    history = hr.get(f"/applications/{apps['A1'].pk}").json()["history"]
    assert [(h["action"], h["actor"]) for h in history] == [
        ("application.create", "committee"), ("application.submit", "committee"),
        ("application.supervisor_review", "committee"), ("application.manager_review", "committee"),
        ("application.committee_decide", "committee"), ("application.vp_approve", "vp"),
        ("application.publish_notice", "hr"), ("application.close_notice", "hr"),
        ("application.hr_approve", "hr"), ("application.issue_letter", "hr"),
        ("application.make_effective", "system")]
    assert all(h["reason"].startswith("年度评选 2026") for h in history[:5])
    assert "mgr1" in history[3]["reason"]  # the nominating manager is named
    a3 = hr.get(f"/applications/{apps['A3'].pk}").json()["history"]
    assert "重点客户项目骨干" in a3[4]["reason"]  # the deviation's reason travels with the application
    assert AuditEvent.objects.filter(action="cycle.make_effective", actor_label="system").count() == 1

    # The ranking list exports to Excel with the agreed Chinese headers.
    xlsx = hr.get("/cycles/2026/export.xlsx")
    assert xlsx.status_code == 200
    rows = sheet_rows(xlsx.content, "排名")
    assert rows[0] == ["工号", "姓名", "部门", "当前职级", "目标职级", "是否提名", "业务完成B", "考试E", "考评A",
                       "总分", "排名", "是否在名额内", "评定小组决定", "理由"]
    assert [r[0] for r in rows[1:]] == ["J1", "A1", "B1", "A2", "A3", "B2"]
    a3_row = next(r for r in rows if r[0] == "A3")
    assert a3_row[9:] == [85.6, 4, "否", "入选", "重点客户项目骨干，年度贡献突出"]
