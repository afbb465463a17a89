"""Reads for promotions: scoped application lists, notices for the public, objections for HR."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_list_employees, employees_visible_to, user_roles
from careerpath.audit.models import AuditEvent
from careerpath.audit.selectors import audit_events_for
from careerpath.calendars.selectors import work_calendar
from careerpath.core.statemachine import Machine
from careerpath.core.workdays import CalendarMissing
from careerpath.core.workflow import FINAL, PROMOTION, Route, State, Transition, machine_for
from careerpath.people.models import Department, Employee, EmployeeStatus
from careerpath.people.selectors import department_ancestor_ids
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
    chain = department_ancestor_ids(department_id=employee.department_id)
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


def applications_awaiting_applicant_queryset(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Application]:
    """The user's own applications that wait for them (a draft, e.g. one a reviewer returned)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(employee__user_id=user.pk, state=State.DRAFT.value)


def applications_awaiting_applicant_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    """How many of the user's own applications wait for them (one query)."""
    return applications_awaiting_applicant_queryset(user=user).count()


# ---------------------------------------------------------------------------------------------------
# Reviews: what waits for whom, derived from the workflow (the policy's chain) and accounts.authority


def application_version(application: Application) -> str:
    """A token that changes whenever the application does: a form carries it to detect a stale submit."""
    return application.updated_at.isoformat() if application.updated_at else ""


def application_actions(*, actor: AbstractBaseUser | AnonymousUser | None, application: Application,
                        capacities: frozenset[str] | None = None) -> list[Transition]:
    """The workflow actions ``actor`` may take on ``application`` now (state, policy chain, capacity).

    ``capacities`` are the actor's towards the applicant when the caller has them already.
    """
    caps = authority.capacities(actor=actor, subject=application.employee) if capacities is None else capacities
    machine = machine_for(policy_of(application.policy_version).process)
    return [t for t in machine.available(State(application.state), Route(application.route).value)
            if t.roles & caps]


# The steps a reviewer takes application by application. On the cycle route the committee's and the VP's
# steps are the annual cycle's own (cycles/services: one decision and one approval for the whole cycle),
# and its applications are created past the supervisor and the manager, so only this route is queued.
_QUEUED_ROUTE = Route.INDIVIDUAL


def _pending_steps(versions: Iterable[PolicyVersion]) -> dict[str, list[tuple[int, list[str]]]]:
    """capacity -> [(policy version id, states in which that capacity holds the pending review step)]."""
    out: dict[str, list[tuple[int, list[str]]]] = {}
    for pv in versions:
        machine = machine_for(policy_of(pv).process)
        by_cap: dict[str, set[str]] = {}
        for t in machine.transitions:
            if t.step is None or t.each_step or t.routes is None or _QUEUED_ROUTE.value not in t.routes:
                continue
            for cap in t.roles:
                by_cap.setdefault(cap, set()).update(s.value for s in t.sources)
        for cap, states in by_cap.items():
            out.setdefault(cap, []).append((pv.pk, sorted(states)))
    return out


def _step_filter(pending: dict[str, list[tuple[int, list[str]]]], cap: str) -> Q | None:
    q: Q | None = None
    for pv_id, states in pending.get(cap, ()):
        part = Q(policy_version_id=pv_id, state__in=states)
        q = part if q is None else q | part
    return q


# Every state in which some review step may be pending, whatever the chain: the chain's start and the
# state each step leaves (the steps run in the policy's order, so any of them may come next).
_CHAIN_START = PROMOTION.chain.start if PROMOTION.chain is not None else State.SUBMITTED
_STEP_STATES = sorted({_CHAIN_START.value} | {t.target.value for t in PROMOTION.transitions if t.step is not None})
_REVIEW_CAPS = ("supervisor", "manager", "committee", "vp")


def _department_subtree_of(user: AbstractBaseUser) -> list[int]:
    """The departments below and including the user's own (one query: the tree and where the user sits)."""
    mine = Employee.objects.filter(user_id=user.pk, department_id=OuterRef("pk"))
    rows = list(Department.objects.annotate(mine=Exists(mine)).values_list("pk", "parent_id", "mine"))
    root = next((pk for pk, _, is_mine in rows if is_mine), None)
    if root is None:
        return []
    children: dict[int | None, list[int]] = {}
    for pk, parent, _ in rows:
        children.setdefault(parent, []).append(pk)
    out, stack = [], [root]
    while stack:
        pk = stack.pop()
        out.append(pk)
        stack.extend(children.get(pk, ()))
    return out


