"""One individual promotion from the first look at the checklist to the letter, through the pages only.

The agent checks their progress and applies with a statement; the supervisor interviews and writes the
晋升评审报告; the manager takes the second review; HR publishes the notice (seeing its period in working days
and its closing date first); another employee objects from the notice board; HR, who sees who objected,
dismisses it with a note; once the notice's last working day has passed HR closes it, approves, issues the
晋升通知书 and downloads it; the applicant finds every step (what, who, when) on their application page and
downloads their letter. Once at a desk (1280 px), once with the employees on a phone (390 × 844).

After the fixture's set-up nothing here calls a service, the admin or the API: every step is a page a person
clicks through, and the only thing moved by hand is the clock (``settings.CAREERPATH_TODAY``), so that the
notice's period can pass. On every page: axe-core (no serious or critical violation), no horizontal
scrolling, a screenshot under test-artifacts/e2e/; and over each journey: no CSP refusal or script error on
the console, no server error.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import CHROMIUM, accessible, login, shot
from tests.web.approvals_world import pdf_text
from tests.web.journey_company import Company, company_build

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed (pdftotext)"),
]

PART = "e2e"
PASSWORD = "pw-12345"  # tests.apiclient.make_user's
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MOVE = "junior_to_intermediate"
STATEMENT = "本人入职三年，能独立处理常规异常与投诉，带出新人一名并已独立上岗，申请晋升为中级客服专员。"
# The company's clock reads Monday 2026-09-28: a 5-working-day notice published that day runs 09-28 … 09-30
# and, after the National Day holiday, 10-08 and 10-09. The Monday after is past its last working day.
PERIOD = "公示期 5 个工作日：2026年9月28日至2026年10月9日（当日下班截止）"
AFTER_THE_NOTICE = "2026-10-12"
OBJECTION = "据我了解，其带教的新人上岗后仍需他人协助，请核实独立操作的情况。"
DISMISSAL = "经核实，新人已于2026年4月1日通过独立操作考核，异议不成立。"


@pytest.fixture
def company(transactional_db, live_server, settings) -> Company:  # noqa: ANN001
    """张三 (agent, E1) eligible for intermediate; 李四 (teammate) and 赵六 (far, another department) to
    object; 李主管 (supervisor), 王经理 (manager) and HR, each with a login (tests/web/journey_company.py)."""
    return company_build(settings)


@dataclass
class Trip:
    """The pages of one journey: opened logged in as someone, looked at, kept as screenshots."""

    browser: Any
    base: str
    tmp_path: Path
    tag: str = ""  # "phone-" for the phone journey's screenshots
    desk_pages: bool = True  # False: the desk pages are only passed through (the desk journey looks at them)
    n: int = 0
    console: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    @contextmanager
    def as_(self, who: str, viewport: dict[str, int] = DESK) -> Iterator[Any]:
        page = self.browser.new_page(viewport=viewport, locale="zh-CN", accept_downloads=True)
        page.on("console", lambda m: self.console.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.script_errors.append(f"{page.url}: {e}"))
        page.on("response", lambda r: self.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
        try:
            login(page, self.base, who, PASSWORD)
            page.wait_for_selector("main")
            assert "/accounts/login/" not in page.url, f"{who} could not log in"
            yield page
        finally:
            page.close()

    def look(self, page: Any, step: str) -> None:
        """Every page of the journey: it fits its width, passes axe-core, and is kept as a screenshot."""
        page.wait_for_load_state("networkidle")
        width = page.viewport_size["width"]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"horizontal scrolling at {width}px on {page.url}: {scroll}px wide"
        if width > PHONE["width"] and not self.desk_pages:
            return
        accessible(page)
        self.n += 1
        shot(page, PART, f"{self.n:02d}-{self.tag}{step}")

    def nav(self, page: Any, key: str) -> None:
        """Follow a navigation entry (folded behind the menu button on a phone)."""
        link = page.locator(f"[data-testid=nav-{key}]")
        if not link.is_visible():
            page.click(".navbar-toggler")
            link.wait_for(state="visible")  # the menu unfolds with an animation
            page.locator("#site-nav.show:not(.collapsing)").wait_for()
        with page.expect_navigation():
            link.click()

    def pdf(self, page: Any, selector: str) -> str:
        """Download the PDF a link or button gives and return its text (pdftotext)."""
        with page.expect_download() as download:
            page.click(selector)
        content = Path(download.value.path()).read_bytes()
        assert content.startswith(b"%PDF"), content[:40]
        return pdf_text(content, self.tmp_path)

    def linked_pdf(self, page: Any, name: str) -> str:
        """The text of the PDF a page links to by ``name``, fetched with the page's own session."""
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(f"{self.base}{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf", (href, response.status)
        assert response.body().startswith(b"%PDF")
        return pdf_text(response.body(), self.tmp_path)

    def clean(self) -> None:
        assert not [e for e in self.console if "Content Security Policy" in e], self.console
        assert not self.script_errors, self.script_errors
        assert not self.server_errors, self.server_errors


# ---------------------------------------------------------------------------------------------------
# The steps, each by the person who owns it, on the pages they use


def agent_checks_progress_and_applies(trip: Trip, viewport: dict[str, int]) -> int:
    """The agent reads where they stand and what is still missing, then applies; returns the application's id."""
    with trip.as_("agent", viewport) as page:
        page.wait_for_selector(f"#move-{MOVE}")
        assert "您在这里" in page.inner_text("[data-testid=rung-junior]")
        move = page.locator(f"#move-{MOVE}")
        assert "已满足全部条件" in move.inner_text()
        marks = move.locator("td.mark").all_inner_texts()
        # each verdict a symbol and a word (an alternative not taken may read ✗ inside a met "any of")
        assert marks and all(m[0] == "✓" and "已满足" in m or m[0] == "✗" and "未满足" in m for m in marks)
        trip.look(page, "agent-home")

        page.click("a[href='/career/']")
        page.wait_for_selector("[data-testid=rung-intermediate]")
        assert "您在这里" in page.inner_text("[data-testid=rung-junior]")
        trip.look(page, "agent-career-map")

        page.go_back()
        page.click(f"[data-testid=apply-{MOVE}]")
        page.wait_for_selector("[data-testid=apply-form]")
        assert "张三" in page.inner_text("[data-testid=applicant]")
        page.fill("#id_statement", STATEMENT)
        trip.look(page, "agent-apply")
        page.click("[data-testid=submit]")
        page.wait_for_selector("[data-testid=step]")
        assert "待上级评审" in page.inner_text("[data-testid=step]")
        assert "李主管" in page.inner_text("[data-testid=holders]")
        assert "提交申请" in page.inner_text("[data-testid=history]")
        trip.look(page, "agent-application-submitted")
        pk = int(re.search(r"/applications/(\d+)/", page.url).group(1))

        # nobody decides about themself: the review page of one's own application is a 403 page, not a 500
        response = page.goto(f"{trip.base}/applications/{pk}/review/")
        assert response.status == 403
        assert "您不能评审自己的晋升申请" in page.inner_text("[data-testid=review-forbidden-message]")
        trip.look(page, "agent-own-review-refused")
        page.click("[data-testid=back-to-application]")
        page.wait_for_selector("[data-testid=step]")
    return pk


def supervisor_reviews(trip: Trip) -> None:
    """The supervisor finds the application in their queue, records the interview and writes the report."""
    with trip.as_("supervisor") as page:
        assert page.inner_text("[data-testid=nav-count-reviews]") == "1"
        trip.nav(page, "reviews")
        page.wait_for_selector("[data-testid=review-queue]")
        assert "张三" in page.inner_text("[data-testid=queue-row]")
        trip.look(page, "supervisor-queue")
        page.click("[data-testid=review-link]")
        page.wait_for_selector("[data-testid=step-form]")
        assert page.locator("[data-testid=no-change]").count() == 1  # nothing changed since submission
        # the interview record
        page.fill("#id_review-held_on", "2026-09-28")
        page.select_option("#id_review-mode", "in_person")
        page.fill("#id_review-place", "三楼会议室")
        page.fill("#id_review-topics", "回顾近一年工作，谈晋升后的带教要求")
        page.fill("#id_review-employee_view", "愿意承担带教工作")
        # the 晋升评审报告, section by section
        page.fill("#id_review-performance", "工作量稳定达标，客户投诉少")
        page.fill("#id_review-competence", "能独立处理常规异常和投诉")
        page.fill("#id_review-qualities", "沟通耐心，协作积极")
        page.fill("#id_review-development", "安排储备干部培训，由导师跟进考察期")
        page.get_by_label("推荐晋升", exact=True).check()
        page.fill("#id_review-conclusion", "符合晋升条件，推荐晋升为中级客服专员")
        trip.look(page, "supervisor-review")
        page.click("[data-testid=submit-step]")
        page.wait_for_selector("[data-testid=messages]")
        assert "已完成 张三 的直接上级评审" in page.inner_text("[data-testid=messages]")
        assert page.locator("[data-testid=queue-row]").count() == 0
        trip.look(page, "supervisor-queue-done")


def manager_reviews(trip: Trip) -> None:
    with trip.as_("manager") as page:
        assert page.inner_text("[data-testid=nav-count-reviews]") == "1"
        trip.nav(page, "reviews")
        page.wait_for_selector("[data-testid=queue-row]")
        page.click("[data-testid=review-link]")
        page.wait_for_selector("[data-testid=step-form]")
        assert "三楼会议室" in page.inner_text("[data-testid=prior]")  # the supervisor's interview, to read first
        history = page.inner_text("table.history")  # who acted so far, by name (not by login)
        assert "张三" in history and "李主管" in history and "supervisor" not in history, history
        page.fill("#id_review-note", "同意直接上级意见，复审通过")
        trip.look(page, "manager-review")
        page.click("[data-testid=submit-step]")
        page.wait_for_selector("[data-testid=messages]")
        assert "部门复审" in page.inner_text("[data-testid=messages]")


def hr_publishes_the_notice(trip: Trip) -> str:
    """HR chooses the application, reads the period before publishing, publishes; returns the notice's 文号."""
    with trip.as_("hr") as page:
        trip.nav(page, "hr_queue")
        page.wait_for_selector("[data-testid=section-ready]")
        assert page.inner_text("[data-testid=count-ready]") == "1"
        trip.look(page, "hr-queue-ready")
        page.click("[data-testid=notice-new]")
        page.wait_for_selector("[data-testid=ready-apps]")
        page.locator("[data-testid=ready-apps] tbody tr", has_text="张三").locator("input.app-pick").check()
        page.locator("[data-testid=period-preview]", has_text="已选 1 人").wait_for()
        assert PERIOD in page.inner_text("[data-testid=period-preview]")
        trip.look(page, "hr-notice-choose")
        page.click("[data-testid=notice-review]")
        page.wait_for_selector("[data-testid=confirm]")
        assert PERIOD in page.inner_text("[data-testid=confirm-period]")
        assert "张三" in page.inner_text("[data-testid=confirm]")
        trip.look(page, "hr-notice-confirm")
        page.click("[data-testid=notice-publish]")
        page.wait_for_selector("[data-testid=notice-head]")
        number = page.inner_text("[data-testid=notice-number]").strip()
        assert re.fullmatch(r"客服公示〔2026〕\d+号", number), number
        assert "已发布" in page.inner_text("[data-testid=message]")
        assert "之后才能结束公示" in page.inner_text("[data-testid=close-why]")  # not before 10-09
        trip.look(page, "hr-notice-published")
    return number


def employee_objects(trip: Trip, who: str, number: str, viewport: dict[str, int] = DESK) -> None:
    """Someone reads the notice board and objects to 张三's entry."""
    with trip.as_(who, viewport) as page:
        trip.nav(page, "notices")
        page.wait_for_selector("[data-testid=notice-list]")
        assert number in page.inner_text("[data-testid=notice-list]")
        trip.look(page, f"{who}-notice-board")
        page.click(f"text={number}")
        page.wait_for_selector("[data-testid=entries]")
        assert PERIOD in page.inner_text("[data-testid=notice-period]")  # the period in working days
        trip.look(page, f"{who}-notice")
        page.locator("[data-testid=entry]", has_text="张三").locator("[data-testid=object-link]").click()
        page.wait_for_selector("[data-testid=objection-form]")
        assert "只有人力资源部能看到" in page.inner_text("[data-testid=confidential]")
        page.fill("#id_text", OBJECTION)
        trip.look(page, f"{who}-objection")
        page.click("[data-testid=objection-submit]")
        page.wait_for_selector("[data-testid=message]")
        assert "提出人的身份只有人力资源部可见" in page.inner_text("[data-testid=message]")
        trip.look(page, f"{who}-objection-filed")


def hr_dismisses_the_objection(trip: Trip, objector: str, objector_no: str) -> None:
    with trip.as_("hr") as page:
        assert page.inner_text("[data-testid=nav-count-objections]") == "1"
        trip.nav(page, "objections")
        page.wait_for_selector("[data-testid=objection-list]")
        assert objector in page.inner_text("[data-testid=objector]")  # HR sees who objected
        trip.look(page, "hr-objections")
        page.click("[data-testid=objection-open]")
        page.wait_for_selector("[data-testid=resolve-form]")
        assert objector_no in page.inner_text("[data-testid=objector]")
        assert OBJECTION in page.inner_text("[data-testid=objection-text]")
        page.check("text=异议不成立：继续公示")
        page.fill("#id_note", DISMISSAL)
        trip.look(page, "hr-objection-mediate")
        page.click("[data-testid=resolve-submit]")
        page.wait_for_selector("[data-testid=resolution]")
        assert DISMISSAL in page.inner_text("[data-testid=resolution]")
        trip.look(page, "hr-objection-dismissed")


def hr_closes_approves_and_issues(trip: Trip, number: str) -> None:
    """After the notice's last working day: close it, approve, issue the letter, download it."""
    with trip.as_("hr") as page:
        trip.nav(page, "notices")
        page.wait_for_selector("[data-testid=notice-list]")
        page.click(f"text={number}")
        page.wait_for_selector("[data-testid=hr-panel]")
        assert "没有待调解的异议" in page.inner_text("[data-testid=open-objections]")
        trip.look(page, "hr-notice-to-close")
        page.click("[data-testid=notice-close]")
        page.wait_for_selector("[data-testid=message]")
        assert "已结束" in page.inner_text("[data-testid=notice-head]")
        trip.look(page, "hr-notice-closed")

        trip.nav(page, "hr_queue")
        page.wait_for_selector("[data-testid=section-to_approve]")
        assert page.inner_text("[data-testid=count-to_approve]") == "1"
        page.locator("[data-testid=section-to_approve] a[data-testid^=approve-]").click()
        page.wait_for_selector("[data-testid=snapshot]")
        assert number in page.inner_text("[data-testid=notice]")
        assert "异议不成立" in page.inner_text("[data-testid=notice]")
        # the 晋升评审报告 as printed: with the interview and the supervisor's sections
        report = trip.linked_pdf(page, "晋升评审报告（PDF）")
        assert "张三" in report and "三楼会议室" in report and "推荐晋升为中级客服专员" in report
        page.fill("#id_approve-note", "公示期满，异议经核实不成立，同意晋升")
        trip.look(page, "hr-approve")
        page.click("[data-testid=do-approve]")
        page.wait_for_selector("[data-testid=letter-issue]")
        assert "已审批通过" in page.inner_text("[data-testid=message]")
        trip.look(page, "hr-letter-preview")
        page.click("[data-testid=letter-issue-button]")
        page.wait_for_selector("[data-testid=letter-issued]")
        trip.look(page, "hr-letter-issued")
        letter = trip.pdf(page, "[data-testid=letter-download]")
        assert "晋升通知书" in letter and "张三" in letter
        assert page.inner_text("[data-testid=letter-number]").strip() in letter


# What the applicant's page says happened, in order, and who did it (HR's login has no employee record).
HISTORY = [
    ("提交申请", "张三"), ("直接上级评审通过", "李主管"), ("部门经理复审通过", "王经理"), ("进入公示", "hr"),
    ("公示期结束", "hr"), ("人力资源部审批通过", "hr"), ("发放晋升通知书", "hr"),
]
WHEN = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}")


