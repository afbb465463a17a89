"""The recognition REST endpoints: the same services as the pages; bad input is a 4xx JSON answer."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apiclient import Api
from tests.recognition.world import TODAY, RecognitionWorld, build_world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w(db, settings) -> RecognitionWorld:  # noqa: ANN001
    return build_world(settings)


def test_an_award_runs_over_the_api_from_proposal_to_certificate(w):
    hr, mgr, me = Api(w.users["hr"]), Api(w.users["manager"]), Api(w.users["best"])
    r = hr.post("/recognition/rounds", {"award": "monthly_star", "period_start": "2026-10-15"})
    assert r.status_code == 201, r.content
    rnd = r.json()
    assert (rnd["period_start"], rnd["state"], rnd["title"]) == ("2026-10-01", "proposed", "2026年10月月度服务明星")
    # again: the same round, 200
    again = hr.post("/recognition/rounds", {"award": "monthly_star", "period_start": "2026-10-01"})
    assert again.status_code == 200 and again.json()["id"] == rnd["id"]
    pk = rnd["id"]
    cands = {c["employee_no"]: c for c in hr.get(f"/recognition/rounds/{pk}/candidates").json()}
    assert cands["E1"]["nominated"] and cands["E1"]["rank"] == 1 and "98.5%" in cands["E1"]["reason"]
    # the manager sees their department only, and adds someone with a reason
    assert set(c["employee_no"] for c in mgr.get(f"/recognition/rounds/{pk}/candidates").json()) == {"E1", "E2"}
    r = mgr.post(f"/recognition/rounds/{pk}/candidates", {"employee_no": "E4", "reason": "协助新人"})
    assert r.status_code == 201 and r.json()["source"] == "added"
    r = mgr.post(f"/recognition/rounds/{pk}/candidates/{cands['E1']['id']}", {"nominated": False})
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    # only HR submits; then HR (the monthly award's approver) approves
    assert mgr.post(f"/recognition/rounds/{pk}/nominate", {}).status_code == 403
    assert hr.post(f"/recognition/rounds/{pk}/nominate", {"note": "按规则"}).json()["state"] == "nominated"
    assert Api(w.users["vp"]).post(f"/recognition/rounds/{pk}/approve", {}).status_code == 403
    r = hr.post(f"/recognition/rounds/{pk}/approve", {"note": "同意"})
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert hr.post(f"/recognition/rounds/{pk}/approve", {}).status_code == 409
    mine = me.get("/recognition/awards").json()
    assert [a["employee_no"] for a in mine["items"]] == ["E1"] and mine["items"][0]["praise_id"]
    pdf = me.get(f"/recognition/awards/{mine['items'][0]['id']}/certificate")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    everyone = hr.get("/recognition/awards").json()["items"]
    other = next(a for a in everyone if a["employee_no"] == "E5")
    assert me.get(f"/recognition/awards/{other['id']}/certificate").status_code == 404
    r = hr.post(f"/recognition/awards/{mine['items'][0]['id']}/revoke", {"reason": "数据有误"})
    assert r.status_code == 200 and r.json()["revoked_on"] == TODAY.isoformat() and r.json()["praise_id"] is None


@pytest.mark.parametrize(("body", "status"), [
    ({"award": "monthly_star", "period_start": "2026-11-01"}, 409),  # the period is not over
    ({"award": "nope", "period_start": "2026-10-01"}, 400),
    ({"award": "monthly_star", "period_start": "26-10"}, 400),  # ninja's validation errors answer 400 here
    ({"award": "monthly_star"}, 400),
    ({"award": "x" * 500, "period_start": "2026-10-01"}, 400),
])
def test_a_bad_proposal_is_a_4xx(w, body, status):
    r = Api(w.users["hr"]).post("/recognition/rounds", body)
    assert r.status_code == status and r["Content-Type"].startswith("application/json")


def test_employees_cannot_read_rounds(w):
    me = Api(w.users["best"])
    assert me.get("/recognition/rounds").status_code == 403
    assert me.post("/recognition/rounds", {"award": "monthly_star", "period_start": "2026-10-01"}).status_code == 403
    assert me.get("/recognition/rounds/999999").status_code == 403
    assert Api(w.users["hr"]).get("/recognition/rounds/999999").status_code == 404


def _upload(api: Api, **fields):  # noqa: ANN202
    data = {"employee_no": "E1", "kind": "margin", "customer": "德邦物流", "year": "2026", "amount": "",
            "percent": "12.5", "description": "毛利提升方案"}
    data.update(fields)
    files = {} if "file" in fields else {"file": SimpleUploadedFile("fin.pdf", PDF, content_type="application/pdf")}
    if fields.get("file") is None:
        data.pop("file", None)
    return api.client.post("/api/recognition/contributions", {**data, **files})


def test_a_contribution_runs_over_the_api(w):
    mgr, vp = Api(w.users["manager"]), Api(w.users["vp"])
    r = _upload(mgr)
    assert r.status_code == 201, r.content
    c = r.json()
    assert (c["kind"], c["percent"], c["state"]) == ("margin", "12.50", "proposed")
    assert vp.post(f"/recognition/contributions/{c['id']}/decide", {"approve": False}).status_code == 400
    r = vp.post(f"/recognition/contributions/{c['id']}/decide", {"approve": True})
    assert r.status_code == 200 and r.json()["state"] == "approved"
    assert vp.post(f"/recognition/contributions/{c['id']}/decide", {"approve": True}).status_code == 409
    assert vp.get(f"/recognition/contributions/{c['id']}/attachment").status_code == 200
    assert [x["id"] for x in Api(w.users["best"]).get("/recognition/contributions").json()["items"]] == [c["id"]]
    assert Api(w.users["south"]).get("/recognition/contributions").json()["items"] == []


@pytest.mark.parametrize(("fields", "status"), [
    ({"file": None}, 400),  # the finance document is required
    ({"kind": "profit"}, 400),
    ({"year": "abc"}, 400),
    ({"percent": "", "amount": ""}, 400),
    ({"employee_no": "E5"}, 403),  # another department
    ({"employee_no": "NOPE"}, 404),
])
def test_a_bad_contribution_is_a_4xx(w, fields, status):
    r = _upload(Api(w.users["manager"]), **fields)
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/json")


def test_an_anonymous_caller_is_refused(w):
    assert Client().get("/api/recognition/rounds").status_code in (401, 403)
