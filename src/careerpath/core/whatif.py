"""What-if: the same people evaluated under two policies, compared — who gains, who loses, and why.

The comparison is fed chunk by chunk (the simulation evaluates the company in slices to report
progress and bound memory) and keeps only the people whose verdict differs, plus counts and the
monthly allowance cost per move. Pure: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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


def _verdict_shape(policy: Policy) -> tuple:
    """What every move's verdict depends on besides its own criteria (labels and allowances aside)."""
    levels = tuple((lv.code, lv.track, lv.tier, lv.grade) for lv in policy.levels.values())
    tracks = tuple((t.code, t.kind) for t in policy.tracks.values())
    return levels, tracks, policy.evidence, tuple(policy.metrics), policy.common_criteria


def moves_to_evaluate(active: Policy, draft: Policy) -> Policy | None:
    """The draft reduced to the moves whose verdicts may differ from the active version's, or None when
    every move must be evaluated again (a change to levels, evidence settings or the common criteria).

    A move whose criteria are equal (criteria are frozen dataclasses: equal values, equal verdicts) gives
    the same verdicts under both policies, so the simulation reuses the active version's and evaluates
    only what changed: typically one or two moves instead of all of them.
    """
    if _verdict_shape(active) != _verdict_shape(draft):
        return None
    same = {m.id for m in active.moves} & {m.id for m in draft.moves}
    old = {m.id: m for m in active.moves}
    changed = tuple(m for m in draft.moves if m.id not in same or (
        old[m.id].from_level, old[m.id].to_level, old[m.id].type, old[m.id].criteria) != (
        m.from_level, m.to_level, m.type, m.criteria))
    return replace(draft, moves=changed)


def reused(active_results: Iterable[MoveResult], draft: Policy, evaluated: Policy) -> list[MoveResult]:
    """The active version's results for the draft's moves that were not evaluated again."""
    kept = {m.id for m in draft.moves} - {m.id for m in evaluated.moves}
    return [r for r in active_results if r.move_id in kept]
