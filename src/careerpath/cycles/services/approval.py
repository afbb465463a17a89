"""VP, notice, HR approval, letters, effective date — the shared promotion services do the work."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.core.workflow import Route
from careerpath.core.workflow import machine_for as promotion_machine_for
from careerpath.cycles.models import Cycle, CycleState
from careerpath.cycles.selectors import cycle_applications
from careerpath.cycles.services._common import (
    User,
    _check,
    _lock,
    _not_about_themself,
    _policy,
    _transition,
)
from careerpath.errors import Conflict
from careerpath.promotions import services as promotions
from careerpath.promotions.models import ApplicationState, Letter, NoticeState


def _awaiting(cycle: Cycle, action: str) -> list[str]:
    """The states of the cycle's applications ready for ``action`` under the policy's cycle chain."""
    machine = promotion_machine_for(_policy(cycle).process)
    return sorted(st.value for st in machine.sources_of(action, Route.CYCLE.value))



@transaction.atomic
def cycle_vp_approve(*, actor: User, cycle: Cycle, note: str = "") -> Cycle:
    """分管副总 approves the cycle's selection: every selected application moves to vp_approved."""
    c = _transition(actor, _lock(cycle), "vp_approve", reason=note)
    apps = cycle_applications(c, *_awaiting(c, "vp_approve"))
    _not_about_themself(actor, [a.employee for a in apps], "审批评选结果")
    for app in apps:
        promotions.application_vp_approve(actor=actor, application=app, note=note)
    return c


@transaction.atomic
def cycle_vp_return(*, actor: User, cycle: Cycle, reason: str) -> Cycle:
    """The VP sends the selection back to the committee; the applications it created are rejected."""
    c = _transition(actor, _lock(cycle), "vp_return", reason=reason)
    for app in cycle_applications(c, *_awaiting(c, "vp_approve")):
        promotions.application_reject(actor=actor, application=app, reason=f"分管副总退回评定小组：{reason}")
    return c


@transaction.atomic
def cycle_notice_publish(*, actor: User, cycle: Cycle, published_on: date | None = None, title: str = "") -> Cycle:
    """Publish one 公示 for the cycle's approved applications, effective 1 January of the next year."""
    c = _transition(actor, _lock(cycle), "publish_notice")
    apps = cycle_applications(c, *_awaiting(c, "publish_notice"))
    if not apps:
        raise Conflict("没有待公示的晋升申请 (nothing to publish)", code="nothing_to_publish")
    notice = promotions.notice_publish(
        actor=actor, applications=apps, published_on=published_on or clock.today(), effective_on=c.effective_on,
        title=title or f"关于{c.year}年度客服人员晋升评选结果的公示")
    c.notice = notice
    c.save(update_fields=["notice", "updated_at"])
    return c


@transaction.atomic
def cycle_hr_approve(*, actor: User, cycle: Cycle, note: str = "") -> Cycle:
    """HR's final approval once the notice is closed; people taken off the notice are not approved."""
    c = _lock(cycle)
    _check(actor, c, "hr_approve", note)
    if c.notice is not None and c.notice.state != NoticeState.CLOSED:
        raise Conflict(f"公示 {c.notice.number} 尚未结束 (close the notice first)", code="notice_open")
    apps = cycle_applications(c, ApplicationState.NOTICE_CLOSED)
    c = _transition(actor, c, "hr_approve", reason=note, data={"applications": [a.pk for a in apps]})
    for app in apps:
        promotions.application_hr_approve(actor=actor, application=app, note=note)
    return c


@transaction.atomic
def cycle_letters_issue(*, actor: User, cycle: Cycle, issued_on: date | None = None) -> list[Letter]:
    """Issue the 晋升通知书 of every approved application of the cycle, all or nothing."""
    c = _transition(actor, _lock(cycle), "issue_letters")
    apps = cycle_applications(c, ApplicationState.HR_APPROVED)
    return promotions.letters_issue_batch(actor=actor, applications=apps, issued_on=issued_on or clock.today())


def cycles_sync_effective(*, today: date) -> list[Cycle]:
    """Mark cycles effective once every letter of theirs has taken effect; safe to run daily."""
    done = []
    for pk in Cycle.objects.filter(state=CycleState.LETTERS_ISSUED, effective_on__lte=today).values_list(
            "pk", flat=True):
        with transaction.atomic():
            c = Cycle.objects.select_for_update().get(pk=pk)
            # Only letters already due hold the cycle back: an application that left the cycle on an upheld
            # objection and was approved later on its own may carry a later effective date.
            due = [a for a in cycle_applications(c, ApplicationState.LETTER_ISSUED)
                   if a.effective_on is None or a.effective_on <= today]
            if c.state != CycleState.LETTERS_ISSUED or due:
                continue
            effective = len(cycle_applications(c, ApplicationState.IN_PROBATION, ApplicationState.CONFIRMED,
                                               ApplicationState.REVERTED))
            done.append(_transition(None, c, "make_effective", data={"effective": effective,
                                                                      "today": today.isoformat()}))
    return done


def cycle_apply_effective(*, actor: User, cycle: Cycle, today: date | None = None) -> Cycle:
    """HR runs the effective-date step now: positions change for every due application, then the cycle."""
    require_roles(actor, Role.HR, action="执行生效")
    today = today or clock.today()
    if today < cycle.effective_on:
        raise Conflict(f"生效日期为 {cycle.effective_on}，尚未到期 (not due yet)", code="not_due")
    promotions.apply_effective(today=today)
    cycles_sync_effective(today=today)
    return Cycle.objects.get(pk=cycle.pk)
