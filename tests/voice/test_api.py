"""Employee voice over REST: the same services, 4xx JSON on bad input, and no endpoint says who answered what."""

from __future__ import annotations

import json

import pytest

from careerpath.voice.models import Question, Response
from tests.apiclient import Api
from tests.voice.world import build_voice

pytestmark = pytest.mark.django_db

SURVEY = {"title": "API 问卷", "anonymous": True, "audience": "company", "opens_on": "2026-11-01",
          "closes_on": "2026-11-20"}


@pytest.fixture
def w(settings):  # noqa: ANN001, ANN201
    return build_voice(settings)


def _open_survey(hr: Api) -> dict:
    res = hr.post("/voice/surveys", SURVEY)
    assert res.status_code == 201, res.content
    sid = res.json()["id"]
    assert hr.post(f"/voice/surveys/{sid}/questions", {"kind": "rating", "text": "满意度"}).status_code == 201
    assert hr.post(f"/voice/surveys/{sid}/questions",
                   {"kind": "single", "text": "清楚吗", "options": ["清楚", "不清楚"]}).status_code == 201
    assert hr.post(f"/voice/surveys/{sid}/questions",
                   {"kind": "text", "text": "建议", "required": False}).status_code == 201
    res = hr.post(f"/voice/surveys/{sid}/open")
    assert res.status_code == 200 and res.json()["state"] == "open"
    return res.json()


def test_hr_runs_a_survey_and_reads_aggregated_results_without_any_person(w) -> None:  # noqa: ANN001
    hr = Api(w.users["hr"])
    survey = _open_survey(hr)
    sid = survey["id"]
    qs = {q["kind"]: q["id"] for q in survey["questions"]}
    people = w.people["east"] + w.people["west"]
    for i, e in enumerate(people):
        res = Api(e.user).post(f"/voice/surveys/{sid}/responses", {"answers": [
            {"question_id": qs["rating"], "value": 1 + i % 5}, {"question_id": qs["single"], "value": i % 2},
            {"question_id": qs["text"], "value": f"建议{i}"}]})
        assert res.status_code == 201, res.content
    again = Api(people[0].user).post(f"/voice/surveys/{sid}/responses",
                                     {"answers": [{"question_id": qs["rating"], "value": 3},
                                                  {"question_id": qs["single"], "value": 0}]})
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    for api in (hr, Api(w.users["admin"])):
        res = api.get(f"/voice/surveys/{sid}/results")
        assert res.status_code == 200
        body = res.json()
        assert body["respondents"] == 13 and body["shown"] is True
        assert body["questions"][0]["counts"] == [3, 3, 3, 2, 2]
        assert sorted(body["questions"][2]["texts"]) == sorted(f"建议{i}" for i in range(13))
        dump = json.dumps(body, ensure_ascii=False)
        for e in people:
            assert e.employee_no not in dump and e.name not in dump
        for r in Response.objects.all():
            assert str(r.pk) not in dump
        assert {g["group"] for g in body["questions"][0]["groups"]} == {w.east.pk, w.west.pk}


def test_employees_do_not_read_results_and_outsiders_do_not_see_the_survey(w) -> None:  # noqa: ANN001
    hr = Api(w.users["hr"])
    res = hr.post("/voice/surveys", {**SURVEY, "audience": "departments", "department_ids": [w.east.pk]})
    sid = res.json()["id"]
    hr.post(f"/voice/surveys/{sid}/questions", {"kind": "rating", "text": "满意度"})
    hr.post(f"/voice/surveys/{sid}/open")
    inside, outside = Api(w.people["east"][0].user), Api(w.people["south"][0].user)
    assert inside.get(f"/voice/surveys/{sid}/results").status_code == 403
    assert [x["id"] for x in inside.get("/voice/surveys").json()["items"]] == [sid]
    assert outside.get("/voice/surveys").json()["items"] == []
    assert outside.get(f"/voice/surveys/{sid}").status_code == 404
    q = Question.objects.get(survey_id=sid)
    assert outside.post(f"/voice/surveys/{sid}/responses",
                        {"answers": [{"question_id": q.pk, "value": 3}]}).status_code == 404
    assert inside.post("/voice/surveys", SURVEY).status_code == 403


@pytest.mark.parametrize(("path", "body"), [
    ("/voice/surveys", {**SURVEY, "title": ""}),
    ("/voice/surveys", {**SURVEY, "closes_on": "2026-10-01"}),
    ("/voice/surveys", {**SURVEY, "audience": "everyone"}),
    ("/voice/surveys", {**SURVEY, "audience": "levels", "levels": ["nope"]}),
    ("/voice/surveys", {**SURVEY, "audience": "departments"}),
    ("/voice/surveys", {**SURVEY, "opens_on": "not a date"}),
    ("/voice/suggestions", {"category": "career", "text": "短"}),
    ("/voice/suggestions", {"category": "nope", "text": "足够长的建议内容"}),
])
def test_bad_input_is_a_4xx_json(w, path: str, body: dict) -> None:  # noqa: ANN001
    who = w.users["hr"] if path == "/voice/surveys" else w.people["east"][0].user
    res = Api(who).post(path, body)
    assert 400 <= res.status_code < 500, res.content
    assert res.headers["Content-Type"].startswith("application/json")


