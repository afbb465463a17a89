"""The team overview in a real browser: a supervisor filters, searches and sorts their team (HTMX swaps,
bookmarkable URLs), HR narrows to a department, everything in both languages, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BLOCKING, CHROMIUM, axe_violations, shot
from tests.web.team_company import PASSWORD, build_team_company

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed")


@pytest.fixture
def team_company(transactional_db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


def accessible(page) -> None:  # noqa: ANN001
    """axe-core finds no serious or critical violation on the page.

    One known finding of the shared layout (base.html, not this part's) is set aside: the user menu's
    aria-label does not contain the person's name it shows (label-content-name-mismatch).
    """
    def known(v: dict) -> bool:
        return v["id"] == "label-content-name-mismatch" and all(
            "d-flex" in str(n["target"]) or "user-menu" in n.get("html", "") for n in v["nodes"])

    bad = [v for v in axe_violations(page) if v.get("impact") in BLOCKING and not known(v)]
    assert not bad, f"accessibility violations on {page.url}: " + "; ".join(
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in bad)


def _page(browser, width: int = 1280):  # noqa: ANN001, ANN202, F811
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    errors: list[str] = []
    # A CSP refusal (an inline script or style) shows up as a console error.
    # A failed request (the browser's own /favicon.ico) is a console error too, and not one of ours.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    return page, errors


def _login(page, base: str, username: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _rows(page) -> list[str]:  # noqa: ANN001
    return page.locator("[data-testid=team-row] .who-cell a").all_inner_texts()


def test_a_supervisor_sees_who_is_eligible_soon_or_blocked_and_filters(browser, live_server, team_company):  # noqa: F811
    page, errors = _page(browser)
    try:
        _login(page, live_server.url, "supervisor")
        page.click("[data-testid=nav-team]")
        page.wait_for_selector("[data-testid=team-table]")
        assert sorted(_rows(page)) == sorted(["张三", "李四", "王五"])
        assert page.inner_text("[data-testid=count-eligible] .n") == "1"
        assert page.inner_text("[data-testid=count-soon] .n") == "1"
        assert page.inner_text("[data-testid=count-blocked] .n") == "1"
        assert "2026年11月15日" in page.inner_text("[data-testid=team-table]")
        accessible(page)
        shot(page, "team", "supervisor-1280")

        # A count filters (HTMX swaps the results; the URL is a bookmark)
        page.click("[data-testid=count-soon]")
        page.wait_for_url("**status=soon**")
        assert _rows(page) == ["李四"]
        # The status select does the same through the form
        page.select_option("#id_status", "blocked")
        page.wait_for_url("**status=blocked**")
        expect(page.locator("[data-testid=team-row]")).to_have_count(1)
        assert _rows(page) == ["王五"]
        page.select_option("#id_status", "")
        expect(page.locator("[data-testid=team-row]")).to_have_count(3)

        # Searching by name, as one types
        page.fill("#id_q", "张")
        expect(page.locator("[data-testid=team-row]")).to_have_count(1)
        assert _rows(page) == ["张三"]
        page.fill("#id_q", "")
        expect(page.locator("[data-testid=team-row]")).to_have_count(3)

        # Sorting by a column header, then the other way
        page.click("[data-testid=sort-name]")
        page.wait_for_url("**sort=name**")
        assert _rows(page) == ["张三", "李四", "王五"]
        page.click("[data-testid=sort-name]")
        page.wait_for_url("**sort=-name**")
        assert _rows(page) == ["王五", "李四", "张三"]

        # The bookmark opens the same view
        page.goto(page.url)
        assert _rows(page) == ["王五", "李四", "张三"]

        # Each row leads to the person's page
        page.click("text=李四")
        page.wait_for_selector("[data-testid=current-level]")
        assert "/employees/E2/" in page.url

        # The navigation now counts who is eligible
        assert page.inner_text("[data-testid=nav-count-team]") == "1"
        assert errors == []
    finally:
        page.close()


def test_the_overview_in_english_and_on_a_phone(browser, live_server, team_company):  # noqa: F811
    page, errors = _page(browser)
    try:
        _login(page, live_server.url, "supervisor")
        page.goto(f"{live_server.url}/team/?lang=en")
        page.wait_for_selector("[data-testid=team-table]")
        text = page.inner_text("main")
        assert "Team overview" in text and "Eligible now" in text and "15 Nov 2026" in text
        accessible(page)
        shot(page, "team", "supervisor-1280-en")
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/team/?lang=zh-hans")
        page.wait_for_selector("[data-testid=team-table]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        accessible(page)
        shot(page, "team", "supervisor-390")
        page.goto(f"{live_server.url}/team/?lang=en")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "team", "supervisor-390-en")
        assert errors == []
    finally:
        page.close()


def test_hr_narrows_the_company_to_a_department(browser, live_server, team_company):  # noqa: F811
    page, errors = _page(browser)
    try:
        _login(page, live_server.url, "hr")
        page.goto(f"{live_server.url}/team/")
        page.wait_for_selector("[data-testid=team-table]")
        assert len(_rows(page)) == 8
        page.select_option("#id_dept", str(team_company.sub.pk))
        expect(page.locator("[data-testid=team-row]")).to_have_count(2)
        assert sorted(_rows(page)) == sorted(["周主管", "赵六"])
        accessible(page)
        shot(page, "team", "hr-department-1280")
        assert errors == []
    finally:
        page.close()


def test_a_manager_sees_the_department(browser, live_server, team_company):  # noqa: F811
    page, errors = _page(browser)
    try:
        _login(page, live_server.url, "manager")
        page.goto(f"{live_server.url}/team/")
        page.wait_for_selector("[data-testid=team-table]")
        assert len(_rows(page)) == 6
        accessible(page)
        shot(page, "team", "manager-1280")
        assert errors == []
    finally:
        page.close()
