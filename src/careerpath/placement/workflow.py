"""Initial placement (初评, SPEC §5) as data: a run's states and transitions.

Pure: no Django, no clock. HR starts a run (every active employee gets a proposed level), the
departments review it within the policy's working days, HR closes the review and confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RunState(StrEnum):
    OPEN = "open"  # proposals listed; departments review until the deadline
    REVIEWED = "reviewed"  # review closed; awaiting HR's confirmation
    CONFIRMED = "confirmed"  # positions created with reason 初评


LABELS: dict[RunState, tuple[str, str]] = {
    RunState.OPEN: ("部门复核中", "Departments reviewing"),
    RunState.REVIEWED: ("复核结束，待人力资源部确认", "Review closed; awaiting HR"),
    RunState.CONFIRMED: ("已确认，职级已生效", "Confirmed; positions created"),
}


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    source: RunState
    target: RunState
    roles: frozenset[str]


TRANSITIONS: tuple[Transition, ...] = (
    Transition("close_review", RunState.OPEN, RunState.REVIEWED, frozenset({"hr"})),
    Transition("confirm", RunState.REVIEWED, RunState.CONFIRMED, frozenset({"hr"})),
)

# Work inside a run that does not change its state.
REVIEW_STATES = frozenset({RunState.OPEN})


def transition_for(state: RunState, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.action == action and t.source == state), None)
