"""Explained results: what the engine returns, criterion by criterion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    label: str  # a human sentence in the requested language
    passed: bool
    actual: str
    required: str
    evidence: tuple[str, ...] = ()  # ids of the evidence records used
    children: tuple[CriterionResult, ...] = ()  # for all / any / not
    # What is still missing, in words of the requested language ("还差 1 次内部书面表扬"); "" when passing.
    shortfall: str = ""
    # Failing: the earliest date it passes if nothing new is recorded (tenure reached, an incident
    # leaving the window); None when it needs something new (more praise, an exam, an attestation).
    projected_on: date | None = None
    # Passing: the first date it stops passing if nothing new is recorded (a praise leaving the
    # window); None when it never lapses by itself.
    lapses_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "passed": self.passed,
            "actual": self.actual,
            "required": self.required,
            "evidence": list(self.evidence),
        }
        # Present only when they say something (a shortfall is failing-only, a date often absent): a
        # company's JSON is a quarter smaller that way, and a reader asks d.get("projected_on").
        if self.shortfall:
            d["shortfall"] = self.shortfall
        if self.projected_on is not None:
            d["projected_on"] = self.projected_on.isoformat()
        if self.lapses_on is not None:
            d["lapses_on"] = self.lapses_on.isoformat()
        if self.children:
            d["children"] = [c.to_dict() for c in self.children]
        return d

    def failing_leaves(self) -> list[CriterionResult]:
        """Return the innermost failing criteria: what the person still needs."""
        if self.passed:
            return []
        if not self.children:
            return [self]
        out: list[CriterionResult] = []
        for c in self.children:
            out.extend(c.failing_leaves())
        return out or [self]


@dataclass(frozen=True, slots=True)
class MoveResult:
    employee_no: str
    name: str
    department: str | None
    current_level: str
    target_level: str
    move: str  # "promotion" | "lateral"
    move_id: str
    eligible: bool
    criteria: tuple[CriterionResult, ...]
    # When the whole move becomes eligible if nothing new is recorded: the as-of date when eligible
    # now, None when something new is needed (see core/projection.py for the rule).
    projected_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "employee_no": self.employee_no,
            "name": self.name,
            "department": self.department,
            "current_level": self.current_level,
            "target_level": self.target_level,
            "move": self.move,
            "move_id": self.move_id,
            "eligible": self.eligible,
            "projected_on": _iso(self.projected_on),
            "criteria": [c.to_dict() for c in self.criteria],
        }


@dataclass(frozen=True, slots=True)
class PlacementResult:
    """Initial placement (初评) proposal for one person, with the standards tried from the top."""

    employee_no: str
    name: str
    current_level: str | None
    proposed_level: str
    kept_management_post: bool
    standards: tuple[tuple[str, bool, tuple[CriterionResult, ...]], ...]  # (level, met, criteria)

    def to_dict(self) -> dict[str, Any]:
        return {
            "employee_no": self.employee_no,
            "name": self.name,
            "current_level": self.current_level,
            "proposed_level": self.proposed_level,
            "kept_management_post": self.kept_management_post,
            "standards": [
                {"level": lv, "met": met, "criteria": [c.to_dict() for c in crit]}
                for lv, met, crit in self.standards
            ],
        }


@dataclass(slots=True)
class Evaluation:
    as_of: date
    policy_name: str
    policy_version: str
    results: list[MoveResult] = field(default_factory=list)
    placements: list[PlacementResult] = field(default_factory=list)

    def to_dict(self, *, include_placements: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "policy": {"name": self.policy_name, "version": self.policy_version},
            "results": [r.to_dict() for r in self.results],
        }
        if include_placements:
            d["placements"] = [p.to_dict() for p in self.placements]
        return d
