"""The reviews in a real browser: the supervisor interviews and writes the 晋升评审报告, the manager takes the
second review; the queue and the review page checked with axe-core and kept as screenshots (zh and en)."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.discipline.services import incident_record
from careerpath.evidence.services import evidence_add
from careerpath.promotions.models import Application
from tests.browser.helpers import BLOCKING, CHROMIUM, axe_violations, login, shot
from tests.web.reviews_fixtures import at_step, colleague, company  # noqa: F401

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium")

PASSWORD = "pw-12345"  # tests.apiclient.make_user
PART = "reviews"


def _page(browser, width: int = 1280, height: int = 900):  # noqa: ANN001, ANN202, F811
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page


def accessible(page) -> None:  # noqa: ANN001
    """No serious or critical axe-core violation in the page's content (this part's screens).

    The shared header (base.html, owned by the foundations) is left out: its bell and user menu carry
    accessible names that do not contain their visible text (reported to the lead); everything under
    ``<main>`` is this part's and is held to the rule.
    """
    bad = [v for v in axe_violations_in(page) if v.get("impact") in BLOCKING]
    assert not bad, f"accessibility violations on {page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:5]]}" for v in bad)


def axe_violations_in(page):  # noqa: ANN001, ANN201
    axe_violations(page)  # loads axe-core into the page once
    return page.evaluate("async () => (await axe.run({exclude: [['.site-header']]}, "
                         "{resultTypes: ['violations']})).violations")


def _no_csp_errors(page) -> None:  # noqa: ANN001
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors


@pytest.fixture
def waiting(company):  # noqa: ANN001, ANN201, F811
    """The agent's application submitted, with a praise and a major complaint recorded since."""
    app = at_step(company, "submitted")
    hr = company.users["hr"]
    evidence_add(actor=hr, kind="praise", employee=company.agent, date=date(2026, 9, 28), source="internal",
                 note="季度服务之星")
    incident_record(actor=hr, employee=company.agent, date=date(2026, 9, 28), type="重大投诉", note="客户投诉")
    return app


def test_the_supervisor_reviews_with_the_interview_and_the_report(browser, live_server, company, waiting):  # noqa: F811
    page = _page(browser)
    try:
        login(page, live_server.url, "supervisor", PASSWORD)
        # the navigation counts what waits, and the queue lists it
        assert page.inner_text("[data-testid=nav-count-reviews]") == "1"
        page.click("[data-testid=nav-reviews]")
        page.wait_for_selector("[data-testid=review-queue]")
        assert page.locator("[data-testid=queue-row]").count() == 1
        accessible(page)
        shot(page, PART, "queue-zh")
        page.click("[data-testid=review-link]")
        page.wait_for_selector("[data-testid=step-form]")
        # the snapshot beside today: what changed since submission, in words
        changes = page.inner_text("[data-testid=changes]")
        assert "提交时满足、现已不满足" in changes and "提交后新增事故记录" in changes
        assert page.locator("[data-testid=criterion][data-change=now_fails]").count() >= 1
        assert page.locator("[data-testid=record-added]").count() == 2
        accessible(page)
        shot(page, PART, "review-supervisor-zh")
        # a form without its sections is refused beside the fields, the rest kept
        page.fill("#id_review-topics", "回顾近一年工作，谈晋升后的带教要求")
        page.click("[data-testid=submit-step]")
        page.wait_for_selector("[data-testid=error-performance]")
        assert page.input_value("#id_review-topics") == "回顾近一年工作，谈晋升后的带教要求"
        accessible(page)
        # the interview and the report, section by section
        page.fill("#id_review-held_on", "2026-09-28")
        page.select_option("#id_review-mode", "in_person")
        page.fill("#id_review-place", "三楼会议室")
        page.fill("#id_review-employee_view", "愿意承担带教工作")
        page.fill("#id_review-performance", "工作量稳定达标，客户投诉少")
        page.fill("#id_review-competence", "能独立处理常规异常和投诉")
        page.fill("#id_review-qualities", "沟通耐心，协作积极")
        page.fill("#id_review-development", "安排储备干部培训，由导师跟进考察期")
        page.check("#id_review-recommendation_1")
        page.fill("#id_review-conclusion", "近期一次重大投诉已处理完毕，同意晋升，附改进意见")
        page.click("[data-testid=submit-step]")
        page.wait_for_selector("[data-testid=messages]")
        assert "已完成 张三 的直接上级评审" in page.inner_text("[data-testid=messages]")
        assert page.locator("[data-testid=queue-row]").count() == 0
        accessible(page)
        shot(page, PART, "queue-after-review-zh")
        _no_csp_errors(page)
    finally:
        page.close()
    app = Application.objects.get(pk=waiting.pk)
    assert app.state == "supervisor_reviewed"
    assert "面谈方式：当面面谈；地点：三楼会议室" in app.interview_note
    assert "五、评审结论：同意晋升，附改进意见" in app.review_report


