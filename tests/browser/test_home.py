"""The home page in a real browser: Debian Chromium driven by Playwright against live_server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.evidence.services import workbook_import
from careerpath.people.models import Employee, EmployeeStatus, Position
from tests.browser.helpers import CHROMIUM

PASSWORD = "browser-pw-123"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
)



@pytest.fixture
def agent(browser, live_server, make_workbook, policy):
    workbook_import(path=make_workbook(40), policy=policy)
    intermediate = Position.objects.filter(end_on=None, level="intermediate").values("employee_id")
    employee = (
        Employee.objects.filter(pk__in=intermediate, status=EmployeeStatus.ACTIVE)
        .order_by("employee_no")
        .first()
        or Employee.objects.filter(status=EmployeeStatus.ACTIVE).order_by("employee_no").first()
    )
    user_upsert(username="agent", password=PASSWORD, roles=[Role.EMPLOYEE], employee=employee)
    return employee


def test_an_employee_logs_in_and_sees_level_and_criteria(browser, live_server, agent, policy, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page.goto(f"{live_server.url}/")
        assert "/accounts/login/" in page.url
        page.fill("#id_username", "agent")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=current-level]")

        level_code = Position.objects.filter(employee=agent, end_on=None).order_by("-start_on").first().level
        assert page.inner_text("[data-testid=current-level]") == policy.levels[level_code].name.zh
        assert agent.name in page.inner_text("h1")
        moves = page.locator("[data-testid=move]")
        assert moves.count() == len(policy.moves_from(level_code))
        first = moves.first
        assert first.locator("table.criteria tbody tr").count() >= 3
        # each verdict is a symbol and a word (colour is never the only signal)
        marks = [m.replace("\n", "") for m in first.locator("td.mark").all_inner_texts()]
        assert set(marks) <= {"✓已满足", "✗未满足"} and marks
        if "✗" in marks:
            assert "还差" in first.inner_text()

        shot = tmp_path / "home.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        if os.environ.get("CAREERPATH_SCREENSHOT"):
            Path(os.environ["CAREERPATH_SCREENSHOT"]).write_bytes(shot.read_bytes())

        page.click("text=English")
        page.wait_for_selector("text=Next steps")
        assert page.inner_text("[data-testid=current-level]") == policy.levels[level_code].name.en
    finally:
        page.close()
