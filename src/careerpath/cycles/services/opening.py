"""Opening a cycle: the candidate lists per move, computed set-based."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.calendars.selectors import work_calendar
from careerpath.core.policy import Policy
from careerpath.core.workdays import CalendarMissing
from careerpath.cycles import rules
from careerpath.cycles.models import Candidate, Cycle, CycleState
from careerpath.cycles.services._common import (
    User,
    _check,
    _lock,
    _policy,
    _transition,
)
from careerpath.errors import Conflict, InvalidInput
from careerpath.evaluation.selectors import evaluation_run
from careerpath.people.models import Department, Employee
from careerpath.policy_versions.models import PolicyStatus, PolicyVersion
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.workbook.reader import paused_gc


def _candidates_compute(cycle: Cycle, policy: Policy) -> dict[str, int]:
    """Create the candidate rows of ``cycle``: every eligible person for every move, in a constant number of queries.

    One load of the whole company's facts, one evaluation, two small lookups (工号 → id, department
    name → id) and one bulk insert: the query count does not depend on the headcount.
    """
    # Millions of long-lived fact objects and no reference cycles: automatic collections would only
    # walk them again and again (seconds at 100,000 employees). Reference counting still frees them.
    with paused_gc():
        return _candidates_build(cycle, policy)


def _candidates_build(cycle: Cycle, policy: Policy) -> dict[str, int]:
    ev = evaluation_run(policy=policy, as_of=cycle.as_of)
    moves = {m.id: m for m in policy.moves}
    emp_pk = dict(Employee.objects.values_list("employee_no", "pk").iterator(chunk_size=20_000))
    dept_pk = dict(Department.objects.values_list("name", "pk"))
    rows = []
    for r in ev.results:
        if not r.eligible:
            continue
        move = moves[r.move_id]
        rows.append(Candidate(
            cycle=cycle, employee_id=emp_pk[r.employee_no], move_id=r.move_id, move_type=r.move,
            from_level=r.current_level, to_level=r.target_level, selectable=rules.selects(move, policy),
            department_id=dept_pk.get(r.department) if r.department else None,
            department_name=r.department or "", eligible=True,
            snapshot={"as_of": cycle.as_of.isoformat(),
                      "policy": {"name": policy.name, "version": policy.version},
                      "criteria": [c.to_dict() for c in r.criteria]},
        ))
    Candidate.objects.bulk_create(rows)
    selectable = sum(1 for c in rows if c.selectable)
    return {"candidates": len(rows), "selectable": selectable, "listed_only": len(rows) - selectable}


@transaction.atomic
def cycle_open(*, actor: User, year: int, as_of: date | None = None,
               policy_version: PolicyVersion | None = None, today: date | None = None) -> Cycle:
    """Open cycle ``year``: pin the policy version, fix the nomination deadline, list the candidates.

    ``as_of`` defaults to 31 December of ``year`` (统一年底评定); the nomination period of the
    policy's working days starts on the opening day; positions change on 1 January of the next year.
    """
    require_roles(actor, Role.HR, action="开启年度评选")
    today = today or clock.today()
    as_of = as_of or date(year, 12, 31)
    if as_of.year != year:
        raise InvalidInput(f"评定日期 {as_of} 不在 {year} 年内 (as_of must fall in the cycle's year)", field="as_of")
    pv = policy_version or active_version()
    if pv is None:
        raise Conflict("尚未发布生效的晋升办法 no active policy version", code="no_active_policy")
    if pv.status != PolicyStatus.PUBLISHED:
        raise InvalidInput(f"{pv} 未发布，不能用于评选 (only a published version)", code="policy_not_published",
                           field="policy_version")
    policy = policy_of(pv)
    try:
        deadline = work_calendar().deadline(today, policy.process.nomination_working_days)
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), code="calendar_missing", field="today") from None
    try:
        with transaction.atomic():  # a savepoint, so a lost race on the year is reported cleanly
            cycle = Cycle.objects.create(
                year=year, as_of=as_of, policy_version=pv, opened_on=today, opened_by=actor,
                nomination_deadline=deadline, effective_on=date(year + 1, 1, 1), state=CycleState.OPEN)
    except IntegrityError:
        raise Conflict(f"{year} 年度评选已存在 (a cycle for {year} exists)", code="cycle_exists") from None
    counts = _candidates_compute(cycle, policy)
    audit_record(actor=actor, action="cycle.open", target=cycle, to_state=cycle.state,
                 data={"as_of": as_of.isoformat(), "policy": str(pv), "nomination_deadline": deadline.isoformat(),
                       **counts})
    return cycle


@transaction.atomic
def cycle_candidates_refresh(*, actor: User, cycle: Cycle) -> Cycle:
    """Recompute the lists after a data correction; only before the departments have seen them."""
    c = _lock(cycle)
    _check(actor, c, "refresh_candidates")
    before = Candidate.objects.filter(cycle=c).count()
    Candidate.objects.filter(cycle=c).delete()
    counts = _candidates_compute(c, _policy(c))
    return _transition(actor, c, "refresh_candidates", data={"before": before, **counts})
