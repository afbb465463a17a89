"""The annual selection (评选, SPEC §5 "Annual cycle") as data: states, transitions, and what may happen when.

Declared on :mod:`careerpath.core.statemachine`. Pure: no Django, no clock. Services look a transition
up here, check the actor's role against it and apply it in one transaction. The promotion applications a cycle creates follow their own workflow
(:mod:`careerpath.core.workflow`, route ``cycle``); this one tracks the cycle as a whole.
"""

from __future__ import annotations

from enum import StrEnum

from careerpath.core.policy import ProcessSettings
from careerpath.core.statemachine import ONLY, Chain, InvalidTransition, Machine, Workflow, t
from careerpath.core.statemachine import Transition as StateTransition

__all__ = ["ACTIVITIES", "CYCLE", "LABELS", "TRANSITIONS", "CycleState", "InvalidTransition", "Transition",
           "activity_allowed", "available", "machine_for", "transition_for"]


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


S = CycleState

# Work that does not change the cycle's state, and the states it is allowed in.
ACTIVITIES: dict[str, frozenset[CycleState]] = {
    "nominate": frozenset({S.NOMINATING}),
    # Exams are taken while departments nominate and until the scores are fixed.
    "record_exam": frozenset({S.NOMINATING, S.SCORING}),
    "set_quota": frozenset({S.OPEN, S.NOMINATING, S.SCORING}),
    "decide": frozenset({S.SCORING}),
}

CYCLE: Workflow[CycleState] = Workflow(
    name="cycle",
    title="评选",
    states=CycleState,
    labels=LABELS,
    final=frozenset({S.EFFECTIVE}),
    # Of the policy's cycle_review_steps the cycle as a whole runs the VP's approval (the committee
    # always concludes a cycle; supervisor and manager are stood in for by the nominations). Without
    # "vp" in the chain the notice follows the committee's decision.
    chain=Chain(start=S.COMMITTEE, exits=frozenset({"publish_notice"})),
    default_chains={ONLY: tuple(ProcessSettings().cycle_review_steps)},
    activities=ACTIVITIES,
    transitions=(
        # Recomputing the lists is only allowed before the departments have seen them.
        t("refresh_candidates", {S.OPEN}, S.OPEN, {"hr"}),
        t("start_nominations", {S.OPEN}, S.NOMINATING, {"hr"}),
        t("close_nominations", {S.NOMINATING}, S.SCORING, {"hr"}),
        # Scoring may be repeated (late exam results) until the committee has recorded a decision.
        t("score", {S.SCORING}, S.SCORING, {"committee", "hr"}),
        t("conclude", {S.SCORING}, S.COMMITTEE, {"committee"}),
        t("vp_approve", (), S.VP_APPROVED, {"vp"}, step="vp"),
        # The VP may send the decision back to the committee; the applications it created are rejected.
        t("vp_return", {S.COMMITTEE}, S.SCORING, {"vp"}, needs_reason=True, step="vp"),
        t("publish_notice", (), S.IN_NOTICE, {"hr"}),
        t("hr_approve", {S.IN_NOTICE}, S.APPROVED, {"hr"}),
        t("issue_letters", {S.APPROVED}, S.LETTERS_ISSUED, {"hr"}),
        t("make_effective", {S.LETTERS_ISSUED}, S.EFFECTIVE, {"hr", "system"}),
    ),
)

Transition = StateTransition[CycleState]


def machine_for(process: ProcessSettings | None = None) -> Machine[CycleState]:
    """The cycle workflow under a policy's ``cycle_review_steps`` (the default chain without one)."""
    return CYCLE.machine({ONLY: tuple(process.cycle_review_steps)} if process is not None else None)


TRANSITIONS: tuple[Transition, ...] = machine_for().transitions


def available(state: CycleState, process: ProcessSettings | None = None) -> list[Transition]:
    return machine_for(process).available(state)


def transition_for(state: CycleState, action: str, process: ProcessSettings | None = None) -> Transition:
    """Return the transition or raise :class:`InvalidTransition`."""
    return machine_for(process).transition_for(state, action)


def activity_allowed(state: CycleState, activity: str) -> bool:
    return CYCLE.activity_allowed(state, activity)
