"""Reads of mentoring: the pairs a person may see, one pair's plan, the mentors' record for HR, and the
probation plan with each task's progress (training tasks read from the training records)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_view_employee, employees_visible_to, user_employee, user_roles
from careerpath.evidence import models as ev
from careerpath.mentoring.models import (
    CheckIn,
    Goal,
    Pair,
    PairPurpose,
    PairState,
    ProbationPlan,
    ProbationTask,
)
from careerpath.people.models import Employee, EmployeeStatus

AnyUser = AbstractBaseUser | AnonymousUser
# Who arranges a pair and may correct the mentor's confirmation: the mentee's direct supervisor or HR.
ARRANGERS = ("supervisor", "hr")

DONE_TRAINING = (ev.TrainingResult.PASSED, ev.TrainingResult.ATTENDED)


def _pairs() -> QuerySet[Pair]:
    return Pair.objects.select_related("mentor", "mentee", "mentee__department", "mentorship")


def pairs_visible(*, user: AnyUser) -> QuerySet[Pair]:
    """Pairs the user mentors, and pairs whose mentee they may read (themself, their team, everyone for HR)."""
    if not user.is_authenticated:
        return Pair.objects.none()
    me = user_employee(user=user)
    scope = Q(mentee__in=employees_visible_to(user=user))
    if me is not None:
        scope |= Q(mentor=me)
    return _pairs().filter(scope)


def pairs_list(*, user: AnyUser, state: str = "", purpose: str = "") -> list[Pair]:
    qs = pairs_visible(user=user).annotate(
        goal_count=Count("goals", distinct=True),
        goals_done=Count("goals", filter=Q(goals__done_on__isnull=False), distinct=True),
        checkin_count=Count("checkins", distinct=True))
    if state:
        qs = qs.filter(state=state)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return list(qs.order_by("state", "-started_on", "-pk"))


def pairs_of_mentor(*, mentor: Employee) -> list[Pair]:
    """The mentor's own pairs (我的徒弟), active first, with their goal counts (one query)."""
    return list(_pairs().filter(mentor=mentor).annotate(
        goal_count=Count("goals", distinct=True),
        goals_done=Count("goals", filter=Q(goals__done_on__isnull=False), distinct=True),
        checkin_count=Count("checkins", distinct=True)).order_by("state", "-started_on", "-pk"))


def pair_get(*, user: AnyUser, pk: int) -> Pair | None:
    """One pair the user may see, with its goals and check-ins (three queries), or None."""
    pair = (_pairs().select_related("mentee__supervisor", "created_by")
            .prefetch_related(Prefetch("goals", Goal.objects.order_by("due_on", "pk")),
                              Prefetch("checkins", CheckIn.objects.select_related("by").order_by("-on", "-pk")))
            .filter(pk=pk).first())
    if pair is None:
        return None
    me = user_employee(user=user)
    if me is not None and me.pk == pair.mentor_id:
        return pair
    return pair if can_view_employee(user=user, employee=pair.mentee) else None


@dataclass(frozen=True)
class PairRights:
    keep: bool  # goals, check-ins
    confirm: bool  # the mentor's confirmation of independent operation
    correct: bool  # undo the confirmation, end the pair


def pair_rights(*, user: AnyUser, pair: Pair) -> PairRights:
    from careerpath.accounts import authority

    me = user_employee(user=user)
    mentor = me is not None and me.pk == pair.mentor_id
    arranger = bool(authority.capacities(actor=user, subject=pair.mentee) & set(ARRANGERS))  # type: ignore[arg-type]
    active = pair.state == PairState.ACTIVE
    return PairRights(keep=active and (mentor or arranger),
                      confirm=active and mentor and pair.purpose == PairPurpose.NEW_HIRE and pair.mentorship_id is not None,
                      correct=arranger)


def can_arrange(*, user: AnyUser) -> bool:
    """HR, admin and supervisors may pair people (their own team for a supervisor)."""
    return bool(user_roles(user=user) & {Role.HR, Role.ADMIN, Role.SUPERVISOR})


def arrangeable_mentees(*, user: AnyUser) -> QuerySet[Employee]:
    roles = user_roles(user=user)
    qs = Employee.objects.filter(status=EmployeeStatus.ACTIVE)
    if roles & {Role.HR, Role.ADMIN}:
        return qs.exclude(user_id=user.pk).order_by("employee_no")
    me = user_employee(user=user)
    if Role.SUPERVISOR in roles and me is not None:
        return qs.filter(supervisor=me).order_by("employee_no")
    return Employee.objects.none()


def mentor_candidates() -> QuerySet[Employee]:
    return Employee.objects.filter(status=EmployeeStatus.ACTIVE).order_by("employee_no")


# ---------------------------------------------------------------------------------------------------
# The mentors' record (HR)


@dataclass
class MentorRecord:
    mentor_id: int
    employee_no: str
    name: str
    department: str | None
    mentees: int = 0  # 带教 records: every new hire the mentor was given, imported or paired
    independent: int = 0
    in_training: int = 0  # not independent yet and still employed
    active_pairs: int = 0  # pairs of either purpose in progress
    days: list[int] = field(default_factory=list)

    @property
    def average_days(self) -> float | None:
        return round(statistics.fmean(self.days), 1) if self.days else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None


