"""A person's page block: the open training sessions that would close a training criterion of their checklist.

The unmet criteria come from the engine's explained results the page already holds (the failing leaves of
each open move); the policy says which training programs such a criterion counts. Nothing is re-evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from careerpath.training.selectors import can_enrol, gap_sessions, seats_left, training_gaps
from careerpath.web.pages.journey_career import CareerView


@dataclass(slots=True)
class GapItem:
    label: str
    move_name: str
    sessions: list[Any]


@dataclass(slots=True)
class TrainingGapsView:
    items: list[GapItem] = field(default_factory=list)
    held: set[int] = field(default_factory=set)
    can_enrol: bool = False


def training_gaps_for(career: CareerView, *, viewer: AbstractBaseUser) -> TrainingGapsView | None:
    """None when no open move lacks a training criterion (the page shows nothing)."""
    failing = [(m.move_id, r.result.id, r.result.label) for m in career.moves for r in m.missing]
    gaps = training_gaps(policy=career.policy, failing=failing)
    if not gaps:
        return None
    found, held = gap_sessions(employee=career.employee, gaps=gaps, today=career.as_of)
    names = {m.move_id: f"{m.move_label} → {m.target_name}" for m in career.moves}
    items = []
    seen: set[tuple[str, tuple[str, ...] | None]] = set()
    for f in found:
        key = (f.gap.label, f.gap.programs)
        if key in seen:  # the same criterion in two moves: shown once
            continue
        seen.add(key)
        for s in f.sessions:
            s.left = seats_left(s)
        items.append(GapItem(f.gap.label, names.get(f.gap.move_id, ""), f.sessions))
    return TrainingGapsView(items, held, can_enrol(user=viewer, employee=career.employee))
