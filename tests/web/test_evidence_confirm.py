"""Confirming and rejecting submitted evidence (/evidence/<pk>/ and the queue /evidence/confirm/): it counts
for the engine only after someone else confirms it; a rejection needs its reason; nobody confirms their own."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.errors import Forbidden
from careerpath.evaluation.selectors import evaluation_run
from careerpath.evidence import models as ev
from careerpath.evidence.services import submission_confirm, submission_create
from careerpath.evidence.submission_selectors import submissions_waiting_count
from careerpath.policy_versions.selectors import active_policy
from careerpath.promotions.models import Notification
from tests.apiclient import make_user
from tests.web.evidence_company import AS_OF, company_fixture, login, png, upload  # noqa: F401


def _praise(company, source: str = "customer"):  # noqa: ANN001, ANN202
    return submission_create(actor=company.user("agent"), kind="praise", praise_source=source,
                             customer="顺达物流" if source == "customer" else "", date=date(2026, 9, 1),
                             note="表扬信", attachment=upload())


def _criterion(employee_no: str, move: str, criterion: str):  # noqa: ANN202
    result = next(r for r in evaluation_run(policy=active_policy(), as_of=AS_OF, employee_no=employee_no).results
                  if r.move_id == move)
    return next(c for c in result.criteria if c.id == criterion)


def _detail(sub) -> str:  # noqa: ANN001
    return reverse("web:evidence_detail", args=[sub.pk])


def test_confirming_records_the_praise_and_the_engine_counts_it(client, company,
                                                                django_capture_on_commit_callbacks):
    # given a customer praise letter waiting, which the engine does not count yet
    sub = _praise(company)
    assert not _criterion("E1", "junior_to_intermediate", "praise").passed
    # when the direct supervisor confirms it on its page
    login(client, company.user("supervisor"))
    page = client.get(_detail(sub)).content.decode()
    assert 'data-testid="decide"' in page and 'data-testid="preview"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_detail(sub), {"action": "confirm"})
    assert response.status_code == 302
    # then the evidence record exists, is linked, and the engine counts it
    sub.refresh_from_db()
    assert sub.state == "confirmed" and sub.decided_by == company.user("supervisor") and sub.decided_at
    praise = ev.Praise.objects.get(employee=company.agent)
    assert sub.praise == praise and (praise.source, praise.customer) == ("customer", "顺达物流")
    assert praise.created_by == company.user("supervisor")
    result = _criterion("E1", "junior_to_intermediate", "praise")
    assert result.passed and f"praise:{praise.pk}" in result.children[0].evidence
    # audited in the same transaction as the record, and the submitter is told
    assert AuditEvent.objects.filter(action="evidence_submission.confirm", target_id=str(sub.pk)).exists()
    assert AuditEvent.objects.filter(action="evidence.create", target_id=str(praise.pk)).exists()
    note = Notification.objects.get(user=company.user("agent"))
    assert "已确认" in note.text and note.url == _detail(sub)
    # and the page says so, with no decision form any more
    login(client, company.user("agent"))
    html = client.get(_detail(sub)).content.decode()
    assert 'data-testid="counted"' in html and 'data-testid="decide"' not in html and "已确认" in html


def test_a_training_certificate_becomes_a_training_record(company):
    sub = submission_create(actor=company.user("agent"), kind="training", program="储备干部培训",
                            training_result="passed", date=date(2026, 8, 20), attachment=upload())
    sub = submission_confirm(actor=company.user("hr"), submission=sub)
    training = ev.Training.objects.get(employee=company.agent)
    assert sub.training == training and (training.program, training.result) == ("储备干部培训", "passed")


def test_rejecting_needs_a_reason_and_records_nothing(client, company, django_capture_on_commit_callbacks):
    sub = _praise(company)
    login(client, company.user("supervisor"))
    response = client.post(_detail(sub), {"action": "reject", "reason": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "须填写原因" in html[html.index('data-testid="error-reason"'):][:200]
    sub.refresh_from_db()
    assert sub.state == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_detail(sub), {"action": "reject", "reason": "表扬信上没有客户盖章"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.state, sub.reason) == ("rejected", "表扬信上没有客户盖章")
    assert not ev.Praise.objects.exists()
    assert "表扬信上没有客户盖章" in Notification.objects.get(user=company.user("agent")).text
    # the submitter sees the reason on their list, and may send it again
    login(client, company.user("agent"))
    mine = client.get(reverse("web:evidence_mine")).content.decode()
    assert "表扬信上没有客户盖章" in mine and f"?replaces={sub.pk}" in mine and "已驳回" in mine


def test_nobody_confirms_their_own_submission(client, company):
    # given a supervisor who also submits evidence of their own, and is HR's equal in every other way
    boss = make_user("boss", "supervisor", "hr", "employee", employee=company.supervisor)
    sub = submission_create(actor=boss, kind="praise", praise_source="internal", date=date(2026, 9, 1),
                            attachment=upload())
    # when they try to confirm it
    login(client, boss)
    assert 'data-testid="decide"' not in client.get(_detail(sub)).content.decode()
    response = client.post(_detail(sub), {"action": "confirm"})
    # then it is refused as a self-decision and nothing is recorded
    assert response.status_code == 403 and "不能就本人的事项" in response.content.decode()
    with pytest.raises(Forbidden) as exc:
        submission_confirm(actor=boss, submission=sub)
    assert exc.value.code == "self_decision"
    sub.refresh_from_db()
    assert sub.state == "pending" and not ev.Praise.objects.exists()
    assert submissions_waiting_count(boss) == 0  # nor does it wait in their own queue


@pytest.mark.parametrize("who", ["colleague", "far", "manager"])
def test_people_who_do_not_confirm_cannot(client, company, who):
    sub = _praise(company)
    login(client, company.user(who))
    response = client.post(_detail(sub), {"action": "confirm"})
    # the manager may read it (their department) but is not a confirmer; the others may not even read it
    assert response.status_code == 403
    sub.refresh_from_db()
    assert sub.state == "pending"


def test_a_decision_is_taken_once(client, company):
    sub = _praise(company)
    submission_confirm(actor=company.user("supervisor"), submission=sub)
    login(client, company.user("hr"))
    response = client.post(_detail(sub), {"action": "reject", "reason": "重复"})
    assert response.status_code == 409
    assert ev.Praise.objects.count() == 1


def test_the_queue_lists_what_waits_for_me_and_the_navigation_counts_it(client, company):
    sub = _praise(company)
    login(client, company.user("supervisor"))
    html = client.get(reverse("web:evidence_queue")).content.decode()
    assert _detail(sub) in html and "张三" in html and "客户表扬" in html
    assert 'data-testid="nav-count-evidence_queue"' in html
    # someone else's team: nothing waits
    login(client, company.user("far"))
    html = client.get(reverse("web:evidence_queue")).content.decode()
    assert _detail(sub) not in html and 'data-testid="empty"' in html
    assert 'data-testid="nav-count-evidence_queue"' not in html
    # HR confirms anything (the confirmer of last resort)
    assert submissions_waiting_count(company.user("hr")) == 1


def test_the_employee_s_navigation_counts_recent_rejections_not_yet_sent_again(client, company):
    from careerpath.evidence.services import submission_reject

    login(client, company.user("agent"))
    assert 'data-testid="nav-count-evidence_mine"' not in client.get(reverse("web:evidence_mine")).content.decode()
    submission_reject(actor=company.user("supervisor"), submission=_praise(company), reason="看不清")
    html = client.get(reverse("web:evidence_mine")).content.decode()
    assert re.search(r'data-testid="nav-count-evidence_mine"[^>]*>1<', html)


def test_pages_stay_within_their_query_budgets(client, company, django_assert_max_num_queries):
    for i in range(5):
        submission_create(actor=company.user("agent"), kind="praise", praise_source="internal",
                          date=date(2026, 9, 1 + i), attachment=upload(png(colour=(40 * i, 10, 10))))
    sub = ev.EvidenceSubmission.objects.first()
    for who, url in (("supervisor", reverse("web:evidence_queue")), ("supervisor", _detail(sub)),
                     ("agent", reverse("web:evidence_mine")), ("agent", _detail(sub)), ("hr", _detail(sub))):
        login(client, company.user(who))
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, (who, url)


def test_the_admin_lists_submissions_read_only(client, company):
    from careerpath.accounts.models import Role
    from careerpath.accounts.services import user_upsert

    sub = _praise(company)
    user_upsert(username="hr-desk", password="pw-admin-123", roles=[Role.HR])
    assert client.login(username="hr-desk", password="pw-admin-123")
    assert client.get(reverse("admin:evidence_evidencesubmission_changelist")).status_code == 200
    change = client.get(reverse("admin:evidence_evidencesubmission_change", args=[sub.pk]))
    assert change.status_code == 200 and "顺达物流" in change.content.decode()
    assert client.get(reverse("admin:evidence_evidencesubmission_add")).status_code == 403
    assert client.post(reverse("admin:evidence_evidencesubmission_change", args=[sub.pk]),
                       {"state": "confirmed"}).status_code == 403


def test_lists_ask_the_same_number_of_queries_for_one_row_or_many(client, company):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(who: str, url: str) -> int:
        login(client, company.user(who))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = [("agent", reverse("web:evidence_mine")), ("supervisor", reverse("web:evidence_queue")),
             ("supervisor", reverse("web:evidence_record", args=["E1"]))]
    submission_create(actor=company.user("agent"), kind="praise", praise_source="customer", customer="甲",
                      date=date(2026, 9, 1), attachment=upload())
    ev.Praise.objects.create(employee=company.agent, date=date(2026, 3, 1), source="internal")
    one = [count(*p) for p in pages]
    for i in range(6):
        submission_create(actor=company.user("agent"), kind="training", program=f"培训{i}", training_result="passed",
                          date=date(2026, 8, 1 + i), attachment=upload(png(colour=(30 * i, 99, 10))))
        ev.Praise.objects.create(employee=company.agent, date=date(2026, 4, 1 + i), source="customer", customer="乙")
        ev.Attestation.objects.create(employee=company.agent, competency=["office_visio", "office_ppt_functions",
                                      "major_exceptions", "client_engagement", "leads_training",
                                      "learning_adaptability"][i], date=date(2026, 2, 1))
    assert [count(*p) for p in pages] == one


def test_the_navigation_s_one_query_agrees_with_each_count(company):
    from careerpath.evidence.services import submission_reject
    from careerpath.evidence.submission_selectors import (
        WaitingCounts,
        submissions_attention_count,
        waiting_counts,
    )

    submission_reject(actor=company.user("supervisor"), submission=_praise(company), reason="看不清")
    submission_create(actor=company.user("agent"), kind="mentee_independence", mentee_no="N1", date=date(2026, 9, 1))
    for name in ("agent", "supervisor", "far", "hr", "manager", "colleague"):
        user = company.user(name)
        assert waiting_counts(user=user) == WaitingCounts(submissions_attention_count(user),
                                                          submissions_waiting_count(user)), name
    assert waiting_counts(user=company.user("far")).to_confirm == 1  # the mentee's supervisor
    assert waiting_counts(user=company.user("agent")).attention == 1
