"""The promotion workflow as data (SPEC §5, the source's 第四章晋升流程), declared on :mod:`core.statemachine`.

States and allowed transitions are declared here once; the review steps between submission and the
notice come from the policy (``process.review_steps`` / ``cycle_review_steps``). Services resolve the
machine for the application's policy version, look a transition up, check the actor's capacity
(``accounts.authority``) and apply it in one transaction. Nothing in this module touches a database.
"""

from __future__ import annotations

from enum import StrEnum

from careerpath.core.policy import ProcessSettings
from careerpath.core.statemachine import Chain, InvalidTransition, Machine, Workflow, WorkflowError, t
from careerpath.core.statemachine import Transition as StateTransition

__all__ = ["ACTION_LABELS", "CANCELLABLE", "STEP_ACTIONS", "FINAL", "LABELS", "OPEN", "PROMOTION", "InvalidTransition", "Route", "State",
           "TRANSITIONS", "Transition", "WorkflowError", "available", "chains_of", "machine_for", "transition_for"]


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
    INDIVIDUAL = "individual"  # management track or an individual application: process.review_steps
    CYCLE = "cycle"  # skill track in an annual cycle: process.cycle_review_steps


_DEFAULT_PROCESS = ProcessSettings()
_ANY_REVIEWER = {"supervisor", "manager", "committee", "vp", "hr"}

PROMOTION: Workflow[State] = Workflow(
    name="promotion",
    title="晋升申请",
    states=State,
    labels=LABELS,
    final=FINAL,
    routes=(Route.INDIVIDUAL.value, Route.CYCLE.value),
    # The policy's review steps run in its order from submission to the notice: a chain
    # [supervisor, hr] goes from the supervisor's review straight to the notice. "hr" is the final
    # approval after the notice and is not part of the chain before it.
    chain=Chain(start=State.SUBMITTED, exits=frozenset({"publish_notice"})),
    default_chains={Route.INDIVIDUAL.value: tuple(_DEFAULT_PROCESS.review_steps),
                    Route.CYCLE.value: tuple(_DEFAULT_PROCESS.cycle_review_steps)},
    transitions=(
        t("submit", {State.DRAFT}, State.SUBMITTED, {"self", "hr"}),
        t("supervisor_review", (), State.SUPERVISOR_REVIEWED, {"supervisor"}, step="supervisor"),
        t("manager_review", (), State.MANAGER_REVIEWED, {"manager"}, step="manager"),
        t("committee_decide", (), State.COMMITTEE_REVIEWED, {"committee"}, step="committee"),
        t("vp_approve", (), State.VP_APPROVED, {"vp"}, step="vp"),
        # Whoever holds a review step may send the application back to its applicant to be completed
        # and submitted again (a new snapshot is taken then); never once the notice is out.
        t("return_to_applicant", (), State.DRAFT, (), needs_reason=True, each_step=True),
        t("publish_notice", (), State.IN_NOTICE, {"hr"}),  # from wherever the chain ends
        t("close_notice", {State.IN_NOTICE}, State.NOTICE_CLOSED, {"hr"}),
        # An upheld objection sends the application back to review, with the objection attached.
        t("return_to_review", {State.IN_NOTICE}, State.SUBMITTED, {"hr"}, needs_reason=True),
        t("hr_approve", {State.NOTICE_CLOSED}, State.HR_APPROVED, {"hr"}),
        t("issue_letter", {State.HR_APPROVED}, State.LETTER_ISSUED, {"hr"}),
        t("make_effective", {State.LETTER_ISSUED}, State.IN_PROBATION, {"hr", "system"}),
        t("confirm", {State.IN_PROBATION}, State.CONFIRMED, {"hr", "manager"}),
        t("revert", {State.IN_PROBATION}, State.REVERTED, {"hr"}, needs_reason=True),
        t("reject", CANCELLABLE - {State.DRAFT}, State.REJECTED, _ANY_REVIEWER, needs_reason=True),
        t("withdraw", CANCELLABLE, State.WITHDRAWN, {"self", "hr"}, needs_reason=True),
    ),
)

Transition = StateTransition[State]


def chains_of(process: ProcessSettings) -> dict[str, tuple[str, ...]]:
    """Each route's configured steps: the individual route and the cycle route."""
    return {Route.INDIVIDUAL.value: tuple(process.review_steps), Route.CYCLE.value: tuple(process.cycle_review_steps)}


def machine_for(process: ProcessSettings | None = None) -> Machine[State]:
    """The promotion workflow under a policy's approval chain (the default chain without one)."""
    return PROMOTION.machine(chains_of(process) if process is not None else None)


def available(state: State, route: Route, process: ProcessSettings | None = None) -> list[Transition]:
    return machine_for(process).available(state, route.value)


def transition_for(state: State, action: str, route: Route, process: ProcessSettings | None = None) -> Transition:
    """Return the transition or raise :class:`InvalidTransition`."""
    return machine_for(process).transition_for(state, action, route.value)


# The action that performs each policy step before the notice (supervisor -> supervisor_review, ...).
STEP_ACTIONS: dict[str, str] = {x.step: x.action for x in PROMOTION.transitions if x.step is not None}

# What each action is called where a person reads what happened (an application's history, the audit
# log, messages): (zh, en), past tense in English. The one table: careerpath.labels derives the audit
# log's "application.*" labels from it.
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "create": ("创建申请", "Application created"),
    "submit": ("提交申请", "Submitted"),
    "supervisor_review": ("直接上级评审通过", "Reviewed by the supervisor"),
    "manager_review": ("部门经理复审通过", "Reviewed by the manager"),
    "committee_decide": ("评定小组评定", "Decided by the committee"),
    "vp_approve": ("分管副总审批", "Approved by the VP"),
    "return_to_applicant": ("退回申请人修改", "Returned to the applicant"),
    "publish_notice": ("进入公示", "Published in a notice"),
    "close_notice": ("公示期结束", "Notice period closed"),
    "return_to_review": ("公示异议成立，退回重审", "Objection upheld; back to review"),
    "hr_approve": ("人力资源部审批通过", "Approved by HR"),
    "issue_letter": ("发放晋升通知书", "Promotion letter issued"),
    "make_effective": ("晋升生效，进入考察期", "Took effect; probation started"),
    "confirm": ("考察期通过", "Probation passed; confirmed"),
    "revert": ("考察期未通过，恢复原职级", "Probation failed; level restored"),
    "reject": ("驳回", "Rejected"),
    "withdraw": ("撤回", "Withdrawn"),
}

# The table under the default chain (the presets' chain), for tests and documentation.
TRANSITIONS: tuple[Transition, ...] = machine_for().transitions
