"""Initial placement (初评, SPEC §5) as data: a run's states and transitions.

Declared on :mod:`careerpath.core.statemachine`. Pure: no Django, no clock. HR starts a run (every active employee gets a proposed level), the
departments review it within the policy's working days, HR closes the review and confirms.
"""

from __future__ import annotations

from enum import StrEnum

from careerpath.core.statemachine import InvalidTransition, Machine, Workflow, t
from careerpath.core.statemachine import Transition as StateTransition

__all__ = ["LABELS", "MACHINE", "PLACEMENT", "REVIEW_STATES", "TRANSITIONS", "InvalidTransition", "RunState",
           "Transition", "transition_for"]


class RunState(StrEnum):
    OPEN = "open"  # proposals listed; departments review until the deadline
    REVIEWED = "reviewed"  # review closed; awaiting HR's confirmation
    CONFIRMED = "confirmed"  # positions created with reason 初评


LABELS: dict[RunState, tuple[str, str]] = {
    RunState.OPEN: ("部门复核中", "Departments reviewing"),
    RunState.REVIEWED: ("复核结束，待人力资源部确认", "Review closed; awaiting HR"),
    RunState.CONFIRMED: ("已确认，职级已生效", "Confirmed; positions created"),
}


PLACEMENT: Workflow[RunState] = Workflow(
    name="placement",
    title="初评",
    states=RunState,
    labels=LABELS,
    final=frozenset({RunState.CONFIRMED}),
    # Work inside a run that does not change its state.
    activities={"review": frozenset({RunState.OPEN})},
    transitions=(
        t("close_review", {RunState.OPEN}, RunState.REVIEWED, {"hr"}),
        t("confirm", {RunState.REVIEWED}, RunState.CONFIRMED, {"hr"}),
    ),
)

Transition = StateTransition[RunState]
MACHINE: Machine[RunState] = PLACEMENT.machine()
TRANSITIONS: tuple[Transition, ...] = MACHINE.transitions
REVIEW_STATES = PLACEMENT.activities["review"]


def transition_for(state: RunState, action: str) -> Transition:
    """Return the transition or raise :class:`InvalidTransition` (like every other workflow; never None)."""
    return MACHINE.transition_for(state, action)
