"""Reads of the eligibility store (careerpath.evaluation) for the analysis pages: counts per move, and the
eligibility rates by gender and age band. Never the engine: the store's rows are the verdicts, written by
``careerpath refresh-eligibility`` (and kept fresh by the evaluation app), aggregated here in SQL.

Eligibility is where the policy's rules themselves — not a committee — can make a difference between
groups (a tenure rule, an education rule), so the fairness panel shows it beside the decisions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from careerpath.core.dates import add_months
from careerpath.evaluation.models import MoveEligibility
from careerpath.evaluation.store import StoreState, eligibility_as_of
from careerpath.insight.fairness import DEFAULT_MIN_GROUP
from careerpath.insight.selectors import FairnessTable, age_band, fairness_tables, gender_group
from careerpath.people.models import EmployeeStatus

SOON_MONTHS = 3


@dataclass(frozen=True, slots=True)
class MoveCounts:
    move_id: str
    kind: str  # "promotion" | "lateral"
    people: int  # active people in the move's starting level (rows of the store)
    eligible: int  # eligible now
    soon: int  # not yet, but projected within three months of the as-of date


def _rows(department_ids: list[int] | None) -> QuerySet[MoveEligibility]:
    qs = MoveEligibility.objects.filter(employee__status=EmployeeStatus.ACTIVE)
    return qs if department_ids is None else qs.filter(department_id__in=department_ids)


def store_state(*, as_of: date) -> StoreState:
    """How current the stored verdicts are (the pages' "as of" line)."""
    return eligibility_as_of(as_of=as_of)


def eligible_counts(*, department_ids: list[int] | None, as_of: date) -> list[MoveCounts]:
    """Per move: eligible now, and within three months (projected date), from the store (one GROUP BY)."""
    soon = Q(eligible=False, projected_on__isnull=False, projected_on__lte=add_months(as_of, SOON_MONTHS))
    rows = (_rows(department_ids).values("move_id", "kind")
            .annotate(people=Count("pk"), now=Count("pk", filter=Q(eligible=True)), soon=Count("pk", filter=soon))
            .order_by())
    return [MoveCounts(r["move_id"], r["kind"], r["people"], r["now"], r["soon"]) for r in rows]


def eligibility_fairness(*, department_ids: list[int] | None, as_of: date, moves: Iterable[str] | None = None,
                         min_size: int = DEFAULT_MIN_GROUP) -> list[FairnessTable]:
    """The share eligible now among the people in each promotion's starting level, by gender and age band.

    One statement grouping the store's rows by move, gender and age band. Age is taken on ``as_of`` (the
    store's evaluation date).
    """
    qs = _rows(department_ids).filter(kind="promotion")
    moves = list(moves) if moves is not None else None
    if moves is not None:
        qs = qs.filter(move_id__in=moves)
    # One statement for both attributes: grouped by move, gender and age band, summed per attribute here.
    grouped = list(qs.annotate(g=gender_group("employee__gender"), a=age_band("employee__birth_date", as_of))
                   .values("move_id", "g", "a").annotate(n=Count("pk"), h=Count("pk", filter=Q(eligible=True)))
                   .order_by())
    present = {r["move_id"] for r in grouped}
    order = [m for m in (moves or sorted(present)) if m in present]
    tables = []
    for attribute, key in (("gender", "g"), ("age", "a")):
        rows = [("eligibility", r["move_id"], r[key], r["n"], r["h"]) for r in grouped]
        tables += fairness_tables(rows, ["eligibility"], attribute, min_size, order)
    return tables
