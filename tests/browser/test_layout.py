"""The layout in a real browser: login, the employee page at desk and phone width, screenshots kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.evidence.services import workbook_import
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.promotions.models import Notification
from tests.browser.helpers import CHROMIUM
from tests.browser.test_home import PASSWORD

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture
def agent(live_server, make_workbook, policy):
    workbook_import(path=make_workbook(40), policy=policy)
    employee = Employee.objects.filter(status=EmployeeStatus.ACTIVE).order_by("employee_no").first()
    user = user_upsert(username="agent", password=PASSWORD, roles=[Role.EMPLOYEE], employee=employee)
    Notification.objects.create(user=user, text="您的晋升申请已提交")
    return employee


def _shot(page, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # CAREERPATH_SCREENSHOT_DIR keeps the artifacts after the run (CI uploads that folder).
    keep = os.environ.get("CAREERPATH_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / name).write_bytes(shot.read_bytes())
    return shot


def _login(page, url: str) -> None:
    page.goto(f"{url}/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=current-level]")


def test_the_employee_page_fits_a_desk_and_a_phone(browser, live_server, agent, tmp_path):  # noqa: F811
    errors: list[str] = []
    for width, height in ((1280, 900), (390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
        # A CSP refusal (an inline script or style slipping in) shows up as a console error.
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            _login(page, live_server.url)
            assert agent.name in page.inner_text("h1")
            assert page.inner_text("[data-testid=unread]") == "1"
            assert "员工" in page.inner_text("[data-testid=role]")
            _shot(page, tmp_path, f"employee-{width}.png")
            # the user menu (Tabler's dropdown, from our static JS) opens on click
            page.click("[data-testid=user-menu]")
            assert page.locator("text=修改密码").is_visible()
            page.keyboard.press("Escape")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"horizontal scrolling at {width}px: {scroll_width}px wide"
        finally:
            page.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_login_and_notifications_pages_in_a_browser(browser, live_server, agent, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        _shot(page, tmp_path, "login-390.png")
        _login(page, live_server.url)
        page.click("[data-testid=bell]")
        page.wait_for_selector("[data-testid=notifications]")
        assert "您的晋升申请已提交" in page.inner_text("[data-testid=notifications]")
        # the mark-read button goes through HTMX: the list is swapped and the bell's count cleared
        page.click("text=全部标为已读")
        page.wait_for_selector("[data-testid=unread]", state="detached")
        assert "已读" in page.inner_text("[data-testid=notifications]")
        assert page.locator("text=全部标为已读").count() == 0  # nothing left to mark
        _shot(page, tmp_path, "notifications-390.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_skip_link_is_the_first_stop_of_the_keyboard(browser, live_server, agent):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        _login(page, live_server.url)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        page.close()
