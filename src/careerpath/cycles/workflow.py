"""The annual selection (评选, SPEC §5 "Annual cycle") as data: states, transitions, and what may happen when.

Pure: no Django, no clock. Services look a transition up here, check the actor's role against it and
apply it in one transaction. The promotion applications a cycle creates follow their own workflow
(:mod:`careerpath.core.workflow`, route ``cycle``); this one tracks the cycle as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CycleState(StrEnum):
    OPEN = "open"  # candidate lists computed; HR checks them before the departments see them
    NOMINATING = "nominating"  # 综合评选提报: departments nominate until the deadline
    SCORING = "scoring"  # exams, weighted scores, ranking, quotas, the committee's deliberation
    COMMITTEE = "committee"  # the committee has decided; applications await the VP
    VP_APPROVED = "vp_approved"  # 分管副总 approved; awaiting the 公示
    IN_NOTICE = "in_notice"  # 公示 running (objections handled per application)
    APPROVED = "approved"  # HR's final approval; awaiting the letters
    LETTERS_ISSUED = "letters_issued"  # 晋升通知书 issued; awaiting 1 January
    EFFECTIVE = "effective"  # positions changed on the effective date


LABELS: dict[CycleState, tuple[str, str]] = {
    CycleState.OPEN: ("已开启，候选名单待发布", "Opened; candidate lists not yet released"),
    CycleState.NOMINATING: ("部门提报中", "Departments nominating"),
    CycleState.SCORING: ("考试、评分与评定小组评议中", "Exams, scoring and committee deliberation"),
    CycleState.COMMITTEE: ("评定小组已决定，待分管副总审批", "Committee decided; awaiting the VP"),
    CycleState.VP_APPROVED: ("分管副总已审批，待公示", "VP approved; awaiting the notice"),
    CycleState.IN_NOTICE: ("公示中", "In public notice"),
    CycleState.APPROVED: ("人力资源部已审批，待发通知书", "HR approved; awaiting letters"),
    CycleState.LETTERS_ISSUED: ("已发晋升通知书，待生效", "Letters issued; awaiting the effective date"),
    CycleState.EFFECTIVE: ("已生效", "Effective"),
}


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    sources: frozenset[CycleState]
    target: CycleState
    roles: frozenset[str]  # role codes of accounts.Role (admin always may); "system" = a scheduled run
    needs_reason: bool = False


def _t(action: str, sources: set[CycleState], target: CycleState, roles: set[str],
       needs_reason: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), needs_reason)


S = CycleState
TRANSITIONS: tuple[Transition, ...] = (
    # Recomputing the lists is only allowed before the departments have seen them.
    _t("refresh_candidates", {S.OPEN}, S.OPEN, {"hr"}),
    _t("start_nominations", {S.OPEN}, S.NOMINATING, {"hr"}),
    _t("close_nominations", {S.NOMINATING}, S.SCORING, {"hr"}),
    # Scoring may be repeated (late exam results) until the committee has recorded a decision.
    _t("score", {S.SCORING}, S.SCORING, {"committee", "hr"}),
    _t("conclude", {S.SCORING}, S.COMMITTEE, {"committee"}),
    _t("vp_approve", {S.COMMITTEE}, S.VP_APPROVED, {"vp"}),
    # The VP may send the decision back to the committee; the applications it created are rejected.
    _t("vp_return", {S.COMMITTEE}, S.SCORING, {"vp"}, needs_reason=True),
    _t("publish_notice", {S.VP_APPROVED}, S.IN_NOTICE, {"hr"}),
    _t("hr_approve", {S.IN_NOTICE}, S.APPROVED, {"hr"}),
    _t("issue_letters", {S.APPROVED}, S.LETTERS_ISSUED, {"hr"}),
    _t("make_effective", {S.LETTERS_ISSUED}, S.EFFECTIVE, {"hr", "system"}),
)

# Work that does not change the cycle's state, and the states it is allowed in.
ACTIVITIES: dict[str, frozenset[CycleState]] = {
    "nominate": frozenset({S.NOMINATING}),
    # Exams are taken while departments nominate and until the scores are fixed.
    "record_exam": frozenset({S.NOMINATING, S.SCORING}),
    "set_quota": frozenset({S.OPEN, S.NOMINATING, S.SCORING}),
    "decide": frozenset({S.SCORING}),
}


class InvalidTransition(Exception):
    """The action is not allowed in the cycle's current state."""

    def __init__(self, state: CycleState, action: str) -> None:
        self.state, self.action = state, action
        allowed = ", ".join(sorted({t.action for t in available(state)})) or "none"
        super().__init__(f"评选当前状态「{LABELS[state][0]}」不能执行 {action} "
                         f"(action {action!r} is not allowed in state {state.value}; allowed: {allowed})")


def available(state: CycleState) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def transition_for(state: CycleState, action: str) -> Transition:
    for t in TRANSITIONS:
        if t.action == action and state in t.sources:
            return t
    raise InvalidTransition(state, action)


def activity_allowed(state: CycleState, activity: str) -> bool:
    return state in ACTIVITIES[activity]
