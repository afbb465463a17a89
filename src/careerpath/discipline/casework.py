"""Reads for the discipline screens: what waits for whom, the steps a person may take on a case, the
incidents in a scope with what each one caused.

The permissions are the services' own (``accounts.authority`` capacities, the workflow's transitions):
a screen offers a step exactly when the service would accept it from this person, so nobody sees a
button that answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import employees_visible_to, user_employee, user_roles
from careerpath.discipline import rules
from careerpath.discipline.models import AllowanceDeduction, CaseDecision, DemotionCase
from careerpath.discipline.workflow import OPEN, CaseState, available
from careerpath.evidence.models import Incident
from careerpath.people.models import Department
from careerpath.people.selectors import department_subtree_ids
from careerpath.requestscope import request_memo

AnyUser = AbstractBaseUser | AnonymousUser

# Who works on these screens: the workflow's reviewers and HR (admin holds every capacity).
DESK_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ADMIN})
PAYROLL_ROLES = frozenset({Role.HR, Role.ADMIN})
# The steps a person takes on the pages (make_effective is the daily job's).
STEP_ACTIONS = ("supervisor_review", "manager_review", "hr_approve", "reject", "withdraw")
_OPEN_STATES = [s.value for s in CaseState if s in OPEN]


def desk_allowed(*, user: AnyUser) -> bool:
    return bool(user_roles(user=user) & DESK_ROLES)


def _subtree(root_id: int) -> list[int]:
    # The navigation count and the list both ask on one page: the walk is kept for the request.
    memo = request_memo()
    key = f"discipline:subtree:{root_id}"
    if memo is not None and key in memo:
        return memo[key]
    ids = department_subtree_ids(root_id=root_id)
    if memo is not None:
        memo[key] = ids
    return ids


def _waiting_q(user: AnyUser) -> Q | None:
    """The cases whose current step this user holds, as one filter (None: nothing ever waits for them)."""
    roles = user_roles(user=user)
    cond = Q(pk__in=[])
    found = False
    if roles & PAYROLL_ROLES:
        cond |= Q(state=CaseState.MANAGER_REVIEWED.value)
        found = True
    me = user_employee(user=user) if roles & {Role.SUPERVISOR, Role.MANAGER} else None
    if me is not None and Role.SUPERVISOR in roles:
        cond |= Q(state=CaseState.PROPOSED.value, employee__supervisor_id=me.pk)
        found = True
    if me is not None and Role.MANAGER in roles and me.department_id is not None:
        depts = _subtree(me.department_id)
        reviewed_by_me = CaseDecision.objects.filter(case=OuterRef("pk"), action="supervisor_review",
                                                     actor_id=user.pk)
        # A manager stands in for a missing supervisor (or one who is the manager); the second review
        # needs someone other than the first reviewer, so a case the manager reviewed first waits elsewhere.
        cond |= Q(state=CaseState.PROPOSED.value, employee__department_id__in=depts) & (
            Q(employee__supervisor__isnull=True) | Q(employee__supervisor_id=me.pk))
        cond |= Q(state=CaseState.SUPERVISOR_REVIEWED.value, employee__department_id__in=depts) & ~Exists(
            reviewed_by_me)
        found = True
    return cond if found else None


def cases_waiting(*, user: AnyUser) -> QuerySet[DemotionCase]:
    """The cases waiting for a step this user holds (never their own case)."""
    cond = _waiting_q(user)
    if cond is None or not user.is_authenticated:
        return DemotionCase.objects.none()
    return DemotionCase.objects.filter(cond).exclude(employee__user_id=user.pk)


def cases_waiting_queryset(*, user: AnyUser) -> QuerySet[DemotionCase]:
    """For the navigation: the cases waiting for the user's step (nothing outside the desk roles)."""
    if not desk_allowed(user=user):
        return DemotionCase.objects.none()
    return cases_waiting(user=user)


def cases_waiting_count(*, user: AnyUser) -> int:
    return cases_waiting_queryset(user=user).count()


@dataclass(frozen=True, slots=True)
class CaseFilter:
    which: str = "open"  # "mine" (waiting for me), "open", "closed", "all"
    state: str = ""
    department_id: int | None = None
    q: str = ""


