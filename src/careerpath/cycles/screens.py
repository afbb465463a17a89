"""What the cycle's pages show (web/pages/cycle*.py): the pipeline, the sheets per role, the waiting counts.

Reads only. Every number a page shows comes from here, in a fixed number of queries whatever the size
of the cycle; the rules behind them stay in :mod:`careerpath.cycles.rules` and the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from careerpath.accounts.selectors import employees_visible_to
from careerpath.calendars.selectors import work_calendar
from careerpath.core.policy import Policy
from careerpath.core.workdays import CalendarMissing
from careerpath.cycles import rules
from careerpath.cycles.models import Candidate, Cycle, CycleState, Decision, Quota
from careerpath.cycles.selectors import quota_groups_of
from careerpath.cycles.workflow import CYCLE
from careerpath.cycles.workflow import CycleState as S
from careerpath.i18n import engine_lang
from careerpath.people.models import Department
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import NoticeState

# The pipeline in the order a cycle runs; the page marks each step done, current or to come.
PIPELINE: tuple[S, ...] = tuple(S)

COUNT_FIELDS = ("candidates", "selectable", "nominated", "left_out", "ranked", "in_quota", "decided", "selected")


def cycle_counts(*, cycle: Cycle) -> dict[str, int]:
    """How many candidates the cycle lists, nominated, ranked, proposed, decided, selected (one query)."""
    # The aliases differ from the field names: Django refuses an aggregate named like a field it filters on.
    row = Candidate.objects.filter(cycle=cycle).aggregate(
        n_candidates=Count("pk"), n_selectable=Count("pk", filter=Q(selectable=True)),
        n_nominated=Count("pk", filter=Q(nominated=True)),
        n_left_out=Count("pk", filter=Q(selectable=True, nominated=False) & ~Q(nomination_note="")),
        n_ranked=Count("pk", filter=Q(rank__isnull=False)), n_in_quota=Count("pk", filter=Q(in_quota=True)),
        n_decided=Count("pk", filter=~Q(decision=Decision.PENDING)),
        n_selected=Count("pk", filter=Q(decision=Decision.SELECTED)))
    return {k: row[f"n_{k}"] or 0 for k in COUNT_FIELDS}


@dataclass(frozen=True, slots=True)
class Step:
    state: str
    label: str
    done: bool
    current: bool


def cycle_pipeline(*, cycle: Cycle) -> list[Step]:
    at = PIPELINE.index(S(cycle.state))
    lang = engine_lang()
    return [Step(s.value, CYCLE.label(s, lang), i < at or (s == S.EFFECTIVE and i == at), i == at)
            for i, s in enumerate(PIPELINE)]


def cycles_all() -> list[Cycle]:
    """Every cycle, newest first, with its counts (one query)."""
    return list(Cycle.objects.select_related("policy_version").order_by("-year").annotate(
        n_candidates=Count("candidates", filter=Q(candidates__selectable=True)),
        n_nominated=Count("candidates", filter=Q(candidates__nominated=True)),
        n_selected=Count("candidates", filter=Q(candidates__decision=Decision.SELECTED))))


def working_days_left(*, cycle: Cycle, today: date) -> int | None:
    """Working days from today to the nomination deadline, both counted (0 once it has passed)."""
    if today > cycle.nomination_deadline:
        return 0
    try:
        return work_calendar().working_days_between(today, cycle.nomination_deadline)
    except CalendarMissing:
        return None


def nomination_period_days(*, cycle: Cycle) -> int | None:
    try:
        return work_calendar().working_days_between(cycle.opened_on, cycle.nomination_deadline)
    except CalendarMissing:
        return None


# --- what waits for whom (the navigation's counts: one query each) --------------------------------


def nomination_waiting_queryset(*, user: AbstractBaseUser | AnonymousUser, today: date) -> QuerySet[Cycle]:
    """Cycles in their nomination period where a candidate of the manager's departments awaits a decision."""
    return (Cycle.objects.filter(state=CycleState.NOMINATING, nomination_deadline__gte=today,
                                 candidates__selectable=True, candidates__nominated=False,
                                 candidates__nomination_note="",
                                 candidates__employee__in=employees_visible_to(user=user))
            .values("pk").distinct())


def nomination_waiting_count(*, user: AbstractBaseUser | AnonymousUser, today: date) -> int:
    return nomination_waiting_queryset(user=user, today=today).count()