MENTOR_SORTS = {
    "name": lambda r: (r.employee_no,),
    "mentees": lambda r: (-r.mentees, r.employee_no),
    "independent": lambda r: (-r.independent, r.employee_no),
    "average": lambda r: (r.average_days is None, r.average_days or 0, r.employee_no),
    "median": lambda r: (r.median_days is None, r.median_days or 0, r.employee_no),
    "active": lambda r: (-r.active_pairs, r.employee_no),
}


def mentor_records(*, sort: str = "independent", department_ids: list[int] | None = None) -> list[MentorRecord]:
    """Per mentor: mentees, how many reached independence and how fast (days from start), pairs active.

    Read from the 带教 records (the evidence the engine counts) and the pairs; days are computed here in
    Python, so it reads the same on every database (three queries).
    """
    ms = ev.Mentorship.objects.values_list("mentor_id", "start_on", "independent_on", "mentee__status")
    active = (Pair.objects.filter(state=PairState.ACTIVE).values("mentor_id").annotate(n=Count("pk"))
              .values_list("mentor_id", "n"))
    if department_ids is not None:
        ms = ms.filter(mentor__department_id__in=department_ids)
        active = active.filter(mentor__department_id__in=department_ids)
    rows: dict[int, MentorRecord] = {}
    facts: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for mentor_id, start, independent, status in ms:
        facts[mentor_id].append((start, independent, status))
    active_of = dict(active)
    ids = set(facts) | set(active_of)
    for emp in Employee.objects.filter(pk__in=ids).select_related("department"):
        rows[emp.pk] = MentorRecord(emp.pk, emp.employee_no, emp.name, emp.department.name if emp.department else None,
                                    active_pairs=active_of.get(emp.pk, 0))
    for mentor_id, items in facts.items():
        r = rows[mentor_id]
        for start, independent, status in items:
            r.mentees += 1
            if independent is not None:
                r.independent += 1
                r.days.append(max((independent - start).days, 0))
            elif status == EmployeeStatus.ACTIVE:
                r.in_training += 1
    return sorted(rows.values(), key=MENTOR_SORTS.get(sort, MENTOR_SORTS["independent"]))


# ---------------------------------------------------------------------------------------------------
# The probation plan


@dataclass(frozen=True)
class TaskView:
    task: ProbationTask
    done: bool
    failed: bool
    done_on: date | None  # a training's date, or the day an assessment was recorded
    detail: str  # the training's result, or the assessment's note


@dataclass(frozen=True)
class PlanView:
    plan: ProbationPlan
    tasks: list[TaskView]

    @property
    def open_count(self) -> int:
        return sum(1 for t in self.tasks if not t.done)

    @property
    def failed_count(self) -> int:
        return sum(1 for t in self.tasks if t.failed)


def plan_of_application(*, application_id: int) -> ProbationPlan | None:
    return (ProbationPlan.objects.select_related("application", "application__employee",
                                                 "application__employee__department", "pair", "pair__mentor")
            .filter(application_id=application_id).first())


def plan_view(*, plan: ProbationPlan, lang: str = "zh") -> PlanView:
    """The plan's tasks with their progress: a training task is done by a passed or attended training of its
    program dated on or after the effective date (read from the training records, never copied)."""
    app = plan.application
    tasks = list(plan.tasks.select_related("recorded_by").order_by("seq"))
    programs = [t.program for t in tasks if t.kind == "training"]
    trainings: dict[str, ev.Training] = {}
    if programs:
        found = (ev.Training.objects.filter(employee_id=app.employee_id, program__in=programs,
                                            result__in=DONE_TRAINING, date__gte=app.effective_on)
                 .order_by("date", "pk"))
        for tr in found:
            trainings.setdefault(tr.program, tr)
    views = []
    for t in tasks:
        if t.kind == "training":
            tr = trainings.get(t.program)
            views.append(TaskView(t, tr is not None, False, tr.date if tr else None,
                                  str(ev.TrainingResult(tr.result).label) if tr else ""))
        else:
            views.append(TaskView(t, t.result == "passed", t.result == "failed", t.recorded_on, t.note))
    return PlanView(plan, views)


def plan_visible(*, user: AnyUser, plan: ProbationPlan) -> bool:
    me = user_employee(user=user)
    if me is not None and plan.pair is not None and plan.pair.mentor_id == me.pk:
        return True
    return can_view_employee(user=user, employee=plan.application.employee)


def plan_rights(*, user: AnyUser, plan: ProbationPlan) -> bool:
    """May the user assign the mentor and record assessments (the supervisor, HR)?"""
    from careerpath.accounts import authority
    from careerpath.core.workflow import State

    if plan.application.state != State.IN_PROBATION:
        return False
    caps = authority.capacities(actor=user, subject=plan.application.employee)  # type: ignore[arg-type]
    return bool(caps & set(ARRANGERS))