def case_list(*, user: AnyUser, f: CaseFilter) -> QuerySet[DemotionCase]:
    """The cases in the user's data scope, filtered; newest first."""
    qs = DemotionCase.objects.filter(employee__in=employees_visible_to(user=user))
    if f.which == "mine":
        qs = qs.filter(pk__in=cases_waiting(user=user).values("pk"))
    elif f.which == "open":
        qs = qs.filter(state__in=_OPEN_STATES)
    elif f.which == "closed":
        qs = qs.exclude(state__in=_OPEN_STATES)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.department_id is not None:
        qs = qs.filter(employee__department_id=f.department_id)
    if f.q:
        qs = qs.filter(Q(employee__employee_no__iexact=f.q) | Q(employee__name__icontains=f.q))
    return (qs.select_related("employee", "employee__department", "opened_by")
            .annotate(n_incidents=Count("incidents", distinct=True), n_documents=Count("documents", distinct=True))
            .order_by("-created_at", "-pk"))


def departments_in_scope(*, user: AnyUser) -> list[tuple[int, str]]:
    """The departments of the people the user may see, for a filter (one query)."""
    return list(Department.objects.filter(employees__in=employees_visible_to(user=user)).distinct()
                .order_by("name").values_list("pk", "name"))


# ---------------------------------------------------------------------------------------------------
# One case: the steps this person may take now


@dataclass(frozen=True, slots=True)
class CaseSteps:
    actions: frozenset[str]  # of STEP_ACTIONS
    can_add_document: bool
    can_edit_notes: bool
    is_subject: bool
    same_reviewer: bool  # a manager who gave the first review, looking at the second
    stands_in: bool  # a manager offered the supervisor's review of someone with another direct supervisor


def case_steps(*, user: AnyUser, case: DemotionCase) -> CaseSteps:
    """What ``user`` may do on ``case`` now; mirrors the checks of ``discipline.services``."""
    subject = authority.is_subject(actor=user, subject=case.employee)
    caps = set(authority.capacities(actor=user, subject=case.employee))
    if not subject and user.is_authenticated and case.opened_by_id == user.pk:
        caps.add("opener")
    state = case.state_enum
    actions = {t.action for t in available(state) if t.action in STEP_ACTIONS and t.roles & caps}
    same = False
    if "manager_review" in actions:
        firsts = [d for d in case.decisions.all() if d.action == "supervisor_review"]
        if firsts and firsts[-1].actor_id == user.pk:
            actions.discard("manager_review")
            same = True
    open_ = state in OPEN
    return CaseSteps(actions=frozenset(actions),
                     can_add_document=open_ and bool(caps & {"supervisor", "manager", "hr", "opener"}),
                     can_edit_notes="hr" in caps, is_subject=subject, same_reviewer=same,
                     stands_in="supervisor_review" in actions and "supervisor" not in caps
                     and "hr" not in caps and case.employee.supervisor_id is not None)


# ---------------------------------------------------------------------------------------------------
# Incidents with their consequences


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    month: date | None = None  # the incident's month (= the allowance month it deducts from)
    department_id: int | None = None
    type: str = ""
    q: str = ""  # 工号 or part of the name


def incident_list(*, user: AnyUser, f: IncidentFilter) -> QuerySet[Incident]:
    """Incidents of the people in the user's scope, with their deductions and cases prefetched."""
    qs = Incident.objects.filter(employee__in=employees_visible_to(user=user))
    if f.month is not None:
        first = rules.month_start(f.month)
        nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        qs = qs.filter(date__gte=first, date__lt=nxt)
    if f.department_id is not None:
        qs = qs.filter(employee__department_id=f.department_id)
    if f.type:
        qs = qs.filter(type=f.type)
    if f.q:
        qs = qs.filter(Q(employee__employee_no__iexact=f.q) | Q(employee__name__icontains=f.q))
    return (qs.select_related("employee", "employee__department")
            .prefetch_related(Prefetch("allowance_deductions", queryset=AllowanceDeduction.objects.order_by("pk")),
                              Prefetch("demotion_cases", queryset=DemotionCase.objects.order_by("pk")))
            .order_by("-date", "-pk"))


@dataclass(frozen=True, slots=True)
class DeductionTotal:
    month: date
    people: int
    amount: Decimal


def deduction_total(*, user: AnyUser, month: date, department_id: int | None = None) -> DeductionTotal:
    """The month's deductions in the user's scope (one query)."""
    first = rules.month_start(month)
    qs = AllowanceDeduction.objects.filter(month=first, employee__in=employees_visible_to(user=user))
    if department_id is not None:
        qs = qs.filter(employee__department_id=department_id)
    agg = qs.aggregate(people=Count("employee", distinct=True), amount=Sum("amount"))
    return DeductionTotal(month=first, people=agg["people"] or 0, amount=agg["amount"] or Decimal("0.00"))
