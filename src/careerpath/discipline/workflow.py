"""Demotion cases (降级管理, the source's 第八章) as data: states, allowed transitions, and the target level.

Declared on :mod:`careerpath.core.statemachine`. Pure: no Django, no clock. Services look a transition
up here, check the actor's capacity against it (``accounts.authority``) and apply it in one transaction.
"""

from __future__ import annotations

from enum import StrEnum

from careerpath.core.policy import Policy
from careerpath.core.statemachine import InvalidTransition, Machine, Workflow, t
from careerpath.core.statemachine import Transition as StateTransition

__all__ = ["ACTION_LABELS", "DEMOTION", "FINAL", "LABELS", "MACHINE", "OPEN", "PROPOSAL_LABELS", "TRANSITIONS", "CaseState",
           "InvalidTransition", "Proposal", "TargetError", "Transition", "available", "case_label", "demotion_target",
           "lower_levels", "position_reason", "transition_for"]


class CaseState(StrEnum):
    PROPOSED = "proposed"  # opened; awaiting the direct supervisor's review
    SUPERVISOR_REVIEWED = "supervisor_reviewed"  # awaiting the department manager
    MANAGER_REVIEWED = "manager_reviewed"  # awaiting HR's approval
    HR_APPROVED = "hr_approved"  # awaiting the effective date
    EFFECTIVE = "effective"  # the position changed
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


LABELS: dict[CaseState, tuple[str, str]] = {
    CaseState.PROPOSED: ("已提出，待直接上级审核", "Proposed; awaiting supervisor review"),
    CaseState.SUPERVISOR_REVIEWED: ("上级已审核，待部门负责人审核", "Supervisor reviewed; awaiting manager"),
    CaseState.MANAGER_REVIEWED: ("部门已审核，待人力资源部审批", "Manager reviewed; awaiting HR"),
    CaseState.HR_APPROVED: ("人力资源部已批准，待生效", "HR approved; awaiting effective date"),
    CaseState.EFFECTIVE: ("已生效", "Effective"),
    CaseState.REJECTED: ("已驳回", "Rejected"),
    CaseState.WITHDRAWN: ("已撤回", "Withdrawn"),
}

FINAL = frozenset({CaseState.EFFECTIVE, CaseState.REJECTED, CaseState.WITHDRAWN})
OPEN = frozenset(CaseState) - FINAL


class Proposal(StrEnum):
    ONE_LEVEL_DOWN = "one_level_down"  # 降一级
    REMOVAL = "removal"  # 撤职
    TRANSFER = "transfer"  # 调岗


PROPOSAL_LABELS: dict[Proposal, tuple[str, str]] = {
    Proposal.ONE_LEVEL_DOWN: ("降一级", "One level down"),
    Proposal.REMOVAL: ("撤职", "Removal from post"),
    Proposal.TRANSFER: ("调岗", "Transfer"),
}


# Each step of a case's history (CaseDecision.action), as the record names it.
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "open": ("提出降级", "Case opened"),
    "supervisor_review": ("直接上级审核", "Supervisor review"),
    "manager_review": ("部门负责人审核", "Manager review"),
    "hr_approve": ("人力资源部批准", "HR approval"),
    "make_effective": ("生效（调整任职）", "Position change on the effective date"),
    "reject": ("驳回", "Rejected"),
    "withdraw": ("撤回", "Withdrawn"),
}


def case_label(kind: str, code: str, lang: str) -> str:
    """A case's ``state``, ``proposal`` or ``action`` code in ``lang`` ("zh" or "en"); unknown codes as given."""
    table: dict[str, tuple[str, str]]
    if kind == "state":
        table = {s.value: pair for s, pair in LABELS.items()}
    elif kind == "proposal":
        table = {p.value: pair for p, pair in PROPOSAL_LABELS.items()}
    elif kind == "action":
        table = ACTION_LABELS
    else:
        raise KeyError(f"unknown case label kind {kind!r}")
    pair = table.get(code)
    return code if pair is None else pair[1 if lang == "en" else 0]


