"""The engine: facts + policy + as-of date → explained results for every person and move.

Pure and deterministic: the same facts give the same results however they were loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from careerpath.core.criteria import Criterion, Ctx
from careerpath.core.dates import window_start
from careerpath.core.facts import PersonFacts, Population, Position, current_position
from careerpath.core.policy import Policy
from careerpath.core.projection import points_after
from careerpath.core.results import CriterionResult, Evaluation, MoveResult, PlacementResult


def level_run_start(person: PersonFacts, current: Position) -> date:
    """Start of the uninterrupted run of positions at the current level.

    Consecutive rows at the same level (say 初评 followed by a department transfer) count as one
    stay, as long as each starts no later than the day after the previous one ended.
    """
    start = current.start_on
    earlier = [p for p in person.positions if p is not current and p.start_on < start]
    earlier.sort(key=lambda p: p.start_on, reverse=True)
    for p in earlier:
        if p.level != current.level:
            break
        if p.end_on is not None and (start - p.end_on).days > 1:
            break
        start = p.start_on
    return start


class _Labels:
    """Code → (zh, en) tables, built once per policy."""

    def __init__(self, policy: Policy) -> None:
        self.levels = {c: (lv.name.zh, lv.name.en) for c, lv in policy.levels.items()}
        self.competencies = {c: (t.zh, t.en) for c, t in policy.competencies.items()}
        self.metrics = {c: (m.name.zh, m.name.en) for c, m in policy.metrics.items()}
        ev = policy.evidence
        self.evidence = {c: (t.zh, t.en) for table in (ev.exam_types, ev.incident_types, ev.leave_types,
                                                        ev.training_programs) for c, t in table.items()}


def _ctx(person: PersonFacts, policy: Policy, population: Population, as_of: date, ws: date,
         lang: str, labels: _Labels, memo: dict) -> Ctx:
    cur = current_position(person)
    return Ctx(
        person=person, as_of=as_of, window_start=ws, lang=lang, population=population, current=cur,
        level_start=level_run_start(person, cur) if cur else None,
        exempt_leave_types=policy.evidence.exempt_leave_types,
        window_months=policy.evidence.window_months,
        level_names=labels.levels, competency_names=labels.competencies, metric_names=labels.metrics,
        evidence_names=labels.evidence, memo=memo,
    )


def move_projected_on(ctx: Ctx, criteria: Sequence[Criterion], results: Sequence[CriterionResult]) -> date | None:
    """When the move becomes eligible if nothing new is recorded (the rule: core/projection.py).

    Eligible now: the as-of date. A failing criterion without a projected date: None. Otherwise the
    latest projected date is the earliest possible; the move is re-evaluated there and, when a
    criterion lapsed (again) by then, on the criteria's change points after it.
    """
    failing = [r for r in results if not r.passed]
    if not failing:
        return ctx.as_of
    if any(r.projected_on is None for r in failing):
        return None
    latest = max(r.projected_on for r in failing if r.projected_on is not None)
    # Settled without a look: every failing criterion passes first on ``latest`` and no passing one
    # lapses by then. Otherwise one may lapse (again) before: the move is checked on the day.
    if all(r.projected_on == latest for r in failing) and not any(
            r.lapses_on is not None and r.lapses_on <= latest for r in results if r.passed):
        return latest

    def eligible_on(day: date) -> bool:
        at = ctx.at(day)
        return all(c.evaluate(at).passed for c in criteria)

    if eligible_on(latest):
        return latest
    later = points_after((d for c in criteria for d in c.change_points(ctx)), latest)
    return next((day for day in later if eligible_on(day)), None)


def evaluate(population: Population, policy: Policy, as_of: date, *, lang: str = "zh",
             employee_no: str | None = None, placements: bool = False, explain: bool = True) -> Evaluation:
    """Evaluate every move open to each active person from their current level.

    Facts dated after ``as_of`` are ignored, so evaluating the past gives what was known then.
    People are processed in 工号 order so output is stable. ``explain=False`` gives the verdicts only
    (criterion ids and passed, no words, no projected dates): what a what-if comparison needs, faster.
    """
    ev = Evaluation(as_of=as_of, policy_name=policy.name, policy_version=policy.version)
    ws = window_start(as_of, policy.evidence.window_months)
    labels = _Labels(policy)
    memo: dict = {}  # words shared by everyone evaluated here (labels), see Ctx.memo
    if employee_no is not None:
        nos = [employee_no] if employee_no in population.people else []
    else:
        nos = sorted(population.people)
    for no in nos:
        person = population.people[no]
        emp = person.employee
        if emp.status != "active" or emp.hired_on > as_of:
            continue
        ctx = _ctx(person, policy, population, as_of, ws, lang, labels, memo)
        ctx.project = explain
        if ctx.current is not None and ctx.current.start_on <= as_of:
            for move in policy.moves_from(ctx.current.level):
                ctx.target_level = move.to_level
                criteria = (*move.criteria, *policy.common_criteria)
                results = tuple(c.evaluate(ctx) for c in criteria)
                ev.results.append(MoveResult(
                    employee_no=no, name=emp.name, department=emp.department,
                    current_level=ctx.current.level, target_level=move.to_level, move=move.type,
                    move_id=move.id, eligible=all(r.passed for r in results), criteria=results,
                    projected_on=move_projected_on(ctx, criteria, results) if explain else None,
                ))
        if placements:
            ev.placements.append(place(ctx, policy))
    return ev


def place(ctx: Ctx, policy: Policy) -> PlacementResult:
    """Initial placement (初评): the highest standard met wins; management posts are kept."""
    emp = ctx.person.employee
    cur = ctx.current.level if ctx.current else None
    if cur is not None and policy.is_management(cur):
        return PlacementResult(emp.employee_no, emp.name, cur, cur, True, ())
    tried = []
    proposed = None
    # Standards from the highest grade down; the first one fully met is the proposal.
    for st in sorted(policy.placement, key=lambda s: policy.levels[s.level].grade, reverse=True):
        ctx.target_level = st.level
        crit = tuple(c.evaluate(ctx) for c in st.criteria)
        met = all(r.passed for r in crit)
        tried.append((st.level, met, crit))
        if met:
            proposed = st.level
            break
    if proposed is None:
        proposed = min(policy.levels.values(), key=lambda lv: (lv.grade, lv.tier)).code
    return PlacementResult(emp.employee_no, emp.name, cur, proposed, False, tuple(tried))
