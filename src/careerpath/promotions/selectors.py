"""Reads for promotions: scoped application lists, notices for the public, objections for HR."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_list_employees, employees_visible_to
from careerpath.audit.models import AuditEvent
from careerpath.audit.selectors import audit_events_for
from careerpath.core.statemachine import Machine
from careerpath.core.workflow import FINAL, Route, State, Transition, machine_for
from careerpath.people.models import Department, Employee, EmployeeStatus
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Application, Notice, NoticeEntry, Notification, Objection


def applications_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Application]:
    return Application.objects.filter(employee__in=employees_visible_to(user=user)).select_related(
        "employee", "employee__department", "policy_version")


def notice_public_entries(*, notice: Notice) -> QuerySet[NoticeEntry]:
    """What anyone may read on a notice: name, department, levels, effective date (no scores, no evidence)."""
    return notice.entries.filter(withdrawn=False).order_by("id")


def objections_for_hr(*, notice: Notice) -> QuerySet[Objection]:
    return Objection.objects.filter(entry__notice=notice).select_related("entry", "objector", "resolved_by")


def open_application_employee_nos(*, employee_ids: Iterable[int]) -> set[str]:
    """The 工号 of those of ``employee_ids`` with an application still in progress (not in a final state)."""
    return set(Application.objects.filter(employee_id__in=list(employee_ids))
               .exclude(state__in=[s.value for s in FINAL]).values_list("employee__employee_no", flat=True))


def notifications_for(*, user: AbstractBaseUser | AnonymousUser, limit: int = 100) -> list[Notification]:
    """The user's own notifications, newest first (at most ``limit``; one query)."""
    if not user.is_authenticated:
        return []
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def notifications_unread_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def applications_ready_for_notice() -> QuerySet[Application]:
    """Individual applications whose next step is the notice (``publish_notice`` available), oldest first.

    Where the review chain ends depends on each policy version's configured steps, so the states are taken
    from the workflow machine of every version in use (two queries in all). Annual-cycle applications are
    left out: the cycle publishes its own notice (``cycles.services.cycle_notice_publish``).
    """
    route = Route.INDIVIDUAL.value
    open_apps = Application.objects.filter(route=route).exclude(state__in=[s.value for s in FINAL])
    ready = Q(pk__in=[])
    for version in PolicyVersion.objects.filter(pk__in=open_apps.values("policy_version_id")):
        states = machine_for(policy_of(version).process).sources_of("publish_notice", route)
        ready |= Q(policy_version_id=version.pk, state__in=sorted(s.value for s in states))
    return (open_apps.filter(ready).select_related("employee", "employee__department", "policy_version")
            .order_by("created_at", "id"))


# ---------------------------------------------------------------------------------------------------
# One application as its people see it: who holds it now, what the viewer may do, what happened so far


# Transitions that leave the main path (a refusal, a step back, the applicant giving up): they are
# options at a step, not the step itself, so they never say who holds the application.
_SIDE_ACTIONS = frozenset({"reject", "withdraw", "return_to_applicant", "return_to_review", "revert"})
_CAPACITY_ORDER = ("self", "supervisor", "manager", "committee", "vp", "hr", "system")


@dataclass(frozen=True, slots=True)
class Holder:
    """Who must act next: a capacity ("supervisor", "hr" ...) and, when one person holds it, that person."""

    capacity: str
    people: tuple[Employee, ...] = ()


def _machine_of(application: Application) -> Machine[State]:
    return machine_for(policy_of(application.policy_version).process)


def application_next_steps(*, application: Application) -> list[Transition]:
    """The transitions that move the application on from its state (refusals and withdrawal aside)."""
    options = _machine_of(application).available(State(application.state), Route(application.route).value)
    return [t for t in options if t.action not in _SIDE_ACTIONS]


def _holder_capacities(step: Transition) -> list[str]:
    roles = set(step.roles)
    if "self" in roles:
        return ["self"]  # HR may submit for someone, but the draft is the applicant's to finish
    if "system" in roles:
        return ["system"]  # a scheduled run; HR's right to run it by hand is not a step anyone waits on
    return [c for c in _CAPACITY_ORDER if c in roles]


