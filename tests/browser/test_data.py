"""HR's data and administration pages in a real browser: a workbook with errors shown by sheet, row and column
(nothing saved), then a clean one with its summary; a calendar day changed; a login created and given a role,
who then signs in; the audit log filtered and exported. axe on every page, screenshots in both languages under
test-artifacts/data/.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from careerpath.calendars.models import CalendarDay
from careerpath.evidence.models import ImportBatch
from careerpath.people.models import Employee
from tests.apiclient import make_user
from tests.browser.helpers import CHROMIUM, login, shot
from tests.browser.helpers import accessible_in_layout as accessible
from tests.browser.helpers import new_page as _page
from tests.browser.helpers import no_csp_errors as _no_csp_errors
from tests.web.data_fixtures import broken_copy

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "data"
PASSWORD = "pw-12345"  # tests.apiclient.make_user's
NEW_PW = "Kf-2027-晋升-通道"


@pytest.fixture
def staged(settings, tmp_path):  # noqa: ANN001, ANN201
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path


def _go(page, base: str, url: str) -> None:  # noqa: ANN001
    page.goto(f"{base}{url}")
    page.wait_for_load_state("networkidle")


def test_hr_imports_a_workbook_with_errors_then_a_clean_one_and_exports(browser, live_server, staged,
                                                                         make_workbook):
    make_user("hr1", "hr")
    base = live_server.url
    good = make_workbook(12)
    bad = broken_copy(good, staged / "公司-有错.xlsx")
    page = _page(browser)
    try:
        login(page, base, "hr1", PASSWORD)
        # the data menu leads to the import page
        page.click("[data-testid=nav-group-data]")
        page.click("[data-testid=nav-data_import]")
        page.wait_for_selector("[data-testid=upload-form]")
        accessible(page)
        shot(page, PART, "import-zh")

        # a workbook with errors: each shown by sheet, row and column; nothing saved
        page.set_input_files("#id_file", str(bad))
        page.click("[data-testid=upload]")
        page.wait_for_selector("[data-testid=import-errors]")
        rows = [r.inner_text().split("\t") for r in page.locator("[data-testid=import-error]").all()]
        assert any(r[:3] == ["员工", "3", "入司日期"] for r in rows), rows
        assert any(r[:3] == ["任职记录", "2", "职级"] for r in rows), rows
        assert Employee.objects.count() == 0 and ImportBatch.objects.count() == 0
        accessible(page)
        shot(page, PART, "import-errors-zh")

        # the clean one: the dry run's counts, then the commit and its summary per sheet
        page.set_input_files("#id_file", str(good))
        page.click("[data-testid=upload]")
        page.wait_for_selector("[data-testid=import-preview]")
        assert page.inner_text("[data-testid=created-employees]") == "12"
        assert Employee.objects.count() == 0
        accessible(page)
        shot(page, PART, "import-preview-zh")
        page.click("[data-testid=import-commit]")
        page.wait_for_selector("[data-testid=import-done]")
        assert page.inner_text("[data-testid=import-done] [data-testid=created-employees]") == "12"
        assert Employee.objects.count() == 12
        accessible(page)
        shot(page, PART, "import-done-zh")

        # the export: the standard workbook
        _go(page, base, reverse("web:data_export"))
        accessible(page)
        with page.expect_download() as download:
            page.click("[data-testid=export-download]")
        wb = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
        assert "员工" in wb.sheetnames
        _no_csp_errors(page)
    finally:
        page.close()


def test_hr_changes_a_calendar_day_adds_a_user_who_signs_in_and_reads_the_audit_log(browser, live_server, staged,
                                                                                   make_workbook):
    from careerpath.evidence.selectors import policy_get
    from careerpath.evidence.services import workbook_import

    make_user("hr1", "hr")
    workbook_import(path=make_workbook(12), policy=policy_get())
    base = live_server.url
    page = _page(browser)
    try:
        login(page, base, "hr1", PASSWORD)
        # the calendar: a statutory year is read-only; HR enters 2031 and marks a day off by clicking it
        _go(page, base, reverse("web:data_calendar_year", args=[2026]))
        assert page.locator("[data-testid=day-edit]").count() == 0
        accessible(page)
        shot(page, PART, "calendar-statutory-zh")
        _go(page, base, reverse("web:data_calendar_year", args=[2031]))
        page.fill("#id_note", "国办发明电〔2030〕号")
        page.click("[data-testid=enter-year]")
        page.wait_for_selector("[data-testid=day-edit]")
        page.click("[data-pick-day='2031-05-02']")
        assert page.input_value("#id_day") == "2031-05-02"
        page.fill("#id_name", "劳动节")
        page.fill("#id_note", "补录劳动节")
        page.click("[data-testid=save-day]")
        page.wait_for_selector("[data-testid='day-2031-05-02'].holiday")
        assert CalendarDay.objects.get(day="2031-05-02").name == "劳动节"
        accessible(page)
        shot(page, PART, "calendar-edited-zh")

        # a login for an imported employee, with a role, who can then sign in
        emp = Employee.objects.filter(user__isnull=True).order_by("employee_no").first()
        _go(page, base, reverse("web:data_users"))
        accessible(page)
        shot(page, PART, "users-zh")
        page.click("[data-testid=user-new]")
        page.fill("#id_username", "xinren")
        page.fill("#id_employee_no", emp.employee_no)
        page.check("input[name=roles][value=employee]")
        page.fill("#id_password1", "123")
        page.fill("#id_password2", "123")
        page.click("[data-testid=user-create]")
        page.wait_for_selector("#id_password1_error")  # Django's validators, next to the field
        accessible(page)
        shot(page, PART, "user-new-error-zh")
        page.fill("#id_password1", NEW_PW)
        page.fill("#id_password2", NEW_PW)
        page.click("[data-testid=user-create]")
        page.wait_for_selector("[data-testid=roles-form]")
        assert emp.name in page.inner_text("[data-testid=user-employee]")
        page.check("input[name=roles][value=supervisor]")
        page.click("[data-testid=save-roles]")
        page.wait_for_selector("[data-testid=messages]")
        assert "直接上级" in page.inner_text("[data-testid=user-roles]")
        accessible(page)
        shot(page, PART, "user-zh")
        other = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            login(other, base, "xinren", NEW_PW)
            assert "/accounts/login/" not in other.url
            assert emp.name in other.inner_text("body")
        finally:
            other.close()

        # the audit log: filtered to user additions, then exported as CSV and Excel
        _go(page, base, reverse("web:data_audit"))
        page.select_option("#id_action", "user.add")
        page.fill("#id_who", "hr1")
        page.click("[data-testid=audit-filter]")
        page.wait_for_selector("[data-testid=audit-row]")
        assert page.locator("[data-testid=audit-row]").count() == 1
        assert page.inner_text("[data-testid=audit-action]") == "添加用户"
        accessible(page)
        shot(page, PART, "audit-zh")
        with page.expect_download() as download:
            page.click("[data-testid=export-csv]")
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        assert len(rows) == 2 and rows[1][2] == "添加用户" and rows[1][1] == "hr1"
        with page.expect_download() as download:
            page.click("[data-testid=export-xlsx]")
        ws = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
        assert ws.max_row == 2

        _no_csp_errors(page)
    finally:
        page.close()


def test_the_policy_versions_and_every_data_page_in_english(browser, live_server, staged):
    from datetime import date

    from careerpath.calendars.services import calendar_year_set

    hr = make_user("hr1", "hr")
    make_user("xinren", "employee", "supervisor")
    calendar_year_set(actor=hr, year=2031, holidays={date(2031, 5, 2): "劳动节"}, workdays={},
                      note="国办发明电〔2030〕号")
    base = live_server.url
    page = _page(browser)
    try:
        login(page, base, "hr1", PASSWORD)
        # the policy versions, read-only
        _go(page, base, reverse("web:policy_versions"))
        page.wait_for_selector("[data-testid=active-badge]")
        accessible(page)
        shot(page, PART, "policies-zh")
        page.click("[data-testid=versions] a")
        page.wait_for_selector("[data-testid=yaml]")
        accessible(page)
        shot(page, PART, "policy-zh")

        # every page in English
        for name, url in [("import-en", reverse("web:data_import")), ("export-en", reverse("web:data_export")),
                          ("calendar-en", reverse("web:data_calendar_year", args=[2031])),
                          ("users-en", reverse("web:data_users")),
                          ("user-en", reverse("web:data_user", args=["xinren"])),
                          ("user-new-en", reverse("web:data_user_new")),
                          ("audit-en", reverse("web:data_audit") + "?action=user.add"),
                          ("policies-en", reverse("web:policy_versions"))]:
            sep = "&" if "?" in url else "?"
            _go(page, base, f"{url}{sep}lang=en")
            text = page.inner_text("main")
            assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"劳动节|国办发明电〔2030〕号", "", text)) \
                or name in ("policies-en",), (name, re.findall(r".{10}[\u4e00-\u9fff]+.{10}", text)[:5])
            accessible(page)
            shot(page, PART, name)
        _no_csp_errors(page)
    finally:
        page.close()


def test_the_user_list_and_calendar_on_a_phone(browser, live_server, staged):
    make_user("hr1", "hr")
    for i in range(5):
        make_user(f"agent{i}", "employee")
    page = _page(browser, width=390)
    try:
        login(page, live_server.url, "hr1", PASSWORD)
        for name, url in [("users-390", reverse("web:data_users")),
                          ("calendar-390", reverse("web:data_calendar_year", args=[2026])),
                          ("audit-390", reverse("web:data_audit"))]:
            _go(page, live_server.url, url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
            accessible(page)
            shot(page, PART, name)
    finally:
        page.close()
