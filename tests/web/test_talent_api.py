"""The talent REST endpoints call the same services as the pages: the whole competition over the API."""

from __future__ import annotations

import pytest

from careerpath.promotions.models import Application
from tests.apiclient import Api
from tests.web.talent_world import AFTER_CLOSING, TalentWorld, build_talent
from tests.web.test_talent_services import STATEMENT

pytestmark = pytest.mark.django_db

REVIEW = {"held_on": AFTER_CLOSING.isoformat(), "mode": "in_person", "place": "三楼会议室", "topics": "管理经验",
          "performance": "达标", "competence": "熟练", "qualities": "良好", "development": "培训",
          "recommendation": "recommend", "conclusion": "推荐"}


@pytest.fixture
def w(db, settings) -> TalentWorld:  # noqa: ANN001
    return build_talent(settings)


def test_the_competition_runs_over_the_api(w):
    hr, me = Api(w.users["hr"]), Api(w.users["ready"])
    # the vacancy, then the posting
    vac = hr.get("/talent/vacancies").json()
    assert {"department_id": w.dept.pk, "department": "华东客服一部", "level": "supervisor", "vacant": 1, "posted": 0,
            "left": 1} in vac
    r = hr.post("/talent/postings", {"level": "supervisor", "department_id": w.dept.pk, "working_days": 5})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["closes_on"] == "2026-10-09"
    # a second posting of the same single vacancy is refused
    assert hr.post("/talent/postings", {"level": "supervisor", "department_id": w.dept.pk}).status_code == 409
    # an employee may not post
    assert me.post("/talent/postings", {"level": "supervisor", "department_id": w.dept.pk}).status_code == 403
    # apply, score, select
    r = me.post(f"/talent/postings/{pk}/candidates", {"statement": STATEMENT})
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert me.get(f"/talent/postings/{pk}/candidates").status_code == 403
    w.today(AFTER_CLOSING)
    r = hr.post(f"/talent/postings/{pk}/candidates/{cid}/score", {**REVIEW, "score": 88})
    assert r.status_code == 200 and r.json()["state"] == "scored", r.content
    assert hr.post(f"/talent/postings/{pk}/candidates/{cid}/score", {**REVIEW, "score": 120}).status_code == 400
    r = hr.post(f"/talent/postings/{pk}/select", {"candidate_id": cid})
    assert r.status_code == 200 and r.json()["state"] == "selected", r.content
    assert Application.objects.get(pk=r.json()["application_id"]).employee == w.ready
    assert hr.post(f"/talent/postings/{pk}/select", {"candidate_id": cid}).status_code == 409
    # reopening waits until the selected person's promotion ended without effect
    app_id = r.json()["application_id"]
    assert hr.post(f"/talent/postings/{pk}/reopen", {"reason": "改选"}).status_code == 409
    assert me.post(f"/applications/{app_id}/withdraw", {"reason": "个人原因"}).status_code == 200
    assert me.post(f"/talent/postings/{pk}/reopen", {"reason": "改选"}).status_code == 403
    assert hr.post(f"/talent/postings/{pk}/reopen", {"reason": ""}).status_code in (400, 422)
    r = hr.post(f"/talent/postings/{pk}/reopen", {"reason": "入选人撤回申请"})
    assert r.status_code == 200 and r.json()["state"] == "open" and r.json()["application_id"] is None, r.content


def test_the_pool_over_the_api_is_scoped(w):
    rows = Api(w.users["hr"]).get("/talent/pool").json()
    items = rows["items"] if isinstance(rows, dict) else rows
    assert {r["employee_no"] for r in items} == {"E1", "E2", "E3", "E4"}
    ready = next(r for r in items if r["employee_no"] == "E1")
    assert any(m["eligible"] and m["criteria"] for m in ready["readiness"])
    assert Api(w.users["ready"]).get("/talent/pool").status_code == 403
    assert Api(w.users["hr"]).get("/talent/postings/999").status_code == 404
