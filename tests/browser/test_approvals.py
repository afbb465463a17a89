"""HR approves, issues and downloads a letter in a real browser; the applicant downloads it too.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page of this part;
screenshots in Chinese and English under test-artifacts/approvals/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from careerpath.core.workflow import State
from careerpath.promotions.models import Application, Letter
from tests.browser.helpers import CHROMIUM, accessible_in_layout, login, new_page, no_csp_errors, shot
from tests.web.approvals_world import PASSWORD, advance, build_world

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "approvals"



@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    w = build_world(settings)
    # something in every section HR acts on: in probation first (the effective run applies all due letters)
    w.probation = advance(w, w.agents[2:3], State.IN_PROBATION)[0]
    w.closed = advance(w, w.agents[:1], State.NOTICE_CLOSED, objection=True)[0]
    w.approved = advance(w, w.agents[1:2], State.HR_APPROVED)[0]
    return w


def test_hr_approves_issues_and_downloads_a_letter(browser, live_server, world, tmp_path):
    page = new_page(browser)
    try:
        login(page, live_server.url, "hr", PASSWORD)
        # the queue, with what waits for HR counted in the navigation
        page.click("[data-testid=nav-hr_queue]")
        page.wait_for_selector("[data-testid=section-to_approve]")
        assert page.inner_text("[data-testid=nav-count-hr_queue]") == "2"
        assert page.inner_text("[data-testid=count-to_approve]") == "1"
        assert page.inner_text("[data-testid=count-probation]") == "1"
        accessible_in_layout(page)
        shot(page, PART, "hr-queue-zh")

        # the approval: the file HR weighs, then approve with a note
        page.click(f"[data-testid=approve-{world.closed.pk}]")
        page.wait_for_selector("[data-testid=snapshot]")
        assert "客服公示〔2026〕" in page.inner_text("[data-testid=notice]")
        assert "异议不成立" in page.inner_text("[data-testid=notice]")
        accessible_in_layout(page)
        shot(page, PART, "approve-zh")
        page.fill("#id_approve-note", "公示无异议成立，同意晋升")
        page.click("[data-testid=do-approve]")
        page.wait_for_selector("[data-testid=letter-issue]")
        assert "已审批通过" in page.inner_text("[data-testid=message]")
        assert Application.objects.get(pk=world.closed.pk).state == State.HR_APPROVED
        accessible_in_layout(page)
        shot(page, PART, "letter-issue-zh")

        # issue the letter, then download it
        page.click("[data-testid=letter-issue-button]")
        page.wait_for_selector("[data-testid=letter-issued]")
        letter = Letter.objects.get(application_id=world.closed.pk)
        assert page.inner_text("[data-testid=letter-number]") == letter.number
        accessible_in_layout(page)
        shot(page, PART, "letter-issued-zh")
        with page.expect_download() as download:
            page.click("[data-testid=letter-download]")
        path = Path(download.value.path())
        assert path.read_bytes().startswith(b"%PDF") and path.stat().st_size > 10_000

        # the batch page and a probation page, in both languages
        page.goto(f"{live_server.url}{reverse('web:letters')}")
        page.wait_for_selector("[data-testid=pending]")
        accessible_in_layout(page)
        shot(page, PART, "letters-zh")
        page.goto(f"{live_server.url}{reverse('web:application_probation', args=[world.probation.pk])}")
        page.wait_for_selector("[data-testid=confirm-form]")
        accessible_in_layout(page)
        shot(page, PART, "probation-zh")
        for name, url in [("hr-queue-en", reverse("web:hr_queue")),
                          ("letters-en", reverse("web:letters")),
                          ("probation-en", reverse("web:application_probation", args=[world.probation.pk])),
                          ("letter-en", reverse("web:application_letter", args=[world.closed.pk]))]:
            page.goto(f"{live_server.url}{url}?lang=en")
            page.wait_for_load_state("networkidle")
            assert "人事审批" not in page.inner_text("main")
            accessible_in_layout(page)
            shot(page, PART, name)
        no_csp_errors(page)
    finally:
        page.close()


def test_hr_issues_a_batch_and_gets_one_pdf(browser, live_server, world, tmp_path):
    more = advance(world, world.agents[3:5], State.HR_APPROVED)
    page = new_page(browser)
    try:
        login(page, live_server.url, "hr", PASSWORD)
        page.goto(f"{live_server.url}{reverse('web:letters')}")
        page.check("#pick-all")  # the select-all box ticks every row (approvals.js)
        assert page.locator("input[name=applications]:checked").count() == 1 + len(more)
        page.click("[data-testid=issue-batch]")
        page.wait_for_selector("[data-testid=print-ready]")
        accessible_in_layout(page)
        shot(page, PART, "letters-issued-zh")
        with page.expect_download() as download:
            page.click("[data-testid=print-issued]")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        assert Letter.objects.count() == 2 + len(more)  # the probation's letter and the batch
        no_csp_errors(page)
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_applicant_downloads_their_letter(browser, live_server, world, width):
    app = advance(world, world.agents[5:6], State.LETTER_ISSUED)[0]
    user = app.employee.user or _link_login(world, app)
    page = new_page(browser, width=width)
    try:
        login(page, live_server.url, user.get_username(), PASSWORD)
        page.goto(f"{live_server.url}{reverse('web:application_letter', args=[app.pk])}")
        page.wait_for_selector("[data-testid=letter-issued]")
        assert page.locator("[data-testid=letter-issue]").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        accessible_in_layout(page)
        shot(page, PART, f"employee-letter-{width}")
        with page.expect_download() as download:
            page.click("[data-testid=letter-download]")
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    finally:
        page.close()


def _link_login(world, app):  # noqa: ANN001, ANN202
    from tests.apiclient import make_user

    return make_user("applicant", "employee", employee=app.employee)
