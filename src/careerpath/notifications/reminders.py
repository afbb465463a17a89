"""Reminders, counted in working days (the calendars app): run once a day by ``careerpath send-reminders``.

Each reminder goes through :func:`notify` with an idempotency key naming what it is about and the day
(``reminder:<kind>:<who or what>:<date>``): a second run the same day tells nobody again, a run the next
day reminds again while the thing still waits. A year the calendar does not know stops that reminder only
(it is reported), never the others.

- review: applications waiting for someone's review step longer than CAREERPATH_REMIND_REVIEW_DAYS
  working days → that reviewer, one message listing them;
- notice: an open 公示 whose last day is the next working day → HR, and the group robots of the
  departments on it that relay notices;
- nomination: an annual cycle in its nomination period whose deadline is at most
  CAREERPATH_REMIND_NOMINATION_DAYS working days away → the department managers with candidates not yet
  nominated (HR when there is none);
- probation: a promotion's 考察期 ending within CAREERPATH_REMIND_PROBATION_DAYS working days → HR and the
  person's direct supervisor;
- evidence: evidence submissions waiting for confirmation longer than CAREERPATH_REMIND_EVIDENCE_DAYS
  working days → their confirmers, one message each.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from careerpath.accounts.models import Role
from careerpath.calendars.selectors import work_calendar
from careerpath.core.workdays import CalendarMissing, WorkCalendar
from careerpath.notifications.services import deliveries_requeue, notify

KINDS = ("review", "notice", "nomination", "probation", "evidence")


@dataclass
class ReminderRun:
    today: date
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    problems: list[str] = field(default_factory=list)
    requeued: int = 0


def _users_with(role: Role) -> list[int]:
    return list(get_user_model().objects.filter(groups__name=role.value, is_active=True)
                .values_list("pk", flat=True).distinct())


def _waited(cal: WorkCalendar, since: date, today: date) -> int:
    """Working days after ``since`` up to and including ``today`` (0 on the day it arrived)."""
    return cal.working_days_between(since + timedelta(days=1), today) if since < today else 0


def _left(cal: WorkCalendar, today: date, end: date) -> int:
    """Working days after ``today`` up to and including ``end`` (0 when ``end`` is today)."""
    return cal.working_days_between(today + timedelta(days=1), end) if end > today else 0


def next_working_day(cal: WorkCalendar, today: date) -> date:
    d = today + timedelta(days=1)
    while not cal.is_working_day(d):
        d += timedelta(days=1)
    return d


def _reviews(run: ReminderRun, cal: WorkCalendar) -> None:
    from careerpath.promotions.selectors import review_queue

    n = settings.CAREERPATH_REMIND_REVIEW_DAYS
    roles = [Role.SUPERVISOR, Role.MANAGER, Role.COMMITTEE, Role.VP]
    reviewers = sorted({pk for r in roles for pk in _users_with(r)})
    users = get_user_model().objects.in_bulk(reviewers)
    for pk in reviewers:
        late = [row for row in review_queue(user=users[pk], today=run.today)
                if row.working_days is not None and row.working_days > n]
        if not late:
            continue
        first = late[0]
        notify(user_ids=[pk], event="application", url="/reviews/", key=f"reminder:review:{pk}:{run.today}",
               text=f"提醒：{len(late)} 份晋升申请等待您评审已超过 {n} 个工作日（最久：{first.application.employee.name}，"
                    f"已等待 {first.working_days} 个工作日）。")
        run.sent["review"] += 1


def _notices(run: ReminderRun, cal: WorkCalendar) -> None:
    from careerpath.promotions.models import Notice, NoticeState

    tomorrow = next_working_day(cal, run.today)
    hr = _users_with(Role.HR)
    for notice in Notice.objects.filter(state=NoticeState.OPEN, last_day=tomorrow).prefetch_related(
            "entries__application__employee"):
        depts = sorted({e.application.employee.department_id for e in notice.entries.all()
                        if e.application.employee.department_id})
        notify(user_ids=hr, event="notice", url=f"/notices/{notice.pk}/", department_ids=depts,
               key=f"reminder:notice:{notice.pk}:{run.today}",
               text=f"{notice.title}（{notice.number}）将于 {tomorrow.isoformat()} 下班时截止，"
                    f"如有异议请在截止前提出。")
        run.sent["notice"] += 1


def _nominations(run: ReminderRun, cal: WorkCalendar) -> None:
    from careerpath.cycles.models import Candidate, Cycle, CycleState

    n = settings.CAREERPATH_REMIND_NOMINATION_DAYS
    managers = dict(get_user_model().objects.filter(groups__name=Role.MANAGER.value, is_active=True)
                    .exclude(employee=None).values_list("pk", "employee__department_id"))
    for cycle in Cycle.objects.filter(state=CycleState.NOMINATING, nomination_deadline__gte=run.today):
        left = _left(cal, run.today, cycle.nomination_deadline)
        if left > n:
            continue
        open_depts = set(Candidate.objects.filter(cycle=cycle, eligible=True, selectable=True, nominated=False)
                         .values_list("department_id", flat=True))
        if not open_depts:
            continue
        who = [pk for pk, dept in managers.items() if dept in open_depts] or _users_with(Role.HR)
        notify(user_ids=who, event="cycle", url="/cycles/nominations/",
               key=f"reminder:nomination:{cycle.pk}:{run.today}",
               text=f"{cycle.year} 年度综合评选提报将于 {cycle.nomination_deadline.isoformat()} 下班时截止"
                    f"（{'今天截止' if left == 0 else f'还剩 {left} 个工作日'}），您部门还有候选人未提报。")
        run.sent["nomination"] += 1


def _probations(run: ReminderRun, cal: WorkCalendar) -> None:
    from careerpath.core.workflow import State
    from careerpath.promotions.models import Application

    n = settings.CAREERPATH_REMIND_PROBATION_DAYS
    hr = _users_with(Role.HR)
    for app in (Application.objects.filter(state=State.IN_PROBATION, probation_ends_on__gte=run.today)
                .select_related("employee__supervisor")):
        if _left(cal, run.today, app.probation_ends_on) > n:
            continue
        sup = app.employee.supervisor.user_id if app.employee.supervisor_id else None
        notify(user_ids=[*hr, sup], event="probation", url=f"/applications/{app.pk}/",
               key=f"reminder:probation:{app.pk}:{run.today}",
               text=f"{app.employee.name} 的晋升考察期将于 {app.probation_ends_on.isoformat()} 结束，"
                    f"请安排考察期评估（转正/延长）。")
        run.sent["probation"] += 1


def _evidence(run: ReminderRun, cal: WorkCalendar) -> None:
    from careerpath.evidence.models import EvidenceSubmission
    from careerpath.evidence.services.submissions import submission_confirmer_users

    n = settings.CAREERPATH_REMIND_EVIDENCE_DAYS
    waiting: dict[int, list[EvidenceSubmission]] = defaultdict(list)
    for sub in (EvidenceSubmission.objects.filter(state="pending")
                .select_related("employee", "mentee").order_by("created_at", "pk")):
        if _waited(cal, timezone.localdate(sub.created_at), run.today) <= n:
            continue
        for user in submission_confirmer_users(submission=sub):
            waiting[user.pk].append(sub)
    for pk, subs in sorted(waiting.items()):
        notify(user_ids=[pk], event="evidence", url="/evidence/confirm/", key=f"reminder:evidence:{pk}:{run.today}",
               text=f"提醒：{len(subs)} 份证据材料等待您确认已超过 {n} 个工作日（最早：{subs[0].employee.name}）。")
        run.sent["evidence"] += 1


_STEPS = {"review": _reviews, "notice": _notices, "nomination": _nominations, "probation": _probations,
          "evidence": _evidence}


def reminders_send(*, today: date, kinds: tuple[str, ...] = KINDS) -> ReminderRun:
    """Compute and send today's reminders (idempotent per day); also hand lost deliveries to the worker."""
    run = ReminderRun(today=today)
    cal = work_calendar()
    for kind in kinds:
        try:
            with transaction.atomic():
                _STEPS[kind](run, cal)
        except CalendarMissing as exc:
            run.sent[kind] = 0
            run.problems.append(f"{kind}: {exc}")
    run.requeued = deliveries_requeue()
    return run


@task(queue_name="notifications")
def send_reminders() -> dict[str, int]:
    """Today's reminders, as `careerpath send-reminders` computes them (for a scheduler that enqueues tasks)."""
    from careerpath import clock

    run = reminders_send(today=clock.today())
    if run.problems:
        raise RuntimeError("; ".join(run.problems))
    return run.sent
