"""Training over REST: the same services, every refusal a 4xx JSON body (never a 500)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from careerpath.evidence.models import Training
from tests.apiclient import Api
from tests.training.world import AFTER, TODAY, build_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):  # noqa: ANN001, ANN201
    return build_training(settings)


def test_programs_and_sessions(w) -> None:  # noqa: ANN001
    hr, e1 = Api(w.users["hr"]), Api(w.users["e1"])
    res = hr.post("/training/programs", {"name": "产品知识", "name_en": "Product knowledge", "prepares_for": "junior"})
    assert res.status_code == 201 and res.json()["evidence_program"] == "产品知识"
    pid = res.json()["id"]
    assert {p["name"] for p in e1.get("/training/programs").json()} == {"储备干部培训", "沟通技巧", "产品知识"}
    assert e1.post("/training/programs", {"name": "x"}).status_code == 403
    assert hr.post("/training/programs", {"name": "产品知识"}).json()["code"] == "duplicate_program"
    res = hr.put(f"/training/programs/{pid}", {"name": "产品知识", "active": False})
    assert res.status_code == 200 and res.json()["active"] is False
    res = hr.post("/training/sessions", {"program_id": w.basics.pk, "starts_on": "2026-10-20", "place": "二楼",
                                         "capacity": 10, "trainer": "trainer"})
    assert res.status_code == 201 and res.json()["seats_left"] == 10 and res.json()["trainer"] == "trainer"
    sid = res.json()["id"]
    res = hr.put(f"/training/sessions/{sid}", {"starts_on": "2026-10-21", "place": "三楼", "capacity": 8})
    assert res.status_code == 200 and (res.json()["capacity"], res.json()["trainer"]) == (8, None)
    assert e1.put(f"/training/sessions/{sid}", {"starts_on": "2026-10-21", "place": "三楼", "capacity": 8}).status_code == 403
    listed = e1.get("/training/sessions?upcoming=true").json()
    assert [x["program"] for x in listed["items"]] == ["储备干部培训", "沟通技巧"]


@pytest.mark.parametrize(("body", "status"), [
    ({"program_id": 999999, "starts_on": "2026-10-20", "place": "x", "capacity": 3}, 404),
    ({"program_id": 1, "starts_on": "2026-10-20", "place": "x", "capacity": 0}, 400),
    ({"program_id": 1, "starts_on": "not a date", "place": "x", "capacity": 3}, 400),
    ({"program_id": 1, "starts_on": "2026-10-20", "place": "", "capacity": 3}, 400),
    ({"program_id": 1, "starts_on": "2026-10-20", "place": "x", "capacity": 3, "trainer": "nobody"}, 400),
    ({"program_id": 1, "starts_on": "2026-10-20", "ends_on": "2026-10-01", "place": "x", "capacity": 3}, 400),
])
def test_bad_session_input_is_4xx(w, body, status) -> None:  # noqa: ANN001
    body = {**body, "program_id": w.reserve.pk if body["program_id"] == 1 else body["program_id"]}
    res = Api(w.users["hr"]).post("/training/sessions", body)
    assert res.status_code == status, res.content
    assert res.headers["Content-Type"].startswith("application/json")


def test_enrol_record_results_certificate(w, settings) -> None:  # noqa: ANN001
    sid = w.session.pk
    e1, sup, trainer = Api(w.users["e1"]), Api(w.users["supervisor"]), Api(w.users["trainer"])
    res = e1.post(f"/training/sessions/{sid}/enrolments")
    assert res.status_code == 201 and res.json()["employee_no"] == "E1"
    assert e1.post(f"/training/sessions/{sid}/enrolments").json()["code"] == "already_enrolled"
    assert e1.post(f"/training/sessions/{sid}/enrolments", {"employee_no": "E2"}).status_code == 403
    assert sup.post(f"/training/sessions/{sid}/enrolments", {"employee_no": "E3"}).json()["code"] == "out_of_scope"
    assert sup.post(f"/training/sessions/{sid}/enrolments", {"employee_no": "E2"}).status_code == 201
    assert sup.post(f"/training/sessions/{sid}/enrolments", {"employee_no": "NOPE"}).status_code == 404
    # E1 sees only themself in the roster; the trainer sees everyone.
    assert [r["employee_no"] for r in e1.get(f"/training/sessions/{sid}").json()["roster"]] == ["E1"]
    assert [r["employee_no"] for r in trainer.get(f"/training/sessions/{sid}").json()["roster"]] == ["E1", "E2"]

    w.today(AFTER)
    lines = {"lines": [{"employee_no": "E1", "attendance": "attended", "result": "passed", "score": 95},
                       {"employee_no": "E2", "attendance": "absent"}]}
    assert e1.post(f"/training/sessions/{sid}/results", lines).status_code == 403
    assert trainer.post(f"/training/sessions/{sid}/results", {"lines": []}).status_code == 400
    bad = {"lines": [{"employee_no": "E1", "attendance": "attended"}]}
    assert trainer.post(f"/training/sessions/{sid}/results", bad).json()["code"] == "result_required"
    res = trainer.post(f"/training/sessions/{sid}/results", lines)
    assert res.status_code == 200 and res.json()["recorded"] == 1
    assert Training.objects.get(employee=w.e1).result == "passed"
    mine = e1.get("/training/enrolments").json()
    assert mine[0]["certificate_url"]
    pdf = e1.get(mine[0]["certificate_url"].removeprefix("/api"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = Api(w.users["far"]).get(mine[0]["certificate_url"].removeprefix("/api"))
    assert other.status_code == 404
    e2 = [r for r in trainer.get(f"/training/sessions/{sid}").json()["roster"] if r["employee_no"] == "E2"][0]
    assert Api(w.users["e2"]).get(f"/training/enrolments/{e2['id']}/certificate.pdf").json()["code"] == "no_certificate"
    assert e1.post(f"/training/enrolments/{mine[0]['id']}/cancel").json()["code"] == "invalid_transition"


def test_results_workbook_over_the_api(w) -> None:  # noqa: ANN001
    sid = w.session.pk
    Api(w.users["e1"]).post(f"/training/sessions/{sid}/enrolments")
    w.today(AFTER)
    wb = Workbook()
    ws = wb.active
    ws.title = "培训结果"
    ws.append(["工号", "出勤", "结果"])
    ws.append(["E1", "出席", "优秀"])
    buf = io.BytesIO()
    wb.save(buf)
    trainer = Api(w.users["trainer"])
    res = trainer.upload(f"/training/sessions/{sid}/results/import", "r.xlsx", buf.getvalue())
    assert res.status_code == 400 and res.json()["code"] == "workbook_invalid"
    assert res.json()["details"]["errors"][0]["row"] == 2
    res = trainer.upload(f"/training/sessions/{sid}/results/import", "r.xlsx", b"not a workbook")
    assert res.status_code == 400
    ws["C2"] = "通过"
    buf = io.BytesIO()
    wb.save(buf)
    res = trainer.upload(f"/training/sessions/{sid}/results/import", "r.xlsx", buf.getvalue())
    assert res.status_code == 200 and res.json()["recorded"] == 1


def test_cancel_over_the_api(w) -> None:  # noqa: ANN001
    sid = w.session.pk
    e1 = Api(w.users["e1"])
    eid = e1.post(f"/training/sessions/{sid}/enrolments").json()["id"]
    assert e1.post(f"/training/enrolments/{eid}/cancel").json()["state"] == "cancelled"
    hr = Api(w.users["hr"])
    assert hr.post(f"/training/sessions/{sid}/cancel", {"reason": ""}).status_code == 400
    assert hr.post(f"/training/sessions/{sid}/cancel", {"reason": "改期"}).json()["state"] == "cancelled"
    assert hr.post(f"/training/sessions/{sid}/cancel", {"reason": "改期"}).status_code == 409
    assert hr.get("/training/sessions/999999").status_code == 404
    assert TODAY < AFTER
