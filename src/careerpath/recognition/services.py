"""Every state change of recognition: one service, one transaction, an audit event, notifications on commit.

Awards (评优): the metric rule of the policy's award proposes candidates for a period that is over
(``round_propose``, also run by ``careerpath propose-awards`` each month); HR or the department's manager
adjusts the nomination (leaves someone out or adds someone, always with a reason); HR submits it; the
approver the policy names (HR or the VP) approves, which grants each nominated person the award with a
certificate number and, where the policy says ``counts_as: internal_praise``, records an internal written
praise through the evidence services. Revoking an award removes that praise.

辅助晋级项 (contributions): the department's manager (客服经理) proposes a documented contribution to a
customer's revenue or margin with the finance document; the VP (分管副总) approves or rejects it. Approved
contributions are facts the engine reads (criterion kind ``bonus``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.attachments import CheckedFile
from careerpath.audit.services import audit_record
from careerpath.core.awards import Award as AwardDef
from careerpath.core.awards import period_bounds, period_label, propose
from careerpath.core.policy import Policy
from careerpath.errors import Conflict, InvalidInput
from careerpath.evaluation.store import eligibility_mark_stale
from careerpath.evidence.selectors import load_population
from careerpath.evidence.services import evidence_add, evidence_delete
from careerpath.notifications.services import notify
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import department_ancestor_ids
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.recognition.models import (
    Award,
    AwardRound,
    Candidate,
    CandidateSource,
    Contribution,
    ContributionKind,
    ContributionState,
    RoundState,
)
from careerpath.recognition.workflow import require_transition

User = AbstractBaseUser
MAX_REASON = 1000
# Qualified people below the top N kept on the round, so a nominator can add one with the rule's figures.
MAX_OTHERS = 30


def round_url(r: AwardRound) -> str:
    return f"/recognition/rounds/{r.pk}/"


def award_def(r: AwardRound) -> AwardDef:
    """The award as the round's policy version declares it."""
    policy = policy_of(r.policy_version)
    found = policy.awards.get(r.award)
    if found is None:  # the version is frozen, so this only happens with a hand-edited database
        raise Conflict(f"办法版本中没有奖项 {r.award!r} (the policy version has no such award)", code="unknown_award")
    return found


def round_title(r: AwardRound, *, lang: str = "zh") -> str:
    a = award_def(r)
    label = period_label(r.period, r.period_start).get(lang)
    return f"{label} {a.name.get(lang)}" if lang == "en" else f"{label}{a.name.get(lang)}"


def _users_with(role: Role) -> list[int]:
    return list(get_user_model().objects.filter(groups__name=role.value, is_active=True)
                .values_list("pk", flat=True).distinct())


def _managers_of(department_ids: Iterable[int]) -> list[int]:
    chain = {pk for d in department_ids for pk in department_ancestor_ids(department_id=d)}
    return list(Employee.objects.filter(department_id__in=chain, user__groups__name=Role.MANAGER.value,
                                        status=EmployeeStatus.ACTIVE, user__is_active=True)
                .values_list("user_id", flat=True).distinct())


def _lock(r: AwardRound) -> AwardRound:
    return AwardRound.objects.select_for_update(of=("self",)).select_related("policy_version").get(pk=r.pk)


def _reason(text: str, *, field: str = "reason", required: bool = True) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput("须填写理由 (a reason is required)", field=field, code="reason_required")
    if len(text) > MAX_REASON:
        raise InvalidInput(f"理由不超过 {MAX_REASON} 字 (at most {MAX_REASON} characters)", field=field,
                           code="too_long")
    return text


# ---------------------------------------------------------------------------------------------------
# Award rounds


def _policy_now() -> tuple[Any, Policy]:
    pv = active_version()
    if pv is None:
        raise Conflict("尚未发布生效的晋升办法 no active policy version", code="no_active_policy")
    return pv, policy_of(pv)


