"""The individual promotion workflow as data (SPEC §5, the source's 第四章晋升流程).

States and allowed transitions are declared here once; services look a transition up, check the
actor's role against it and apply it in one transaction. Nothing in this module touches a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # 晋升申请表 submitted; awaiting the supervisor's review
    SUPERVISOR_REVIEWED = "supervisor_reviewed"  # interview + 晋升评审报告 done; awaiting the manager
    MANAGER_REVIEWED = "manager_reviewed"  # awaiting committee (cycle) or the notice (individual)
    COMMITTEE_REVIEWED = "committee_reviewed"  # cycle: committee scored and decided; awaiting the VP
    VP_APPROVED = "vp_approved"  # cycle: 分管副总 approved; awaiting the notice
    IN_NOTICE = "in_notice"  # 公示: objections accepted until the period ends
    NOTICE_CLOSED = "notice_closed"  # awaiting HR's final approval
    HR_APPROVED = "hr_approved"  # awaiting the 晋升通知书
    LETTER_ISSUED = "letter_issued"  # awaiting the effective date
    IN_PROBATION = "in_probation"  # effective; 考察期 with training and assessment
    CONFIRMED = "confirmed"
    REVERTED = "reverted"  # failed probation: the position went back
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


LABELS: dict[State, tuple[str, str]] = {
    State.DRAFT: ("草稿", "Draft"),
    State.SUBMITTED: ("待上级评审", "Awaiting supervisor review"),
    State.SUPERVISOR_REVIEWED: ("待部门经理复审", "Awaiting manager review"),
    State.MANAGER_REVIEWED: ("部门复审通过", "Manager approved"),
    State.COMMITTEE_REVIEWED: ("评定小组已评定，待分管副总审批", "Committee decided; awaiting VP"),
    State.VP_APPROVED: ("分管副总已审批，待公示", "VP approved; awaiting notice"),
    State.IN_NOTICE: ("公示中", "In public notice"),
    State.NOTICE_CLOSED: ("公示结束，待人力资源部审批", "Notice closed; awaiting HR"),
    State.HR_APPROVED: ("人力资源部已审批，待发通知书", "HR approved; awaiting letter"),
    State.LETTER_ISSUED: ("已发晋升通知书，待生效", "Letter issued; awaiting effective date"),
    State.IN_PROBATION: ("已生效，考察期中", "Effective; in probation"),
    State.CONFIRMED: ("考察期通过，已确认", "Confirmed"),
    State.REVERTED: ("考察期未通过，已恢复原职级", "Reverted after probation"),
    State.REJECTED: ("已驳回", "Rejected"),
    State.WITHDRAWN: ("已撤回", "Withdrawn"),
}

FINAL = frozenset({State.CONFIRMED, State.REVERTED, State.REJECTED, State.WITHDRAWN})
OPEN = frozenset(State) - FINAL
# Rejection and withdrawal end an application any time before the new position takes effect.
CANCELLABLE = OPEN - {State.IN_PROBATION}


class Route(StrEnum):
    INDIVIDUAL = "individual"  # management track or an individual application
    CYCLE = "cycle"  # skill track in an annual cycle: committee, then VP


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State
    roles: frozenset[str]  # who may do it (besides admin); "self" = the applicant
    routes: frozenset[Route] = frozenset(Route)
    needs_reason: bool = False


def _t(action: str, sources: set[State] | frozenset[State], target: State, roles: set[str],
       routes: set[Route] | None = None, needs_reason: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles),
                      frozenset(routes) if routes else frozenset(Route), needs_reason)


TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", {State.DRAFT}, State.SUBMITTED, {"self", "hr"}),
    _t("supervisor_review", {State.SUBMITTED}, State.SUPERVISOR_REVIEWED, {"supervisor"}),
    _t("manager_review", {State.SUPERVISOR_REVIEWED}, State.MANAGER_REVIEWED, {"manager"}),
    _t("committee_decide", {State.MANAGER_REVIEWED}, State.COMMITTEE_REVIEWED, {"committee"}, {Route.CYCLE}),
    _t("vp_approve", {State.COMMITTEE_REVIEWED}, State.VP_APPROVED, {"vp"}, {Route.CYCLE}),
    _t("publish_notice", {State.MANAGER_REVIEWED}, State.IN_NOTICE, {"hr"}, {Route.INDIVIDUAL}),
    _t("publish_notice", {State.VP_APPROVED}, State.IN_NOTICE, {"hr"}, {Route.CYCLE}),
    _t("close_notice", {State.IN_NOTICE}, State.NOTICE_CLOSED, {"hr"}),
    # An upheld objection sends the application back to review, with the objection attached.
    _t("return_to_review", {State.IN_NOTICE}, State.SUBMITTED, {"hr"}, needs_reason=True),
    _t("hr_approve", {State.NOTICE_CLOSED}, State.HR_APPROVED, {"hr"}),
    _t("issue_letter", {State.HR_APPROVED}, State.LETTER_ISSUED, {"hr"}),
    _t("make_effective", {State.LETTER_ISSUED}, State.IN_PROBATION, {"hr", "system"}),
    _t("confirm", {State.IN_PROBATION}, State.CONFIRMED, {"hr", "manager"}),
    _t("revert", {State.IN_PROBATION}, State.REVERTED, {"hr"}, needs_reason=True),
    _t("reject", CANCELLABLE - {State.DRAFT}, State.REJECTED, {"supervisor", "manager", "committee", "vp", "hr"},
       needs_reason=True),
    _t("withdraw", CANCELLABLE, State.WITHDRAWN, {"self", "hr"}, needs_reason=True),
)


class InvalidTransition(Exception):
    """The action is not allowed from the current state on this route."""

    def __init__(self, state: State, action: str, route: Route) -> None:
        self.state, self.action, self.route = state, action, route
        allowed = ", ".join(sorted({t.action for t in available(state, route)})) or "none"
        super().__init__(f"当前状态「{LABELS[state][0]}」不能执行 {action} "
                         f"(action {action!r} is not allowed from {state.value} on the {route.value} route; "
                         f"allowed: {allowed})")


def available(state: State, route: Route) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources and route in t.routes]


def transition_for(state: State, action: str, route: Route) -> Transition:
    for t in TRANSITIONS:
        if t.action == action and state in t.sources and route in t.routes:
            return t
    raise InvalidTransition(state, action, route)
