"""Reads for the pages: one employee's career view, built from the engine's explained result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from careerpath.core.facts import current_position
from careerpath.core.policy import Policy
from careerpath.core.results import CriterionResult, MoveResult
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.people.models import Employee


@dataclass(frozen=True, slots=True)
class PositionRow:
    level: str
    level_name: str
    start_on: date
    end_on: date | None
    reason: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class CriterionRow:
    depth: int
    result: CriterionResult


@dataclass(slots=True)
class MoveView:
    target_level: str
    target_name: str
    move_label: str
    eligible: bool
    appointed: bool
    rows: list[CriterionRow] = field(default_factory=list)
    missing: list[CriterionResult] = field(default_factory=list)

    @property
    def passed_count(self) -> int:
        return sum(1 for r in self.rows if r.depth == 0 and r.result.passed)

    @property
    def total_count(self) -> int:
        return sum(1 for r in self.rows if r.depth == 0)


@dataclass(slots=True)
class CareerView:
    employee: Employee
    as_of: date
    policy_title: str
    current_level: str | None
    current_name: str | None
    positions: list[PositionRow]
    moves: list[MoveView]


def _flatten(results: tuple[CriterionResult, ...], depth: int = 0) -> list[CriterionRow]:
    rows: list[CriterionRow] = []
    for r in results:
        rows.append(CriterionRow(depth=depth, result=r))
        rows.extend(_flatten(r.children, depth + 1))
    return rows


def _move_label(move: MoveResult) -> str:
    return _("晋升") if move.move == "promotion" else _("横向调整")


def employee_career(*, employee: Employee, policy: Policy, as_of: date, lang: str) -> CareerView:
    """Evaluate one employee (a fixed handful of queries) and shape the result for the page."""

    def level_name(code: str) -> str:
        level = policy.levels.get(code)
        return level.name.get(lang) if level else code

    population = population_load(policy=policy, employee_no=employee.employee_no)
    person = population.people.get(employee.employee_no)
    evaluation = evaluation_run(policy=policy, as_of=as_of, lang=lang, employee_no=employee.employee_no,
                                population=population)
    appointed = {m.id for m in policy.moves if m.appointed}

    current = current_position(person) if person else None
    positions = [
        PositionRow(
            level=p.level,
            level_name=level_name(p.level),
            start_on=p.start_on,
            end_on=p.end_on,
            reason=p.reason,
            current=p is current,
        )
        for p in (person.positions if person else [])
    ]
    positions.reverse()  # newest first reads like a CV
    moves = []
    for result in evaluation.results:
        missing = [leaf for c in result.criteria for leaf in c.failing_leaves()]
        moves.append(
            MoveView(
                target_level=result.target_level,
                target_name=level_name(result.target_level),
                move_label=_move_label(result),
                eligible=result.eligible,
                appointed=result.move_id in appointed,
                rows=_flatten(result.criteria),
                missing=missing,
            )
        )
    return CareerView(
        employee=employee,
        as_of=as_of,
        policy_title=policy.title.get(lang),
        current_level=current.level if current else None,
        current_name=level_name(current.level) if current else None,
        positions=positions,
        moves=moves,
    )


def demo_previous_as_of() -> date | None:
    """Return the as-of date of the demo company already loaded, if any.

    Re-running the demo with the same date regenerates the very same workbook, so the import
    matches every row and adds nothing; a new date would shift every synthetic date instead.
    """
    from careerpath.evidence.models import ImportBatch
    from careerpath.web.services import DEMO_FILE_PREFIX

    name = (
        ImportBatch.objects.filter(file_name__startswith=DEMO_FILE_PREFIX)
        .order_by("-created_at", "-pk")
        .values_list("file_name", flat=True)
        .first()
    )
    if name is None:
        return None
    try:
        return date.fromisoformat(name.removeprefix(DEMO_FILE_PREFIX).removesuffix(".xlsx"))
    except ValueError:
        return None
