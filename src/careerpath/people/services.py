"""Every change of a person's position (任职记录) and of their employee record: one place, audited.

A promotion taking effect, a probation revert, a demotion or transfer, a placement confirmation, a
cycle result and an HR correction all call ``position_change`` (or ``positions_change_bulk`` for a
set-based run): the employee row is locked, the open row is closed the day before, the new row is
opened and an audit event with the actor and the reason is written, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import AuditItem, audit_record, audit_record_many
from careerpath.core.policy import Policy
from careerpath.errors import Conflict, InvalidInput, NotFound
from careerpath.people.models import Employee, Position, PositionReason
from careerpath.people.selectors import position_current

User = AbstractBaseUser
_CHUNK = 5_000  # ids per IN (...) list: well below SQLite's limit on query parameters


def _author(actor: User | AnonymousUser | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None  # type: ignore[return-value]


def _policy(policy: Policy | None) -> Policy:
    if policy is not None:
        return policy
    from careerpath.policy_versions.selectors import active_policy

    return active_policy()


def _audit_reason(reason: str, why: str) -> str:
    return f"{reason}：{why.strip()}" if why.strip() else reason


def _check_input(*, level: str, reason: str, policy: Policy) -> None:
    if level not in policy.levels:
        options = "、".join(policy.levels)
        raise InvalidInput(f"未知职级 unknown level '{level}'（可选 allowed: {options}）", code="unknown_level",
                           field="level")
    if reason not in PositionReason.values:
        options = "、".join(PositionReason.values)
        raise InvalidInput(f"未知变动类型 unknown reason '{reason}'（可选 allowed: {options}）", code="unknown_reason",
                           field="reason")


def _check_against_current(*, employee_no: str, current: Position | None, level: str, start_on: date,
                           reason: str) -> None:
    if current is None:
        return
    if start_on <= current.start_on:
        raise InvalidInput(f"{employee_no} 的现任职级自 {current.start_on} 起，新职级须晚于该日开始 "
                           f"(the new position must start after the current one, which starts on {current.start_on})",
                           code="start_not_after_current", field="start_on")
    # 初评 confirms a level, which may be the one already held; every other change changes the level.
    if level == current.level and reason != PositionReason.PLACEMENT:
        raise InvalidInput(f"{employee_no} 已是该职级 already holds level '{level}'", code="same_level", field="level")


def employee_lock(*, employee: Employee) -> Employee:
    """Lock ``employee``'s row until the transaction ends: every position change serializes on it.

    A caller that reads the current position to decide (is it still the level a case was opened on?)
    locks first, so its read cannot go stale before ``position_change`` runs.
    """
    return Employee.objects.select_for_update().get(pk=employee.pk)


def position_change_check(*, employee: Employee, level: str, start_on: date, reason: str,
                          policy: Policy | None = None) -> None:
    """Raise the error ``position_change`` would raise for this input, writing nothing (forms use it).

    Advisory only: ``position_change`` checks again under the employee's row lock.
    """
    policy = _policy(policy)
    _check_input(level=level, reason=reason, policy=policy)
    if employee.pk is None:
        return  # a person being created has no position yet
    _check_history(employee=employee, current=position_current(employee=employee), level=level, start_on=start_on,
                   reason=reason)


def _check_history(*, employee: Employee, current: Position | None, level: str, start_on: date, reason: str) -> None:
    _check_against_current(employee_no=employee.employee_no, current=current, level=level, start_on=start_on,
                           reason=reason)
    later = Position.objects.filter(employee=employee, start_on__gte=start_on).order_by("start_on").first()
    if later is not None:
        raise Conflict(f"{employee.employee_no} 在 {later.start_on} 已有任职记录，不能在 {start_on} 插入 "
                       f"(a position already starts on or after {start_on})", code="position_overlap",
                       field="start_on")


@transaction.atomic
def position_change(*, actor: User | AnonymousUser | None, employee: Employee, level: str, start_on: date,
                    reason: str, why: str = "", policy: Policy | None = None,
                    data: Mapping[str, Any] | None = None) -> Position:
    """Close the open position the day before ``start_on`` and open ``level`` from ``start_on``, audited.

    ``reason`` is the 变动类型 (PositionReason), ``why`` the free text (an application, a case, a note);
    ``data`` adds context to the audit event. Refuses an unknown level or reason, a start not after the
    current position's start, the level already held, and a start on or before a later recorded row.
    """
    policy = _policy(policy)
    _check_input(level=level, reason=reason, policy=policy)
    # The employee row is the mutex: two changes for one person serialize here, so neither can close
    # a row the other has just opened.
    emp = employee_lock(employee=employee)
    open_rows = list(Position.objects.filter(employee=emp, end_on__isnull=True).order_by("-start_on", "-pk"))
    current = open_rows[0] if open_rows else None
    _check_history(employee=emp, current=current, level=level, start_on=start_on, reason=reason)
    # Every open row ends: an older open row left behind by an import must not stay "current" too.
    closed = [p.pk for p in open_rows]
    Position.objects.filter(pk__in=closed).update(end_on=start_on - timedelta(days=1), updated_at=timezone.now())
    new = Position.objects.create(employee=emp, level=level, start_on=start_on, reason=reason,
                                  created_by=_author(actor))
    audit_record(actor=_author(actor), action="position.change", target=emp,
                 from_state=current.level if current else "", to_state=level, reason=_audit_reason(reason, why),
                 data={"employee_no": emp.employee_no, "position": new.pk, "closed": closed,
                       "start_on": start_on.isoformat(), "reason": reason, "why": why, **(data or {})})
    return new


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i:i + _CHUNK])


@transaction.atomic
def positions_change_bulk(*, actor: User | AnonymousUser | None, levels: Mapping[int, str], start_on: date,
                          reason: str, why: str = "", policy: Policy | None = None) -> dict[int, Position]:
    """``position_change`` for many people at once (employee id → level), all or nothing, set-based.

    A few statements per 5,000 people instead of a handful per person; still one audit event per
    person. Any person who cannot change (their current position starts on or after ``start_on``, or
    a later row exists) refuses the whole run, naming everyone concerned.
    """
    policy = _policy(policy)
    for level in set(levels.values()):
        _check_input(level=level, reason=reason, policy=policy)
    ids = sorted(levels)
    no_of: dict[int, str] = {}
    current: dict[int, Position] = {}
    later: set[int] = set()
    for chunk in _chunks(ids):
        no_of.update(Employee.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "employee_no"))
        for p in Position.objects.filter(employee_id__in=chunk, end_on__isnull=True).order_by("start_on", "pk"):
            current[p.employee_id] = p  # the latest open row wins
        later.update(Position.objects.filter(employee_id__in=chunk, start_on__gte=start_on)
                     .values_list("employee_id", flat=True))
    bad: list[str] = []
    for emp_id in ids:
        try:
            _check_against_current(employee_no=no_of[emp_id], current=current.get(emp_id), level=levels[emp_id],
                                   start_on=start_on, reason=reason)
        except InvalidInput:
            bad.append(no_of[emp_id])
            continue
        if emp_id in later:
            bad.append(no_of[emp_id])
    if bad:
        raise Conflict(f"以下人员的现任职级起始日不早于变动生效日 {start_on}，或已是该职级：{'、'.join(sorted(bad))} "
                       "(position starts on or after the effective date, or the level is already held)",
                       code="position_not_before", details={"employee_nos": sorted(bad)})
    now = timezone.now()
    for chunk in _chunks(ids):
        Position.objects.filter(employee_id__in=chunk, end_on__isnull=True).update(
            end_on=start_on - timedelta(days=1), updated_at=now)
    author = _author(actor)
    new = [Position(employee_id=emp_id, level=levels[emp_id], start_on=start_on, reason=reason, created_by=author,
                    created_at=now, updated_at=now) for emp_id in ids]
    Position.objects.bulk_create(new, batch_size=_CHUNK)
    audit_record_many(actor=author, action="position.change", items=(
        AuditItem(target=("employee", str(emp_id)), from_state=current[emp_id].level if emp_id in current else "",
                  to_state=levels[emp_id], reason=_audit_reason(reason, why),
                  data={"employee_no": no_of[emp_id], "position": p.pk,
                        "closed": [current[emp_id].pk] if emp_id in current else [],
                        "start_on": start_on.isoformat(), "reason": reason, "why": why})
        for emp_id, p in zip(ids, new, strict=True)))
    return {p.employee_id: p for p in new}


@transaction.atomic
def position_correct(*, actor: User | AnonymousUser | None, employee_no: str, level: str, start_on: date,
                     reason: str, why: str) -> Position:
    """HR corrects a position outside any procedure (an appointment, a missed record): a written why is required.

    The role is checked before the 工号 is looked up, so nobody else can probe which 工号 exist.
    """
    require_roles(actor, Role.HR, action="更正任职记录")
    employee = Employee.objects.filter(employee_no=employee_no).first()
    if employee is None:
        raise NotFound(f"未找到工号 no employee with 工号 {employee_no!r}", field="employee_no")
    if not why.strip():
        raise InvalidInput("更正任职记录须写明理由 (a correction needs a reason)", code="reason_required", field="why")
    return position_change(actor=actor, employee=employee, level=level, start_on=start_on, reason=reason,
                           why=why, data={"correction": True})


# ---------------------------------------------------------------------------------------------------
# The employee record


def _shown(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def employee_update(*, actor: User | AnonymousUser | None, employee: Employee, **changes: Any) -> Employee:
    """Change fields of an employee record (department, supervisor, user link, ...), audited with old and new.

    Unknown or non-editable field names are refused; a person cannot be their own supervisor. Nothing
    is written (no event either) when no value actually changes.
    """
    editable = {f.name for f in Employee._meta.concrete_fields if f.editable and not f.primary_key}
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise InvalidInput(f"不能修改的字段 unknown field(s): {', '.join(unknown)}", code="unknown_field",
                           field=unknown[0])
    emp = Employee.objects.select_for_update().get(pk=employee.pk)
    supervisor = changes.get("supervisor")
    if supervisor is not None and getattr(supervisor, "pk", supervisor) == emp.pk:
        raise InvalidInput("不能把员工设为自己的直接上级 (nobody supervises themself)", code="self_supervisor",
                           field="supervisor")
    diff: dict[str, dict[str, Any]] = {}
    for name, value in changes.items():
        old = getattr(emp, name)
        if old != value:
            diff[name] = {"from": _shown(old), "to": _shown(value)}
            setattr(emp, name, value)
    if not diff:
        return emp
    emp.save(update_fields=[*diff, "updated_at"])
    audit_record(actor=_author(actor), action="employee.update", target=emp,
                 data={"employee_no": emp.employee_no, "changes": diff})
    return emp
