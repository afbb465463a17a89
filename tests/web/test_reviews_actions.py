"""The review page's steps: the supervisor's interview and report, the manager's second review, returning and
rejecting with a reason; bad input beside the field, a stale form refused with 409."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.promotions import services as s
from careerpath.promotions.models import Application, Notification
from careerpath.promotions.selectors import application_version, applications_awaiting
from tests.apiclient import Api
from tests.web.reviews_fixtures import (  # noqa: F401
    REPORT,
    at_step,
    client_for,
    company,
    review_post,
    review_url,
)

QUEUE = reverse("web:review_queue")


def _state(app: Application) -> str:
    return Application.objects.get(pk=app.pk).state


def test_the_supervisor_records_the_interview_and_the_report(company):  # noqa: F811
    # given a submitted application
    app = at_step(company, "submitted")
    c = client_for(company.users["supervisor"])
    # when the supervisor posts the interview and the report's sections
    res = review_post(c, app, "supervisor_review", REPORT)
    # then it goes to the manager, back to the queue with a message saying so
    assert res.status_code == 302 and res["Location"] == QUEUE
    app.refresh_from_db()
    assert app.state == "supervisor_reviewed"
    # and the composed texts are stored where the PDF and the API read them
    assert app.interview_note.splitlines()[:3] == ["面谈日期：2026年9月28日", "面谈方式：当面面谈；地点：三楼会议室",
                                                   "面谈要点："]
    assert "员工本人意见：\n愿意承担带教" in app.interview_note
    report = app.review_report
    for heading, text in (("一、工作业绩", REPORT["performance"]), ("二、专业能力", REPORT["competence"]),
                          ("三、综合素质", REPORT["qualities"]), ("四、培养建议", REPORT["development"]),
                          ("五、评审结论：推荐晋升", REPORT["conclusion"])):
        assert f"{heading}\n{text}" in report
    assert "评审人：李主管（S1）" in report
    detail = Api(company.users["supervisor"]).get(f"/applications/{app.pk}").json()
    assert detail["review_report"] == report and detail["interview_note"] == app.interview_note
    assert AuditEvent.objects.filter(action="application.supervisor_review", target_id=str(app.pk)).exists()
    html = c.get(QUEUE).content.decode()
    assert 'data-testid="messages"' in html and "已完成 张三 的直接上级评审" in html


BAD_REPORTS = [
    # (what is wrong, the fields posted, the field the error is shown beside, words of the error)
    ("no topics", {"topics": ""}, "topics", "必填"),
    ("no performance", {"performance": "  "}, "performance", "必填"),
    ("a future date", {"held_on": "2026-10-05"}, "held_on", "不能晚于今天"),
    ("before the application", {"held_on": "2026-01-05"}, "held_on", "不能早于申请日期"),
    ("no place in person", {"place": ""}, "place", "当面面谈须填写地点"),
    ("an unknown mode", {"mode": "letter"}, "mode", "选择"),
    ("no recommendation", {"recommendation": ""}, "recommendation", "必填"),
    ("no conclusion", {"conclusion": ""}, "conclusion", "必填"),
]


@pytest.mark.parametrize("why,change,field,words", BAD_REPORTS, ids=[b[0] for b in BAD_REPORTS])
def test_a_bad_report_is_refused_beside_its_field(company, why, change, field, words):  # noqa: F811
    app = at_step(company, "submitted")
    res = review_post(client_for(company.users["supervisor"]), app, "supervisor_review", {**REPORT, **change})
    assert res.status_code == 400
    html = res.content.decode()
    error = html[html.index(f'data-testid="error-{field}"'):]
    assert words in error[:error.index("</div>")], why
    assert 'aria-invalid="true"' in html
    # what was typed is still there, and nothing changed
    assert REPORT["qualities"] in html
    assert _state(app) == "submitted" and not Application.objects.get(pk=app.pk).review_report


def test_a_phone_interview_needs_no_place(company):  # noqa: F811
    app = at_step(company, "submitted")
    res = review_post(client_for(company.users["supervisor"]), app, "supervisor_review",
                      {**REPORT, "mode": "phone", "place": ""})
    assert res.status_code == 302
    assert "面谈方式：电话面谈\n" in Application.objects.get(pk=app.pk).interview_note


def test_the_manager_takes_the_second_review_with_a_note(company):  # noqa: F811
    app = at_step(company, "supervisor_reviewed")
    c = client_for(company.users["manager"])
    res = review_post(c, app, "manager_review", {"note": ""})
    assert res.status_code == 400 and 'data-testid="error-note"' in res.content.decode()
    assert _state(app) == "supervisor_reviewed"
    res = review_post(c, app, "manager_review", {"note": "同意直接上级意见，复审通过"})
    assert res.status_code == 302 and res["Location"] == QUEUE
    app.refresh_from_db()
    assert app.state == "manager_reviewed" and app.manager_note == "同意直接上级意见，复审通过"
    assert "已完成 张三 的部门复审。" in c.get(QUEUE).content.decode()


@pytest.mark.parametrize("actor,state", [("supervisor", "submitted"), ("manager", "supervisor_reviewed")])
def test_the_holder_of_the_step_returns_it_to_the_applicant_with_a_reason(company, actor, state,  # noqa: F811
                                                                         django_capture_on_commit_callbacks):
    app = at_step(company, state)
    c = client_for(company.users[actor])
    # a return without a reason is refused beside the reason
    res = review_post(c, app, "return_to_applicant", {"reason": " "})
    assert res.status_code == 400 and 'data-testid="error-reason"' in res.content.decode()
    assert _state(app) == state
    # with one, the application is a draft again, audited, and the applicant hears why with a link to it
    with django_capture_on_commit_callbacks(execute=True):  # notifications are written after the commit
        res = review_post(c, app, "return_to_applicant", {"reason": "请补充带教新人的独立操作证明"})
    assert res.status_code == 302
    assert _state(app) == "draft"
    event = AuditEvent.objects.get(action="application.return_to_applicant", target_id=str(app.pk))
    assert event.reason == "请补充带教新人的独立操作证明" and event.to_state == "draft"
    note = Notification.objects.filter(user=company.users["agent"]).order_by("-id").first()
    assert "退回修改" in note.text and "请补充带教新人的独立操作证明" in note.text
    assert note.url == f"/applications/{app.pk}/"
    assert "已将 张三 的申请退回申请人修改" in c.get(QUEUE).content.decode()


def test_a_returned_application_is_submitted_again_with_a_new_snapshot(company):  # noqa: F811
    app = at_step(company, "submitted")
    s.application_return(actor=company.users["supervisor"], application=app, reason="补充说明")
    app = s.application_submit(actor=company.users["agent"], application=Application.objects.get(pk=app.pk),
                               as_of=app.as_of)
    assert app.state == "submitted"
    assert app in applications_awaiting(user=company.users["supervisor"])
    assert app.snapshot["as_of"] == "2026-09-28" and app.eligible


def test_a_rejection_needs_a_reason_and_ends_the_application(company):  # noqa: F811
    app = at_step(company, "submitted")
    c = client_for(company.users["supervisor"])
    res = review_post(c, app, "reject", {"reason": ""})
    assert res.status_code == 400 and 'data-testid="error-reason"' in res.content.decode()
    res = review_post(c, app, "reject", {"reason": "近期有重大投诉"})
    assert res.status_code == 302
    app.refresh_from_db()
    assert app.state == "rejected" and app.closed_reason == "近期有重大投诉"


def test_a_second_submit_of_the_same_form_gets_a_clear_409(company):  # noqa: F811
    # given the supervisor's form, submitted twice (a double click, or the back button)
    app = at_step(company, "submitted")
    seen = application_version(app)
    c = client_for(company.users["supervisor"])
    assert review_post(c, app, "supervisor_review", REPORT, seen=seen).status_code == 302
    res = review_post(c, app, "supervisor_review", {**REPORT, "conclusion": "第二次"}, seen=seen)
    # then the second is refused in words, and the first review stands
    assert res.status_code == 409
    html = res.content.decode()
    assert 'data-testid="conflict"' in html and "您刚才的提交没有保存" in html
    assert "第二次" not in Application.objects.get(pk=app.pk).review_report


def test_a_stale_form_is_refused_even_when_the_step_came_round_again(company):  # noqa: F811
    # given the supervisor's page opened, then the application returned and submitted again meanwhile
    app = at_step(company, "submitted")
    seen = application_version(app)
    s.application_return(actor=company.users["admin"], application=app, reason="补充说明")
    s.application_submit(actor=company.users["agent"], application=Application.objects.get(pk=app.pk),
                         as_of=app.as_of)
    c = client_for(company.users["supervisor"])
    # when the supervisor submits the form they filled in before
    res = review_post(c, app, "supervisor_review", REPORT, seen=seen)
    # then it is refused (409): the application they read is not the one now under review
    assert res.status_code == 409 and _state(app) == "submitted"
    html = res.content.decode()
    assert "已有变更" in html and REPORT["performance"] in html  # what they wrote is kept to decide again
    fresh = application_version(Application.objects.get(pk=app.pk))
    assert f'value="{fresh}"' in html
    # and submitting it again from the refreshed page goes through
    assert review_post(c, app, "supervisor_review", REPORT, seen=fresh).status_code == 302


def test_a_step_taken_by_someone_else_meanwhile_is_a_409_in_english_too(company):  # noqa: F811
    app = at_step(company, "submitted")
    seen = application_version(app)
    s.application_reject(actor=company.users["hr"], application=app, reason="材料不实")
    res = review_post(client_for(company.users["supervisor"]), app, "return_to_applicant", {"reason": "补充"},
                      seen=seen, lang="en")
    assert res.status_code == 409
    assert "changed after you opened the page" in res.content.decode()
    assert _state(app) == "rejected"


def test_an_unknown_action_is_refused(company):  # noqa: F811
    app = at_step(company, "submitted")
    res = client_for(company.users["supervisor"]).post(review_url(app), {"action": "hr_approve"})
    assert res.status_code == 400 and _state(app) == "submitted"


def test_the_manager_cannot_take_the_supervisors_step(company):  # noqa: F811
    app = at_step(company, "submitted")
    res = review_post(client_for(company.users["manager"]), app, "supervisor_review", REPORT)
    assert res.status_code == 403 and _state(app) == "submitted"