@transaction.atomic
def round_propose(*, actor: User | None, award: str, period_start: date, today: date) -> tuple[AwardRound, bool]:
    """Propose the candidates of ``award`` for the period beginning ``period_start`` (idempotent).

    Returns the round and whether it was created now; a round that exists is returned unchanged.
    ``actor=None`` is the monthly command. Refused while the period is not over.
    """
    if actor is not None:
        require_roles(actor, Role.HR, action="提出评优候选人")
    pv, policy = _policy_now()
    a = policy.awards.get(award)
    if a is None:
        raise InvalidInput(f"办法中没有奖项 {award!r}；已声明：{'、'.join(policy.awards) or '无'} (unknown award)",
                           field="award", code="unknown_award")
    start, end = period_bounds(a.period, period_start)
    existing = AwardRound.objects.filter(award=award, period_start=start).first()
    if existing is not None:
        return existing, False
    if end >= today:
        raise Conflict(f"评选周期至 {end.isoformat()} 才结束，结束后才能提出候选人 (the period is not over yet)",
                       field="period", code="period_not_over")
    proposal = propose(award=a, people=load_population(policy=policy).people.values(), period_start=start,
                       metrics=policy.metrics, incident_names=policy.evidence.incident_types)
    try:
        with transaction.atomic():  # a concurrent run may have created it: then that one stands
            r = AwardRound.objects.create(award=award, period=a.period, period_start=start, period_end=end,
                                          policy_version=pv, proposed_on=today,
                                          proposed_by=actor if actor is not None and actor.is_authenticated else None)
    except IntegrityError:
        return AwardRound.objects.get(award=award, period_start=start), False
    others = list(proposal.others[:MAX_OTHERS])
    nos = [c.employee_no for c in (*proposal.candidates, *others)]
    pk_of = dict(Employee.objects.filter(employee_no__in=nos).values_list("employee_no", "pk"))
    Candidate.objects.bulk_create([
        Candidate(round=r, employee_id=pk_of[c.employee_no], source=CandidateSource.RULE, proposed=top,
                  nominated=top, value=c.value, rank=c.rank, reason_zh=c.reason.zh, reason_en=c.reason.en)
        for top, group in ((True, proposal.candidates), (False, others)) for c in group])
    audit_record(actor=actor, action="recognition.propose", target=r, to_state=r.state,
                 data={"award": award, "period_start": start.isoformat(), "proposed": [c.employee_no for c in
                                                                                      proposal.candidates],
                       "qualified_below_top": len(proposal.others), "excluded": len(proposal.excluded)})
    depts = set(Employee.objects.filter(employee_no__in=[c.employee_no for c in proposal.candidates],
                                        department_id__isnull=False).values_list("department_id", flat=True))
    notify(user_ids=[*_users_with(Role.HR), *_managers_of(depts)],
           text=f"{round_title(r)}候选人已按规则提出（{len(proposal.candidates)} 人），请提名",
           url=round_url(r), event="recognition")
    return r, True


def _candidate_lock(c: Candidate) -> tuple[AwardRound, Candidate]:
    r = _lock(c.round)
    return r, Candidate.objects.select_for_update(of=("self",)).select_related("employee").get(pk=c.pk)


@transaction.atomic
def candidate_set(*, actor: User, candidate: Candidate, nominated: bool, reason: str = "") -> Candidate:
    """Nominate or leave out one candidate (HR, or the manager of their department).

    Going against the rule (leaving out someone it proposed, nominating someone it ranked below the top)
    needs a reason; following it again clears the reason.
    """
    r, c = _candidate_lock(candidate)
    require_transition(r.state, "adjust")
    authority.require_capacity(actor=actor, subject=c.employee, allowed={"hr", "manager"}, action="调整提名")
    deviates = nominated != c.proposed
    text = _reason(reason, required=deviates) if deviates else ""
    before = c.nominated
    c.nominated, c.nomination_reason, c.changed_by = nominated, text, actor
    c.save(update_fields=["nominated", "nomination_reason", "changed_by"])
    audit_record(actor=actor, action="recognition.nominate" if nominated else "recognition.leave_out", target=c,
                 reason=text, data={"round": r.pk, "employee": c.employee.employee_no, "before": before})
    return c