S = CaseState
DEMOTION: Workflow[CaseState] = Workflow(
    name="demotion",
    title="降级案件",
    states=CaseState,
    labels=LABELS,
    final=FINAL,
    # Capacities towards the employee: "supervisor" (direct), "manager" (of the department), "hr",
    # "opener" (who opened the case), "system" (the scheduled apply-effective run). Admin may do all.
    transitions=(
        # A manager may stand in for the direct supervisor (someone without one, or a case the manager
        # opened), but the services refuse the same person reviewing twice: two separate people must agree.
        t("supervisor_review", {S.PROPOSED}, S.SUPERVISOR_REVIEWED, {"supervisor", "manager"}),
        t("manager_review", {S.SUPERVISOR_REVIEWED}, S.MANAGER_REVIEWED, {"manager"}),
        t("hr_approve", {S.MANAGER_REVIEWED}, S.HR_APPROVED, {"hr"}),
        t("make_effective", {S.HR_APPROVED}, S.EFFECTIVE, {"system"}),
        # Whoever holds the current step may decline it; once the departments have spoken only HR decides.
        t("reject", {S.PROPOSED}, S.REJECTED, {"supervisor", "manager", "hr"}, needs_reason=True),
        t("reject", {S.SUPERVISOR_REVIEWED}, S.REJECTED, {"manager", "hr"}, needs_reason=True),
        t("reject", {S.MANAGER_REVIEWED, S.HR_APPROVED}, S.REJECTED, {"hr"}, needs_reason=True),
        t("withdraw", {S.PROPOSED, S.SUPERVISOR_REVIEWED, S.MANAGER_REVIEWED, S.HR_APPROVED}, S.WITHDRAWN,
          {"opener", "hr"}, needs_reason=True),
    ),
)

Transition = StateTransition[CaseState]
MACHINE: Machine[CaseState] = DEMOTION.machine()
TRANSITIONS: tuple[Transition, ...] = MACHINE.transitions


def available(state: CaseState) -> list[Transition]:
    return MACHINE.available(state)


def transition_for(state: CaseState, action: str) -> Transition:
    """Return the transition or raise :class:`InvalidTransition`."""
    return MACHINE.transition_for(state, action)


# ---------------------------------------------------------------------------------------------------
# The level a case leads to


class TargetError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def lower_levels(policy: Policy, level: str) -> list[str]:
    """The levels one grade below ``level`` on its ladder: those whose promotion move leads to it.

    On the shared trunk that is the previous level (junior → assistant); on a track it is the level
    promoted from (senior → intermediate, manager → supervisor). A level reached from several
    (deputy_director from manager and from project_manager) has several; they come in ladder order.
    """
    sources = {m.from_level for m in policy.moves if m.type == "promotion" and m.to_level == level}
    return [code for code in policy.levels if code in sources]


def demotion_target(policy: Policy, from_level: str, proposal: Proposal, requested: str | None = None) -> str:
    """Return the level a case moves the person to, or raise TargetError.

    One level down and removal (撤职) both fall one grade (the first lower level unless ``requested``
    names another one grade lower). Removal differs in the record, not in the arithmetic: the person
    loses the post held and the employment continues at the level below. A transfer goes to
    ``requested``, which must exist and may not be higher than the current level in tier or grade (a
    transfer is never a promotion in disguise).
    """
    if from_level not in policy.levels:
        raise TargetError("unknown_level", f"当前职级 {from_level!r} 不在现行晋升办法中 (unknown current level)")
    if proposal is Proposal.TRANSFER:
        if not requested:
            raise TargetError("target_required", "调岗须指定目标职级 (a transfer needs a target level)")
        target = policy.levels.get(requested)
        if target is None:
            raise TargetError("unknown_level", f"未知职级 {requested!r} (unknown level)")
        current = policy.levels[from_level]
        if requested == from_level:
            raise TargetError("invalid_target", "调岗目标职级与当前职级相同 (target equals the current level)")
        if target.tier > current.tier or target.grade > current.grade:
            raise TargetError("invalid_target",
                              f"调岗不能调往更高职级 {requested} (a transfer cannot go to a higher level)")
        return requested
    candidates = lower_levels(policy, from_level)
    if not candidates:
        raise TargetError("no_lower_level",
                          f"{policy.levels[from_level].name.zh} 已是最低职级，无法降级 (no lower level)")
    if requested:
        if requested not in candidates:
            raise TargetError("invalid_target",
                              f"{requested!r} 不是低一级的职级，可选：{'、'.join(candidates)} "
                              f"(not one grade lower)")
        return requested
    return candidates[0]


def position_reason(policy: Policy, from_level: str, to_level: str) -> str:
    """The position record's 变动类型: 横向 for a same-tier transfer, else 降级."""
    a, b = policy.levels.get(from_level), policy.levels.get(to_level)
    if a is not None and b is not None and a.tier == b.tier and a.grade == b.grade:
        return "横向"
    return "降级"
