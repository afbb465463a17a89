"""Initial placement (初评): start a run, department review, close, confirm — once per person.

A run proposes a level for every active employee set-based (one load of the facts, one evaluation);
confirming it writes the positions (reason 初评) in bulk. Permission checks live here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.calendars.selectors import work_calendar
from careerpath.core.workdays import CalendarMissing
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evaluation.selectors import evaluation_run
from careerpath.people.models import Department, Employee, Position, PositionReason
from careerpath.people.services import positions_change_bulk
from careerpath.placement.models import PlacementProposal, PlacementRun, RunState
from careerpath.placement.selectors import already_placed_ids
from careerpath.placement.workflow import MACHINE, Transition
from careerpath.placement.workflow import RunState as S
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.workbook.reader import paused_gc

User = AbstractBaseUser


def _lock(run: PlacementRun) -> PlacementRun:
    return PlacementRun.objects.select_for_update().select_related("policy_version").get(pk=run.pk)


def _check(actor: User, run: PlacementRun, action: str) -> Transition:
    return authority.transition_check(machine=MACHINE, state=S(run.state), action=action, actor=actor, what="初评")


def _transition(actor: User, run: PlacementRun, action: str, data: dict | None = None) -> PlacementRun:
    t = _check(actor, run, action)
    old = run.state
    run.state = t.target.value
    run.save()
    audit_record(actor=actor, action=f"placement.{action}", target=run, from_state=old, to_state=run.state,
                 data=data)
    return run


@transaction.atomic
def placement_run_start(*, actor: User, as_of: date, effective_on: date | None = None,
                        employee_nos: Sequence[str] | None = None, today: date | None = None) -> PlacementRun:
    """Propose a level for every active employee not placed before (or for the ones named).

    Naming someone who was placed before is refused (初评 happens once per person); a company-wide
    run leaves such people out and records how many.
    """
    require_roles(actor, Role.HR, action="发起初评")
    pv = active_version()
    if pv is None:
        raise Conflict("尚未发布生效的晋升办法 no active policy version", code="no_active_policy")
    # The active version's row is the mutex: two HR users starting at once cannot both pass the check below.
    pv = PolicyVersion.objects.select_for_update().get(pk=pv.pk)
    if PlacementRun.objects.exclude(state=RunState.CONFIRMED).exists():
        raise Conflict("已有进行中的初评，请先完成 (a placement run is in progress)", code="run_open")
    policy = policy_of(pv)
    today = today or clock.today()
    try:
        deadline = work_calendar().deadline(today, policy.process.placement_review_working_days)
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), code="calendar_missing", field="today") from None

    with paused_gc():  # millions of fact objects without reference cycles: collections would only slow it
        ev = evaluation_run(policy=policy, as_of=as_of, placements=True)
    emp = {no: (pk, dept) for no, pk, dept in Employee.objects.values_list("employee_no", "pk", "department_id")
           .iterator(chunk_size=20_000)}
    placements = ev.placements
    if employee_nos is not None:
        wanted = set(employee_nos)
        found = {p.employee_no for p in placements}
        unknown = sorted(wanted - found)
        if unknown:
            raise InvalidInput(f"以下工号不存在或不在职：{'、'.join(unknown)} (unknown or inactive)",
                               field="employee_nos", details={"employee_nos": unknown})
        placements = [p for p in placements if p.employee_no in wanted]
    placed = already_placed_ids()
    if employee_nos is not None:
        again = sorted(p.employee_no for p in placements if emp[p.employee_no][0] in placed)
        if again:
            raise Conflict(f"以下人员已初评，初评每人只进行一次：{'、'.join(again)} (already placed)",
                           code="already_placed", details={"employee_nos": again})
    todo = [p for p in placements if emp[p.employee_no][0] not in placed]
    if not todo:
        raise Conflict("所有在职员工均已初评，初评每人只进行一次 (everyone has been placed)", code="already_placed")
    run = PlacementRun.objects.create(policy_version=pv, as_of=as_of, effective_on=effective_on or as_of,
                                      started_on=today, started_by=actor, review_deadline=deadline,
                                      skipped_already_placed=len(placements) - len(todo))
    dept_name = dict(Department.objects.values_list("pk", "name"))
    PlacementProposal.objects.bulk_create([
        PlacementProposal(
            run=run, employee_id=emp[p.employee_no][0], department_id=emp[p.employee_no][1],
            department_name=dept_name.get(emp[p.employee_no][1], "") if emp[p.employee_no][1] else "",
            current_level=p.current_level or "", proposed_level=p.proposed_level,
            kept_management_post=p.kept_management_post, standards=p.to_dict()["standards"])
        for p in todo])
    audit_record(actor=actor, action="placement.start", target=run, to_state=run.state, data={
        "as_of": as_of.isoformat(), "policy": str(pv), "proposals": len(todo),
        "skipped_already_placed": run.skipped_already_placed, "review_deadline": deadline.isoformat(),
        "proposed": dict(Counter(p.proposed_level for p in todo))})
    return run


@transaction.atomic
def placement_proposal_review(*, actor: User, proposal: PlacementProposal, level: str | None = None,
                              reason: str = "", today: date | None = None) -> PlacementProposal:
    """The department agrees with the proposed level, or adjusts it with a reason, before the deadline."""
    run = _lock(proposal.run)
    scope = authority.department_scope(actor=actor, action="初评复核")
    today = today or clock.today()
    if run.state != RunState.OPEN or today > run.review_deadline:
        raise Conflict(f"部门复核已于 {run.review_deadline} 截止 (the review period is over)", code="review_closed")
    p = PlacementProposal.objects.select_for_update().select_related("employee").get(pk=proposal.pk)
    # Nobody adjusts or agrees to their own proposed level, whatever roles they hold.
    authority.require_not_subject(actor=actor, subjects=[p.employee], action="复核初评职级")
    if scope is not None and p.department_id not in scope:
        raise Forbidden(f"无权限：{p.employee.employee_no} 不在您的部门 (out of your scope)", code="out_of_scope")
    if p.kept_management_post:
        raise Conflict("管理岗位人员保留原岗位，不参加初评调整 (management posts are kept)", code="management_post")
    policy = policy_of(run.policy_version)
    before = p.final_level
    if level is None or level == p.proposed_level:
        p.adjusted_level, p.adjust_reason = "", reason
    else:
        # 初评 places on the shared trunk and the skill track only (SPEC §4): the tracks' kinds say which.
        if level not in policy.placement_levels:
            options = "、".join(policy.placement_levels)
            raise InvalidInput(f"'{level}' 不是初评可定的职级（可选：{options}）", field="level")
        if not reason.strip():
            raise InvalidInput("调整建议职级须写明理由 (an adjustment needs a reason)", code="reason_required",
                               field="reason")
        p.adjusted_level, p.adjust_reason = level, reason
    p.reviewed_by, p.reviewed_at = actor, timezone.now()
    p.save(update_fields=["adjusted_level", "adjust_reason", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action="placement.review", target=p, from_state=before, to_state=p.final_level,
                 reason=reason, data={"run": run.pk, "employee_no": p.employee.employee_no,
                                      "proposed": p.proposed_level})
    return p


@transaction.atomic
def placement_review_close(*, actor: User, run: PlacementRun, today: date | None = None) -> PlacementRun:
    """Close the department review after its last working day (the departments get the full period)."""
    r = _lock(run)
    today = today or clock.today()
    if r.state == RunState.OPEN and today <= r.review_deadline:
        raise Conflict(f"部门复核期至 {r.review_deadline} 下班，尚未结束 (the review runs until then)",
                       code="review_running")
    props = PlacementProposal.objects.filter(run=r)
    return _transition(actor, r, "close_review", data={
        "reviewed": props.filter(reviewed_at__isnull=False).count(),
        "adjusted": props.exclude(adjusted_level="").count(), "proposals": props.count()})


@transaction.atomic
def placement_run_confirm(*, actor: User, run: PlacementRun) -> PlacementRun:
    """HR confirms: positions with reason 初评 start on the run's effective date, the open ones end the day before.

    People holding a management post keep it (no new position). Someone placed meanwhile by other
    means (an imported 初评 position) is refused rather than placed twice; nothing is written then.
    Every write is one set-based statement, whatever the headcount.
    """
    r = _lock(run)
    _check(actor, r, "confirm")
    everyone = PlacementProposal.objects.filter(run=r).values("employee_id")
    # HR placed by this run cannot confirm it: their own level is among the decisions.
    authority.require_not_subject(actor=actor, subjects=Employee.objects.filter(pk__in=everyone),
                                  action="确认初评")
    again = already_placed_ids(everyone)
    if again:
        nos = sorted(Employee.objects.filter(pk__in=again).values_list("employee_no", flat=True))
        raise Conflict(f"以下人员已有初评记录，初评每人只进行一次：{'、'.join(nos)} (already placed)",
                       code="already_placed", details={"employee_nos": nos})
    eff = r.effective_on
    placing = PlacementProposal.objects.filter(run=r, kept_management_post=False)
    levels = {emp_id: adjusted or proposed for emp_id, adjusted, proposed in placing.values_list(
        "employee_id", "adjusted_level", "proposed_level").iterator(chunk_size=20_000)}
    # The people service closes the open rows, opens the 初评 rows and audits every person, set-based.
    new = positions_change_bulk(actor=actor, levels=levels, start_on=eff, reason=PositionReason.PLACEMENT,
                                why=f"初评 #{r.pk} 确认 (placement run #{r.pk} confirmed)",
                                policy=policy_of(r.policy_version))
    placing.update(position=Subquery(Position.objects.filter(
        employee_id=OuterRef("employee_id"), start_on=eff, reason=PositionReason.PLACEMENT).values("pk")[:1]))
    PlacementProposal.objects.filter(run=r).update(confirmed=True)
    return _transition(actor, r, "confirm", data={
        "positions": len(new),
        "kept_management_post": PlacementProposal.objects.filter(run=r, kept_management_post=True).count(),
        "adjusted": PlacementProposal.objects.filter(run=r).exclude(adjusted_level="").count(),
        "levels": dict(Counter(levels.values()))})
