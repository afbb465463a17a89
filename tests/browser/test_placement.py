"""Initial placement through the pages only, in a real browser: HR starts a run, the department manager
agrees with one proposal and adjusts another with a reason (after being told a reason is needed), HR
closes the review once its working days are over and confirms; then HR edits a headcount plan.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page of this part;
screenshots in Chinese and English under test-artifacts/placement/.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.org.models import HeadcountPlan
from careerpath.org.services import headcount_set
from careerpath.people.models import Employee, Position
from careerpath.placement.models import PlacementRun, RunState
from tests.browser.helpers import CHROMIUM, login, shot
from tests.browser.helpers import accessible_in_layout as accessible
from tests.web.placement_world import AFTER, PASSWORD, build_world, proposal, start_run

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "placement"


@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    w = build_world(settings, zh=True)
    lead = Employee.objects.create(employee_no="S1", name="孙组长", education="大专", hired_on=date(2018, 1, 1),
                                   department=w.east, confirmed_on=date(2018, 3, 1))
    Position.objects.create(employee=lead, level="supervisor", start_on=date(2021, 1, 1))
    w.plan = headcount_set(actor=None, department=w.east, level="supervisor", planned=2, note="两个班组")
    headcount_set(actor=None, department=None, level="director", planned=1)
    return w


def _page(browser, width: int = 1280, locale: str = "zh-CN"):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": width, "height": 900}, locale=locale)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    return page


def _clean(page) -> None:  # noqa: ANN001
    """No CSP or script error; a form refused on purpose (400, 409) is the only resource error allowed."""
    bad = [e for e in page.console_errors if not ("status of 400" in e or "status of 409" in e)]
    assert not bad, bad


def _logout(page, base: str) -> None:  # noqa: ANN001
    page.context.clear_cookies()


def test_placement_from_run_to_department_review(browser, live_server, world):
    base = live_server.url
    page = _page(browser)
    try:
        # HR: the runs (empty), the form, a date error beside its field, then the run
        login(page, base, "hr", PASSWORD)
        page.click("[data-testid=nav-group-org]")
        page.click("[data-testid=nav-placement]")
        page.wait_for_selector("[data-testid=empty]")
        accessible(page)
        page.click("[data-testid=run-new]")
        page.fill("#id_as_of", "2026-11-02")
        page.fill("#id_effective_on", "2026-10-01")
        page.click("[data-testid=run-start]")
        page.wait_for_selector("#id_effective_on_error")
        assert "生效日期不能早于评定日期" in page.inner_text("#id_effective_on_error")
        assert not PlacementRun.objects.exists()
        accessible(page)
        shot(page, PART, "run-new-error-zh")
        page.fill("#id_effective_on", "2026-12-01")
        page.click("[data-testid=run-start]")
        page.wait_for_selector("[data-testid=proposals]")
        run = PlacementRun.objects.get()
        assert "初评已发起" in page.inner_text("[data-testid=messages]")
        assert page.inner_text("[data-testid=days-left]") == "还剩 7 个工作日"
        assert "达到高级客服专员的初评标准" in page.inner_text("[data-testid=proposal-P1]")
        accessible(page)
        shot(page, PART, "run-zh")
        _logout(page, base)

        # The east manager: the count in the menu, the review page, agree, then adjust with a reason
        login(page, base, "mgr1", PASSWORD)
        assert page.inner_text("[data-testid=nav-count-group-org]") == "1"
        page.click("[data-testid=nav-group-org]")
        page.click("[data-testid=nav-placement]")
        page.click(f"[data-testid=review-{run.pk}]")
        page.wait_for_selector("[data-testid=agree-P1]")
        assert page.locator("[data-testid=proposal-P3]").count() == 0  # another department
        accessible(page)
        shot(page, PART, "review-zh")
        page.click("[data-testid=agree-P1]")
        page.wait_for_selector("[data-testid=messages]")
        assert "已同意 张三 的建议职级" in page.inner_text("[data-testid=messages]")
        page.click("[data-testid=adjust-P2]")
        page.wait_for_selector("[data-testid=standards]")
        assert page.locator("[data-testid=standard-intermediate]").count() == 1
        accessible(page)
        shot(page, PART, "proposal-zh")
        page.select_option("#id_level", "junior")
        page.click("[data-testid=do-adjust]")
        page.wait_for_selector("#id_reason_error")
        assert proposal(run, "P2").reviewed_at is None
        accessible(page)
        shot(page, PART, "proposal-reason-needed-zh")
        page.fill("#id_reason", "常规异常处理尚需带教，建议先定初级")
        page.click("[data-testid=do-adjust]")
        page.wait_for_selector("[data-testid=counts]")
        assert "已将 李四 的职级调整为 初级客服专员" in page.inner_text("[data-testid=messages]")
        assert proposal(run, "P2").final_level == "junior"
        page.select_option("#id_show", "")
        page.click("[data-testid=filters] button")
        page.wait_for_selector("[data-testid=proposal-P2]")
        assert "调整为 初级客服专员" in page.inner_text("[data-testid=proposal-P2]")
        accessible(page)
        shot(page, PART, "review-done-zh")
        _clean(page)
    finally:
        page.close()


def test_placement_confirmation_after_the_review(browser, live_server, world):
    """The journey's end (split off to keep each test short): the review done as above, through the services."""
    from careerpath.placement import services as pls

    base = live_server.url
    run = start_run(world)
    pls.placement_proposal_review(actor=world.users["mgr1"], proposal=proposal(run, "P1"))
    pls.placement_proposal_review(actor=world.users["mgr1"], proposal=proposal(run, "P2"), level="junior",
                                  reason="常规异常处理尚需带教，建议先定初级")
    page = _page(browser)
    try:
        # HR, after the seven working days: close the review, check the adjustment, confirm
        world.settings.CAREERPATH_TODAY = AFTER
        login(page, base, "hr", PASSWORD)
        page.goto(f"{base}{reverse('web:placement_runs')}")
        page.click(f"[data-testid=confirm-{run.pk}]")
        page.click("[data-testid=do-close]")
        page.wait_for_selector("[data-testid=do-confirm]")
        assert "常规异常处理尚需带教" in page.inner_text("[data-testid=adjusted-P2]")
        accessible(page)
        shot(page, PART, "confirm-zh")
        page.click("[data-testid=do-confirm]")
        page.wait_for_selector("[data-testid=proposals]")
        assert "初评已确认" in page.inner_text("[data-testid=messages]")
        assert PlacementRun.objects.get().state == RunState.CONFIRMED
        levels = dict(Position.objects.filter(reason="初评").values_list("employee__employee_no", "level"))
        assert levels == {"P1": "senior", "P2": "junior", "P3": "assistant"}
        accessible(page)
        _clean(page)
    finally:
        page.close()


