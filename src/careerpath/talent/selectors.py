"""Reads of the talent reserve pool (人才储备库) and of internal competition (内部竞聘).

The pool is derived, not kept: its members are the active people whose current position is at a pool
level — the skill-track levels above the shared trunk (高级 and 资深客服专员 in the default policy, the
source's "作为公司储备型人才记录于人才储备库"). A second list would have to be kept in step with every
promotion, demotion and lateral move; the position history already says who is there.

Readiness is the one evaluation path's (``careerpath.evaluation.selectors``): the engine's MoveResult of
each move from the member's level to a management level, with its per-criterion explanations and dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from careerpath.accounts import authority
from careerpath.accounts.selectors import user_employee
from careerpath.core.facts import current_position
from careerpath.core.policy import Move, Policy, TrackKind
from careerpath.core.results import MoveResult
from careerpath.core.workdays import CalendarMissing, WorkCalendar
from careerpath.core.workflow import FINAL, State
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.org.selectors import headcount_overview
from careerpath.people.models import Department, Employee, EmployeeStatus
from careerpath.people.selectors import (
    department_ancestor_ids,
    department_subtree_ids,
    positions_current_queryset,
)
from careerpath.talent.models import Candidate, CandidateState, Posting, PostingState

Viewer = AbstractBaseUser | AnonymousUser

# A selected posting still holds its post until the application takes effect (then the person occupies
# it and the headcount counts them) or ends without a promotion (then the post is free again).
_HOLDING = sorted(s.value for s in (frozenset(State) - FINAL - {State.IN_PROBATION}))


def pool_levels(policy: Policy) -> tuple[str, ...]:
    """The levels whose holders form the talent reserve pool: the skill track above the shared trunk."""
    return tuple(c for c in policy.levels if policy.track_kind(c) == TrackKind.SKILL)


def management_moves(policy: Policy, level: str) -> tuple[Move, ...]:
    """The moves from ``level`` into a management post (lateral from the pool, vertical on the ladder)."""
    return tuple(m for m in policy.moves_from(level) if policy.is_management(m.to_level))


def posting_move(policy: Policy, *, from_level: str, to_level: str) -> Move | None:
    return next((m for m in policy.moves_from(from_level) if m.to_level == to_level), None)


# ---------------------------------------------------------------------------------------------------
# The pool


@dataclass(frozen=True, slots=True)
class PoolMember:
    employee_no: str
    name: str
    department: str | None
    level: str
    since: date
    moves: tuple[MoveResult, ...]  # towards each management post, explained

    @property
    def ready(self) -> list[MoveResult]:
        return [m for m in self.moves if m.eligible]


@dataclass(frozen=True, slots=True)
class PoolView:
    members: list[PoolMember]
    levels: tuple[str, ...]
    department_ids: list[int] | None  # None: the whole company
    ready_count: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # members per level


def pool_scope(*, user: Viewer) -> list[int] | None:
    """The departments whose pool ``user`` may see: None for all (HR, admin), a manager's subtree; else Forbidden."""
    return authority.department_scope(actor=user, action="查看人才储备库")


def pool_queryset(*, policy: Policy, department_ids: list[int] | None) -> QuerySet[Employee]:
    holders = positions_current_queryset().filter(level__in=pool_levels(policy)).values("employee_id")
    qs = Employee.objects.filter(status=EmployeeStatus.ACTIVE, pk__in=holders)
    return qs if department_ids is None else qs.filter(department_id__in=department_ids)


def pool_view(*, user: Viewer, policy: Policy, as_of: date, lang: str, department_id: int | None = None,
              level: str | None = None, scope: list[int] | None | bool = False) -> PoolView:
    """The pool members ``user`` may see, each with their readiness for every management post.

    One population load and one engine run over the members (a fixed handful of queries). ``scope`` is
    :func:`pool_scope` when the caller has it already (False: look it up).
    """
    if scope is False:
        scope = pool_scope(user=user)
    assert scope is None or isinstance(scope, list)
    if department_id is not None:
        ids = [department_id] if scope is None or department_id in scope else []
    else:
        ids = scope
    people = pool_queryset(policy=policy, department_ids=ids)
    if level:
        people = people.filter(pk__in=positions_current_queryset().filter(level=level).values("employee_id"))
    # The members come from the population the engine evaluates (its employee facts), not a query of their own.
    population = population_load(policy=policy, employees=people)
    if not population.people:
        return PoolView([], pool_levels(policy), ids)
    results = evaluation_run(policy=policy, as_of=as_of, lang=lang, population=population).results
    by_no: dict[str, list[MoveResult]] = {}
    for r in results:
        if policy.is_management(r.target_level):
            by_no.setdefault(r.employee_no, []).append(r)
    out: list[PoolMember] = []
    counts: dict[str, int] = {}
    people_facts = sorted(population.people.values(),
                          key=lambda p: (p.employee.department or "", p.employee.employee_no))
    for person in people_facts:
        pos = current_position(person)
        if pos is None:
            continue
        e = person.employee
        out.append(PoolMember(e.employee_no, e.name, e.department, pos.level, pos.start_on,
                              tuple(by_no.get(e.employee_no, ()))))
        counts[pos.level] = counts.get(pos.level, 0) + 1
    return PoolView(out, pool_levels(policy), ids, sum(1 for m in out if m.ready), counts)


