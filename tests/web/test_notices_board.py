"""The notice board (公示) and one notice, as every employee reads them."""
# ruff: noqa: F811 - the fixtures imported from tests.web.notices_fixtures are pytest arguments here

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.promotions import services
from tests.web.notices_fixtures import (
    company,  # noqa: F401 - the procedures' small company
    object_to,
    page,
    publish,
    ready_application,
    second_agent,
)

pytestmark = pytest.mark.django_db

PERIOD_ZH = "公示期 5 个工作日：2026年9月28日至2026年10月9日（当日下班截止）"


@pytest.fixture
def running(company):  # noqa: ANN001, ANN201
    """A notice published today (2026-09-28) with the agent and a colleague on it."""
    return publish(company, ready_application(company.agent), ready_application(second_agent(company)))


def test_it_lists_every_notice_to_any_employee_with_its_number_period_status_and_headcount(
        client, company, running, settings):  # noqa: ANN001
    # given a running notice and a later one, already over and closed by HR
    settings.CAREERPATH_TODAY = "2026-09-29"
    closed = publish(company, ready_application(company.other_agent), published_on=date(2026, 9, 29))
    settings.CAREERPATH_TODAY = "2026-10-12"
    services.notice_close(actor=company.users["hr"], notice=closed, today=date(2026, 10, 12))
    settings.CAREERPATH_TODAY = "2026-10-08"
    # when a colleague of another department opens the board
    res = page(client, company.users["far"], reverse("web:notice_list"))
    # then both notices are there, newest first, each with what the public needs
    assert res.status_code == 200
    html = res.text
    assert html.index(closed.number) < html.index(running.number)
    assert "公示期" in html and "5 个工作日：2026年9月28日至2026年10月9日（当日下班截止）" in html
    # 09-29, 09-30, then after the holiday 10-08, 10-09 and the 调休 Saturday 10-10
    assert "5 个工作日：2026年9月29日至2026年10月10日（当日下班截止）" in html
    assert "公示中" in html and "已结束" in html and "2 人" in html and "1 人" in html
    assert "还剩 2 个工作日" in html  # 10-08 and 10-09
    # and no HR column or button
    assert "待调解异议" not in html and reverse("web:notice_new") not in html


@pytest.mark.parametrize(("today", "words"), [
    ("2026-09-28", "还剩 5 个工作日"),
    ("2026-10-01", "还剩 2 个工作日"),  # the National Day holiday: 10-08 and 10-09 remain
    ("2026-10-09", "今天下班截止"),
    ("2026-10-10", "公示期满，待结束"),
])
def test_the_notice_counts_the_days_left_in_working_days(client, company, running, settings, today, words):  # noqa: ANN001
    settings.CAREERPATH_TODAY = today
    res = page(client, company.users["far"], reverse("web:notice_detail", args=[running.pk]))
    assert words in res.text


def test_one_notice_shows_its_entries_and_an_objection_link_for_each_while_it_runs(client, company, running):  # noqa: ANN001
    res = page(client, company.users["far"], reverse("web:notice_detail", args=[running.pk]))
    html = res.text
    assert res.status_code == 200
    assert running.number in html and PERIOD_ZH in html and "2026年10月9日 下班" in html
    assert "张三" in html and "李四" in html and "华东客服一部" in html
    assert "初级客服专员" in html and "中级客服专员" in html and "2026年11月1日" in html
    for entry in running.entries.all():
        assert reverse("web:objection_new", args=[running.pk, entry.pk]) in html
    # nothing beyond what the public needs: no scores, no evidence, no HR panel
    assert "snapshot" not in html and "data-testid=\"hr-panel\"" not in html


def test_an_exception_note_is_shown_on_the_entry(client, company):  # noqa: ANN001
    notice = publish(company, ready_application(company.agent, exception_reason="业绩突出，部门推荐"))
    html = page(client, company.users["far"], reverse("web:notice_detail", args=[notice.pk])).text
    assert "破格晋升：业绩突出，部门推荐" in html


@pytest.mark.parametrize("today", ["2026-10-10", "2026-10-12"])
def test_no_objection_link_once_the_period_is_over(client, company, running, settings, today):  # noqa: ANN001
    settings.CAREERPATH_TODAY = today
    html = page(client, company.users["far"], reverse("web:notice_detail", args=[running.pk])).text
    assert 'data-testid="object-link"' not in html


def test_a_scheduled_notice_says_when_objections_open(client, company):  # noqa: ANN001
    notice = publish(company, ready_application(company.agent), published_on=date(2026, 9, 30))
    html = page(client, company.users["far"], reverse("web:notice_detail", args=[notice.pk])).text
    assert "待开始" in html and "2026年9月30日 起接受异议" in html
    assert 'data-testid="object-link"' not in html


def test_an_entry_taken_off_after_an_upheld_objection_leaves_the_public_list(client, company, running):  # noqa: ANN001
    obj = object_to(company, running)
    services.objection_resolve(actor=company.users["hr"], objection=obj, upheld=True, note="属实")
    html = page(client, company.users["far"], reverse("web:notice_detail", args=[running.pk])).text
    assert "张三" not in html and "李四" in html
    assert "1 人" in page(client, company.users["far"], reverse("web:notice_list")).text


def test_it_reads_in_english(client, company, running):  # noqa: ANN001
    html = page(client, company.users["far"], reverse("web:notice_detail", args=[running.pk]), lang="en").text
    assert "Notice period: 5 working days, 28 Sep 2026 to 9 Oct 2026 (until the end of that working day)" in html
    assert "Junior CS Specialist" in html and "In public notice" in html and "Object" in html
    assert "公示期" not in html and "提出异议" not in html


def test_an_empty_board_says_so(client, company):  # noqa: ANN001
    html = page(client, company.users["far"], reverse("web:notice_list")).text
    assert "还没有公示" in html


def test_it_asks_a_visitor_to_log_in_and_answers_404_for_an_unknown_notice(client, company):  # noqa: ANN001
    res = client.get(reverse("web:notice_list"))
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]
    assert page(client, company.users["far"], reverse("web:notice_detail", args=[999])).status_code == 404


@pytest.mark.parametrize("who", ["far", "hr"])
def test_the_board_and_a_notice_render_under_the_query_budget(client, company, running, who,
                                                              django_assert_max_num_queries):  # noqa: ANN001
    # given a few more notices, one with an objection
    for i in range(5):
        publish(company, ready_application(second_agent(company, no=f"X{i}", name=f"同事{i}")))
    object_to(company, running)
    client.force_login(company.users[who])
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:notice_list")).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:notice_detail", args=[running.pk])).status_code == 200