def committee_waiting_queryset() -> QuerySet[Cycle]:
    return Cycle.objects.filter(state=CycleState.SCORING)


def committee_waiting_count() -> int:
    return committee_waiting_queryset().count()


def vp_waiting_queryset() -> QuerySet[Cycle]:
    return Cycle.objects.filter(state=CycleState.COMMITTEE)


def vp_waiting_count() -> int:
    return vp_waiting_queryset().count()


def hr_waiting_queryset(*, today: date) -> QuerySet[Cycle]:
    """Cycles where HR's step is next: release, close the nominations, the notice, approval, letters, effect."""
    return Cycle.objects.filter(
        Q(state__in=[CycleState.OPEN, CycleState.VP_APPROVED, CycleState.APPROVED])
        | Q(state=CycleState.NOMINATING, nomination_deadline__lt=today)
        | Q(state=CycleState.IN_NOTICE, notice__state=NoticeState.CLOSED)
        | Q(state=CycleState.LETTERS_ISSUED, effective_on__lte=today))


def hr_waiting_count(*, today: date) -> int:
    return hr_waiting_queryset(today=today).count()


# --- candidates and their explanations ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    id: str
    from_level: str
    to_level: str
    selectable: bool
    rows: list[Candidate] = field(default_factory=list)


def _moves(cands: list[Candidate], policy: Policy) -> list[Move]:
    order = {m.id: i for i, m in enumerate(policy.moves)}
    moves: dict[str, Move] = {}
    for x in cands:
        m = moves.get(x.move_id)
        if m is None:
            m = moves[x.move_id] = Move(x.move_id, x.from_level, x.to_level, x.selectable)
        m.rows.append(x)
    return sorted(moves.values(), key=lambda m: (not m.selectable, order.get(m.id, 999), m.id))


def explanation(x: Candidate) -> list[dict[str, Any]]:
    """The criteria the person met on the as-of date, flattened (depth for indenting), as recorded at opening."""
    return _flatten((x.snapshot or {}).get("criteria") or [])


def _explain_all(cands: list[Candidate], cycle: Cycle, policy: Policy, *, vacancies: bool = True) -> None:
    """Attach each candidate's explanation: the record kept at opening (Chinese), or in English a fresh one.

    The snapshot speaks the language of the opening (Chinese). An English reader gets the same criteria
    evaluated in English on the cycle's as-of date from the records as they are now (a fixed handful of
    queries for the candidates shown); where that evaluation has no result, the record kept is shown.
    ``vacancies=False`` skips the headcount plan: only management posts ask for a vacancy, and the cycle's
    selected moves are never management posts (the nomination sheet lists only those).
    """
    fresh: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if cands and engine_lang() == "en":
        from careerpath.evaluation.selectors import evaluation_run, population_load
        from careerpath.evidence.selectors import load_population
        from careerpath.people.models import Employee

        people = Employee.objects.filter(pk__in={x.employee_id for x in cands})
        pop = (population_load(policy=policy, employees=people) if vacancies
               else load_population(policy=policy, employees=people))
        for r in evaluation_run(policy=policy, as_of=cycle.as_of, lang="en", population=pop).results:
            fresh[(r.employee_no, r.move_id)] = [c.to_dict() for c in r.criteria]
    for x in cands:
        crit = fresh.get((x.employee.employee_no, x.move_id))
        x.explained = _flatten(crit) if crit is not None else explanation(x)
        x.explained_fresh = crit is not None


