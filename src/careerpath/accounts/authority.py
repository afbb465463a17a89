"""What an actor may do towards a subject: the one place every procedure asks (SPEC §2).

A *capacity* is a workflow role held towards one person: "self" (the subject), "supervisor" (the direct
supervisor), "manager" (a manager of the person's department or a parent one), "committee", "vp",
"hr" (company-wide), "system" (a scheduled run, ``actor=None``). Admin holds every deciding capacity.

**Nobody decides about themself**: whatever roles they hold, the subject of an application, a
candidacy, a placement proposal or a demotion case holds only "self" towards it — they may submit,
withdraw their own draft, file an objection, never review, approve, nominate, score, decide or confirm.
Refusals for that reason carry the stable code ``self_decision``.

Workflow transitions are checked here too (:func:`transition_check`), so the core's
``InvalidTransition`` becomes ``Conflict(code="invalid_transition")`` in exactly one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.core.statemachine import ONLY, InvalidTransition, Machine, Transition
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.people.models import Employee
from careerpath.people.selectors import department_subtree_ids

Actor = AbstractBaseUser | AnonymousUser | None
S = TypeVar("S")

# The role a capacity stems from (supervisor and manager also need the person in their scope).
CAPACITY_ROLES: dict[str, Role] = {"supervisor": Role.SUPERVISOR, "manager": Role.MANAGER,
                                   "committee": Role.COMMITTEE, "vp": Role.VP, "hr": Role.HR}
ADMIN_CAPACITIES = frozenset(CAPACITY_ROLES)


def is_subject(*, actor: Actor, subject: Employee) -> bool:
    """True when ``actor`` is the person the decision is about (their linked employee record)."""
    return (actor is not None and actor.is_authenticated and subject.user_id is not None
            and subject.user_id == actor.pk)


def capacities(*, actor: Actor, subject: Employee) -> frozenset[str]:
    """The capacities ``actor`` holds towards ``subject``: role, data scope and the self-decision rule."""
    if actor is None:
        return frozenset({"system"})
    if not actor.is_authenticated:
        return frozenset()
    if is_subject(actor=actor, subject=subject):
        return frozenset({"self"})  # whatever roles they hold
    roles = user_roles(user=actor)
    if Role.ADMIN in roles:
        return ADMIN_CAPACITIES
    caps = {c for c in ("committee", "vp", "hr") if CAPACITY_ROLES[c] in roles}
    if Role.SUPERVISOR in roles or Role.MANAGER in roles:
        me = user_employee(user=actor)
        if me is not None:
            if Role.SUPERVISOR in roles and subject.supervisor_id == me.pk:
                caps.add("supervisor")
            if (Role.MANAGER in roles and me.department_id is not None and subject.department_id is not None
                    and subject.department_id in department_subtree_ids(root_id=me.department_id)):
                caps.add("manager")
    return frozenset(caps)


def department_scope(*, actor: Actor, action: str) -> list[int] | None:
    """The departments whose people ``actor`` may decide about in a department-wide step: None for all
    (HR, admin), else a manager's own department and those below it; anyone else is refused."""
    roles = user_roles(user=actor) if actor is not None else frozenset()
    if roles & {Role.HR, Role.ADMIN}:
        return None
    if Role.MANAGER in roles:
        me = user_employee(user=actor)
        if me is not None and me.department_id is not None:
            return department_subtree_ids(root_id=me.department_id)
    raise Forbidden(f"无权限：{action}需要部门负责人或人力资源部 (requires manager or HR)", code="forbidden_role")


def self_decision(action: str) -> Forbidden:
    return Forbidden(f"无权限：不能就本人的事项{action}，须由他人决定 (nobody decides about themself)",
                     code="self_decision")


def require_capacity(*, actor: Actor, subject: Employee, allowed: Iterable[str], action: str,
                     extra: Iterable[str] = ()) -> frozenset[str]:
    """Return the actor's capacities towards ``subject`` if one of them is ``allowed``; else raise Forbidden.

    ``extra`` adds capacities the caller knows of (a demotion case's "opener"); they never count for
    the subject. Codes: ``self_decision`` (the subject), ``out_of_scope`` (the right role, another
    team or department), ``forbidden_role``.
    """
    allowed = frozenset(allowed)
    caps = capacities(actor=actor, subject=subject)
    own = is_subject(actor=actor, subject=subject)
    if not own:
        caps |= frozenset(extra)
    if caps & allowed:
        return caps
    if own:
        raise self_decision(action)
    roles = user_roles(user=actor) if actor is not None else frozenset()
    if any(CAPACITY_ROLES.get(c) in roles for c in allowed):
        raise Forbidden(f"无权限：{subject.employee_no} 不在您的数据范围内，不能{action} (out of your scope)",
                        code="out_of_scope")
    raise Forbidden(f"无权限：{action}需要 {'/'.join(sorted(allowed))} (not allowed for your role)",
                    code="forbidden_role")


def require_not_subject(*, actor: Actor, subjects: QuerySet[Employee] | Iterable[Employee], action: str) -> None:
    """Refuse a decision over many people (a notice, a VP approval, a run) when the actor is among them."""
    if actor is None or not actor.is_authenticated:
        return
    if isinstance(subjects, QuerySet):
        found = subjects.filter(user_id=actor.pk).exists()
    else:
        found = any(is_subject(actor=actor, subject=e) for e in subjects)
    if found:
        raise self_decision(action)


def require_workflow_roles(*, actor: Actor, allowed: Iterable[str], action: str) -> None:
    """Check a transition with no single subject (a cycle, a placement run): the role alone decides."""
    allowed = frozenset(allowed)
    if actor is None:
        if "system" in allowed:
            return
        raise Forbidden(f"无权限：{action}需要操作人 (an actor is required)", code="forbidden_role")
    roles = user_roles(user=actor)
    if Role.ADMIN in roles or any(CAPACITY_ROLES.get(c) in roles for c in allowed):
        return
    need = "、".join(str(CAPACITY_ROLES[c].label) for c in sorted(allowed) if c in CAPACITY_ROLES)
    raise Forbidden(f"无权限：{action}需要角色 {need or '-'} (requires role: {', '.join(sorted(allowed))})",
                    code="forbidden_role")


def transition_check(*, machine: Machine, state: S, action: str, actor: Actor, subject: Employee | None = None,
                     route: str = ONLY, reason: str | None = "", extra: Iterable[str] = (),
                     what: str | None = None) -> Transition:
    """Return the transition ``action`` from ``state`` if ``actor`` may take it; else raise a ServiceError.

    The state is checked first (409 ``invalid_transition``), then the capacity towards ``subject`` (or,
    without a subject, the role), then a required reason (400 ``reason_required``; ``reason=None``: the
    caller checks it later, where the reason is known).
    """
    try:
        t = machine.transition_for(state, action, route)
    except InvalidTransition as exc:
        raise Conflict(str(exc), code="invalid_transition") from None
    if subject is not None:
        require_capacity(actor=actor, subject=subject, allowed=t.roles, action=what or action, extra=extra)
    else:
        require_workflow_roles(actor=actor, allowed=t.roles, action=what or action)
    if reason is not None and t.needs_reason and not reason.strip():
        raise InvalidInput("须填写原因 a reason is required", code="reason_required", field="reason")
    return t