def _awaiting_scope(user: AbstractBaseUser | AnonymousUser) -> tuple[QuerySet[Application], dict[str, Q]] | None:
    """The open individual applications a review step may wait in (never the user's own), and for each review
    capacity the user holds, the people it covers (``accounts.authority.capacities``, as filters)."""
    if not user.is_authenticated:
        return None
    roles = user_roles(user=user)
    admin = Role.ADMIN in roles
    caps = [c for c in _REVIEW_CAPS if admin or authority.CAPACITY_ROLES[c] in roles]
    if not caps:
        return None
    scopes: dict[str, Q] = {}
    for cap in caps:
        if admin or cap in ("committee", "vp"):
            scopes[cap] = Q()
        elif cap == "supervisor":
            scopes[cap] = Q(employee__supervisor__user_id=user.pk)
        else:
            subtree = _department_subtree_of(user)
            if subtree:
                scopes[cap] = Q(employee__department_id__in=subtree)
    if not scopes:
        return None
    base = (Application.objects.filter(route=_QUEUED_ROUTE.value, state__in=_STEP_STATES)
            .exclude(employee__user_id=user.pk))
    return base, scopes


def applications_awaiting(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Application]:
    """The applications whose pending review step ``user`` holds.

    A direct supervisor holds the "supervisor" step of their reports, a department manager the "manager"
    step of everyone in their department and those below it, the committee and the VP their steps when
    the policy's individual chain has them, admin every step (``accounts.authority``). The applicant's own
    application never waits for them: nobody decides about themself. Which step waits in which state comes
    from each application's policy chain (``core.workflow.machine_for``).
    """
    parts = _awaiting_scope(user)
    if parts is None:
        return Application.objects.none()
    base, scopes = parts
    pending = _pending_steps(PolicyVersion.objects.filter(pk__in=base.values("policy_version_id"))
                             .only("pk", "yaml_text"))
    q: Q | None = None
    for cap, who in scopes.items():
        steps = _step_filter(pending, cap)
        if steps is not None:
            q = steps & who if q is None else q | (steps & who)
    return base.filter(q) if q is not None else Application.objects.none()


def applications_awaiting_count(user: AbstractBaseUser) -> int:
    """How many applications wait for ``user``'s review step: the navigation's count on every page.

    The same rule as :func:`applications_awaiting` in one grouped query (per policy version and state, one
    count per capacity); the versions' chains are read only when something is there to count.
    """
    parts = _awaiting_scope(user)
    if parts is None:
        return 0
    base, scopes = parts
    rows = list(base.values("policy_version_id", "state").order_by()
                .annotate(**{cap: Count("pk", filter=who) if who else Count("pk") for cap, who in scopes.items()}))
    if not any(r[cap] for r in rows for cap in scopes):
        return 0
    pending = _pending_steps(PolicyVersion.objects.filter(pk__in={r["policy_version_id"] for r in rows})
                             .only("pk", "yaml_text"))
    holds = {(pv, state, cap) for cap, per_pv in pending.items() for pv, states in per_pv for state in states}
    return sum(r[cap] for r in rows for cap in scopes if (r["policy_version_id"], r["state"], cap) in holds)


@dataclass(frozen=True, slots=True)
class QueueRow:
    application: Application
    from_name: str  # the levels' names under the application's own policy version, in the page's language
    to_name: str
    submitted_at: datetime | None  # the latest submission (a returned application is submitted again)
    waiting_since: datetime | None  # when it reached the step that waits for the reviewer
    working_days: int | None  # working days waited since (None when the calendar lacks a year)


def _audit_moment(action: str | None = None) -> Subquery:
    events = AuditEvent.objects.filter(target_type="application", target_id=Cast(OuterRef("pk"), CharField()))
    events = events.filter(action=action) if action else events.filter(to_state=OuterRef("state"))
    return Subquery(events.order_by("-at", "-id").values("at")[:1])


def review_queue(*, user: AbstractBaseUser | AnonymousUser, today: date, lang: str = "zh") -> list[QueueRow]:
    """The applications waiting for ``user``'s review, longest waiting first (a few queries, whatever the count)."""
    apps = list(applications_awaiting(user=user)
                .select_related("employee", "employee__department", "policy_version")
                .annotate(submitted_at=_audit_moment("application.submit"), waiting_since=_audit_moment())
                .order_by("waiting_since", "submitted_at", "pk"))
    if not apps:
        return []
    calendar = work_calendar()
    rows = []
    for app in apps:
        since: datetime | None = app.waiting_since or app.submitted_at  # type: ignore[attr-defined]
        days = None
        if since is not None:
            try:
                days = calendar.working_days_between(timezone.localdate(since) + timedelta(days=1), today)
            except CalendarMissing:
                days = None
        levels = policy_of(app.policy_version).levels
        names = [levels[c].name.get(lang) if c in levels else c for c in (app.from_level, app.to_level)]
        rows.append(QueueRow(app, names[0], names[1], app.submitted_at, since, days))  # type: ignore[attr-defined]
    return rows
