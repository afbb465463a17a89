"""The review page: the snapshot beside today's evidence, who may open it, and what it shows in words."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.discipline.services import incident_record
from careerpath.evidence.services import evidence_add
from careerpath.people.models import Employee
from careerpath.promotions.models import Application
from tests.web.reviews_fixtures import (  # noqa: F401
    AS_OF,
    at_step,
    client_for,
    company,
    make_user,
    other_team,
    raw_application,
    review_url,
)


def _page(user, app, lang: str = "zh-hans") -> str:  # noqa: ANN001
    res = client_for(user).get(review_url(app), {"lang": lang})
    assert res.status_code == 200, res.status_code
    return res.content.decode()


def test_it_shows_what_changed_since_submission_in_words_and_symbols(company):  # noqa: F811
    # given an application submitted on 28 September, then an internal praise and a major complaint recorded
    app = at_step(company, "submitted")
    hr = company.users["hr"]
    evidence_add(actor=hr, kind="praise", employee=company.agent, date=date(2026, 9, 28), source="internal",
                 note="季度服务之星")
    incident_record(actor=hr, employee=company.agent, date=date(2026, 9, 28), type="重大投诉", note="客户投诉")
    # when the supervisor opens the review page
    html = _page(company.users["supervisor"], app)
    # then the change summary names the criterion that passed then and fails now, and the new records
    changes = html[html.index('data-testid="changes"'):html.index('data-testid="compare"')]
    assert "提交时满足、现已不满足：近12个月内无重大事故" in changes
    assert "提交后新增事故记录：重大投诉 2026年9月28日" in changes
    assert "提交后新增书面表扬：内部 2026年9月28日" in changes
    assert "提交时符合晋升条件，按今天的记录已不符合。" in changes
    # and the side-by-side table marks that criterion, with both values
    row = html[html.index('data-change="now_fails"'):]
    row = row[:row.index("</tr>")]
    assert "✓ 满足" in row and "✗ 未满足" in row and "现已不满足" in row
    # and the evidence lists the new records as added since submission, with labels, never codes
    evidence = html[html.index('id="evidence-title"'):]
    assert evidence.count('data-testid="record-added"') == 2
    assert "重大投诉" in evidence and "内部" in evidence and "internal" not in evidence


def test_an_unchanged_application_says_nothing_changed(company):  # noqa: F811
    app = at_step(company, "submitted")
    html = _page(company.users["supervisor"], app)
    assert 'data-testid="no-change"' in html and 'data-testid="change-line"' not in html
    assert 'data-change="now_fails"' not in html and 'data-change="now_passes"' not in html


def test_the_english_page_gives_the_snapshot_in_english_too(company):  # noqa: F811
    # given an application submitted (its snapshot worded in Chinese) and a praise recorded since
    app = at_step(company, "submitted")
    assert "个月" in str(app.snapshot["result"])
    evidence_add(actor=company.users["hr"], kind="praise", employee=company.agent, date=date(2026, 9, 28),
                 source="customer", customer="顺丰", note="来函表扬")
    html = _page(company.users["supervisor"], app, "en")
    compare = html[html.index('data-testid="compare"'):html.index('id="evidence-title"')]
    # then both columns read in English: the stored facts evaluated again, reaching the stored outcome
    assert "time in current level at least 12 months" in compare
    assert "个月" not in compare and "满足" not in compare
    assert "What changed since submission" in html and "Added since submission" in html
    assert "Customer" in html and "Written praise" in html


def test_the_evidence_is_listed_with_labels(company):  # noqa: F811
    app = at_step(company, "submitted")
    html = _page(company.users["supervisor"], app)
    evidence = html[html.index('id="evidence-title"'):html.index('data-testid="step-form"')]
    # the fixture's records: attestations, a mentorship, a praise, an exam, the positions
    assert "能独立操作系统、服务A/B/C级客户" in evidence and "independent_operation" not in evidence
    assert "技术评定考试" in evidence and "✓ 通过" in evidence
    assert "新人（E1-M）" in evidence
    assert "初级客服专员" in evidence and "晋升" in evidence
    assert "2026年3月1日" in evidence and "2026-03-01" not in evidence


def test_the_supervisor_sees_the_interview_and_report_form_and_the_manager_the_second_review(company):  # noqa: F811
    app = at_step(company, "submitted")
    html = _page(company.users["supervisor"], app)
    assert 'name="review-topics"' in html and 'name="review-performance"' in html
    assert 'name="review-recommendation"' in html and 'name="return-reason"' in html and 'name="reject-reason"' in html
    for field in ("held_on", "mode", "place", "topics", "employee_view", "performance", "competence", "qualities",
                  "development", "conclusion"):
        assert f'<label class="form-label" for="id_review-{field}"' in html, field
    app = at_step(company, "supervisor_reviewed", employee=_second_agent(company))
    html = _page(company.users["manager"], app)
    assert 'name="review-note"' in html and 'name="review-topics"' not in html
    assert 'data-testid="prior"' in html and "面谈" in html  # the supervisor's review is shown to the manager


def _second_agent(company) -> Employee:  # noqa: ANN001, F811
    from tests.procedures.conftest import make_eligible_junior

    emp = Employee.objects.create(employee_no="E5", name="孙五", education="大专", hired_on=date(2023, 3, 1),
                                  department=company.dept, supervisor=company.supervisor,
                                  confirmed_on=date(2023, 6, 1))
    make_eligible_junior(emp)
    return emp


@pytest.mark.parametrize("actor,status,expected", [
    ("supervisor", 200, "step-form"),
    ("manager", 200, "reject-form"),  # in scope, not their step: they read it and may only reject
    ("hr", 200, "reject-form"),  # HR may reject before the notice; it holds no review step
    ("committee", 200, "reject-form"),
    ("agent", 403, "review-forbidden"),  # the applicant: nobody reviews themself
    ("far", 403, "review-forbidden"),  # another department's employee
    ("supervisor_out", 403, "review-forbidden"),  # a supervisor of another team
    ("manager_out", 403, "review-forbidden"),  # another department's manager
])
def test_who_may_open_the_review_page(company, actor, status, expected):  # noqa: F811
    app = at_step(company, "submitted")
    users = {**company.users, **other_team(company)}
    res = client_for(users[actor]).get(review_url(app))
    assert res.status_code == status
    html = res.content.decode()
    assert f'data-testid="{expected}"' in html
    assert ('data-testid="step-form"' in html) is (actor == "supervisor")


def test_after_the_notice_the_review_page_offers_nothing(company, settings):  # noqa: F811
    # given an application in its notice: rejecting it now is HR's final decision, on the approval page
    from careerpath.promotions import services as s

    app = at_step(company, "manager_reviewed")
    s.notice_publish(actor=company.users["hr"], applications=[app], published_on=AS_OF, effective_on=date(2026, 10, 16))
    html = _page(company.users["hr"], app)
    assert 'data-testid="no-action"' in html and 'data-testid="reject-form"' not in html


def test_it_refuses_a_review_of_oneself_with_a_message(company):  # noqa: F811
    # given the department manager holding every reviewing role, and their own application at their step
    me = make_user("omni", "supervisor", "manager", "committee", "vp", "hr", employee=company.manager)
    own = raw_application(company.manager, "supervisor_reviewed", move="manager_to_deputy_director")
    c = client_for(me)
    # then the page and any step are refused with the reason in words, and nothing changes
    res = c.get(review_url(own))
    assert res.status_code == 403
    assert "您不能评审自己的晋升申请" in res.content.decode()
    res = c.post(review_url(own), {"action": "manager_review", "review-note": "同意", "review-seen": ""})
    assert res.status_code == 403 and "任何人都不能就本人的事项作出决定" in res.content.decode()
    assert Application.objects.get(pk=own.pk).state == "supervisor_reviewed"
    res = c.get(review_url(own), {"lang": "en"})
    assert "You cannot review your own application" in res.content.decode()


def test_a_missing_application_is_not_found(company):  # noqa: F811
    assert client_for(company.users["supervisor"]).get(reverse("web:application_review", args=[999])).status_code \
        == 404


def test_the_page_shows_no_raw_codes(company):  # noqa: F811
    app = at_step(company, "supervisor_reviewed")
    html = _page(company.users["manager"], app)
    body = html[html.index('<main'):]
    for code in ("supervisor_reviewed", "junior_to_intermediate", ">junior<", ">intermediate<", "application.submit",
                 "independent_operation", '"passed"', "{&quot;"):
        assert code not in body, code
    assert "待部门经理复审" in body and "直接上级评审通过" in body


@pytest.mark.parametrize("actor,state", [("supervisor", "submitted"), ("manager", "supervisor_reviewed")])
def test_the_review_page_stays_within_its_query_budget(company, actor, state,  # noqa: F811
                                                       django_assert_max_num_queries):
    app = at_step(company, state)
    for i in range(10):  # more evidence does not mean more queries
        evidence_add(actor=company.users["hr"], kind="praise", employee=company.agent, date=date(2026, 9, i + 1),
                     source="internal", note=f"表扬{i}")
    c = client_for(company.users[actor])
    with django_assert_max_num_queries(29):
        assert c.get(review_url(app)).status_code == 200


@pytest.mark.parametrize("actor,state", [("committee", "manager_reviewed"), ("vp", "committee_reviewed")])
def test_a_cycles_application_is_read_here_not_decided(company, actor, state):  # noqa: F811
    # given an application of the annual cycle waiting for the committee's or the VP's step
    app = raw_application(company.agent, state, route="cycle")
    html = _page(company.users[actor], app)
    # then the page shows it and offers no step: the cycle decides for all its candidates at once
    assert 'data-testid="no-action"' in html and "年度评选" in html
    assert 'data-testid="step-form"' not in html and 'data-testid="return-form"' not in html
