"""Reminders in working days, table-driven on real dates around 国庆 2026 (10-01 … 10-07 off, Saturday
10-10 a make-up workday): each sent once a day whatever the number of runs, and only when due."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from careerpath.audit.models import AuditEvent
from careerpath.calendars.selectors import work_calendar
from careerpath.cycles.models import Candidate, Cycle, CycleState
from careerpath.evidence.models import EvidenceSubmission
from careerpath.notifications import reminders as r
from careerpath.notifications.models import Delivery, Message
from careerpath.notifications.services import robot_save
from careerpath.policy_versions.models import PolicyVersion
from careerpath.promotions.models import Notification
from tests.web.notices_fixtures import publish, ready_application

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def run(today: date, kind: str, captured) -> r.ReminderRun:  # noqa: ANN001
    with captured(execute=True):
        return r.reminders_send(today=today, kinds=(kind,))


def told(user) -> list[str]:  # noqa: ANN001
    return list(Notification.objects.filter(user=user, text__contains="提醒").values_list("text", flat=True)) + \
        list(Notification.objects.filter(user=user, text__contains="截止").values_list("text", flat=True)) + \
        list(Notification.objects.filter(user=user, text__contains="考察期将于").values_list("text", flat=True))


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 9, 28), date(2026, 9, 29)),
    (date(2026, 9, 30), date(2026, 10, 8)),  # over the holiday
    (date(2026, 10, 9), date(2026, 10, 10)),  # Saturday 10-10 is a make-up workday
    (date(2026, 10, 10), date(2026, 10, 12)),
])
def test_next_working_day(company, today, expected) -> None:  # noqa: ANN001
    assert r.next_working_day(work_calendar(), today) == expected


# A 5-working-day notice published 09-28 runs to 10-09: its last-day reminder is due on 10-08 only.
@pytest.mark.parametrize(("today", "due"), [
    (date(2026, 9, 29), False), (date(2026, 9, 30), False), (date(2026, 10, 8), True), (date(2026, 10, 9), False),
])
def test_notice_closing_tomorrow(company, django_capture_on_commit_callbacks, today, due) -> None:  # noqa: ANN001
    robot_save(actor=company.users["hr"], department=company.dept, vendor="feishu", name="一部飞书群",
               events=["notice"], token="feishugroup1")
    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(company, ready_application(company.agent))
    assert notice.last_day == date(2026, 10, 9)
    Delivery.objects.all().delete()
    for _ in range(2):  # cron ran twice
        got = run(today, "notice", django_capture_on_commit_callbacks)
    assert got.sent["notice"] == int(due)  # the second run found it again but told nobody
    msgs = Message.objects.filter(key__startswith="reminder:notice:")
    assert msgs.count() == int(due)
    assert Notification.objects.filter(user=company.users["hr"], text__contains="2026-10-09 下班时截止").count() == int(due)
    assert Delivery.objects.filter(channel="feishu").count() == int(due)  # the department's robot too


# 考察期 ending 10-09, reminded within 2 working days: on 09-30 (10-08, 10-09 left), not 09-29 (3 left),
# though 09-29 is 10 calendar days before.
@pytest.mark.parametrize(("today", "due"), [
    (date(2026, 9, 29), False), (date(2026, 9, 30), True), (date(2026, 10, 9), True), (date(2026, 10, 10), False),
])
def test_probation_ending(company, django_capture_on_commit_callbacks, settings, today, due) -> None:  # noqa: ANN001
    settings.CAREERPATH_REMIND_PROBATION_DAYS = 2
    app = ready_application(company.agent, state="in_probation")
    app.probation_ends_on = date(2026, 10, 9)
    app.save()
    run(today, "probation", django_capture_on_commit_callbacks)
    run(today, "probation", django_capture_on_commit_callbacks)
    assert len(told(company.users["hr"])) == int(due)
    assert len(told(company.users["supervisor"])) == int(due)


# A submission of Monday 09-28 waits 3 working days on 10-08 (09-29, 09-30, 10-08), 4 on 10-09.
@pytest.mark.parametrize(("today", "due"), [
    (date(2026, 9, 30), False), (date(2026, 10, 8), False), (date(2026, 10, 9), True),
])
def test_evidence_awaiting_confirmation(company, django_capture_on_commit_callbacks, settings, today, due) -> None:  # noqa: ANN001
    settings.CAREERPATH_REMIND_EVIDENCE_DAYS = 3
    sub = EvidenceSubmission.objects.create(employee=company.agent, kind="praise", date=date(2026, 9, 20))
    EvidenceSubmission.objects.filter(pk=sub.pk).update(created_at=datetime(2026, 9, 28, 10, tzinfo=TZ))
    run(today, "evidence", django_capture_on_commit_callbacks)
    run(today, "evidence", django_capture_on_commit_callbacks)
    assert len(told(company.users["supervisor"])) == int(due)


# Waiting for the supervisor's review since 09-28: more than 3 working days on 10-09 (4), not on 10-08 (3).
@pytest.mark.parametrize(("today", "due"), [(date(2026, 10, 8), False), (date(2026, 10, 9), True)])
def test_review_waiting(company, django_capture_on_commit_callbacks, settings, today, due) -> None:  # noqa: ANN001
    settings.CAREERPATH_REMIND_REVIEW_DAYS = 3
    app = ready_application(company.agent, state="submitted")
    AuditEvent.objects.create(at=datetime(2026, 9, 28, 10, tzinfo=TZ), actor_label="张三", action="application.submit",
                              target_type="application", target_id=str(app.pk), to_state="submitted")
    run(today, "review", django_capture_on_commit_callbacks)
    run(today, "review", django_capture_on_commit_callbacks)
    texts = told(company.users["supervisor"])
    assert len(texts) == int(due)
    if due:
        assert "已等待 4 个工作日" in texts[0]


# Nominations close 10-09; reminded when at most 1 working day is left after today.
@pytest.mark.parametrize(("today", "due"), [(date(2026, 9, 30), False), (date(2026, 10, 8), True),
                                            (date(2026, 10, 9), True)])
def test_nomination_deadline(company, django_capture_on_commit_callbacks, settings, today, due) -> None:  # noqa: ANN001
    settings.CAREERPATH_REMIND_NOMINATION_DAYS = 1
    cycle = Cycle.objects.create(year=2026, as_of=date(2026, 9, 1), opened_on=date(2026, 9, 1),
                                 policy_version=PolicyVersion.objects.get(is_active=True),
                                 nomination_deadline=date(2026, 10, 9), effective_on=date(2026, 11, 1),
                                 state=CycleState.NOMINATING)
    Candidate.objects.create(cycle=cycle, employee=company.agent, move_id="junior_to_intermediate",
                             move_type="promotion", from_level="junior", to_level="intermediate",
                             department=company.dept)
    run(today, "nomination", django_capture_on_commit_callbacks)
    run(today, "nomination", django_capture_on_commit_callbacks)
    assert len(told(company.users["manager"])) == int(due)
    assert not told(company.users["far"])


def test_the_command_runs_every_kind(company, capsys) -> None:  # noqa: ANN001
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert all(f"{k}: " in out for k in r.KINDS)


def test_a_year_without_calendar_is_reported_not_guessed(company, settings) -> None:  # noqa: ANN001
    from django.core.management.base import CommandError

    settings.CAREERPATH_TODAY = "2027-03-01"
    app = ready_application(company.agent, state="in_probation")
    app.probation_ends_on = date(2027, 3, 3)
    app.save()
    with pytest.raises(CommandError, match="2027"):
        call_command("send_reminders", only=["probation"])


def test_the_periodic_task_runs_the_same_reminders(company, settings) -> None:  # noqa: ANN001
    from careerpath.notifications.reminders import send_reminders

    settings.CAREERPATH_TODAY = "2026-09-30"
    settings.CAREERPATH_REMIND_PROBATION_DAYS = 2
    app = ready_application(company.agent, state="in_probation")
    app.probation_ends_on = date(2026, 10, 9)
    app.save()
    assert send_reminders.call()["probation"] == 1