@transaction.atomic
def candidate_add(*, actor: User, round: AwardRound, employee: Employee, reason: str) -> Candidate:
    """Add someone the rule did not propose (HR, or the manager of their department), with a reason."""
    r = _lock(round)
    require_transition(r.state, "adjust")
    authority.require_capacity(actor=actor, subject=employee, allowed={"hr", "manager"}, action="增补提名")
    if employee.status != EmployeeStatus.ACTIVE:
        raise InvalidInput("仅在职员工可被提名 (only active employees)", field="employee", code="inactive")
    text = _reason(reason)
    found = Candidate.objects.select_for_update().filter(round=r, employee=employee).first()
    if found is not None:
        if found.nominated:
            raise Conflict("此人已在提名名单中 (already nominated)", field="employee", code="already_nominated")
        return candidate_set(actor=actor, candidate=found, nominated=True, reason=text)
    c = Candidate.objects.create(round=r, employee=employee, source=CandidateSource.ADDED, proposed=False,
                                 nominated=True, nomination_reason=text, changed_by=actor)
    audit_record(actor=actor, action="recognition.add", target=c, reason=text,
                 data={"round": r.pk, "employee": employee.employee_no})
    return c


@transaction.atomic
def round_nominate(*, actor: User, round: AwardRound, today: date, note: str = "") -> AwardRound:
    """HR submits the nomination for approval by the approver the policy names."""
    require_roles(actor, Role.HR, action="提交提名")
    r = _lock(round)
    require_transition(r.state, "nominate")
    chosen = list(r.candidates.filter(nominated=True).select_related("employee"))
    if not chosen:
        raise InvalidInput("提名名单为空，请至少提名一人，或关闭本轮 (nobody is nominated)", code="no_nominees")
    r.state, r.nominated_on, r.nominated_by = RoundState.NOMINATED, today, actor
    r.nomination_note = _reason(note, field="note", required=False)
    r.save(update_fields=["state", "nominated_on", "nominated_by", "nomination_note", "updated_at"])
    a = award_def(r)
    audit_record(actor=actor, action="recognition.submit", target=r, from_state=RoundState.PROPOSED,
                 to_state=r.state, data={"nominated": [c.employee.employee_no for c in chosen]})
    approvers = _users_with(Role.VP if a.approver == "vp" else Role.HR)
    notify(user_ids=approvers, text=f"{round_title(r)}提名（{len(chosen)} 人）待您审批", url=round_url(r),
           event="recognition")
    return r


def _require_approver(actor: User, r: AwardRound, action: str) -> AwardDef:
    a = award_def(r)
    authority.require_workflow_roles(actor=actor, allowed={a.approver}, action=action)
    return a


def certificate_number(r: AwardRound, index: int) -> str:
    """荣誉证书编号: the period, the round and the winner's place in it (unique with the round's id)."""
    stamp = f"{r.period_start:%Y%m}" if r.period == "month" else f"{r.period_start:%Y}"
    return f"RY{stamp}-{r.pk:03d}-{index:02d}"


@transaction.atomic
def round_approve(*, actor: User, round: AwardRound, today: date, note: str = "") -> AwardRound:
    """The approver grants the award to every nominated person: certificate numbers and, where the policy
    says so, an internal written praise each (through the evidence services, one source)."""
    r = _lock(round)
    a = _require_approver(actor, r, "审批评优")
    require_transition(r.state, "approve")
    chosen = list(r.candidates.filter(nominated=True).select_related("employee")
                  .order_by("-proposed", "rank", "employee__employee_no"))
    authority.require_not_subject(actor=actor, subjects=[c.employee for c in chosen], action="审批评优")
    policy = policy_of(r.policy_version)
    title = round_title(r)
    awards = []
    for i, c in enumerate(chosen, start=1):
        number = certificate_number(r, i)
        praise = None
        if a.counts_as == "internal_praise":
            praise = evidence_add(actor=None, kind="praise", employee=c.employee, date=today, source="internal",
                                  note=f"荣获{title}（荣誉证书 {number}）", created_by=actor, policy=policy,
                                  reason=f"评优审批 {title}")
        awards.append(Award.objects.create(round=r, candidate=c, employee=c.employee, certificate_no=number,
                                           granted_on=today, praise=praise))
    r.state, r.decided_on, r.decided_by = RoundState.APPROVED, today, actor
    r.decision_note = _reason(note, field="note", required=False)
    r.save(update_fields=["state", "decided_on", "decided_by", "decision_note", "updated_at"])
    if a.counts_as == "internal_praise":
        eligibility_mark_stale(employee_ids=[c.employee_id for c in chosen])
    audit_record(actor=actor, action="recognition.approve", target=r, from_state=RoundState.NOMINATED,
                 to_state=r.state, data={"awards": {aw.certificate_no: aw.employee.employee_no for aw in awards}})
    for aw in awards:
        notify(user_ids=[aw.employee.user_id], text=f"恭喜您荣获{title}！荣誉证书编号 {aw.certificate_no}",
               url="/recognition/mine/", event="recognition")
    notify(user_ids=[r.nominated_by_id], text=f"{title}已批准，获奖 {len(awards)} 人", url=round_url(r),
           event="recognition")
    # Each winner's department hears of it in its group (a robot that relays recognition), once per department.
    by_dept: dict[int, list[str]] = {}
    for aw in awards:
        if aw.employee.department_id is not None:
            by_dept.setdefault(aw.employee.department_id, []).append(aw.employee.name)
    for dept_id, names in sorted(by_dept.items()):
        notify(user_ids=[], text=f"祝贺 {'、'.join(names)} 荣获{title}！", url="/recognition/awards/",
               event="recognition", department_ids=[dept_id])
    return r


