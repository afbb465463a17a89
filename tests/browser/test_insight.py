"""The analysis pages in a real browser: HR opens the dashboards from the 分析 menu (every chart drawn,
the table view toggles, a chart's data downloads), then the fairness panel on a company built to trip the
four-fifths rule (the flag and Fisher's p-value visible); the manager's scoped view; axe on every page;
screenshots in Chinese and English, on a desktop and on a phone."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BLOCKING, CHROMIUM, artifacts_dir, axe_violations, shot
from tests.web.insight_company import PASSWORD, build_insight_company, store_rows

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed")

STRUCTURE, SELECTION, MOVEMENT = (("pyramid", "tenure"), ("eligible", "funnel"),
                                  ("promotion_rate", "demotion_rate", "allowance"))


@pytest.fixture
def company(transactional_db, settings):  # noqa: ANN001, ANN201
    c = build_insight_company(settings)
    store_rows(c)
    return c


def accessible(page) -> None:  # noqa: ANN001
    """No serious or critical axe-core finding, except the shared layout's known one (base.html's user
    menu: label-content-name-mismatch), as tests/browser/test_team.py sets aside."""
    def known(v: dict) -> bool:
        return v["id"] == "label-content-name-mismatch" and all(
            "d-flex" in str(n["target"]) or "user-menu" in n.get("html", "") for n in v["nodes"])

    bad = [v for v in axe_violations(page) if v.get("impact") in BLOCKING and not known(v)]
    assert not bad, f"accessibility violations on {page.url}: " + "; ".join(
        f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in bad)


def _page(browser, width: int = 1280):  # noqa: ANN001, ANN202, F811
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True)
    errors: list[str] = []
    # A CSP refusal (an inline script or style, ECharts' included) shows up as a console error.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def _login(page, base: str, username: str, lang: str = "zh-hans") -> None:  # noqa: ANN001
    page.goto(f"{base}/accounts/login/?lang={lang}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _charts_drawn(page, keys: tuple[str, ...]) -> None:  # noqa: ANN001
    for key in keys:
        canvas = page.locator(f"#canvas-{key}")
        expect(canvas).to_have_attribute("data-rendered", "true")
        assert canvas.locator("canvas").count() >= 1
        assert canvas.bounding_box()["height"] >= 200


def test_hr_reads_the_dashboards_toggles_a_table_and_downloads_its_data(browser, live_server, company):  # noqa: F811
    page, errors = _page(browser)
    try:
        _login(page, live_server.url, "hr")
        page.click("[data-testid=nav-group-insight]")
        page.click("[data-testid=nav-insight_dashboard]")
        page.wait_for_selector("[data-testid=chart-pyramid]")
        assert "数据截至 2026年12月15日" in page.inner_text("[data-testid=as-of]")
        _charts_drawn(page, STRUCTURE)
        accessible(page)
        shot(page, "insight", "structure-1280")

        # The table is there for screen readers all along; the toggle shows it and hides the drawing.
        table = page.locator("#table-pyramid")
        assert "初级客服专员" in table.inner_text()
        expect(table).to_have_class("insight-table visually-hidden")
        toggle = page.locator("[data-testid=toggle-pyramid]")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_have_text("图表视图")
        expect(page.locator("#canvas-pyramid")).to_be_hidden()
        expect(table).to_be_visible()
        assert page.locator("#table-pyramid tbody tr").count() == 4
        accessible(page)
        page.locator("#chart-pyramid").screenshot(path=str(artifacts_dir("insight") / "pyramid-table.png"))
        toggle.click()
        expect(page.locator("#canvas-pyramid")).to_be_visible()
        expect(toggle).to_have_text("表格视图")

        # The funnel's data as CSV: the same figures as the table
        page.click("[data-testid=board-selection]")
        page.wait_for_selector("[data-testid=chart-funnel]")
        _charts_drawn(page, SELECTION)
        assert "资格数字取自资格快照：评估日期 2026年12月15日" in page.inner_text("[data-testid=store-as-of]")
        accessible(page)
        shot(page, "insight", "selection-1280")
        with page.expect_download() as info:
            page.click("[data-testid=download-funnel-csv]")
        rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
        assert rows[0][0] == "阶段" and [r[1] for r in rows[1:]] == ["23", "23", "23", "10", "10", "1"]
        assert info.value.suggested_filename == "funnel-20261215.csv"
        page.click("[data-testid=board-movement]")
        page.wait_for_selector("[data-testid=chart-allowance]")
        _charts_drawn(page, MOVEMENT)
        accessible(page)
        shot(page, "insight", "movement-1280")
        with page.expect_download() as info:
            page.click("[data-testid=download-allowance-xlsx]")
        assert info.value.suggested_filename == "allowance-20261215.xlsx"

        # A department filter narrows every chart
        page.click("[data-testid=board-structure]")
        page.wait_for_selector("[data-testid=chart-pyramid]")
        page.select_option("#id_dept", label="西区")
        page.click("[data-testid=insight-apply]")
        page.wait_for_url("**dept=**")
        toggle = page.locator("[data-testid=toggle-pyramid]")
        toggle.click()
        assert page.locator("#table-pyramid tbody tr").count() == 1
        assert "高级客服专员" in page.inner_text("#table-pyramid")

        # English
        for path, keys, name in (("", STRUCTURE, "structure"), ("selection/", SELECTION, "selection"),
                                 ("movement/", MOVEMENT, "movement")):
            page.goto(f"{live_server.url}/insight/{path}?lang=en")
            page.wait_for_selector(f"[data-testid=chart-{keys[0]}]")
            _charts_drawn(page, keys)
            text = page.inner_text("main")
            assert "Dashboards" in text and "Data as of 15 Dec 2026" in text and "Table view" in text
            accessible(page)
            shot(page, "insight", f"{name}-1280-en")
        assert errors == []
    finally:
        page.close()


def test_hr_sees_the_four_fifths_flag_with_fishers_p_value(browser, live_server, company):  # noqa: F811
    page, errors = _page(browser)
    try:
        _login(page, live_server.url, "hr")
        page.click("[data-testid=nav-group-insight]")
        page.click("[data-testid=nav-insight_fairness]")
        page.wait_for_selector("[data-testid=fair-legend]")
        gender = page.locator("[data-testid=fair-selection-gender]")
        flag = gender.locator("tr.flagged").first
        expect(flag.locator("[data-testid=fair-flag]")).to_be_visible()
        expect(flag.locator("[data-testid=fair-flag]")).to_have_text("⚠ 低于80%")
        expect(flag.locator("[data-testid=fair-p]")).to_have_text("p = 0.023")
        assert "女" in flag.inner_text() and "20.0%" in flag.inner_text() and "25.0%" in flag.inner_text()
        age = page.locator("[data-testid=fair-selection-age]")
        assert age.locator("[data-testid=fair-flag]").count() == 0
        assert "未显示（每组少于 5 人）" in age.inner_text()
        assert "⚠" in page.inner_text("[data-testid=fair-summary]")
        accessible(page)
        shot(page, "insight", "fairness-1280")
        with page.expect_download() as info:
            page.click("[data-testid=fair-download-csv]")
        assert "0.023" in open(info.value.path(), encoding="utf-8-sig").read()

        page.goto(f"{live_server.url}/insight/fairness/?lang=en")
        page.wait_for_selector("[data-testid=fair-legend]")
        flag = page.locator("[data-testid=fair-selection-gender] tr.flagged").first
        expect(flag.locator("[data-testid=fair-flag]")).to_have_text("⚠ Below 80%")
        accessible(page)
        shot(page, "insight", "fairness-1280-en")

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/insight/fairness/?lang=zh-hans")
        page.wait_for_selector("[data-testid=fair-legend]")
        accessible(page)
        shot(page, "insight", "fairness-390")
        assert errors == []
    finally:
        page.close()


def test_a_manager_reads_their_departments_on_a_phone(browser, live_server, company):  # noqa: F811
    page, errors = _page(browser, width=390)
    try:
        _login(page, live_server.url, "manager")
        page.goto(f"{live_server.url}/insight/")
        page.wait_for_selector("[data-testid=chart-pyramid]")
        _charts_drawn(page, STRUCTURE)
        assert "西区" not in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        accessible(page)
        shot(page, "insight", "manager-structure-390")
        page.click("[data-testid=board-movement]")
        page.wait_for_selector("[data-testid=chart-allowance]")
        _charts_drawn(page, ("promotion_rate", "allowance"))
        # no demotion in 东区: the chart says so instead of drawing an empty frame
        assert page.locator("[data-testid=chart-demotion_rate] [data-testid=empty]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator("[data-testid=toggle-promotion_rate]").click()
        expect(page.locator("#table-promotion_rate")).to_be_visible()
        accessible(page)
        shot(page, "insight", "manager-movement-390")
        # The fairness panel is HR's alone
        response = page.goto(f"{live_server.url}/insight/fairness/")
        assert response is not None and response.status == 403
        assert errors == [] or all("403" in e for e in errors)
    finally:
        page.close()