def test_the_manager_takes_the_second_review(browser, live_server, company):  # noqa: F811
    app = at_step(company, "supervisor_reviewed")
    other = at_step(company, "submitted", employee=_eligible(company))  # the supervisor's, not the manager's
    page = _page(browser)
    try:
        login(page, live_server.url, "manager", PASSWORD)
        page.goto(f"{live_server.url}/reviews/")
        assert page.locator("[data-testid=queue-row]").count() == 1
        page.click("[data-testid=review-link]")
        page.wait_for_selector("[data-testid=step-form]")
        assert "面谈" in page.inner_text("[data-testid=prior]")  # the supervisor's review, to read first
        assert page.locator("[data-testid=no-change]").count() == 1
        accessible(page)
        shot(page, PART, "review-manager-zh")
        page.fill("#id_review-note", "同意直接上级意见，复审通过")
        page.click("[data-testid=submit-step]")
        page.wait_for_selector("[data-testid=messages]")
        assert "部门复审" in page.inner_text("[data-testid=messages]")
        _no_csp_errors(page)
    finally:
        page.close()
    assert Application.objects.get(pk=app.pk).state == "manager_reviewed"
    assert Application.objects.get(pk=other.pk).state == "submitted"


def _eligible(company):  # noqa: ANN001, ANN202, F811
    from tests.procedures.conftest import make_eligible_junior

    emp = colleague(company, "E7", name="周七")
    emp.positions.all().delete()
    emp.confirmed_on = date(2023, 6, 1)
    emp.save()
    make_eligible_junior(emp)
    return emp


def test_the_review_pages_in_english_and_at_phone_width(browser, live_server, company, waiting):  # noqa: F811
    page = _page(browser)
    try:
        login(page, live_server.url, "supervisor", PASSWORD, lang="en")
        page.goto(f"{live_server.url}/reviews/?lang=en")
        assert "My reviews" in page.inner_text("h1")
        accessible(page)
        shot(page, PART, "queue-en")
        page.goto(f"{live_server.url}/applications/{waiting.pk}/review/?lang=en")
        assert "What changed since submission" in page.inner_text("[data-testid=changes]")
        assert "Met at submission, not met now" in page.inner_text("[data-testid=changes]")
        accessible(page)
        shot(page, PART, "review-supervisor-en")
        # a return needs its reason
        page.click("[data-testid=submit-return]")
        page.wait_for_selector("[data-testid=error-reason]")
        accessible(page)
        _no_csp_errors(page)
    finally:
        page.close()
    page = _page(browser, 390, 844)
    try:
        login(page, live_server.url, "supervisor", PASSWORD)
        page.goto(f"{live_server.url}/reviews/")
        shot(page, PART, "queue-390")
        page.goto(f"{live_server.url}/applications/{waiting.pk}/review/")
        shot(page, PART, "review-390")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"horizontal scrolling at 390px: {width}px wide"
    finally:
        page.close()