@transaction.atomic
def round_return(*, actor: User, round: AwardRound, reason: str) -> AwardRound:
    """The approver sends the nomination back to HR with a reason (nominated → proposed)."""
    r = _lock(round)
    _require_approver(actor, r, "退回提名")
    require_transition(r.state, "return")
    text = _reason(reason)
    r.state = RoundState.PROPOSED
    r.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action="recognition.return", target=r, from_state=RoundState.NOMINATED,
                 to_state=r.state, reason=text)
    notify(user_ids=[r.nominated_by_id], text=f"{round_title(r)}提名被退回：{text}", url=round_url(r),
           event="recognition")
    return r


@transaction.atomic
def round_close(*, actor: User, round: AwardRound, reason: str) -> AwardRound:
    """HR closes a round without an award (nobody deserving, a period to skip), with a reason."""
    require_roles(actor, Role.HR, action="关闭评选")
    r = _lock(round)
    before = r.state
    require_transition(r.state, "close")
    text = _reason(reason)
    r.state, r.decision_note = RoundState.CLOSED, text
    r.save(update_fields=["state", "decision_note", "updated_at"])
    audit_record(actor=actor, action="recognition.close", target=r, from_state=before, to_state=r.state, reason=text)
    return r


@transaction.atomic
def award_revoke(*, actor: User, award: Award, reason: str, today: date) -> Award:
    """HR revokes an award; the internal praise it was recorded as is removed with it."""
    require_roles(actor, Role.HR, action="撤销奖项")
    aw = Award.objects.select_for_update(of=("self",)).select_related("employee", "praise").get(pk=award.pk)
    if aw.revoked_on is not None:
        raise Conflict("该奖项已撤销 (already revoked)", code="already_revoked")
    text = _reason(reason)
    praise = aw.praise
    aw.revoked_on, aw.revoked_by, aw.revoked_reason, aw.praise = today, actor, text, None
    aw.save(update_fields=["revoked_on", "revoked_by", "revoked_reason", "praise"])
    if praise is not None:
        evidence_delete(actor=actor, record=praise, reason=f"撤销奖项 {aw.certificate_no}：{text}")
        eligibility_mark_stale(employee_ids=[aw.employee_id])
    audit_record(actor=actor, action="recognition.revoke", target=aw, reason=text,
                 data={"certificate_no": aw.certificate_no, "employee": aw.employee.employee_no})
    notify(user_ids=[aw.employee.user_id], text=f"您的奖项（证书 {aw.certificate_no}）已被撤销：{text}",
           url="/recognition/mine/", event="recognition")
    return aw


# ---------------------------------------------------------------------------------------------------
# 辅助晋级项: contributions to a customer's revenue or margin


