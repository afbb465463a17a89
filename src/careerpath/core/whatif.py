"""What-if: the same people evaluated under two policies, compared — who gains, who loses, and why.

The comparison is fed chunk by chunk (the simulation evaluates the company in slices to report
progress and bound memory) and keeps only the people whose verdict differs, plus counts and the
monthly allowance cost per move. Pure: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from careerpath.core.policy import Policy
from careerpath.core.results import MoveResult

GAIN, LOSS = "gain", "loss"


@dataclass(frozen=True, slots=True)
class VerdictChange:
    employee_no: str
    name: str
    department: str | None
    move_id: str
    from_level: str
    to_level: str
    direction: str  # GAIN (eligible under the draft only) | LOSS (under the active version only)
    criteria: tuple[str, ...]  # ids of the criteria whose verdict differs (or that exist on one side only)
    allowance_delta: float  # the monthly allowance the promotion adds (under the policy that allows it)

    def to_dict(self) -> dict[str, Any]:
        return {"no": self.employee_no, "name": self.name, "dept": self.department, "move": self.move_id,
                "from": self.from_level, "to": self.to_level, "dir": self.direction,
                "criteria": list(self.criteria), "cost": self.allowance_delta}


@dataclass(slots=True)
class MoveTotals:
    eligible_active: int = 0
    eligible_draft: int = 0
    cost_active: float = 0.0  # monthly allowance increase if everyone eligible were promoted
    cost_draft: float = 0.0
    gains: int = 0
    losses: int = 0


@dataclass(slots=True)
class Comparison:
    """Accumulates chunks; ``changes`` holds only the people whose verdict differs."""

    active: Policy
    draft: Policy
    changes: list[VerdictChange] = field(default_factory=list)
    moves: dict[str, MoveTotals] = field(default_factory=dict)
    departments: dict[str, dict[str, int]] = field(default_factory=dict)  # name -> {gain, loss}
    people: int = 0

    def _delta(self, policy: Policy, r: MoveResult) -> float:
        to, frm = policy.levels.get(r.target_level), policy.levels.get(r.current_level)
        return (to.allowance if to else 0.0) - (frm.allowance if frm else 0.0)

    def add(self, active: Iterable[MoveResult], draft: Iterable[MoveResult], people: int = 0) -> None:
        """One chunk: the move results of the same people under the active version and the draft."""
        self.people += people
        before = {(r.employee_no, r.move_id): r for r in active}
        after = {(r.employee_no, r.move_id): r for r in draft}
        for key in before.keys() | after.keys():
            old, new = before.get(key), after.get(key)
            ref = new or old
            assert ref is not None
            totals = self.moves.setdefault(ref.move_id, MoveTotals())
            was, now = bool(old and old.eligible), bool(new and new.eligible)
            if old is not None and was:
                totals.eligible_active += 1
                totals.cost_active += self._delta(self.active, old)
            if new is not None and now:
                totals.eligible_draft += 1
                totals.cost_draft += self._delta(self.draft, new)
            if was == now:
                continue
            direction = GAIN if now else LOSS
            if direction == GAIN:
                totals.gains += 1
            else:
                totals.losses += 1
            dept = self.departments.setdefault(ref.department or "", {GAIN: 0, LOSS: 0})
            dept[direction] += 1
            delta = self._delta(self.draft, new) if new is not None and now else (
                -self._delta(self.active, old) if old is not None else 0.0)
            self.changes.append(VerdictChange(
                ref.employee_no, ref.name, ref.department, ref.move_id, ref.current_level, ref.target_level,
                direction, changed_criteria(old, new), delta))

    def summary(self) -> dict[str, Any]:
        gains = sum(t.gains for t in self.moves.values())
        losses = sum(t.losses for t in self.moves.values())
        return {
            "people": self.people, "gains": gains, "losses": losses,
            "cost_active": sum(t.cost_active for t in self.moves.values()),
            "cost_draft": sum(t.cost_draft for t in self.moves.values()),
            "cost_change": sum(c.allowance_delta for c in self.changes),
            "moves": {m: {"eligible_active": t.eligible_active, "eligible_draft": t.eligible_draft,
                          "cost_active": t.cost_active, "cost_draft": t.cost_draft, "gains": t.gains,
                          "losses": t.losses} for m, t in sorted(self.moves.items())},
            "departments": {d: v for d, v in sorted(self.departments.items())},
        }


def changed_criteria(old: MoveResult | None, new: MoveResult | None) -> tuple[str, ...]:
    """The criteria that turned the verdict: passed on one side and failed on the other, or present on one
    side only and failing there. A move present on one side only is named by the marker ``*move``."""
    if old is None or new is None:
        return ("*move",)
    a = {c.id: c.passed for c in old.criteria}
    b = {c.id: c.passed for c in new.criteria}
    out = [cid for cid in b if cid in a and a[cid] != b[cid]]
    out += [cid for cid in a if cid not in b and not a[cid]]  # a failing criterion the draft removed
    out += [cid for cid in b if cid not in a and not b[cid]]  # a failing criterion the draft added
    return tuple(out)
