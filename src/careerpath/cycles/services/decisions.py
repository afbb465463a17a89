"""The committee (评定小组): decisions with reasons, then the applications of the selected."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.policy import Policy
from careerpath.core.workflow import STEP_ACTIONS, Route, State
from careerpath.core.workflow import machine_for as promotion_machine_for
from careerpath.cycles.models import Candidate, Cycle, Decision
from careerpath.cycles.selectors import quota_groups_of
from careerpath.cycles.services._common import (
    User,
    _activity,
    _check,
    _lock,
    _no_open_applications,
    _not_about_themself,
    _policy,
    _transition,
)
from careerpath.errors import Conflict, InvalidInput
from careerpath.notifications.services import notify
from careerpath.people.models import Position
from careerpath.people.selectors import positions_current
from careerpath.promotions.models import Application


def _decide(actor: User, c: Cycle, x: Candidate, selected: bool, reason: str) -> Candidate:
    if x.rank is None:
        raise Conflict(f"{x.employee.employee_no} 未参加排名（未提名、未计分或计分时不符合条件），不能决定 (not ranked)",
                       code="not_ranked")
    deviation = selected != x.in_quota
    if deviation and not reason.strip():
        what = "名额外入选" if selected else "名额内未入选"
        raise InvalidInput(f"{x.employee.employee_no}（排名第{x.rank}）{what}，须写明理由 (a deviation from the "
                           "proposal needs a written reason)", code="reason_required", field="reason")
    old = x.decision
    x.decision = Decision.SELECTED if selected else Decision.NOT_SELECTED
    x.decision_reason, x.decided_by, x.decided_at = reason, actor, timezone.now()
    x.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    audit_record(actor=actor, action="candidate.decide", target=x, from_state=old, to_state=x.decision,
                 reason=reason, data={"cycle": c.year, "employee_no": x.employee.employee_no, "move": x.move_id,
                                      "rank": x.rank, "in_quota": x.in_quota, "deviation": deviation})
    return x


@transaction.atomic
def candidate_decide(*, actor: User, candidate: Candidate, selected: bool, reason: str = "") -> Candidate:
    """Record the committee's decision on one ranked candidate; deviating from the proposal needs a reason."""
    require_roles(actor, Role.COMMITTEE, action="评定小组决定")
    c = _lock(candidate.cycle)
    _activity(c, "decide", "作出评定决定")
    x = Candidate.objects.select_for_update().select_related("employee").get(pk=candidate.pk)
    _not_about_themself(actor, [x.employee], "作出评定决定")
    return _decide(actor, c, x, selected, reason)


@transaction.atomic
def cycle_accept_proposal(*, actor: User, cycle: Cycle) -> int:
    """Decide every undecided ranked candidate as proposed (within quota → selected); return how many."""
    require_roles(actor, Role.COMMITTEE, action="评定小组决定")
    c = _lock(cycle)
    _activity(c, "decide", "作出评定决定")
    pending = list(Candidate.objects.select_for_update().select_related("employee").filter(
        cycle=c, rank__isnull=False, decision=Decision.PENDING).order_by("move_id", "rank"))
    _not_about_themself(actor, [x.employee for x in pending], "作出评定决定")
    for x in pending:
        _decide(actor, c, x, x.in_quota, "")
    return len(pending)


def _step(actor: User, app: Application, action: str, reason: str, data: dict[str, Any], policy: Policy) -> None:
    """Move a cycle application one step along the shared workflow (route cycle, the policy's chain), audited."""
    # The same table as individual applications; the cycle's own checks stood in for the permission.
    t = promotion_machine_for(policy.process).transition_for(State(app.state), action, Route.CYCLE.value)
    old = app.state
    app.state = t.target.value
    app.save()
    audit_record(actor=actor, action=f"application.{action}", target=app, from_state=old, to_state=app.state,
                 reason=reason, data=data)


