"""A whole annual cycle through the pages only: HR opens it, the managers nominate, the committee uploads the
exams (once with errors), scores, ranks and decides, the VP approves, HR runs the notice, approval and
letters, and the positions change on 1 January.

Debian Chromium driven by Playwright against ``live_server``; each role logs in with its own browser
context; the only thing moved by hand is the clock (``settings.CAREERPATH_TODAY``). axe-core on every page,
screenshots in Chinese and English under test-artifacts/cycle/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from careerpath.people.models import Position
from tests.browser.helpers import CHROMIUM, login, shot
from tests.browser.helpers import accessible_in_layout as accessible
from tests.cycles.helpers import exam_workbook
from tests.web.cycle_world import PASSWORD, YEAR, advance, build_world

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "cycle"


@pytest.fixture
def world(live_server, settings):  # noqa: ANN001
    return build_world(settings)


class Role:
    """One person at their own browser: logged in, checked with axe and photographed on every page."""

    def __init__(self, browser, base: str, who: str, *, width: int = 1280, lang: str = "zh-hans") -> None:  # noqa: ANN001
        self.page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True,
                                     locale="en-US" if lang == "en" else "zh-CN")
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.base, self.who = base, who
        login(self.page, base, who, PASSWORD, lang=lang)

    def nav(self, key: str) -> None:
        """Open the 评选 menu and follow one of its entries."""
        self.page.click("[data-testid=nav-group-cycle]")
        self.page.click(f"[data-testid=nav-{key}]")
        self.page.wait_for_load_state("load")

    def check(self, name: str) -> None:
        accessible(self.page)
        shot(self.page, PART, name)
        assert not [e for e in self.errors if "Content Security Policy" in e], self.errors

    def text(self, sel: str) -> str:
        return self.page.inner_text(sel)

    def close(self) -> None:
        self.page.close()


def _xlsx(tmp_path: Path, name: str, rows: list[list]) -> str:
    path = tmp_path / name
    path.write_bytes(exam_workbook(rows))
    return str(path)


def test_a_whole_cycle_from_opening_to_letters_through_the_pages(browser, live_server, world, settings, tmp_path):
    base = live_server.url

    # 1. HR opens cycle 2026 on Monday 2 November and releases the lists.
    hr = Role(browser, base, "hr")
    hr.nav("cycle_admin")
    hr.page.wait_for_selector("[data-testid=open-form]")
    assert "7 个工作日" in hr.text("[data-testid=open-form]")
    hr.check("list-zh")
    hr.page.fill("#id_year", str(YEAR))
    hr.page.click("[data-testid=do-open]")
    hr.page.wait_for_selector("[data-testid=pipeline]")
    assert "2026年11月10日" in hr.text("[data-testid=deadline]")
    hr.check("detail-open-zh")
    hr.page.click("[data-testid=do-start]")
    hr.page.wait_for_selector("[data-testid=days-left]")
    assert "7 个工作日" in hr.text("[data-testid=days-left]")
    hr.page.click("text=候选名单及说明")
    hr.page.locator("details.explain summary").first.click()
    hr.check("candidates-zh")

    # 2. The east's manager sees the work waiting, nominates three and leaves A3 out — first without a reason.
    m1 = Role(browser, base, "mgr1")
    m1.page.click("[data-testid=nav-group-cycle]")
    assert m1.text("[data-testid=nav-count-cycle_nominate]") == "1"
    m1.page.click("[data-testid=nav-cycle_nominate]")
    m1.page.wait_for_selector("[data-testid=nomination-form]")
    assert "还剩 7 个工作日" in m1.text("[data-testid=deadline-bar]")
    for no in ("A1", "A2", "J1"):
        m1.page.check(f"[data-testid=pick-{no}]")
    m1.page.click("[data-testid=do-nominate]")
    m1.page.wait_for_selector("[data-testid=form-error]")
    assert "请填写不提名的原因" in m1.text("[data-testid=row-A3]")
    m1.check("nominations-error-zh")
    m1.page.fill("[data-testid=reason-A3]", "本年度调岗未满半年，建议下年度再评")
    m1.page.click("[data-testid=do-nominate]")
    m1.page.wait_for_selector("[data-testid=message]")
    assert "已提名 3 人，不提名 1 人，待处理 0 人" in m1.text("[data-testid=tally]")
    m1.check("nominations-zh")
    m1.close()
    m2 = Role(browser, base, "mgr2")
    m2.nav("cycle_nominate")
    m2.page.check("[data-testid=pick-B1]")
    m2.page.check("[data-testid=pick-B2]")
    m2.page.click("[data-testid=do-nominate]")
    m2.page.wait_for_selector("[data-testid=message]")
    m2.close()

    # 3. The committee uploads the exam sheet during the period: errors first (nothing saved), then clean.
    cm = Role(browser, base, "committee")
    cm.nav("cycle_scoring")
    cm.page.click("[data-testid=exam-upload-link]")
    cm.page.set_input_files("#id_file", _xlsx(tmp_path, "考试成绩-有误.xlsx", [
        ["A1", "技术评定考试", date(2026, 11, 20), 95, "是"],
        ["ZZ9", "技术评定考试", date(2026, 11, 20), 88, "是"],
        ["A3", "技术评定考试", date(2026, 11, 20), 150, "是"]]))
    cm.page.click("[data-testid=do-upload]")
    cm.page.wait_for_selector("[data-testid=upload-errors]")
    assert cm.page.locator("[data-testid=upload-error]").count() == 2
    cm.check("exam-upload-errors-zh")
    cm.page.set_input_files("#id_file", _xlsx(tmp_path, "考试成绩.xlsx", [
        ["A1", "技术评定考试", date(2026, 11, 20), 95, "是"],
        ["B1", "技术评定考试", date(2026, 11, 20), 90, "是"]]))
    cm.page.click("[data-testid=do-upload]")
    cm.page.wait_for_selector("[data-testid=message]")
    assert "已导入 2 行" in cm.text("[data-testid=message]")

    # 4. After the deadline HR closes the nominations; the committee sets the quotas, scores and ranks.
    settings.CAREERPATH_TODAY = "2026-11-11"
    hr.page.goto(f"{base}{reverse('web:cycle_detail', args=[YEAR])}")
    hr.page.click("[data-testid=do-close]")
    hr.page.wait_for_selector("[data-testid=message]")
    cm.page.goto(f"{base}{reverse('web:cycle_scoring', args=[YEAR])}")
    cm.page.select_option("#id_move_id", "intermediate_to_senior")
    cm.page.select_option("#id_kind", "absolute")
    cm.page.fill("#id_value", "2")
    cm.page.click("[data-testid=do-quota]")
    cm.page.wait_for_selector("[data-testid=quota-table]")
    cm.page.select_option("#id_move_id", "junior_to_intermediate")
    cm.page.select_option("#id_kind", "percent")
    cm.page.fill("#id_value", "100")
    cm.page.click("[data-testid=do-quota]")
    cm.page.wait_for_selector("[data-testid=message]")
    cm.page.click("[data-testid=do-score]")
    cm.page.wait_for_selector("[data-testid=rank-A1]")
    cm.check("scoring-ranked-zh")
    # A2 outside the quota selected: the reason is required, then recorded; the rest as proposed.
    assert "名额外" in cm.text("[data-testid=rank-A2]")
    cm.page.locator("[data-testid=rank-A2] details.decide summary").click()
    cm.page.click("[data-testid=select-A2]")
    cm.page.wait_for_selector("[data-testid=decide-error-A2]")
    cm.page.fill("[data-testid=decide-reason-A2]", "重点客户项目骨干，年度贡献突出")
    cm.page.click("[data-testid=select-A2]")
    cm.page.wait_for_selector("[data-testid=decision-A2]")
    cm.page.click("[data-testid=do-accept]")
    cm.page.wait_for_selector("[data-testid=decision-B2]")
    cm.check("scoring-decided-zh")
    with cm.page.expect_download() as dl:
        cm.page.click("[data-testid=export]")
    assert Path(dl.value.path()).read_bytes()[:2] == b"PK"
    cm.page.click("[data-testid=do-conclude]")
    cm.page.wait_for_selector("[data-testid=pipeline]")
    cm.close()

    # 5. The VP sees one cycle waiting and approves.
    vp = Role(browser, base, "vp")
    vp.page.click("[data-testid=nav-group-cycle]")
    assert vp.text("[data-testid=nav-count-cycle_approval]") == "1"
    vp.page.click("[data-testid=nav-cycle_approval]")
    vp.page.wait_for_selector("[data-testid=vp-approve-form]")
    assert "重点客户项目骨干" in vp.text("[data-testid=vp-row-A2]")
    vp.check("approval-zh")
    vp.page.fill("#id_approve-note", "同意")
    vp.page.click("[data-testid=do-vp-approve]")
    vp.page.wait_for_selector("[data-testid=not-waiting]")
    vp.close()

    # 6. HR publishes the notice on 1 December, closes it on its page after it ran, approves, issues letters.
    settings.CAREERPATH_TODAY = "2026-12-01"
    hr.page.goto(f"{base}{reverse('web:cycle_detail', args=[YEAR])}")
    hr.page.fill("#notice-on", "2026-12-01")
    hr.page.click("[data-testid=do-notice]")
    hr.page.wait_for_selector("[data-testid=notice-link]")
    hr.check("detail-notice-zh")
    settings.CAREERPATH_TODAY = "2026-12-08"
    hr.page.click("[data-testid=notice-link]")
    hr.page.click("button[data-testid=notice-close]")
    hr.page.wait_for_load_state("load")
    hr.page.goto(f"{base}{reverse('web:cycle_detail', args=[YEAR])}")
    hr.page.click("[data-testid=do-hr-approve]")
    hr.page.wait_for_selector("[data-testid=do-letters]")
    hr.page.fill("#letters-on", "2026-12-09")
    hr.page.click("[data-testid=do-letters]")
    hr.page.wait_for_selector("[data-testid=letters-pdf]")
    pdf = hr.page.context.request.get(base + hr.page.get_attribute("[data-testid=letters-pdf]", "href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")  # one page per letter, shown inline
    hr.check("detail-letters-zh")

    # 7. 1 January: the positions change.
    settings.CAREERPATH_TODAY = "2027-01-01"
    hr.page.reload()
    hr.page.click("[data-testid=do-effective]")
    hr.page.wait_for_selector("[data-testid=message]")
    assert "已生效" in hr.text("[data-testid=cycle-state]")
    hr.check("detail-effective-zh")
    hr.close()
    got = {p.employee.employee_no for p in Position.objects.filter(start_on=date(2027, 1, 1)).select_related(
        "employee")}
    assert got == {"A1", "B1", "A2", "J1"}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_pages_in_english_and_on_a_phone(browser, live_server, world, width):
    advance(world, "scoring")
    base = live_server.url
    for who, name, url in [("committee", "scoring", "cycle_scoring"), ("hr", "detail", "cycle_detail"),
                           ("hr", "candidates", "cycle_candidates"), ("committee", "exam-upload", "cycle_exam_upload"),
                           ("vp", "approval", "cycle_approval"), ("mgr1", "nominations", "cycle_nominations")]:
        r = Role(browser, base, who, width=width, lang="en")
        r.page.goto(f"{base}{reverse(f'web:{url}', args=[YEAR])}")
        r.page.wait_for_selector("[data-testid=cycle-head]")
        assert "Cycle" in r.page.title() or r.page.locator("h1").count()
        if width < 500:  # nothing wider than the phone
            assert r.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        r.check(f"{name}-en-{width}")
        r.close()