def _decimal(value: Any, field: str, *, maximum: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput("应为数字 (must be a number)", field=field, code="not_a_number") from None
    if not d.is_finite() or d <= 0 or d > maximum:
        raise InvalidInput(f"应为大于 0、不超过 {maximum} 的数 (must be > 0 and ≤ {maximum})", field=field,
                           code="out_of_range")
    return d.quantize(Decimal("0.01"))


@transaction.atomic
def contribution_propose(*, actor: User, employee: Employee, kind: str, customer: str, year: int,
                         description: str, attachment: CheckedFile | None, today: date,
                         amount: Any = None, percent: Any = None) -> Contribution:
    """The department's manager (客服经理) proposes a contribution with its finance document (财务数据为准)."""
    authority.require_capacity(actor=actor, subject=employee, allowed={"manager"}, action="提报辅助晋级项")
    if kind not in ContributionKind.values:
        raise InvalidInput("贡献类型应为拓展客户收入或提高客户毛利 (revenue or margin)", field="kind", code="invalid_kind")
    customer = (customer or "").strip()
    if not customer or len(customer) > 200:
        raise InvalidInput("须填写客户名称（不超过 200 字） (a customer name is required)", field="customer",
                           code="customer_required")
    if isinstance(year, bool) or not isinstance(year, int) or not today.year - 2 <= year <= today.year:
        raise InvalidInput(f"年度应为 {today.year - 2}–{today.year} (the year must be recent)", field="year",
                           code="invalid_year")
    amt = _decimal(amount, "amount", maximum=Decimal("999999999999"))
    pct = _decimal(percent, "percent", maximum=Decimal("1000"))
    if amt is None and pct is None:
        raise InvalidInput("须填写金额或提升幅度 (an amount or a percentage is required)", field="amount",
                           code="amount_required")
    description = (description or "").strip()
    if not description or len(description) > 2000:
        raise InvalidInput("须填写说明（不超过 2000 字） (a description is required)", field="description",
                           code="description_required")
    if attachment is None:
        raise InvalidInput("须附财务数据（PDF 或图片） (the finance document is required)", field="attachment",
                           code="attachment_required")
    c = Contribution(employee=employee, kind=kind, customer=customer, year=year, amount=amt, percent=pct,
                     description=description, proposed_on=today, proposed_by=actor,
                     attachment_name=attachment.name, attachment_type=attachment.content_type,
                     attachment_size=attachment.size, attachment_sha256=attachment.sha256)
    # Written last, after every check: a refused proposal leaves no file behind.
    c.attachment.save(f"contribution{attachment.suffix}", ContentFile(attachment.content), save=False)
    c.save()
    audit_record(actor=actor, action="recognition.contribution_propose", target=c, to_state=c.state,
                 data={"employee": employee.employee_no, "kind": kind, "customer": customer, "year": year,
                       "amount": str(amt) if amt is not None else None,
                       "percent": str(pct) if pct is not None else None, "sha256": c.attachment_sha256})
    notify(user_ids=_users_with(Role.VP), text=f"{employee.name}的辅助晋级项（{customer}）待您审核",
           url="/recognition/contributions/", event="recognition")
    return c


@transaction.atomic
def contribution_decide(*, actor: User, contribution: Contribution, approve: bool, today: date,
                        note: str = "") -> Contribution:
    """The VP (分管副总) approves or rejects a proposed contribution; a rejection needs a reason."""
    c = Contribution.objects.select_for_update(of=("self",)).select_related("employee").get(pk=contribution.pk)
    authority.require_capacity(actor=actor, subject=c.employee, allowed={"vp"}, action="审核辅助晋级项")
    if c.state != ContributionState.PROPOSED:
        raise Conflict("该辅助晋级项已审核 (already decided)", code="invalid_transition")
    text = _reason(note, field="note", required=not approve)
    c.state = ContributionState.APPROVED if approve else ContributionState.REJECTED
    c.decided_on, c.decided_by, c.decision_note = today, actor, text
    c.save(update_fields=["state", "decided_on", "decided_by", "decision_note"])
    if approve:
        eligibility_mark_stale(employee_ids=[c.employee_id])
    audit_record(actor=actor, action="recognition.contribution_decide", target=c,
                 from_state=ContributionState.PROPOSED, to_state=c.state, reason=text)
    verdict = "已审核通过" if approve else f"未通过：{text}"
    notify(user_ids=[c.proposed_by_id, c.employee.user_id],
           text=f"{c.employee.name}的辅助晋级项（{c.customer}）{verdict}", url="/recognition/contributions/",
           event="recognition")
    return c
