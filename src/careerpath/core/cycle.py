"""The annual cycle's arithmetic (SPEC §5): weighted score, ranking with its tie-break, quotas.

Scores are computed from the same facts as eligibility, so a candidate list and its ranking can be
recomputed and checked by anyone with the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from careerpath.core.dates import completed_months, window_start
from careerpath.core.engine import level_run_start
from careerpath.core.facts import PersonFacts, current_position
from careerpath.core.policy import Policy


@dataclass(frozen=True, slots=True)
class CycleScore:
    employee_no: str
    business: float  # B, 0–100
    exam: float  # E, best score of the policy's scoring exam in the window
    appraisal: float  # A, annual appraisal of the as-of year, else the year before
    total: float  # wB·B + wE·E + wA·A, rounded to 2 decimals
    months_in_level: int
    hired_on: date
    bonus: float = 0.0  # 辅助晋级项 points added (process.bonus_points), included in total


def _round2(x: float) -> float:
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def score(person: PersonFacts, policy: Policy, as_of: date) -> CycleScore:
    ws = window_start(as_of, policy.evidence.window_months)
    months = [m for m in person.metrics if ws <= m.month <= as_of]
    ratios = []
    for metric, target in policy.process.business_targets.items():
        vals = [m.values[metric] for m in months if m.values.get(metric) is not None]
        if vals:
            ratios.append(sum(vals) / len(vals) / target)
    b = min(100.0, 100.0 * max(ratios)) if ratios else 0.0
    exams = [e.score for e in person.exams if e.exam == policy.process.score_exam and ws <= e.date <= as_of
             and e.score is not None]
    e = max(exams) if exams else 0.0
    by_year = {a.year: a.score for a in person.appraisals}
    a = by_year.get(as_of.year, by_year.get(as_of.year - 1, 0.0))
    w = policy.process.scoring_weights
    total = _round2(w["business"] * b + w["exam"] * e + w["appraisal"] * a)
    bonus = 0.0
    points = policy.process.bonus_points
    if points and any(ws <= c.date <= as_of for c in person.contributions):
        # 辅助晋级项: a policy-defined plus on top of the SPEC formula, the total still capped at 100.
        bonus = points
        total = _round2(min(100.0, total + points))
    cur = current_position(person)
    in_level = completed_months(level_run_start(person, cur), as_of) if cur else 0
    return CycleScore(person.employee.employee_no, _round2(b), float(e), float(a), total, in_level,
                      person.employee.hired_on, bonus)


def rank(scores: Iterable[CycleScore]) -> list[CycleScore]:
    """Score descending; ties by A descending, months in level descending, hire date, then 工号."""
    return sorted(scores, key=lambda s: (-s.total, -s.appraisal, -s.months_in_level, s.hired_on, s.employee_no))


def quota_size(quota: int | None = None, *, percent: float | None = None, nominated: int = 0) -> int:
    """An absolute quota, or a percentage of the nominated candidates rounded half up."""
    if (quota is None) == (percent is None):
        raise ValueError("give exactly one of quota or percent")
    if quota is not None:
        return max(0, quota)
    n = Decimal(str(percent)) * nominated / 100
    return int(n.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def proposed(ranked: Sequence[CycleScore], size: int) -> list[CycleScore]:
    """The top candidates within the quota: the committee's starting proposal."""
    return list(ranked[:size])
