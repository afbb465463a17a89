"""What every step of a cycle shares: the row lock, the transition and activity checks, the policy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from careerpath.accounts import authority
from careerpath.audit.services import audit_record
from careerpath.core.policy import Policy
from careerpath.cycles.models import Cycle
from careerpath.cycles.workflow import ACTIVITIES, Transition
from careerpath.cycles.workflow import CycleState as S
from careerpath.cycles.workflow import machine_for as cycle_machine_for
from careerpath.errors import Conflict
from careerpath.people.models import Employee
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.selectors import open_application_employee_nos

User = AbstractBaseUser



def _lock(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().select_related("policy_version").get(pk=cycle.pk)


def _check(actor: User | None, cycle: Cycle, action: str, reason: str = "") -> Transition:
    """Refuse ``action`` unless the state allows it (under the policy's cycle chain), the role and a reason."""
    return authority.transition_check(machine=cycle_machine_for(_policy(cycle).process), state=S(cycle.state),
                                      action=action, actor=actor, reason=reason)


def _not_about_themself(actor: User | None, employees: Iterable[Employee] | QuerySet[Employee], what: str) -> None:
    # Nobody decides about themself: a committee member, VP or HR who is a candidate of the cycle
    # cannot nominate, score, decide or approve a selection that includes them.
    authority.require_not_subject(actor=actor, subjects=employees, action=what)


def _transition(actor: User | None, cycle: Cycle, action: str, *, reason: str = "",
                data: dict[str, Any] | None = None) -> Cycle:
    """Apply ``action`` to a locked cycle: state check, role, reason, audit."""
    t = _check(actor, cycle, action, reason)
    old = cycle.state
    cycle.state = t.target.value
    cycle.save()
    audit_record(actor=actor, action=f"cycle.{action}", target=cycle, from_state=old, to_state=cycle.state,
                 reason=reason, data=data)
    return cycle


def _activity(cycle: Cycle, activity: str, what: str) -> None:
    if S(cycle.state) not in ACTIVITIES[activity]:
        raise Conflict(f"评选当前状态「{cycle.get_state_display()}」不能{what} (not allowed in state {cycle.state})",
                       code="invalid_state")


def _policy(cycle: Cycle) -> Policy:
    return policy_of(cycle.policy_version)



def _no_open_applications(employee_ids: Iterable[int], then: str = "") -> None:
    """Refuse when any of these employees already has an application under way (one at a time)."""
    busy = open_application_employee_nos(employee_ids=list(employee_ids))
    if busy:
        raise Conflict(f"已有进行中的晋升申请{then}：{'、'.join(sorted(busy))} (open application exists)",
                       code="already_open", details={"employee_nos": sorted(busy)})
