"""Nominations (综合评选提报): the departments' period, scope and deadline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from careerpath import clock
from careerpath.accounts import authority
from careerpath.audit.services import audit_record
from careerpath.cycles.models import Candidate, Cycle, CycleState
from careerpath.cycles.services._common import (
    User,
    _check,
    _lock,
    _no_open_applications,
    _not_about_themself,
    _transition,
)
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound


@transaction.atomic
def cycle_nominations_start(*, actor: User, cycle: Cycle, today: date | None = None) -> Cycle:
    """Release the candidate lists to the departments; the deadline stays the one fixed at opening."""
    c = _lock(cycle)
    _check(actor, c, "start_nominations")
    today = today or clock.today()
    if today > c.nomination_deadline:
        raise Conflict(f"提报截止日 {c.nomination_deadline} 已过，不能再开始提报 (the nomination period is over)",
                       code="nomination_closed")
    return _transition(actor, c, "start_nominations")


def _nomination_targets(actor: User, cycle: Cycle, candidate_ids: Sequence[int], what: str,
                        today: date | None) -> list[Candidate]:
    """Lock the cycle and the candidates; check the period, the role and the scope of every one."""
    if not candidate_ids:
        raise InvalidInput("请选择候选人 no candidates given", field="candidate_ids")
    c = _lock(cycle)
    scope = authority.department_scope(actor=actor, action="综合评选提报")
    if c.state == CycleState.OPEN:
        raise Conflict("候选名单尚未发布，提报未开始 (nominations have not started)", code="nomination_not_started")
    today = today or clock.today()
    if c.state != CycleState.NOMINATING or today > c.nomination_deadline:
        raise Conflict(f"提报已于 {c.nomination_deadline} 截止，不能再{what} (the nomination period is over)",
                       code="nomination_closed")
    cands = list(Candidate.objects.select_for_update().select_related("employee")
                 .filter(cycle=c, pk__in=set(candidate_ids)).order_by("pk"))
    missing = set(candidate_ids) - {x.pk for x in cands}
    if missing:
        raise NotFound(f"候选人不存在 no such candidates in {c.year}: {sorted(missing)}")
    _not_about_themself(actor, [x.employee for x in cands], what)
    for x in cands:
        if scope is not None and x.department_id not in scope:
            raise Forbidden(f"无权限：{x.employee.employee_no} 不在您的部门，不能{what} (out of your scope)",
                            code="out_of_scope")
        if not x.selectable:
            raise Conflict(f"{x.employee.employee_no} 的 {x.move_id} 不参加年度评选（管理岗位按编制竞聘/任命，横向调整个别办理）"
                           " (this move is not selected by the cycle)", code="not_selectable")
    return cands


@transaction.atomic
def cycle_nominate(*, actor: User, cycle: Cycle, candidate_ids: Sequence[int], note: str = "",
                   today: date | None = None) -> list[Candidate]:
    """A department manager (own department and below) or HR (any) nominates candidates until the deadline."""
    cands = _nomination_targets(actor, cycle, candidate_ids, "提报", today)
    _no_open_applications([x.employee_id for x in cands], "，不能再提报")
    now = timezone.now()
    changed = [x for x in cands if not x.nominated]  # nominating twice changes nothing
    for x in changed:
        x.nominated, x.nominated_by, x.nominated_at, x.nomination_note = True, actor, now, note
        audit_record(actor=actor, action="candidate.nominate", target=x, from_state="", to_state="nominated",
                     reason=note, data={"cycle": cycle.year, "employee_no": x.employee.employee_no,
                                        "move": x.move_id})
    Candidate.objects.bulk_update(changed, ["nominated", "nominated_by", "nominated_at", "nomination_note"])
    return cands


@transaction.atomic
def cycle_nomination_withdraw(*, actor: User, cycle: Cycle, candidate_ids: Sequence[int], reason: str,
                              today: date | None = None) -> list[Candidate]:
    """Take a nomination back before the deadline, with a reason (same scope as nominating)."""
    if not reason.strip():
        raise InvalidInput("须填写撤回提报的原因 a reason is required", code="reason_required", field="reason")
    cands = _nomination_targets(actor, cycle, candidate_ids, "撤回提报", today)
    changed = [x for x in cands if x.nominated]
    for x in changed:
        x.nominated, x.nominated_by, x.nominated_at, x.nomination_note = False, None, None, ""
        audit_record(actor=actor, action="candidate.withdraw_nomination", target=x, from_state="nominated",
                     to_state="", reason=reason, data={"cycle": cycle.year, "employee_no": x.employee.employee_no})
    Candidate.objects.bulk_update(changed, ["nominated", "nominated_by", "nominated_at", "nomination_note"])
    return cands


@transaction.atomic
def cycle_nominations_close(*, actor: User, cycle: Cycle, today: date | None = None) -> Cycle:
    """Close the nominations after the deadline: the departments have their full period (SPEC §5)."""
    c = _lock(cycle)
    _check(actor, c, "close_nominations")
    today = today or clock.today()
    if today <= c.nomination_deadline:
        raise Conflict(f"提报期至 {c.nomination_deadline} 下班，尚未结束 (nominations run until the end of "
                       f"{c.nomination_deadline})", code="nomination_running")
    nominated = Candidate.objects.filter(cycle=c, nominated=True).count()
    return _transition(actor, c, "close_nominations", data={"nominated": nominated})


@transaction.atomic
def cycle_nominations_submit(*, actor: User, cycle: Cycle, nominate: Sequence[int], left_out: dict[int, str],
                             note: str = "", today: date | None = None) -> dict[str, int]:
    """综合评选提报 as one sheet: nominate ``nominate``, leave out ``left_out`` (candidate id → reason).

    Every candidate left out needs a written reason (checked first: one missing and nothing changes). A
    nominated candidate now left out is withdrawn with that reason; the reason is kept on the candidate
    (``nomination_note``) so HR and the committee can read why the department did not put them forward.
    """
    nominate = list(dict.fromkeys(nominate))
    both = set(nominate) & set(left_out)
    if both:
        raise InvalidInput("同一候选人不能既提名又不提名 (a candidate is both nominated and left out)",
                           field="candidate_ids", details={"candidate_ids": sorted(both)})
    missing = sorted(pk for pk, reason in left_out.items() if not reason.strip())
    if missing:
        raise InvalidInput(f"有 {len(missing)} 名未提名的候选人没有填写原因 (a reason is required for each person "
                           "left out)", code="reason_required", field="reason", details={"candidate_ids": missing})
    changed = {"nominated": 0, "withdrawn": 0, "left_out": 0}
    if nominate:
        before = set(Candidate.objects.filter(pk__in=nominate, nominated=True).values_list("pk", flat=True))
        cycle_nominate(actor=actor, cycle=cycle, candidate_ids=nominate, note=note, today=today)
        changed["nominated"] = len(set(nominate) - before)
    if left_out:
        cands = _nomination_targets(actor, cycle, list(left_out), "不予提报", today)
        was = [x.pk for x in cands if x.nominated]
        for pk in was:  # each withdrawn with their own reason
            cycle_nomination_withdraw(actor=actor, cycle=cycle, candidate_ids=[pk], reason=left_out[pk], today=today)
        changed["withdrawn"] = len(was)
        rows = list(Candidate.objects.select_related("employee").filter(pk__in=list(left_out)))
        for x in rows:
            reason = left_out[x.pk].strip()
            if x.nomination_note == reason and not x.nominated:
                continue
            x.nomination_note = reason
            changed["left_out"] += 1
            audit_record(actor=actor, action="candidate.leave_out", target=x, reason=reason,
                         data={"cycle": cycle.year, "employee_no": x.employee.employee_no, "move": x.move_id})
        Candidate.objects.bulk_update(rows, ["nomination_note"])
    return changed