def test_hr_edits_a_headcount_plan_and_sees_the_vacancy(browser, live_server, world):
    base = live_server.url
    page = _page(browser)
    try:
        login(page, base, "hr", PASSWORD)
        page.click("[data-testid=nav-group-org]")
        page.click("[data-testid=nav-headcount]")
        page.wait_for_selector("[data-testid=plans]")
        assert page.inner_text(f"[data-testid=plan-{world.plan.pk}] [data-testid=vacant]").strip().endswith("1")
        accessible(page)
        shot(page, PART, "headcount-zh")
        page.click(f"[data-testid=edit-{world.plan.pk}]")
        page.fill("#id_planned", "-1")
        page.click("[data-testid=headcount-save]")
        page.wait_for_selector("#id_planned_error")
        assert HeadcountPlan.objects.get(pk=world.plan.pk).planned == 2
        accessible(page)
        shot(page, PART, "headcount-edit-error-zh")
        page.fill("#id_planned", "4")
        page.click("[data-testid=headcount-save]")
        page.wait_for_selector("[data-testid=plans]")
        assert "已保存" in page.inner_text("[data-testid=messages]")
        assert page.inner_text(f"[data-testid=plan-{world.plan.pk}] [data-testid=vacant]").strip().endswith("3")
        assert HeadcountPlan.objects.get(pk=world.plan.pk).planned == 4
        _clean(page)
    finally:
        page.close()


@pytest.mark.parametrize("group", ["placement", "org"])
def test_every_page_in_english(browser, live_server, world, group):
    base = live_server.url
    run = start_run(world)
    pid = proposal(run, "P2").pk
    pages = {
        "placement": [("runs-en", reverse("web:placement_runs")), ("run-new-en", reverse("web:placement_run_new")),
                      ("run-en", reverse("web:placement_run", args=[run.pk])),
                      ("review-en", reverse("web:placement_review", args=[run.pk])),
                      ("proposal-en", reverse("web:placement_proposal", args=[run.pk, pid])),
                      ("confirm-en", reverse("web:placement_confirm", args=[run.pk]))],
        "org": [("headcount-en", reverse("web:headcount")),
                ("headcount-edit-en", reverse("web:headcount_edit", args=[world.plan.pk])),
                ("lateral-en", reverse("web:lateral_moves")),
                ("lateral-person-en", reverse("web:lateral_person", args=["S1"]))],
    }[group]
    page = _page(browser, locale="en-GB")
    try:
        login(page, base, "hr", PASSWORD, lang="en")
        for name, url in pages:
            page.goto(f"{base}{url}?lang=en")
            page.wait_for_load_state("networkidle")
            assert "初评" not in page.inner_text("main") and "编制" not in page.inner_text("main"), name
            accessible(page)
            shot(page, PART, name)
        _clean(page)
    finally:
        page.close()


def test_the_org_pages_in_chinese_and_the_review_on_a_phone(browser, live_server, world):
    base = live_server.url
    run = start_run(world)
    pid = proposal(run, "P2").pk
    page = _page(browser)
    try:
        login(page, base, "hr", PASSWORD)
        page.goto(f"{base}{reverse('web:lateral_moves')}")
        accessible(page)
        shot(page, PART, "lateral-zh")
        page.goto(f"{base}{reverse('web:lateral_person', args=['S1'])}")
        accessible(page)
        shot(page, PART, "lateral-person-zh")
        page.goto(f"{base}{reverse('web:placement_runs')}")
        accessible(page)
        shot(page, PART, "runs-zh")
        _clean(page)
    finally:
        page.close()
    phone = _page(browser, width=390)
    try:
        login(phone, base, "mgr1", PASSWORD)
        for name, url in [("review-390", reverse("web:placement_review", args=[run.pk])),
                          ("proposal-390", reverse("web:placement_proposal", args=[run.pk, pid]))]:
            phone.goto(f"{base}{url}")
            phone.wait_for_load_state("networkidle")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, name
            accessible(phone)
            shot(phone, PART, name)
    finally:
        phone.close()
