"""Internal competition in a real browser: HR posts a vacancy, a pool member applies from their home page,
HR interviews, scores and selects, and the selected person's application is in the usual review and notice flow.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page of this part;
screenshots in Chinese and English under test-artifacts/talent/.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.promotions import services as ps
from careerpath.promotions.models import Application
from careerpath.talent import services as ts
from careerpath.talent.models import Candidate, Posting, PostingState
from tests.browser.helpers import CHROMIUM, login, look, new_page
from tests.web.talent_world import AFTER_CLOSING, PASSWORD, TODAY, build_talent
from tests.web.test_talent_services import interview, report

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "talent"
STATEMENT = "本人任高级客服专员近三年，带教新人三名，熟悉排班与异常处理，希望竞聘客服主管，带好班组。"


@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    return build_talent(settings)



def test_a_vacancy_is_posted_applied_for_scored_and_filled_through_the_workflow(browser, live_server, world):
    base = live_server.url
    # 1. HR posts the vacant 客服主管 post of 华东客服一部
    hr = new_page(browser)
    login(hr, base, "hr", PASSWORD)
    hr.goto(f"{base}{reverse('web:talent_postings')}")
    hr.wait_for_selector("[data-testid=vacancies]")
    look(hr, PART, "postings-zh")
    hr.click("[data-testid=posting-new]")
    hr.select_option("#id_post", f"{world.dept.pk}:supervisor")
    hr.fill("#id_working_days", "5")
    hr.fill("#id_description", "负责华东一部班组日常管理与排班")
    look(hr, PART, "posting-new-zh")
    hr.click("[data-testid=posting-submit]")
    hr.wait_for_selector("[data-testid=candidates]")
    posting = Posting.objects.get()
    assert "2026年10月9日" in hr.inner_text("[data-testid=closes-on]")
    assert "已通知人才储备库成员 2 人" in hr.inner_text("[data-testid=messages]")
    look(hr, PART, "posting-hr-zh")
    hr.goto(f"{base}{reverse('web:talent_pool')}")
    hr.wait_for_selector("[data-testid=pool-members]")
    hr.locator("[data-testid=pool-member] details").first.evaluate("d => d.open = true")
    look(hr, PART, "pool-zh")

    # 2. The pool member sees it on their home page and applies with a statement
    me = new_page(browser, width=390)
    login(me, base, "ready", PASSWORD)
    me.wait_for_selector("[data-testid=open-postings]")
    look(me, PART, "home-block-zh")
    me.click("[data-testid=open-postings] a")
    me.wait_for_selector("[data-testid=apply-form]")
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    look(me, PART, "posting-apply-zh")
    me.fill("#id_statement", STATEMENT)
    me.click("[data-testid=apply-submit]")
    me.wait_for_selector("[data-testid=my-candidacy]")
    look(me, PART, "posting-applied-zh")
    cand = Candidate.objects.get()

    # 3. After the closing day HR interviews and scores with the promotion's review form, then selects
    world.today(AFTER_CLOSING)
    hr.goto(f"{base}{reverse('web:talent_postings')}")
    assert hr.locator("[data-testid=nav-count-talent_postings]").text_content().strip() == "1"
    hr.goto(f"{base}{reverse('web:talent_posting', args=[posting.pk])}")
    hr.click("[data-testid=score-link]")
    hr.wait_for_selector("[data-testid=score-form]")
    hr.fill("#id_review-held_on", AFTER_CLOSING.isoformat())
    hr.fill("#id_review-place", "三楼会议室")
    hr.fill("#id_review-topics", "班组管理经验、排班思路与到岗后的目标")
    hr.fill("#id_review-performance", "工作量持续达标，客户满意度高")
    hr.fill("#id_review-competence", "异常与投诉处理熟练，带教新人三名")
    hr.fill("#id_review-qualities", "沟通顺畅，责任心强")
    hr.fill("#id_review-development", "到岗后参加管理能力培训，导师指导三个月")
    hr.fill("#id_review-conclusion", "综合表现突出，推荐入选")
    hr.fill("#id_review-score", "92")
    look(hr, PART, "candidate-score-zh")
    hr.click("[data-testid=score-submit]")
    hr.wait_for_selector(f"[data-testid=select-{world.ready.employee_no}]")
    hr.click(f"[data-testid=select-{world.ready.employee_no}]")
    hr.wait_for_selector("[data-testid=posting-application]")
    posting.refresh_from_db()
    assert posting.state == PostingState.SELECTED
    app = Application.objects.get(pk=posting.application_id)
    assert app.employee_id == cand.employee_id and app.to_level == "supervisor"
    assert "待上级评审" in hr.inner_text("[data-testid=posting-application] + [data-testid=status]")
    look(hr, PART, "posting-selected-zh")

    # 4. The usual workflow: the supervisor's and the manager's reviews, then HR's notice page lists it
    u = world.users
    app = ps.application_supervisor_review(actor=u["supervisor"], application=app, interview_note="面谈",
                                           review_report="同意")
    ps.application_manager_review(actor=u["manager"], application=app, note="同意")
    hr.goto(f"{base}{reverse('web:hr_queue')}")
    hr.wait_for_selector("[data-testid=section-ready]")
    assert world.ready.name in hr.inner_text("[data-testid=section-ready]")

    hr.close()
    me.close()


def test_the_pages_read_in_english(browser, live_server, world):
    # given a posting with a scored candidate, made through the services
    p = world.post()
    cand = ts.candidate_apply(actor=world.users["ready"], posting=p, statement=STATEMENT, today=TODAY)
    ts.candidate_score(actor=world.users["hr"], candidate=cand, interview=interview(TODAY), report=report(), score=90,
                       today=TODAY)
    base = live_server.url
    hr = new_page(browser, locale="en-US")
    login(hr, base, "hr", PASSWORD, lang="en")
    for name, url in [("pool-en", reverse("web:talent_pool")), ("postings-en", reverse("web:talent_postings")),
                      ("posting-hr-en", reverse("web:talent_posting", args=[p.pk])),
                      ("candidate-en", reverse("web:talent_candidate", args=[p.pk, cand.pk]))]:
        hr.goto(f"{base}{url}")
        hr.wait_for_selector("main")
        assert "人才储备库" not in hr.inner_text("h1")
        look(hr, PART, name)
    me = new_page(browser, width=390, locale="en-US")
    login(me, base, "ready", PASSWORD, lang="en")
    me.wait_for_selector("[data-testid=open-postings]")
    assert "Internal competitions open to you" in me.inner_text("[data-testid=open-postings]")
    me.goto(f"{base}{reverse('web:talent_posting', args=[p.pk])}")
    me.wait_for_selector("[data-testid=my-candidacy]")
    look(me, PART, "posting-applied-en")
    hr.close()
    me.close()