def _managers_of(employee: Employee) -> tuple[Employee, ...]:
    """The people holding the manager role over ``employee``'s department, the nearest department first."""
    if employee.department_id is None:
        return ()
    parents = dict(Department.objects.values_list("pk", "parent_id"))  # departments are few: one query
    chain: list[int] = []
    here: int | None = employee.department_id
    while here is not None and here not in chain:
        chain.append(here)
        here = parents.get(here)
    found = (Employee.objects.filter(department_id__in=chain, user__groups__name=Role.MANAGER.value,
                                     status=EmployeeStatus.ACTIVE)
             .exclude(pk=employee.pk).select_related("department").distinct())
    return tuple(sorted(found, key=lambda e: (chain.index(e.department_id), e.employee_no)))


def application_holders(*, application: Application) -> list[Holder]:
    """Who the application waits for now (empty when it is over): the applicant, the supervisor and the
    managers by name, the offices (committee, VP, HR) by name of the office. A few queries at most."""
    holders: list[Holder] = []
    seen: set[str] = set()
    employee = application.employee
    for step in application_next_steps(application=application):
        for cap in _holder_capacities(step):
            if cap in seen:
                continue
            seen.add(cap)
            people: tuple[Employee, ...] = ()
            if cap == "self":
                people = (employee,)
            elif cap == "supervisor" and employee.supervisor_id is not None:
                people = (employee.supervisor,)
            elif cap == "manager":
                people = _managers_of(employee)
            holders.append(Holder(cap, people))
    return holders


def application_actions_for(*, application: Application, user: AbstractBaseUser | AnonymousUser) -> list[Transition]:
    """The transitions ``user`` may take on the application now: its state under the policy's chain, and the
    capacities they hold towards the applicant (the applicant holds only "self": nobody decides about themself)."""
    if not user.is_authenticated:
        return []
    options = _machine_of(application).available(State(application.state), Route(application.route).value)
    if not options:
        return []
    caps = authority.capacities(actor=user, subject=application.employee)
    return [t for t in options if t.roles & caps]


def application_history(*, application: Application) -> list[AuditEvent]:
    """The application's audit events, oldest first, with the actor's employee record (one query)."""
    return list(audit_events_for(target=application).select_related("actor", "actor__employee"))


def application_return_reason(*, history: list[AuditEvent]) -> str:
    """Why the application went back to draft the last time (a reviewer returning it), or ""."""
    for event in reversed(history):
        if event.to_state == State.DRAFT.value and event.from_state and event.from_state != State.DRAFT.value:
            return event.reason
    return ""


def applications_list(*, user: AbstractBaseUser | AnonymousUser, state: str = "") -> QuerySet[Application]:
    """The applications ``user`` may list, newest first: their own, and for staff everyone's in their scope.

    ``state``: "" all, "open" in progress, "closed" ended, or one state's code.
    """
    if can_list_employees(user=user):
        qs = applications_visible_to(user=user)
    elif user.is_authenticated:
        qs = Application.objects.filter(employee__user=user).select_related(
            "employee", "employee__department", "policy_version")
    else:
        return Application.objects.none()
    final = [s.value for s in FINAL]
    if state == "open":
        qs = qs.exclude(state__in=final)
    elif state == "closed":
        qs = qs.filter(state__in=final)
    elif state:
        qs = qs.filter(state=state)
    return qs.select_related("employee__supervisor").order_by("-created_at", "-id")


def applications_of(*, employee: Employee) -> list[Application]:
    """One person's applications, newest first (one query): their page shows those in progress."""
    return list(Application.objects.filter(employee=employee).select_related("policy_version")
                .order_by("-created_at", "-id"))


def applications_awaiting_applicant_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    """How many of the user's own applications wait for them (a draft, e.g. one a reviewer returned)."""
    if not user.is_authenticated:
        return 0
    return Application.objects.filter(employee__user_id=user.pk, state=State.DRAFT.value).count()
