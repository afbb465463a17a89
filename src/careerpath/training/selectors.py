"""Reads of training: programs, sessions with their seats, rosters, a person's enrolments and certificates,
and the open sessions that would close a training gap in a person's checklist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_view_employee, user_roles
from careerpath.core.criteria.combinators import Combinator
from careerpath.core.criteria.counts import Count as CountCriterion
from careerpath.core.policy import Policy
from careerpath.people.models import Employee
from careerpath.training.models import SEATED, Enrolment, EnrolmentState, Program, Session, SessionState

Viewer = AbstractBaseUser | AnonymousUser


def is_training_hr(user: Viewer) -> bool:
    return bool(user_roles(user=user) & {Role.HR, Role.ADMIN})


def programs_list(*, active_only: bool = False) -> QuerySet[Program]:
    qs = Program.objects.annotate(session_count=Count("sessions", distinct=True)).order_by("-active", "name")
    return qs.filter(active=True) if active_only else qs


def program_get(*, pk: int) -> Program | None:
    return Program.objects.filter(pk=pk).first()


def _with_seats(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.select_related("program", "trainer", "trainer__employee").annotate(
        seated=Count("enrolments", filter=Q(enrolments__state__in=SEATED)))


def sessions_list(*, upcoming: bool | None = None, today: date | None = None, program_id: int | None = None,
                  trainer: Viewer | None = None) -> QuerySet[Session]:
    qs = _with_seats(Session.objects.all())
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    if trainer is not None:
        qs = qs.filter(trainer_id=trainer.pk)
    if upcoming is True and today is not None:
        qs = qs.filter(starts_on__gte=today).order_by("starts_on", "id")
    elif upcoming is False and today is not None:
        qs = qs.filter(starts_on__lt=today).order_by("-starts_on", "-id")
    return qs


def session_get(*, pk: int) -> Session | None:
    return _with_seats(Session.objects.filter(pk=pk)).first()


def seats_left(session: Session) -> int:
    seated = getattr(session, "seated", None)
    if seated is None:
        seated = Enrolment.objects.filter(session=session, state__in=SEATED).count()
    return max(0, session.capacity - seated)


def session_roster(*, session: Session) -> list[Enrolment]:
    return list(Enrolment.objects.filter(session=session).exclude(state=EnrolmentState.CANCELLED)
                .select_related("employee", "employee__department", "training", "enrolled_by")
                .order_by("employee__employee_no"))


def open_sessions(*, today: date, programs: Iterable[str] | None = None, limit: int = 50) -> list[Session]:
    """Planned sessions not started yet with a seat left, soonest first (``programs``: evidence keys)."""
    qs = _with_seats(Session.objects.filter(state=SessionState.PLANNED, starts_on__gte=today, program__active=True))
    if programs is not None:
        qs = qs.filter(program__evidence_program__in=list(programs))
    return [s for s in qs.order_by("starts_on", "id")[:limit] if s.seated < s.capacity]


def enrolments_of(*, employee: Employee) -> list[Enrolment]:
    return list(Enrolment.objects.filter(employee=employee).exclude(state=EnrolmentState.CANCELLED)
                .select_related("session", "session__program", "session__trainer", "training")
                .order_by("-session__starts_on", "-id"))


def enrolment_get(*, pk: int) -> Enrolment | None:
    return (Enrolment.objects.select_related("employee", "employee__department", "session", "session__program",
                                             "session__trainer", "training").filter(pk=pk).first())


def can_manage_session(*, user: Viewer, session: Session) -> bool:
    """HR, or the session's trainer: records attendance and results."""
    return is_training_hr(user) or (user.is_authenticated and session.trainer_id == user.pk)


def can_read_enrolment(*, user: Viewer, enrolment: Enrolment) -> bool:
    """The person, anyone who may read their record (supervisor, manager, HR), or the session's trainer."""
    if user.is_authenticated and enrolment.session.trainer_id == user.pk:
        return True
    return can_view_employee(user=user, employee=enrolment.employee)


def can_enrol(*, user: Viewer, employee: Employee) -> bool:
    return bool(authority.capacities(actor=user, subject=employee) & {"self", "supervisor", "manager", "hr"})


def enrollable_team(*, user: Viewer, session: Session) -> list[Employee]:
    """The people a supervisor or manager may enrol into ``session`` (their team, not yet enrolled)."""
    from careerpath.accounts.selectors import employees_visible_to, user_employee
    from careerpath.people.models import EmployeeStatus

    roles = user_roles(user=user)
    if not roles & {Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ADMIN}:
        return []
    taken = Enrolment.objects.filter(session=session, state__in=SEATED).values("employee_id")
    qs = employees_visible_to(user=user).filter(status=EmployeeStatus.ACTIVE).exclude(pk__in=taken)
    me = user_employee(user=user)
    if me is not None:
        qs = qs.exclude(pk=me.pk)
    return list(qs.order_by("employee_no")[:300])


# ---------------------------------------------------------------------------------------------------
# The training gaps of a checklist


@dataclass(frozen=True, slots=True)
class Gap:
    """An unmet training criterion of one open move: the programs (evidence keys) that would count."""

    move_id: str
    criterion_id: str
    label: str
    programs: tuple[str, ...] | None  # None: any training counts


def _training_counts(criteria: Iterable[Any]) -> dict[str, CountCriterion]:
    out: dict[str, CountCriterion] = {}
    for c in criteria:
        if isinstance(c, Combinator):
            out.update(_training_counts(c.parts))
        elif isinstance(c, CountCriterion) and c.evidence == "trainings":
            out[c.id] = c
    return out


def training_gaps(*, policy: Policy, failing: Iterable[tuple[str, str, str]]) -> list[Gap]:
    """The training criteria among ``failing`` (move id, criterion id, label): the engine's explained results
    name what fails; the policy says which programs that criterion counts."""
    moves = {m.id: m for m in policy.moves}
    gaps: list[Gap] = []
    for move_id, criterion_id, label in failing:
        move = moves.get(move_id)
        crit = _training_counts(move.criteria).get(criterion_id) if move else None
        if crit is None:
            continue
        programs = next((tuple(v) for k, v in crit.filters if k == "program"), None)
        gaps.append(Gap(move_id, criterion_id, label, programs))
    return gaps


@dataclass(slots=True)
class GapSessions:
    gap: Gap
    sessions: list[Session]


def gap_sessions(*, employee: Employee, gaps: list[Gap], today: date) -> tuple[list[GapSessions], set[int]]:
    """For each gap, the open sessions that would close it; and the sessions the person already holds a seat in."""
    if not gaps:
        return [], set()
    wanted: set[str] | None = set()
    for g in gaps:
        if g.programs is None:
            wanted = None
            break
        assert wanted is not None
        wanted.update(g.programs)
    sessions = open_sessions(today=today, programs=wanted)
    mine = set(Enrolment.objects.filter(employee=employee, state__in=SEATED,
                                        session__in=[s.pk for s in sessions]).values_list("session_id", flat=True))
    out = [GapSessions(g, [s for s in sessions if g.programs is None or s.program.evidence_program in g.programs])
           for g in gaps]
    return out, mine


def trainer_sessions_exist(*, user: Viewer) -> bool:
    return user.is_authenticated and Session.objects.filter(trainer_id=user.pk).exists()
