"""A demotion case through the pages in a real browser: HR opens it with an attached document, the supervisor and
the manager review it, HR approves it; the allowance sheet previews and downloads. Then the pages in
English and on a phone.

Debian Chromium driven by Playwright against ``live_server``; axe-core on every page; screenshots in Chinese
and English under test-artifacts/discipline/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from careerpath.discipline import services as ds
from careerpath.discipline.models import DemotionCase
from tests.browser.helpers import CHROMIUM, login, shot
from tests.browser.helpers import accessible_in_layout as accessible
from tests.browser.helpers import new_page as _page
from tests.web.discipline_world import PASSWORD, PDF, build_world, drive

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "discipline"


@pytest.fixture
def world(live_server, settings, tmp_path):  # noqa: ANN001
    return build_world(settings, tmp_path)


def _relogin(page, base: str, who: str) -> None:  # noqa: ANN001
    page.context.clear_cookies()
    login(page, base, who, PASSWORD)


def test_a_demotion_case_goes_through_review_and_approval_and_the_sheet_downloads(browser, live_server, world,
                                                                                   tmp_path):
    base = live_server.url
    scan = tmp_path / "事故报告.pdf"
    scan.write_bytes(PDF)
    page = _page(browser)
    try:
        # HR: the incidents page shows this month's deduction; from 钱七's row a case is proposed
        login(page, base, "hr", PASSWORD)
        page.click("[data-testid=nav-group-org]")
        page.click("[data-testid=nav-discipline_incidents]")
        page.wait_for_selector("[data-testid=incidents]")
        assert page.inner_text("[data-testid=total-amount]") == "¥500.00"
        assert "扣减 2026年11月 津贴" in page.inner_text("[data-testid=incidents]")
        accessible(page)
        shot(page, PART, "incidents-zh")

        page.goto(f"{base}{reverse('web:discipline_case_new')}")
        page.fill("#id_employee", "E2")
        page.click("[data-testid=pick-employee] button[type=submit]")
        page.wait_for_selector("[data-testid=case-form]")
        assert "钱七" in page.inner_text("[data-testid=employee-found]")
        page.select_option("#id_case-proposal", "one_level_down")
        page.fill("#id_case-reason", "连续六个月业绩未达标，经两次面谈辅导仍未改善")
        page.set_input_files("#id_doc-file", str(scan))
        page.fill("#id_doc-file_name", "绩效面谈记录")
        accessible(page)
        shot(page, PART, "case-new-zh")
        page.click("[data-testid=do-open]")
        page.wait_for_selector("[data-testid=case-head]")
        case = DemotionCase.objects.get(employee__employee_no="E2")
        assert "已提出降级案件" in page.inner_text("[data-testid=messages]")
        assert page.locator("[data-testid^=document-link-]").count() == 1
        assert "等待：直接上级" in page.inner_text("[data-testid=step-supervisor_review]")
        # the document opens for HR, as the PDF uploaded
        doc_url = page.get_attribute("[data-testid^=document-link-]", "href")
        res = page.request.get(f"{base}{doc_url}")
        assert res.status == 200 and res.body() == PDF and res.headers["content-type"] == "application/pdf"
        accessible(page)
        shot(page, PART, "case-proposed-zh")
        case_url = f"{base}{reverse('web:discipline_case', args=[case.pk])}"

        # the supervisor: the count in the menu, then the review with a note
        _relogin(page, base, "supervisor")
        page.goto(f"{base}{reverse('web:discipline_cases')}?which=mine")
        page.wait_for_selector("[data-testid=cases]")
        assert page.inner_text("[data-testid=nav-count-group-org]") == "2"  # this case and 孙八's red line
        accessible(page)
        shot(page, PART, "cases-supervisor-zh")
        page.click(f"[data-testid=case-link-{case.pk}]")
        page.wait_for_selector("[data-testid=review-form]")
        page.fill("#id_review-note", "情况属实，辅导后仍未达标，同意降一级")
        page.click("[data-testid=do-review]")
        page.wait_for_selector("[data-testid=note-supervisor_review]")
        assert DemotionCase.objects.get(pk=case.pk).state == "supervisor_reviewed"

        # the manager: the second review; the supervisor may not read another department's … nor act twice
        _relogin(page, base, "manager")
        page.goto(case_url)
        page.wait_for_selector("[data-testid=review-form]")
        assert "部门负责人审核" in page.inner_text("[data-testid=review-form]")
        accessible(page)
        shot(page, PART, "case-manager-review-zh")
        page.fill("#id_review-note", "部门同意，请人力资源部审批")
        page.click("[data-testid=do-review]")
        page.wait_for_selector("[data-testid=note-manager_review]")
        assert DemotionCase.objects.get(pk=case.pk).state == "manager_reviewed"

        # HR approves with the effective date; the position is left to the daily job
        _relogin(page, base, "hr")
        page.goto(case_url)
        page.wait_for_selector("[data-testid=approve-form]")
        page.fill("#id_approve-effective_on", "2026-11-01")  # backdated: refused beside the date
        page.click("[data-testid=do-approve]")
        page.wait_for_selector("#id_approve-effective_on_error")
        assert "降级不能追溯" in page.inner_text("#id_approve-effective_on_error")
        page.fill("#id_approve-effective_on", "2026-12-01")
        page.fill("#id_approve-note", "证据充分，同意降级")
        accessible(page)
        shot(page, PART, "case-approve-zh")
        page.click("[data-testid=do-approve]")
        page.wait_for_selector("[data-testid=step-hr_approve].done")
        c = DemotionCase.objects.get(pk=case.pk)
        assert (c.state, str(c.effective_on)) == ("hr_approved", "2026-12-01")
        assert "2026年12月1日" in page.inner_text("[data-testid=case-move]")
        shot(page, PART, "case-approved-zh")  # the same page as above, one step on (axe-checked in English)

        # the allowance sheet: preview, then the Excel download
        page.click("[data-testid=nav-group-org]")
        page.click("[data-testid=nav-discipline_allowances]")
        page.wait_for_selector("[data-testid=sheet]")
        assert page.inner_text("[data-testid=sheet-month]") == "2026年11月"
        assert page.inner_text("[data-testid=total-deducted]") == "¥500.00"
        assert "−500.00" in page.inner_text("[data-testid=row-E1]")
        accessible(page)
        shot(page, PART, "allowances-zh")
        with page.expect_download() as download:
            page.click("[data-testid=download]")
        ws = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0] == "工号" and rows[-1][0] == "合计" and rows[-1][5] == 500.0

        assert not [e for e in page.csp_errors if "Content Security Policy" in e], page.csp_errors
    finally:
        page.close()


def test_the_pages_read_in_english(browser, live_server, world):
    case = drive(world, world.case, "hr_approved")
    ds.case_document_add(actor=world.users["hr"], case=case, upload=ds.DocumentUpload(file_name="scan.pdf",
                                                                                      content=PDF))
    page = _page(browser, locale="en-GB")
    try:
        login(page, live_server.url, "hr", PASSWORD, lang="en")
        for name, url in [("incidents-en", reverse("web:discipline_incidents")),
                          ("cases-en", reverse("web:discipline_cases") + "?which=all"),
                          ("case-en", reverse("web:discipline_case", args=[case.pk])),
                          ("allowances-en", reverse("web:discipline_allowances"))]:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            main = page.inner_text("main")
            assert "降级案件" not in main and "津贴表" not in main and "违纪与扣减" not in main
            assert "Demotion case" in main or "Allowance sheet" in main or "Incidents and deductions" in main
            accessible(page)
            shot(page, PART, name)
        assert not [e for e in page.csp_errors if "Content Security Policy" in e], page.csp_errors
    finally:
        page.close()


def test_on_a_phone_the_tables_become_cards_and_the_case_reads(browser, live_server, world):
    page = _page(browser, width=390)
    try:
        login(page, live_server.url, "manager", PASSWORD)
        for name, url in [("incidents-390", reverse("web:discipline_incidents")),
                          ("case-390", reverse("web:discipline_case", args=[world.case.pk]))]:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            accessible(page)
            shot(page, PART, name)
    finally:
        page.close()
