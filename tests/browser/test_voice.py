"""Employee voice in a real browser: an employee answers the anonymous survey from their home page, HR
opens the results and sees the counts and nowhere who answered what, a department below the minimum is
withheld; the suggestion box with its receipt code.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page; screenshots in
Chinese and English (the employee's at 390 px) under test-artifacts/voice/.
"""

from __future__ import annotations

import pytest

from careerpath.voice.models import Question, Response, Suggestion, Survey
from tests.browser.helpers import CHROMIUM, login, look, new_page
from tests.voice.world import PASSWORD, build_voice

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "voice"


@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    return build_voice(settings)



def test_an_employee_answers_anonymously_and_hr_reads_counts_without_names(browser, live_server, world):  # noqa: ANN001
    base = live_server.url
    s = world.survey()
    for e in world.people["east"][:6]:
        world.answer(s, e, rating=5, single=0, multiple=[0, 1], text="希望多一些带教")
    for e in world.people["west"]:
        world.answer(s, e, rating=3, single=1, multiple=[2])
    for e in world.people["south"]:
        world.answer(s, e, rating=2, single=1, multiple=[1])
    q = {x.kind: x for x in Question.objects.filter(survey=s)}
    me_emp = world.people["east"][6]

    # 1. The employee finds the survey on their home page (a phone) and answers it anonymously
    me = new_page(browser, width=390)
    login(me, base, "east7", PASSWORD)
    me.wait_for_selector("[data-testid=voice-surveys]")
    assert me.locator("[data-testid=nav-count-voice_mine]").text_content().strip() == "1"
    look(me, PART, "home-block-zh")
    me.click(f"[data-testid=voice-survey-{s.pk}]")
    me.wait_for_selector("[data-testid=answer-form]")
    assert me.is_visible("[data-testid=anonymous-note]")
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    me.check(f"input[name=q{q['rating'].pk}][value='4']")
    me.check(f"input[name=q{q['single'].pk}][value='0']")
    me.check(f"input[name=q{q['multiple'].pk}][value='2']")
    me.fill(f"textarea[name=q{q['text'].pk}]", "评审标准希望更透明")
    look(me, PART, "answer-zh")
    me.click("[data-testid=answer-submit]")
    me.wait_for_selector("[data-testid=my-surveys]")
    assert "已匿名提交" in me.inner_text("[data-testid=messages]")
    look(me, PART, "mine-zh")
    assert Response.objects.filter(survey=s).count() == 16
    assert not Response.objects.filter(employee__isnull=False).exists()

    # 2. HR reads the results: the counts, the small department withheld, nobody named
    hr = new_page(browser)
    login(hr, base, "hr", PASSWORD)
    hr.goto(f"{base}/voice/surveys/")
    hr.wait_for_selector("[data-testid=surveys]")
    look(hr, PART, "surveys-zh")
    hr.click(f"[data-testid=results-{s.pk}]")
    hr.wait_for_selector("[data-testid=chart-q1] [data-rendered=true]")
    assert "已收到 16 份答卷" in hr.inner_text("[data-testid=respondents]")
    assert "2 个分组" in hr.inner_text("[data-testid=withheld]")
    hr.click("[data-testid=toggle-q1]")
    table = hr.inner_text("[data-testid=table-q1]")
    assert "4 分" in table and "5 分" in table and "37.5%" in table
    hr.click("[data-testid=toggle-q1-department]")
    by_dept = hr.inner_text("[data-testid=table-q1-department]")
    assert "华东客服部" in by_dept and "华南客服部" not in by_dept and "西部客服部" not in by_dept
    assert "评审标准希望更透明" in hr.inner_text("[data-testid=texts-4]")
    page = hr.content()
    for e in world.people["east"] + world.people["west"] + world.people["south"]:
        assert e.name not in page and e.employee_no not in page
    look(hr, PART, "results-zh")
    hr.goto(f"{base}/voice/surveys/{s.pk}/results/?by=level&lang=en")
    hr.wait_for_selector("[data-testid=chart-q1] [data-rendered=true]")
    assert "16 responses received" in hr.inner_text("[data-testid=respondents]")
    look(hr, PART, "results-level-en")

    # 3. The suggestion box: an anonymous suggestion and its receipt, in English
    me.goto(f"{base}/voice/suggest/?lang=en")
    me.select_option("#id_category", "career")
    me.fill("#id_text", "希望在系统中看到距离下一职级还差哪些条件")
    look(me, PART, "suggest-en")
    me.click("[data-testid=suggest-submit]")
    me.wait_for_selector("[data-testid=receipt-code]")
    code = me.inner_text("[data-testid=receipt-code]").strip()
    assert Suggestion.objects.get().employee_id is None
    look(me, PART, "receipt-en")
    hr.goto(f"{base}/voice/suggestions/")
    hr.click("[data-testid=suggestions] a")
    hr.select_option("#id_status", "in_progress")
    hr.fill("#id_reply", "已纳入下季度系统改进计划")
    look(hr, PART, "suggestion-en")
    hr.click("[data-testid=reply-save]")
    hr.wait_for_selector("[data-testid=suggestions]")
    look(hr, PART, "suggestions-en")
    me.goto(f"{base}/voice/?code={code}")
    me.wait_for_selector("[data-testid=suggestion]")
    assert "已纳入下季度系统改进计划" in me.inner_text("[data-testid=suggestion]")
    look(me, PART, "mine-receipt-en")
    assert me_emp.name not in hr.content()
    hr.close()
    me.close()


def test_hr_drafts_a_survey_adds_questions_and_opens_it(browser, live_server, world):  # noqa: ANN001
    base = live_server.url
    hr = new_page(browser)
    login(hr, base, "hr", PASSWORD, lang="en")
    hr.goto(f"{base}/voice/surveys/new/")
    hr.fill("#id_title", "2026年度培训需求调查")
    hr.fill("#id_description", "了解一线员工的培训需求")
    hr.select_option("#id_audience", "departments")
    hr.select_option("#id_departments", [str(world.south.pk)])
    hr.fill("#id_opens_on", "2026-11-02")
    hr.fill("#id_closes_on", "2026-11-01")
    hr.click("[data-testid=survey-create]")
    hr.wait_for_selector("#id_closes_on ~ .invalid-feedback")
    hr.fill("#id_closes_on", "2026-11-20")
    look(hr, PART, "survey-new-en")
    hr.click("[data-testid=survey-create]")
    hr.wait_for_selector("[data-testid=question-form]")
    hr.select_option("#id_kind", "single")
    hr.fill("#id_text", "您最希望参加哪类培训？")
    hr.fill("#id_options", "业务知识\n沟通与投诉处理\n系统工具")
    hr.click("[data-testid=question-add]")
    hr.wait_for_selector("[data-testid=questions]")
    look(hr, PART, "survey-draft-en")
    hr.click("[data-testid=survey-open]")
    hr.wait_for_selector("[data-testid=survey-close]")
    assert hr.inner_text("[data-testid=survey-state]").strip() == "In progress"
    look(hr, PART, "survey-open-en")
    survey = Survey.objects.get()
    assert survey.state == "open" and list(survey.departments.all()) == [world.south]
    hr.goto(f"{base}/voice/surveys/{survey.pk}/results/")
    hr.wait_for_selector("[data-testid=suppressed]")
    look(hr, PART, "results-empty-en")
    hr.close()