def agent_follows_the_notice(trip: Trip, pk: int, number: str, viewport: dict[str, int]) -> None:
    """While the notice runs: the application page names the step and links the notice on the board."""
    with trip.as_("agent", viewport) as page:
        page.goto(f"{trip.base}/applications/{pk}/")
        page.wait_for_selector("[data-testid=step]")
        assert "公示中" in page.inner_text("[data-testid=step]")
        assert "上级评审" in page.inner_text("[data-testid=history]")
        trip.look(page, "agent-application-in-notice")
        page.click(f"text={number}")
        page.wait_for_selector("[data-testid=entries]")
        assert "张三" in page.inner_text("[data-testid=entries]")
        trip.look(page, "agent-notice")
        trip.nav(page, "notices")
        page.wait_for_selector("[data-testid=notice-list]")
        assert number in page.inner_text("[data-testid=notice-list]")
        trip.look(page, "agent-notice-board")


def applicant_sees_it_all(trip: Trip, pk: int, viewport: dict[str, int], *, objector: str) -> None:
    with trip.as_("agent", viewport) as page:
        trip.nav(page, "applications")
        page.wait_for_selector("[data-testid=application-row]")
        trip.look(page, "agent-applications")
        page.click(f"a[href='/applications/{pk}/'] >> nth=0")
        page.wait_for_selector("[data-testid=history]")
        assert "已发晋升通知书" in page.inner_text("[data-testid=step]"), page.inner_text("[data-testid=step]")
        items = page.locator("[data-testid=history] li")
        lines = [" ".join(line.split()) for line in items.all_inner_texts()]
        # each step, in order, with who took it and when (the date and time, in the Chinese form)
        rest = iter(lines)
        for what, who in HISTORY:
            assert any(line.startswith(what) and re.search(f"· {who}( |$)", line) for line in rest), \
                f"{what} by {who} missing or out of order in {lines}"
        assert items.locator("time").count() == len(lines)
        assert all(WHEN.fullmatch(t.strip()) for t in items.locator("time").all_inner_texts()), lines
        assert "同意直接上级意见，复审通过" in page.inner_text("[data-testid=history]")  # the manager's note
        # the objection stays confidential: its author is nowhere on the applicant's page
        assert objector not in page.inner_text("main")
        trip.look(page, "agent-application-done")
        letter = trip.pdf(page, "[data-testid=letter-pdf]")
        assert "张三" in letter