def _flatten(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(cs: list[dict[str, Any]], depth: int) -> None:
        for c in cs:
            out.append({"depth": depth, "label": c.get("label", ""), "passed": bool(c.get("passed")),
                        "actual": c.get("actual", ""), "required": c.get("required", "")})
            walk(c.get("children") or [], depth + 1)

    walk(items, 0)
    return out


def candidates_by_move(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle, move_id: str = "",
                       department_id: int | None = None) -> list[Move]:
    """The candidates the user may see, per move (selected moves first), each with their explanation."""
    qs = (Candidate.objects.filter(cycle=cycle, employee__in=employees_visible_to(user=user))
          .select_related("employee", "nominated_by").order_by("department_name", "employee__employee_no"))
    if move_id:
        qs = qs.filter(move_id=move_id)
    if department_id:
        qs = qs.filter(department_id=department_id)
    cands = list(qs)
    policy = policy_of(cycle.policy_version)
    _explain_all(cands, cycle, policy)
    return _moves(cands, policy)


def nomination_sheet(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> list[Move]:
    """The manager's sheet: the selectable candidates of their departments per move."""
    cands = list(Candidate.objects.filter(cycle=cycle, selectable=True,
                                          employee__in=employees_visible_to(user=user))
                 .select_related("employee").order_by("department_name", "employee__employee_no"))
    policy = policy_of(cycle.policy_version)
    _explain_all(cands, cycle, policy, vacancies=False)
    return _moves(cands, policy)


# --- the committee's sheet ------------------------------------------------------------------------

# What decided a tie of totals, in the order core.cycle.rank applies them.
TIE_BREAKS = ("appraisal", "months_in_level", "hired_on", "employee_no")


def tie_break(above: Candidate, below: Candidate) -> str:
    """The key that put ``below`` after ``above`` when their totals are equal ("" when they differ)."""
    if above.total is None or below.total is None or above.total != below.total:
        return ""
    if above.appraisal != below.appraisal:
        return "appraisal"
    if above.months_in_level != below.months_in_level:
        return "months_in_level"
    if above.employee.hired_on != below.employee.hired_on:
        return "hired_on"
    return "employee_no"


@dataclass(slots=True)
class QuotaRow:
    move_id: str
    department_id: int | None
    department: str
    rule: rules.QuotaRule | None
    quota_id: int | None
    nominated: int
    size: int
    from_level: str = ""
    to_level: str = ""


@dataclass(slots=True)
class ScoringSheet:
    moves: list[Move]
    quotas: list[QuotaRow]
    weights: dict[str, float]
    counts: dict[str, int]
    selectable_moves: list[tuple[str, str, str]]  # (move id, from level, to level) the cycle selects for
    deviations: int = 0


def scoring_sheet(*, cycle: Cycle) -> ScoringSheet:
    """The nominees per move in rank order with the tie-break of each tie; the quota groups; the counts."""
    policy = policy_of(cycle.policy_version)
    cands = list(Candidate.objects.filter(cycle=cycle, nominated=True, selectable=True)
                 .select_related("employee", "application")
                 .order_by("move_id", "rank", "employee__employee_no"))
    moves = _moves(cands, policy)
    deviations = 0
    for m in moves:
        above = None
        for x in m.rows:
            x.tie = tie_break(above, x) if above is not None and x.rank is not None else ""
            x.deviates = x.decision != Decision.PENDING and (x.decision == Decision.SELECTED) != x.in_quota
            deviations += x.deviates
            if x.rank is not None:
                above = x
    dept = dict(Department.objects.values_list("pk", "name"))
    ids = {(q.move_id, q.department_id): q.pk for q in Quota.objects.filter(cycle=cycle)}
    quotas = [QuotaRow(g.move_id, g.department_id, dept.get(g.department_id, "") if g.department_id else "",
                       g.rule, ids.get((g.move_id, g.department_id)), g.nominated, g.size)
              for g in quota_groups_of(cycle)]
    # A quota set for a department nobody of it was nominated in still shows, with 0 nominated.
    shown = {(q.move_id, q.department_id) for q in quotas}
    for q in Quota.objects.filter(cycle=cycle).order_by("move_id", "department_id"):
        if (q.move_id, q.department_id) not in shown:
            quotas.append(QuotaRow(q.move_id, q.department_id, dept.get(q.department_id, "") if q.department_id
                                   else "", rules.QuotaRule(q.move_id, q.department_id, q.absolute,
                                                            float(q.percent) if q.percent is not None else None),
                                   q.pk, 0, 0))
    levels = {m.id: (m.from_level, m.to_level) for m in policy.moves}
    for q in quotas:
        q.from_level, q.to_level = levels.get(q.move_id, (q.move_id, ""))
    selectable = [(m.id, m.from_level, m.to_level) for m in policy.moves if rules.selects(m, policy)]
    return ScoringSheet(moves, quotas, dict(policy.process.scoring_weights), cycle_counts(cycle=cycle),
                        selectable, deviations)


def percent_text(p: Decimal | float | None) -> str:
    return "" if p is None else f"{float(p):g}%"