def _application_for(actor: User, c: Cycle, x: Candidate, position: Position, policy: Policy) -> Application:
    """Create the selected candidate's application and bring it to the committee's decision.

    The cycle's own procedure stands in for the individual reviews: the department's nomination for
    the supervisor's and manager's reviews, the committee's scoring and ranking for the review report.
    The audit trail says so — every step is recorded with the committee member who concluded as the
    actor and "年度评选 {Y}" as the reason, naming who nominated and how the candidate ranked.
    """
    y = c.year
    nominator = x.nominated_by.get_username() if x.nominated_by_id else "-"
    levels = policy.levels
    app = Application.objects.create(
        employee=x.employee, move_id=x.move_id, move_type=x.move_type, from_level=x.from_level,
        to_level=x.to_level, route=Route.CYCLE.value, policy_version=c.policy_version, applied_by=actor,
        statement=f"年度评选 {y}：{x.department_name or '-'} 综合评选提报",
        as_of=c.as_of, eligible=True, position_before=position,
        snapshot={**x.snapshot, "cycle": y, "eligible": True,
                  "score": {"business": str(x.business), "exam": str(x.exam), "appraisal": str(x.appraisal),
                            "total": str(x.total), "rank": x.rank, "in_quota": x.in_quota}},
        interview_note=f"年度评选 {y}：以部门综合评选提报代替个别面谈",
        review_report=(f"年度评选 {y}：{levels[x.from_level].name.zh}→{levels[x.to_level].name.zh} 总分 {x.total}"
                       f"（B {x.business} / E {x.exam} / A {x.appraisal}），排名第 {x.rank}"
                       f"{'，名额内' if x.in_quota else '，名额外'}"),
        manager_note=x.nomination_note,
        committee_note=x.decision_reason or f"年度评选 {y}：名额内入选",
    )
    data = {"cycle": y, "candidate": x.pk}
    audit_record(actor=actor, action="application.create", target=app, to_state=app.state,
                 reason=f"年度评选 {y}", data={**data, "move": x.move_id, "route": Route.CYCLE.value})
    _step(actor, app, "submit", f"年度评选 {y}：候选名单资格审查（评定日期 {c.as_of}）", data, policy)
    reasons = {
        "supervisor": f"年度评选 {y}：以评定小组统一评分代替个别评审",
        "manager": f"年度评选 {y}：部门综合评选提报（{nominator}）",
        "committee": f"年度评选 {y}：评定小组决定入选，排名第 {x.rank}"
                     + (f"；理由：{x.decision_reason}" if x.decision_reason else ""),
    }
    # The policy's cycle chain up to the VP: the VP's step is the cycle's own (cycle_vp_approve).
    chain = [step for step in policy.process.cycle_review_steps if step in STEP_ACTIONS]
    for step in chain[:chain.index("vp")] if "vp" in chain else chain:
        _step(actor, app, STEP_ACTIONS[step], reasons.get(step, f"年度评选 {y}"), data, policy)
    return app


@transaction.atomic
def cycle_conclude(*, actor: User, cycle: Cycle) -> Cycle:
    """The committee concludes: every ranked candidate decided, every group under a quota; applications created."""
    c = _lock(cycle)
    _check(actor, c, "conclude")
    ranked = list(Candidate.objects.select_for_update(of=("self",)).select_related("employee", "nominated_by").filter(
        cycle=c, rank__isnull=False).order_by("move_id", "rank"))
    if not ranked:
        raise Conflict("尚未计分排名 (score and rank first)", code="not_scored")
    pending = [x.employee.employee_no for x in ranked if x.decision == Decision.PENDING]
    if pending:
        raise Conflict(f"尚有 {len(pending)} 名候选人未决定 (undecided candidates)", code="decisions_pending",
                       details={"employee_nos": pending})
    unquoted = sorted({g.move_id for g in quota_groups_of(c) if g.rule is None and any(
        m.rank is not None for m in g.members)})
    if unquoted:
        raise Conflict(f"以下晋升路径尚未设置名额：{'、'.join(unquoted)} (quota missing)", code="quota_missing",
                       details={"moves": unquoted})
    _not_about_themself(actor, [x.employee for x in ranked], "作出评定决定")
    selected = [x for x in ranked if x.decision == Decision.SELECTED]
    _no_open_applications([x.employee_id for x in selected])
    current = positions_current(employee_ids=[x.employee_id for x in selected])
    moved = [x.employee.employee_no for x in selected
             if x.employee_id not in current or current[x.employee_id].level != x.from_level]
    if moved:
        raise Conflict(f"职级已变动，与候选名单不一致：{'、'.join(moved)} (level changed since opening)",
                       code="position_changed", details={"employee_nos": moved})
    c = _transition(actor, c, "conclude", data={
        "selected": len(selected), "ranked": len(ranked),
        "deviations": sum(1 for x in ranked if (x.decision == Decision.SELECTED) != x.in_quota)})
    policy = _policy(c)
    for x in selected:
        x.application = _application_for(actor, c, x, current[x.employee_id], policy)
    Candidate.objects.bulk_update(selected, ["application"])
    text = f"您已入选 {c.year} 年度评选，待分管副总审批后公示"
    # Each message links to the person's own application page, as every notification links to a page.
    for x in selected:
        notify(user_ids=[x.employee.user_id], text=text, url=f"/applications/{x.application.pk}/", event="cycle")
    return c
