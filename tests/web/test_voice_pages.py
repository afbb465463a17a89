"""The employee-voice pages: an employee's surveys and suggestions, answering, HR's surveys, results and
the suggestion box — the right roles, English complete, query budgets, and no page saying who answered what."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin

from careerpath.voice import services as vs
from careerpath.voice.models import Answer, Participation, Response, Suggestion
from tests.voice.world import PASSWORD, TODAY, VoiceWorld, build_voice

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
DATA = ["晋升通道满意度调查", "匿名，约 3 分钟", "整体满意度", "是否清楚晋升条件", "不清楚", "清楚", "希望加强哪些支持", "培训",
        "带教", "透明", "其他建议", "客服中心", "华东客服部", "华南客服部", "西部客服部", "华东员工", "西部员工", "华南员工",
        "多一些培训", "希望公布评审时间表", "下月起执行"]


@pytest.fixture
def w(settings) -> VoiceWorld:  # noqa: ANN001
    return build_voice(settings)


def _login(client, user) -> None:  # noqa: ANN001
    assert client.login(username=user.username, password=PASSWORD)


def _english_leftovers(html: str) -> list[str]:
    body = html[html.index("<main"):html.index("</main>")] if "<main" in html else html
    for d in sorted(DATA, key=len, reverse=True):
        body = body.replace(d, "")
    body = re.sub(r"<script[^>]*>.*?</script>", "", body, flags=re.S)
    return sorted(set(CJK.findall(re.sub(r"<[^>]+>", " ", body))))


def _answered(w: VoiceWorld, n_east: int = 7, n_south: int = 3, n_west: int = 0) -> object:
    s = w.survey()
    for e in w.people["east"][:n_east]:
        w.answer(s, e, rating=5, text="多一些培训")
    for e in w.people["west"][:n_west]:
        w.answer(s, e, rating=3)
    for e in w.people["south"][:n_south]:
        w.answer(s, e, rating=1)
    return s


def test_the_home_page_lists_the_survey_waiting_and_the_employee_answers_it(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001, E501
    s = w.survey()
    e = w.people["west"][0]
    _login(client, e.user)
    with django_assert_max_num_queries(29):
        html = client.get("/").content.decode()
    assert 'data-testid="voice-surveys"' in html and f"/voice/surveys/{s.pk}/answer/" in html
    page = client.get(f"/voice/surveys/{s.pk}/answer/")
    assert page.status_code == 200 and 'data-testid="anonymous-note"' in page.content.decode()
    qs = {q.kind: q for q in s.questions.all()}
    bad = client.post(f"/voice/surveys/{s.pk}/answer/", {f"q{qs['single'].pk}": "0"})
    assert bad.status_code == 400 and not Participation.objects.exists()
    res = client.post(f"/voice/surveys/{s.pk}/answer/", {
        f"q{qs['rating'].pk}": "4", f"q{qs['single'].pk}": "1", f"q{qs['multiple'].pk}": ["0", "2"],
        f"q{qs['text'].pk}": "多一些培训"})
    assert res.status_code == 302
    r = Response.objects.get()
    assert r.employee_id is None
    assert sorted(a.choices for a in Answer.objects.filter(response=r) if a.choices) == [[0, 2], [1]]
    assert 'data-testid="voice-surveys"' not in client.get("/").content.decode()
    assert "已填写过" in client.get(f"/voice/surveys/{s.pk}/answer/").content.decode()


def test_someone_outside_the_target_group_gets_a_404(client, w) -> None:  # noqa: ANN001
    s = w.survey(audience="departments", departments=[w.east])
    _login(client, w.people["south"][0].user)
    assert client.get(f"/voice/surveys/{s.pk}/answer/").status_code == 404
    assert client.post(f"/voice/surveys/{s.pk}/answer/", {}).status_code == 404


@pytest.mark.parametrize("url", ["/voice/surveys/", "/voice/surveys/new/", "/voice/suggestions/"])
def test_hr_pages_are_refused_to_employees(client, w, url: str) -> None:  # noqa: ANN001
    _login(client, w.people["east"][0].user)
    assert client.get(url).status_code == 403


def test_the_employee_page_needs_an_employee(client, w) -> None:  # noqa: ANN001
    _login(client, w.users["hr"])
    assert client.get("/voice/").status_code == 403


def test_hr_drafts_adds_questions_and_opens_a_survey(client, w) -> None:  # noqa: ANN001
    _login(client, w.users["hr"])
    bad = client.post("/voice/surveys/new/", {"title": "", "anonymous": "1", "audience": "company",
                                              "opens_on": "2026-11-02", "closes_on": "2026-11-01"})
    assert bad.status_code == 400
    res = client.post("/voice/surveys/new/", {"title": "年度调查", "anonymous": "1", "audience": "departments",
                                              "departments": [str(w.south.pk)], "opens_on": "2026-11-02",
                                              "closes_on": "2026-11-20"})
    assert res.status_code == 302
    url = res["Location"]
    assert client.post(url, {"action": "add", "kind": "single", "text": "一个选项", "options": "是"}).status_code == 400
    assert client.post(url, {"action": "add", "kind": "rating", "text": "满意度", "required": "on"}).status_code == 302
    assert client.post(url, {"action": "open"}).status_code == 302
    assert "进行中" in client.get(url).content.decode()


def test_results_show_counts_withhold_the_small_group_and_name_nobody(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001, E501
    s = _answered(w, n_east=7, n_south=3, n_west=6)
    _login(client, w.users["hr"])
    with django_assert_max_num_queries(29):
        res = client.get(f"/voice/surveys/{s.pk}/results/")
    html = res.content.decode()
    assert res.status_code == 200
    assert 'data-testid="respondents"' in html and "已收到 16 份答卷" in html
    assert 'data-testid="withheld"' in html and "多一些培训" in html
    # The department breakdown shows 华东 (7) only: 华南 (3) is withheld, and 西部 (6) with it (else the
    # total minus 华东 and 西部 would be 华南's answers).
    table = html[html.index('id="table-q1-department"'):]
    table = table[:table.index("</table>")]
    assert "华东客服部" in table and "华南客服部" not in table and "西部客服部" not in table
    for e in w.people["east"] + w.people["south"] + w.people["west"]:
        assert e.name not in html and e.employee_no not in html
    for r in Response.objects.all():
        assert str(r.pk) not in html
    csv = client.get(f"/voice/surveys/{s.pk}/results/q1-department.csv").content.decode()
    assert "华东客服部" in csv and "华南客服部" not in csv and "西部客服部" not in csv
    assert client.get(f"/voice/surveys/{s.pk}/results/q1.xlsx").status_code == 200
    assert client.get(f"/voice/surveys/{s.pk}/results/nope.csv").status_code == 404


def test_results_below_the_minimum_show_only_the_count(client, w) -> None:  # noqa: ANN001
    s = _answered(w, n_east=3, n_south=1)
    _login(client, w.users["hr"])
    html = client.get(f"/voice/surveys/{s.pk}/results/").content.decode()
    assert 'data-testid="suppressed"' in html and "多一些培训" not in html and "chart-q1" not in html
    assert client.get(f"/voice/surveys/{s.pk}/results/q1.csv").status_code == 404


def test_the_admin_lists_no_answer(client, w) -> None:  # noqa: ANN001
    for model in (Response, Answer, Participation):
        assert model not in admin.site._registry
    s = _answered(w)
    _login(client, w.users["admin"])
    html = client.get(f"/admin/voice/survey/{s.pk}/change/").content.decode()
    assert all(e.name not in html for e in w.people["east"])


def test_the_suggestion_box(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001
    e = w.people["east"][0]
    _login(client, e.user)
    res = client.post("/voice/suggest/", {"category": "career", "text": "希望公布评审时间表", "anonymous": "1"})
    assert res.status_code == 200
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', res.content.decode()).group(1)
    g = Suggestion.objects.get()
    assert g.employee_id is None
    vs.suggestion_reply(actor=w.users["hr"], suggestion=g, status="adopted", reply="下月起执行", today=TODAY)
    html = client.get("/voice/", {"code": code}).content.decode()
    assert "下月起执行" in html
    assert client.get("/voice/", {"code": "AAAA-AAAA-AAAA"}).status_code == 400
    client.logout()
    _login(client, w.users["hr"])
    with django_assert_max_num_queries(29):
        html = client.get("/voice/suggestions/").content.decode()
    assert "希望公布评审时间表" in html and e.name not in html
    page = client.get(f"/voice/suggestions/{g.pk}/")
    assert page.status_code == 200
    assert client.post(f"/voice/suggestions/{g.pk}/", {"status": "declined", "reply": ""}).status_code == 400
    assert client.post(f"/voice/suggestions/{g.pk}/", {"status": "declined", "reply": "预算不足"}).status_code == 302


def test_every_page_reads_in_english(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001
    s = _answered(w, n_east=7, n_south=3, n_west=6)
    draft = w.survey(open_it=False)
    g = vs.suggestion_submit(actor=w.people["west"][0].user, category="career", text="希望公布评审时间表",
                             anonymous=False, today=TODAY).suggestion
    vs.suggestion_reply(actor=w.users["hr"], suggestion=g, status="adopted", reply="下月起执行", today=TODAY)
    _login(client, w.users["hr"])
    for url in ("/voice/surveys/", "/voice/surveys/new/", f"/voice/surveys/{s.pk}/", f"/voice/surveys/{draft.pk}/",
                f"/voice/surveys/{draft.pk}/edit/",
                f"/voice/surveys/{s.pk}/results/", f"/voice/surveys/{s.pk}/results/?by=level", "/voice/suggestions/",
                f"/voice/suggestions/{g.pk}/"):
        with django_assert_max_num_queries(29):
            res = client.get(url, {"lang": "en"} if "?" not in url else None, HTTP_ACCEPT_LANGUAGE="en")
        assert res.status_code == 200, url
        assert _english_leftovers(res.content.decode()) == [], url
    client.logout()
    waiting = w.survey()
    _login(client, w.people["west"][0].user)
    for url in ("/voice/", f"/voice/surveys/{waiting.pk}/answer/", "/voice/suggest/", "/"):
        with django_assert_max_num_queries(29):
            res = client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="en")
        assert res.status_code == 200, url
        html = res.content.decode()
        if url != "/":
            assert _english_leftovers(html) == [], url
    assert "Surveys waiting for you" in html


def test_an_open_survey_past_its_closing_date_says_so_and_takes_no_answer(client, w, settings) -> None:  # noqa: ANN001
    s = w.survey()
    settings.CAREERPATH_TODAY = "2026-11-30"
    _login(client, w.users["hr"])
    assert "已过截止日期" in client.get("/voice/surveys/").content.decode()
    assert "已过截止日期" in client.get(f"/voice/surveys/{s.pk}/").content.decode()
    client.logout()
    _login(client, w.people["east"][0].user)
    assert client.get(f"/voice/surveys/{s.pk}/answer/").status_code == 404


def test_a_named_survey_lists_its_answers_person_by_person_and_an_anonymous_one_has_no_such_page(client, w, django_assert_max_num_queries) -> None:  # noqa: ANN001, E501
    named = w.survey(anonymous=False, title="实名调查")
    e = w.people["west"][1]
    w.answer(named, e, rating=2, single=1, multiple=[0, 2], text="希望公布评审时间表")
    anonymous = _answered(w, n_east=7, n_south=0)
    _login(client, w.users["hr"])
    with django_assert_max_num_queries(29):
        res = client.get(f"/voice/surveys/{named.pk}/named/")
    html = res.content.decode()
    assert res.status_code == 200
    assert e.name in html and e.employee_no in html and "不清楚" in html and "培训、透明" in html
    assert 'data-testid="named-link"' in client.get(f"/voice/surveys/{named.pk}/results/").content.decode()
    assert client.get(f"/voice/surveys/{anonymous.pk}/named/").status_code == 404
    assert 'data-testid="named-link"' not in client.get(f"/voice/surveys/{anonymous.pk}/results/").content.decode()
    assert _english_leftovers(client.get(f"/voice/surveys/{named.pk}/named/", {"lang": "en"}).content.decode()
                              .replace("实名调查", "").replace(e.department.name, "")) == []
    client.logout()
    _login(client, e.user)
    assert client.get(f"/voice/surveys/{named.pk}/named/").status_code == 403


def test_hr_changes_a_drafts_settings_but_not_an_open_surveys(client, w) -> None:  # noqa: ANN001
    draft, opened = w.survey(open_it=False), w.survey()
    _login(client, w.users["hr"])
    page = client.get(f"/voice/surveys/{draft.pk}/edit/")
    assert page.status_code == 200 and "晋升通道满意度调查" in page.content.decode()
    res = client.post(f"/voice/surveys/{draft.pk}/edit/", {
        "title": "改过的标题", "anonymous": "0", "audience": "levels", "levels": ["senior"],
        "opens_on": "2026-11-03", "closes_on": "2026-11-30"})
    assert res.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.anonymous, draft.audience) == ("改过的标题", False, "levels")
    assert list(draft.target_levels.values_list("level", flat=True)) == ["senior"]
    assert client.post(f"/voice/surveys/{draft.pk}/edit/", {"title": "x", "anonymous": "1", "audience": "levels",
                                                              "opens_on": "2026-11-03",
                                                              "closes_on": "2026-11-30"}).status_code == 400
    assert client.get(f"/voice/surveys/{opened.pk}/edit/").status_code == 302
    assert client.post(f"/voice/surveys/{opened.pk}/edit/", {"title": "不应改"}).status_code == 302
    opened.refresh_from_db()
    assert opened.title == "晋升通道满意度调查"


def test_a_manager_reads_the_named_suggestions_of_their_department_only(client, w) -> None:  # noqa: ANN001
    from datetime import date

    from careerpath.people.models import Employee
    from tests.apiclient import Api, make_user

    boss = Employee.objects.create(employee_no="M01", name="华东经理", hired_on=date(2015, 1, 1), department=w.east)
    manager = make_user("boss", "manager", "employee", employee=boss)
    mine = vs.suggestion_submit(actor=w.people["east"][2].user, category="work", text="华东的实名建议内容",
                                anonymous=False, today=TODAY).suggestion
    vs.suggestion_submit(actor=w.people["east"][3].user, category="work", text="华东的匿名建议内容", anonymous=True,
                         today=TODAY)
    vs.suggestion_submit(actor=w.people["west"][0].user, category="work", text="西部的实名建议内容", anonymous=False,
                         today=TODAY)
    _login(client, manager)
    html = client.get("/voice/suggestions/").content.decode()
    assert 'data-testid="manager-note"' in html and "华东的实名建议内容" in html
    assert "华东的匿名建议内容" not in html and "西部的实名建议内容" not in html
    assert client.get(f"/voice/suggestions/{mine.pk}/").status_code == 403  # HR handles and replies
    assert [g["text"] for g in Api(manager).get("/voice/suggestions").json()["items"]] == ["华东的实名建议内容"]
