"""An award round's states and the actions allowed in each, as data (proposed → nominated → approved)."""

from __future__ import annotations

from careerpath.errors import Conflict
from careerpath.recognition.models import RoundState

# action -> the states it may start from
ALLOWED: dict[str, frozenset[str]] = {
    "adjust": frozenset({RoundState.PROPOSED}),  # leave out / add a candidate
    "nominate": frozenset({RoundState.PROPOSED}),  # HR submits the nomination
    "approve": frozenset({RoundState.NOMINATED}),
    "return": frozenset({RoundState.NOMINATED}),  # the approver sends it back
    "close": frozenset({RoundState.PROPOSED, RoundState.NOMINATED}),
}


def allowed(state: str, action: str) -> bool:
    return state in ALLOWED[action]


def require_transition(state: str, action: str) -> None:
    if not allowed(state, action):
        raise Conflict(f"当前状态（{RoundState(state).label}）不能执行此操作 (not allowed in this state)",
                       code="invalid_transition")