# ---------------------------------------------------------------------------------------------------
# Vacancies and postings


def postings_holding(*, department: Department | None, level: str) -> int:
    """Postings that hold a post of ``level`` in ``department``: open, or selected and not yet effective."""
    return (Posting.objects.filter(department=department, level=level)
            .filter(Q(state=PostingState.OPEN) | Q(state=PostingState.SELECTED, application__state__in=_HOLDING))
            .count())


@dataclass(frozen=True, slots=True)
class OpenPost:
    department_id: int | None
    department: str | None
    level: str
    vacant: int  # the headcount plan's vacancies
    posted: int  # held by a posting already
    left: int  # what a new posting may still offer


def open_posts(*, policy: Policy) -> list[OpenPost]:
    """Every management post the headcount plans show vacant, less those already offered in a posting."""
    held: dict[tuple[int | None, str], int] = {}
    rows = (Posting.objects.filter(Q(state=PostingState.OPEN) | Q(state=PostingState.SELECTED,
                                                                  application__state__in=_HOLDING))
            .values_list("department_id", "level").annotate(n=Count("id")).order_by())
    for dept, level, n in rows:
        held[(dept, level)] = n
    out = []
    for r in headcount_overview():
        if not policy.is_management(r.level) or r.vacant <= 0:
            continue
        posted = held.get((r.department_id, r.level), 0)
        out.append(OpenPost(r.department_id, r.department, r.level, r.vacant, posted, max(0, r.vacant - posted)))
    return out


def posting_closes_on(*, posted_on: date, working_days: int, calendar: WorkCalendar) -> date:
    """The last day to apply: the end of the ``working_days``-th working day from ``posted_on``.

    Counted like a notice's period (SPEC §5): from the posting day if it is a working day, else from the
    next one. Raises :class:`CalendarMissing` for a year the calendar does not know.
    """
    return calendar.period(posted_on, working_days)[1]


def posting_working_days_left(posting: Posting, *, today: date, calendar: WorkCalendar) -> int | None:
    """Working days left to apply, today included (0 once closed; None when the calendar lacks a year)."""
    if posting.state != PostingState.OPEN or today > posting.closes_on:
        return 0
    try:
        return calendar.working_days_between(max(today, posting.posted_on), posting.closes_on)
    except CalendarMissing:
        return None


def posting_get(*, pk: int) -> Posting | None:
    return (Posting.objects.select_related("department", "policy_version", "application", "posted_by")
            .filter(pk=pk).first())


def postings_list(*, state: str = "") -> QuerySet[Posting]:
    qs = Posting.objects.select_related("department", "application").annotate(
        n_candidates=Count("candidates", distinct=True),
        n_waiting=Count("candidates", filter=Q(candidates__state=CandidateState.APPLIED), distinct=True),
        n_invited=Count("invitations", distinct=True),
    )
    return qs.filter(state=state) if state else qs


def postings_awaiting_scoring_count(user: AbstractBaseUser) -> int:
    """Open postings with a candidate still to be interviewed and scored (one query; the nav's count)."""
    return (Posting.objects.filter(state=PostingState.OPEN, candidates__state=CandidateState.APPLIED)
            .values("pk").distinct().count())


def candidates_of(*, posting: Posting) -> list[Candidate]:
    return list(posting.candidates.select_related("employee", "employee__department", "scored_by")
                .order_by("-score", "applied_on", "id"))


def candidate_get(*, posting: Posting | int, pk: int) -> Candidate | None:
    """Candidate ``pk`` of ``posting`` (a posting or its id), with its posting loaded (one query)."""
    posting_id = posting if isinstance(posting, int) else posting.pk
    return (Candidate.objects.select_related("employee", "employee__department", "employee__supervisor",
                                             "posting", "posting__department", "posting__policy_version")
            .filter(posting_id=posting_id, pk=pk).first())