def test_bad_answers_are_a_400_naming_the_question(w) -> None:  # noqa: ANN001
    survey = _open_survey(Api(w.users["hr"]))
    qs = {q["kind"]: q["id"] for q in survey["questions"]}
    api = Api(w.people["east"][0].user)
    for answers in ([{"question_id": qs["rating"], "value": 9}, {"question_id": qs["single"], "value": 0}],
                    [{"question_id": qs["rating"], "value": 3}],
                    [{"question_id": 999999, "value": 3}],
                    [{"question_id": qs["rating"], "value": [1, 2]}, {"question_id": qs["single"], "value": 0}]):
        res = api.post(f"/voice/surveys/{survey['id']}/responses", {"answers": answers})
        assert res.status_code == 400, res.content
    assert not Response.objects.exists()


def test_the_suggestion_box_over_rest(w) -> None:  # noqa: ANN001
    me = Api(w.people["west"][0].user)
    anon = me.post("/voice/suggestions", {"category": "career", "text": "希望公布评审时间表", "anonymous": True})
    assert anon.status_code == 201 and anon.json()["employee_no"] is None
    code = anon.json()["receipt"]
    named = me.post("/voice/suggestions", {"category": "work", "text": "统一交接单模板", "anonymous": False})
    assert named.json()["employee_no"] == w.people["west"][0].employee_no
    assert [g["anonymous"] for g in me.get("/voice/suggestions").json()["items"]] == [False]
    hr = Api(w.users["hr"])
    assert len(hr.get("/voice/suggestions").json()["items"]) == 2
    gid = anon.json()["id"]
    assert me.post(f"/voice/suggestions/{gid}/reply", {"status": "adopted", "reply": "好"}).status_code == 403
    res = hr.post(f"/voice/suggestions/{gid}/reply", {"status": "adopted", "reply": "下季度上线"})
    assert res.status_code == 200 and res.json()["status"] == "adopted"
    found = me.post("/voice/suggestions/lookup", {"code": code.lower()})
    assert found.status_code == 200 and found.json()["reply"] == "下季度上线"
    assert me.post("/voice/suggestions/lookup", {"code": "AAAA-BBBB-CCCC"}).status_code == 404
    assert hr.post(f"/voice/suggestions/{gid}/reply", {"status": "done"}).status_code in (400, 422)


def test_named_answers_only_for_a_named_survey(w) -> None:  # noqa: ANN001
    hr = Api(w.users["hr"])
    anonymous = _open_survey(hr)
    res = hr.post("/voice/surveys", {**SURVEY, "anonymous": False})
    sid = res.json()["id"]
    hr.post(f"/voice/surveys/{sid}/questions", {"kind": "rating", "text": "满意度"})
    hr.post(f"/voice/surveys/{sid}/open")
    qid = Question.objects.get(survey_id=sid).pk
    e = w.people["south"][0]
    assert Api(e.user).post(f"/voice/surveys/{sid}/responses",
                            {"answers": [{"question_id": qid, "value": 4}]}).status_code == 201
    assert hr.get(f"/voice/surveys/{sid}/named").json() == [
        {"employee_no": e.employee_no, "name": e.name, "department": w.south.name, "answers": ["4"]}]
    assert hr.get(f"/voice/surveys/{anonymous['id']}/named").status_code == 404
    assert Api(e.user).get(f"/voice/surveys/{sid}/named").status_code == 403


def test_a_draft_is_changed_over_rest_and_an_open_survey_is_not(w) -> None:  # noqa: ANN001
    hr = Api(w.users["hr"])
    sid = hr.post("/voice/surveys", SURVEY).json()["id"]
    res = hr.put(f"/voice/surveys/{sid}", {**SURVEY, "title": "新标题", "audience": "departments",
                                            "department_ids": [w.west.pk]})
    assert res.status_code == 200 and res.json()["title"] == "新标题" and res.json()["department_ids"] == [w.west.pk]
    hr.post(f"/voice/surveys/{sid}/questions", {"kind": "rating", "text": "满意度"})
    hr.post(f"/voice/surveys/{sid}/open")
    res = hr.put(f"/voice/surveys/{sid}", SURVEY)
    assert res.status_code == 409 and res.json()["code"] == "not_draft"
