"""The mentor's mentees (/mentees/): start dates, independence once reached, and the mentor's confirmation of
a mentee's independent operation — which counts for the mentor once the mentee's supervisor countersigns,
because the engine counts it for the mentor's own promotion."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.evaluation.selectors import evaluation_run
from careerpath.evidence import models as ev
from careerpath.evidence.submission_selectors import mentees_waiting_count
from careerpath.policy_versions.selectors import active_policy
from careerpath.promotions.models import Notification
from tests.apiclient import make_user
from tests.web.evidence_company import AS_OF, company_fixture, login  # noqa: F401

URL = reverse("web:mentees")


def _mentoring_passes(employee_no: str = "E1") -> bool:
    result = next(r for r in evaluation_run(policy=active_policy(), as_of=AS_OF, employee_no=employee_no).results
                  if r.move_id == "junior_to_intermediate")
    return next(c for c in result.criteria if c.id == "mentoring").passed


def _report(client, company, day: str = "2026-09-15", **extra):  # noqa: ANN001, ANN003, ANN202
    prefix = f"m{company.mentorship.pk}"
    return client.post(URL, {"mentorship": company.mentorship.pk, f"{prefix}-date": day,
                             f"{prefix}-note": "已能独立处理A级客户订单", **extra})


def test_the_mentor_sees_their_mentees_and_the_navigation_counts_those_in_training(client, company):
    login(client, company.user("agent"))
    html = client.get(URL).content.decode()
    assert "新人小王" in html and "N1" in html and "2026年6月5日" in html and "带教中" in html
    assert 'data-testid="report-form"' in html
    assert re.search(r'data-testid="nav-count-mentees"[^>]*>1<', html)


def test_the_mentor_confirms_and_the_mentee_s_supervisor_countersigns_then_it_counts(
        client, company, django_capture_on_commit_callbacks):
    assert not _mentoring_passes()
    # when the mentor confirms the mentee works independently since 15 September
    login(client, company.user("agent"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, company)
    assert response.status_code == 302
    sub = ev.EvidenceSubmission.objects.get(kind="mentee_independence")
    assert (sub.employee, sub.mentee, sub.date, sub.mentorship) == (company.agent, company.mentee, date(2026, 9, 15),
                                                                    company.mentorship)
    # then it waits for the mentee's supervisor (told), is no longer counted as waiting for the mentor,
    # and does not count yet
    assert Notification.objects.filter(user=company.user("far"), url=reverse("web:evidence_detail", args=[sub.pk]))
    assert mentees_waiting_count(company.user("agent")) == 0
    html = client.get(URL).content.decode()
    assert "待上级复核" in html and 'data-testid="report-form"' not in html
    assert not _mentoring_passes()
    # when the mentee's supervisor confirms it
    login(client, company.user("far"))
    assert client.post(reverse("web:evidence_detail", args=[sub.pk]), {"action": "confirm"}).status_code == 302
    # then the mentorship carries its independence date, audited, and the engine counts it for the mentor
    company.mentorship.refresh_from_db()
    assert company.mentorship.independent_on == date(2026, 9, 15)
    assert AuditEvent.objects.filter(action="evidence.change", target_id=str(company.mentorship.pk)).exists()
    assert _mentoring_passes()
    login(client, company.user("agent"))
    assert "已独立操作" in client.get(URL).content.decode()


def test_the_mentor_cannot_countersign_their_own_report_nor_the_mentee_their_own_independence(client, company):
    # given a mentor who is also a supervisor, and a mentee who is one too (odd, but roles are data)
    mentor = make_user("mentor-boss", "mentor", "supervisor", "employee", employee=company.agent)
    login(client, mentor)
    _report(client, company)
    sub = ev.EvidenceSubmission.objects.get()
    response = client.post(reverse("web:evidence_detail", args=[sub.pk]), {"action": "confirm"})
    assert response.status_code == 403 and "不能就本人的事项" in response.content.decode()
    mentee = make_user("mentee-boss", "supervisor", "hr", "employee", employee=company.mentee)
    login(client, mentee)
    response = client.post(reverse("web:evidence_detail", args=[sub.pk]), {"action": "confirm"})
    assert response.status_code == 403 and "不能就本人的事项" in response.content.decode()
    company.mentorship.refresh_from_db()
    assert company.mentorship.independent_on is None


def test_a_report_needs_a_date_within_the_mentorship(client, company):
    login(client, company.user("agent"))
    for day, expected in (("2026-10-01", "晚于今天"), ("2026-05-01", "早于带教开始日期"), ("", "")):
        response = _report(client, company, day=day)
        assert response.status_code == 400
        assert 'data-testid="error-date"' in response.content.decode()
        if expected:
            assert expected in response.content.decode()
    assert not ev.EvidenceSubmission.objects.exists()


def test_only_the_mentor_reports_their_own_mentees(client, company):
    login(client, company.user("colleague"))
    response = _report(client, company)
    assert response.status_code == 404
    assert not ev.EvidenceSubmission.objects.exists()
    assert "还没有带教记录" in client.get(URL).content.decode()


def test_the_page_stays_within_its_query_budget(client, company, django_assert_max_num_queries):
    for i in range(6):
        n = company.mentee.__class__.objects.create(employee_no=f"N{i + 2}", name=f"新人{i}", education="大专",
                                                    hired_on=date(2026, 1, 1), department=company.dept)
        ev.Mentorship.objects.create(mentor=company.agent, mentee=n, start_on=date(2026, 1, 5),
                                     independent_on=date(2026, 4, 1) if i % 2 else None)
    login(client, company.user("agent"))
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200