# ---------------------------------------------------------------------------------------------------


def test_the_whole_promotion_at_a_desk(browser, live_server, company, settings, tmp_path):  # noqa: F811
    trip = Trip(browser, live_server.url, tmp_path)
    pk = agent_checks_progress_and_applies(trip, DESK)
    supervisor_reviews(trip)
    manager_reviews(trip)
    number = hr_publishes_the_notice(trip)
    employee_objects(trip, "teammate", number)
    hr_dismisses_the_objection(trip, "李四", "E2")
    settings.CAREERPATH_TODAY = AFTER_THE_NOTICE  # the notice's last working day is over
    hr_closes_approves_and_issues(trip, number)
    applicant_sees_it_all(trip, pk, DESK, objector="李四")
    trip.clean()


def test_the_employees_part_on_a_phone(browser, live_server, company, settings, tmp_path):  # noqa: F811
    trip = Trip(browser, live_server.url, tmp_path, tag="phone-", desk_pages=False)
    pk = agent_checks_progress_and_applies(trip, PHONE)
    supervisor_reviews(trip)
    manager_reviews(trip)
    number = hr_publishes_the_notice(trip)
    agent_follows_the_notice(trip, pk, number, PHONE)
    employee_objects(trip, "far", number, PHONE)
    hr_dismisses_the_objection(trip, "赵六", "E9")
    settings.CAREERPATH_TODAY = AFTER_THE_NOTICE
    hr_closes_approves_and_issues(trip, number)
    applicant_sees_it_all(trip, pk, PHONE, objector="赵六")
    trip.clean()