def candidacy_of(*, posting: Posting, employee: Employee | None) -> Candidate | None:
    if employee is None:
        return None
    return Candidate.objects.filter(posting=posting, employee=employee).first()


# ---------------------------------------------------------------------------------------------------
# Who may apply


@dataclass(frozen=True, slots=True)
class Eligibility:
    ok: bool
    code: str  # "" when ok; else why not (a stable code, worded by the page)
    move: Move | None = None
    result: MoveResult | None = None
    from_level: str | None = None


def posting_is_open(posting: Posting, *, today: date) -> bool:
    return posting.state == PostingState.OPEN and posting.posted_on <= today <= posting.closes_on


def posting_eligibility(*, posting: Posting, employee: Employee, policy: Policy, as_of: date,
                        lang: str = "zh") -> Eligibility:
    """May ``employee`` apply for ``posting`` as of ``as_of``, and why (not).

    Open postings only; people of the posting's department and the departments below it (a company-wide
    post: anyone) — on the effective date the selected person moves into the posting's department
    (:func:`talent.services.postings_fill`), so the plan the vacancy came from is the one filled; a move the policy
    offers from their current level to the post's (one level up, or lateral from the pool: never a skip);
    every criterion of that move met now (the engine's explained result), as the promotion's submission
    will require; and no other open application.
    """
    from careerpath.promotions.selectors import open_application_employee_nos

    if not posting_is_open(posting, today=as_of):
        return Eligibility(False, "closed")
    if employee.status != EmployeeStatus.ACTIVE:
        return Eligibility(False, "inactive")
    if posting.department_id is not None and employee.department_id not in department_subtree_ids(
            root_id=posting.department_id):
        return Eligibility(False, "other_department")
    level, move, result = _readiness(employee=employee, policy=policy, to_level=posting.level, as_of=as_of,
                                     lang=lang)
    if level is None:
        return Eligibility(False, "no_position")
    if move is None:
        return Eligibility(False, "not_a_move", from_level=level)
    if result is None or not result.eligible:
        return Eligibility(False, "not_eligible", move, result, level)
    if open_application_employee_nos(employee_ids=[employee.pk]):
        return Eligibility(False, "already_open", move, result, level)
    return Eligibility(True, "", move, result, level)


def _readiness(*, employee: Employee, policy: Policy, to_level: str, as_of: date,
               lang: str) -> tuple[str | None, Move | None, MoveResult | None]:
    """(current level, the move to ``to_level``, the engine's result), from one population load of the person."""
    population = population_load(policy=policy, employee_no=employee.employee_no)
    person = population.people.get(employee.employee_no)
    cur = current_position(person) if person is not None else None
    if cur is None:
        return None, None, None
    move = posting_move(policy, from_level=cur.level, to_level=to_level)
    if move is None:
        return cur.level, None, None
    ev = evaluation_run(policy=policy, as_of=as_of, lang=lang, employee_no=employee.employee_no, population=population)
    return cur.level, move, next((r for r in ev.results if r.move_id == move.id), None)


def move_readiness(*, employee: Employee, policy: Policy, to_level: str, as_of: date,
                   lang: str = "zh") -> MoveResult | None:
    """The engine's explained result of the person's move to ``to_level`` (None: no such move from their level)."""
    return _readiness(employee=employee, policy=policy, to_level=to_level, as_of=as_of, lang=lang)[2]


@dataclass(frozen=True, slots=True)
class PostingBrief:
    posting: Posting
    applied: bool


def postings_for_employee(*, employee: Employee, level: str | None, eligible_targets: set[str],
                          today: date) -> list[PostingBrief]:
    """Open postings ``employee`` may apply for, given the targets their eligible moves lead to (one query).

    The career page already evaluated the person (``eligible_targets``); this only matches postings.
    """
    if level is None or not eligible_targets:
        return []
    qs = (Posting.objects.filter(state=PostingState.OPEN, level__in=sorted(eligible_targets),
                                 posted_on__lte=today, closes_on__gte=today)
          .filter(Q(department__isnull=True) | Q(department_id__in=department_ancestor_ids(department_id=employee.department_id)))
          .select_related("department")
          .annotate(mine=Count("candidates", filter=Q(candidates__employee=employee)))
          .order_by("closes_on", "id"))
    return [PostingBrief(p, bool(p.mine)) for p in qs]  # type: ignore[attr-defined]


def viewer_employee(*, user: Viewer) -> Employee | None:
    return user_employee(user=user)
