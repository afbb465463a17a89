"""Every state change of discipline: incidents and their consequences, demotion cases, documents.

One service per change, one transaction, row locks where two people could race, an audit event in the
same transaction. Permission checks live here, so the API, the admin and commands cannot bypass them.
``actor=None`` means the system itself (the demo loader, scheduled commands).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.audit.services import audit_record
from careerpath.core.policy import Policy
from careerpath.discipline import rules
from careerpath.discipline.models import AllowanceDeduction, CaseDecision, CaseDocument, DemotionCase
from careerpath.discipline.workflow import (
    LABELS,
    MACHINE,
    OPEN,
    CaseState,
    Proposal,
    TargetError,
    Transition,
    demotion_target,
    position_reason,
)
from careerpath.errors import Conflict, Forbidden, InvalidInput, ServiceError
from careerpath.evidence.models import Incident
from careerpath.people.models import Employee, Position
from careerpath.people.selectors import position_current
from careerpath.people.services import employee_lock, position_change
from careerpath.policy_versions.selectors import active_policy

User = AbstractBaseUser

# Scanned letters and photos of a 红头文件 fit easily; anything larger is a video and belongs elsewhere.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _today() -> date:
    # careerpath.clock is the application's one clock (CAREERPATH_TODAY pins it for tests and demos).
    return clock.today()


# ---------------------------------------------------------------------------------------------------
# Who may act


def capacities(actor: User | None, employee: Employee) -> frozenset[str]:
    """The capacities ``actor`` holds towards ``employee`` (see ``accounts.authority``).

    Nobody decides about themself, whatever their roles: the subject gets only "self".
    """
    return authority.capacities(actor=actor, subject=employee)


def _require(actor: User | None, employee: Employee, allowed: Iterable[str], action: str,
             extra: Iterable[str] = ()) -> frozenset[str]:
    return authority.require_capacity(actor=actor, subject=employee, allowed=allowed, action=action, extra=extra)


def _is_hr(actor: User | None) -> bool:
    if actor is None:
        return True
    return bool(user_roles(user=actor) & {Role.HR, Role.ADMIN})


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


# ---------------------------------------------------------------------------------------------------
# Positions


def _position_on(employee: Employee, day: date) -> Position | None:
    """The position covering ``day`` (the latest start wins when imported rows overlap)."""
    return (Position.objects.filter(employee=employee, start_on__lte=day)
            .filter(Q(end_on__isnull=True) | Q(end_on__gte=day)).order_by("-start_on", "-pk").first())


# ---------------------------------------------------------------------------------------------------
# Documents


@dataclass(frozen=True, slots=True)
class DocumentUpload:
    """A document to attach: file bytes, a written statement, or both."""

    file_name: str
    content: bytes | None = None
    text: str = ""


def _clean_upload(upload: DocumentUpload) -> DocumentUpload:
    name = (upload.file_name or "").strip().replace("\\", "/").rsplit("/", 1)[-1][:255]
    content = upload.content or None
    text = (upload.text or "").strip()
    if not name:
        raise InvalidInput("证据材料须有文件名或标题 (a document needs a file name or title)", field="file_name")
    if content is None and not text:
        raise InvalidInput(f"证据材料「{name}」为空：请上传文件或填写内容 (empty document)", code="empty_document",
                           field="documents")
    if content is not None and len(content) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"证据材料「{name}」超过 {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB (document too large)",
                           code="document_too_large", field="documents")
    return DocumentUpload(file_name=name, content=content, text=text)


def _store_document(*, actor: User | None, upload: DocumentUpload, case: DemotionCase | None = None,
                    incident: Incident | None = None) -> CaseDocument:
    doc = CaseDocument(case=case, incident=incident, file_name=upload.file_name, text=upload.text,
                       uploaded_by=_user(actor))
    if upload.content is not None:
        doc.size = len(upload.content)
        doc.sha256 = hashlib.sha256(upload.content).hexdigest()
        # The file is written before the row commits; a rolled-back transaction leaves an orphan file
        # behind, which is harmless (never referenced) and preferable to a row pointing at nothing.
        doc.file.save(upload.file_name, ContentFile(upload.content), save=False)
    doc.save()
    audit_record(actor=actor, action="discipline_document.add", target=doc,
                 data={"case": case.pk if case else None, "incident": incident.pk if incident else None,
                       "file_name": doc.file_name, "size": doc.size, "sha256": doc.sha256})
    return doc


@transaction.atomic
def case_document_add(*, actor: User | None, case: DemotionCase, upload: DocumentUpload) -> CaseDocument:
    """Attach a document to an open case's evidence packet (the reviewers, HR, or who opened it)."""
    upload = _clean_upload(upload)
    c = DemotionCase.objects.select_for_update().select_related("employee").get(pk=case.pk)
    _require(actor, c.employee, {"supervisor", "manager", "hr", "opener", "system"}, "补充证据材料",
             extra=_opener(actor, c))
    if c.state_enum not in OPEN:
        raise Conflict("案件已结束，不能再补充材料 (the case is closed)", code="case_closed")
    return _store_document(actor=actor, upload=upload, case=c)


@transaction.atomic
def incident_document_add(*, actor: User | None, incident: Incident, upload: DocumentUpload) -> CaseDocument:
    """Attach a document to an incident (it then belongs to every case that links the incident)."""
    upload = _clean_upload(upload)
    inc = Incident.objects.select_related("employee").get(pk=incident.pk)
    _require(actor, inc.employee, {"supervisor", "manager", "hr", "system"}, "补充事故材料")
    return _store_document(actor=actor, upload=upload, incident=inc)


# ---------------------------------------------------------------------------------------------------
# Incidents and their consequences


@dataclass(slots=True)
class IncidentOutcome:
    incident: Incident
    deduction: AllowanceDeduction | None = None
    case: DemotionCase | None = None
    case_opened: bool = False  # False when the incident joined a case already open
    documents: list[CaseDocument] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why a consequence did not apply, for the UI


def incident_check(*, actor: User | None, employee: Employee, date: date, type: str,
                   policy: Policy | None = None, note: str = "") -> None:
    """Raise the error :func:`incident_record` would raise for these values, writing nothing.

    Forms call it to show the error next to the field before anything is saved.
    """
    policy = policy or active_policy()
    _require(actor, employee, {"supervisor", "manager", "hr", "system"}, "登记事故")
    _check_note(note)
    if type not in policy.evidence.incident_types:
        raise InvalidInput(f"未知事故类型 {type!r}，应为：{'、'.join(policy.evidence.incident_types)} "
                           f"(unknown incident type)", code="unknown_incident_type", field="type")
    if date > _today():
        raise InvalidInput(f"事故日期 {date} 晚于今天 (the date is in the future)", code="future_date",
                           field="date")


def _check_note(note: str) -> None:
    # The same bound as the workbook's 说明 column and the other evidence records.
    limit = Incident._meta.get_field("note").max_length
    if limit is not None and len((note or "").strip()) > limit:
        raise InvalidInput(f"说明过长：{len(note.strip())} 个字符，最多 {limit} 个 (the note is too long)",
                           code="too_long", field="note")


@transaction.atomic
def incident_record(*, actor: User | None, employee: Employee, date: date, type: str, note: str = "",
                    documents: Sequence[DocumentUpload] = (), deduction_amount: Decimal | None = None
                    ) -> IncidentOutcome:
    """Record an incident (事故) and, in the same transaction, what the policy attaches to it.

    重大事故 / 重大投诉 / 红头文件通报 withhold that month's allowance when the person then held a senior or
    expert level (HR may give a partial ``deduction_amount``); 触犯高压线 opens a demotion case one level
    down, or joins the evidence of the case already open. Supervisors of the person, managers of the
    department and HR may record.
    """
    policy = active_policy()
    incident_check(actor=actor, employee=employee, date=date, type=type, policy=policy, note=note)
    deducting = type in rules.deduction_incident_types(policy)
    if deduction_amount is not None:
        if not _is_hr(actor):
            raise Forbidden("只有人力资源部可以确定部分扣减金额 (only HR may set a partial amount)",
                            code="forbidden_role")
        if not deducting:
            raise InvalidInput(f"{type} 不扣减津贴，不能填写扣减金额 (this incident type deducts nothing)",
                               field="deduction_amount")
        if deduction_amount < 0:
            raise InvalidInput("扣减金额不能为负 (the amount cannot be negative)", field="deduction_amount")
    uploads = [_clean_upload(u) for u in documents]
    note = (note or "").strip()

    # Lock the person: the month's deduction cap and the one-open-case rule read, then write.
    emp = Employee.objects.select_for_update().get(pk=employee.pk)
    if Incident.objects.filter(employee=emp, date=date, type=type, note=note).exists():
        raise Conflict(f"{emp.employee_no} 在 {date} 已登记相同的{type} (already recorded)", code="duplicate_incident")
    incident = Incident.objects.create(employee=emp, date=date, type=type, note=note, created_by=_user(actor))
    audit_record(actor=actor, action="incident.record", target=incident, reason=note,
                 data={"employee": emp.employee_no, "date": date.isoformat(), "type": type})
    out = IncidentOutcome(incident=incident)
    out.documents = [_store_document(actor=actor, upload=u, incident=incident) for u in uploads]

    if deducting:
        out.deduction = _deduct(actor=actor, policy=policy, employee=emp, incident=incident,
                                requested=deduction_amount, notes=out.notes)
    if type in rules.demotion_incident_types(policy):
        out.case, out.case_opened = _case_for_red_line(actor=actor, policy=policy, employee=emp, incident=incident)
    return out


@transaction.atomic
def incident_change(*, actor: User | None, incident: Incident, note: str) -> Incident:
    """Correct an incident's description. Its person, date and type carry its consequences, so they are
    corrected by deleting the incident (:func:`incident_delete`) and recording it again."""
    inc = Incident.objects.select_for_update().select_related("employee").get(pk=incident.pk)
    _require(actor, inc.employee, {"supervisor", "manager", "hr", "system"}, "修改事故记录")
    before, note = inc.note, (note or "").strip()
    if note == before:
        return inc
    _check_note(note)
    if Incident.objects.filter(employee=inc.employee, date=inc.date, type=inc.type, note=note).exclude(
            pk=inc.pk).exists():
        raise Conflict(f"{inc.employee.employee_no} 在 {inc.date} 已登记相同的{inc.type} (already recorded)",
                       code="duplicate_incident", field="note")
    inc.note = note
    inc.save(update_fields=["note", "updated_at"])
    audit_record(actor=actor, action="incident.change", target=inc, reason=note,
                 data={"changed": {"note": [before, note]}})
    return inc


@transaction.atomic
def incident_delete(*, actor: User | None, incident: Incident, reason: str = "") -> None:
    """Delete a wrongly recorded incident and undo what it caused (HR).

    Its allowance deductions are removed with it. An incident that is evidence of a demotion case still
    open, approved or in effect stays: the case is rejected or withdrawn first. Links to closed
    (rejected, withdrawn) cases are removed; the audit events keep what was deleted.
    """
    inc = Incident.objects.select_related("employee").get(pk=incident.pk)
    _require(actor, inc.employee, {"hr", "system"}, "删除事故记录")
    Employee.objects.select_for_update().get(pk=inc.employee_id)  # the month's deductions are read, then written
    cases = list(inc.demotion_cases.select_for_update().order_by("pk"))
    live = [c for c in cases if c.state_enum not in {CaseState.REJECTED, CaseState.WITHDRAWN}]
    if live:
        listed = "、".join(f"#{c.pk}（{LABELS[c.state_enum][0]}）" for c in live)
        raise Conflict(f"该事故是降级案件 {listed} 的证据：请先驳回或撤回案件再删除 "
                       f"(evidence of a demotion case that is not closed)", code="incident_in_case")
    for c in cases:
        c.incidents.remove(inc)
        audit_record(actor=actor, action="demotion_case.unlink_incident", target=c, reason=reason,
                     data={"incident": inc.pk})
    for d in list(inc.allowance_deductions.all()):
        audit_record(actor=actor, action="allowance_deduction.delete", target=d, reason=reason,
                     data={"employee": inc.employee.employee_no, "month": d.month.isoformat(),
                           "amount": str(d.amount), "incident": inc.pk})
        d.delete()
    documents = list(inc.discipline_documents.values_list("pk", "file_name"))
    audit_record(actor=actor, action="incident.delete", target=inc, reason=reason,
                 data={"employee": inc.employee.employee_no, "date": inc.date.isoformat(), "type": inc.type,
                       "note": inc.note, "documents": [list(d) for d in documents]})
    inc.delete()


def _deduct(*, actor: User | None, policy: Policy, employee: Employee, incident: Incident,
            requested: Decimal | None, notes: list[str]) -> AllowanceDeduction | None:
    pos = _position_on(employee, incident.date)
    level = pos.level if pos is not None else None
    if level not in rules.deduct_allowance_levels(policy):
        notes.append(f"事故当日职级为{rules.level_name(policy, level) or '未知'}，不享受高级/资深津贴，无需扣减 "
                     f"(no senior/expert allowance to deduct)")
        return None
    full = rules.monthly_allowance(policy, level)
    if requested is not None and requested > full:
        raise InvalidInput(f"扣减金额 {requested} 超过当月津贴标准 {full} (more than the monthly allowance)",
                           field="deduction_amount")
    month = rules.month_start(incident.date)
    already = (AllowanceDeduction.objects.filter(employee=employee, month=month)
               .aggregate(s=Sum("amount"))["s"] or Decimal("0")).quantize(rules.CENT)
    # A month's allowance can be withheld once: a second incident in the month takes what is left,
    # and still gets its row (possibly 0) so the incident's consequence stays visible.
    wanted = (requested if requested is not None else full).quantize(rules.CENT)
    amount = max(Decimal("0.00"), min(wanted, full - already))
    reason = f"{incident.date:%Y-%m-%d} {incident.type}" + (f"：{incident.note}" if incident.note else "")
    if amount < wanted:
        reason += f"（当月津贴已扣减 {already}，本次扣减 {amount}）"
    d = AllowanceDeduction.objects.create(employee=employee, month=month, level=level or "", amount=amount,
                                          reason=reason, incident=incident, created_by=_user(actor))
    audit_record(actor=actor, action="allowance_deduction.create", target=d, reason=reason,
                 data={"employee": employee.employee_no, "month": month.isoformat(), "level": level,
                       "amount": str(amount), "full": str(full), "incident": incident.pk})
    return d


def _case_for_red_line(*, actor: User | None, policy: Policy, employee: Employee,
                       incident: Incident) -> tuple[DemotionCase, bool]:
    existing = DemotionCase.objects.select_for_update().filter(
        employee=employee, state__in=[s.value for s in OPEN]).first()
    if existing is not None:
        existing.incidents.add(incident)
        audit_record(actor=actor, action="demotion_case.link_incident", target=existing,
                     data={"incident": incident.pk})
        return existing, False
    cur = position_current(employee=employee)
    from_level = cur.level if cur is not None else ""
    try:
        to_level = demotion_target(policy, from_level, Proposal.ONE_LEVEL_DOWN)
    except TargetError:
        # Someone at the lowest level (or without a position) still gets a case, so the incident is
        # reviewed; the reviewers amend it to a transfer or reject it, and HR cannot approve it as is.
        to_level = ""
    reason = f"触犯高压线（{incident.date:%Y-%m-%d}）" + (f"：{incident.note}" if incident.note else "")
    case = _case_create(actor=actor, employee=employee, proposal=Proposal.ONE_LEVEL_DOWN, reason=reason,
                        from_level=from_level, to_level=to_level, incidents=[incident])
    return case, True


# ---------------------------------------------------------------------------------------------------
# Demotion cases


def _case_create(*, actor: User | None, employee: Employee, proposal: Proposal, reason: str, from_level: str,
                 to_level: str, incidents: Sequence[Incident]) -> DemotionCase:
    try:
        with transaction.atomic():  # a savepoint: losing the one-open-case race must not poison the caller
            case = DemotionCase.objects.create(employee=employee, opened_by=_user(actor), proposal=proposal.value,
                                               reason=reason, from_level=from_level, to_level=to_level)
    except IntegrityError:
        raise Conflict(f"{employee.employee_no} 已有进行中的降级案件 (a case is already open)",
                       code="case_already_open") from None
    if incidents:
        case.incidents.add(*incidents)
    CaseDecision.objects.create(case=case, action="open", from_state="", to_state=case.state, actor=_user(actor),
                                note=reason)
    audit_record(actor=actor, action="demotion_case.open", target=case, to_state=case.state, reason=reason,
                 data={"employee": employee.employee_no, "proposal": proposal.value, "from_level": from_level,
                       "to_level": to_level, "incidents": [i.pk for i in incidents]})
    return case


def _target(policy: Policy, from_level: str, proposal: Proposal, to_level: str | None) -> str:
    try:
        return demotion_target(policy, from_level, proposal, to_level)
    except TargetError as exc:
        raise InvalidInput(exc.message, code=exc.code, field="to_level") from None


def _proposal(value: str | Proposal) -> Proposal:
    try:
        return Proposal(value)
    except ValueError:
        raise InvalidInput(f"处理建议应为 {'、'.join(p.value for p in Proposal)} (unknown proposal {value!r})",
                           code="invalid_proposal", field="proposal") from None


@transaction.atomic
def demotion_case_open(*, actor: User | None, employee: Employee, proposal: str | Proposal, reason: str,
                       to_level: str | None = None, incidents: Sequence[Incident] = (),
                       documents: Sequence[DocumentUpload] = ()) -> DemotionCase:
    """Open a demotion case by hand: for incidents, or (a manager's proposal) sustained under-performance.

    The person's direct supervisor, a manager of the department or HR may open one; the evidence
    packet can be completed later, but HR cannot approve a case without evidence.
    """
    prop = _proposal(proposal)
    _require(actor, employee, {"supervisor", "manager", "hr", "system"}, "提出降级")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("须填写事由 (a reason is required)", code="reason_required", field="reason")
    foreign = [i.pk for i in incidents if i.employee_id != employee.pk]
    if foreign:
        raise InvalidInput(f"事故 {foreign} 不属于 {employee.employee_no} (incidents of someone else)",
                           field="incident_ids")
    uploads = [_clean_upload(u) for u in documents]
    emp = Employee.objects.select_for_update().get(pk=employee.pk)
    cur = position_current(employee=emp)
    if cur is None:
        raise InvalidInput(f"{emp.employee_no} 没有当前任职记录，无法降级 (no current position)", code="no_position")
    target = _target(active_policy(), cur.level, prop, to_level)
    case = _case_create(actor=actor, employee=emp, proposal=prop, reason=reason, from_level=cur.level,
                        to_level=target, incidents=list(incidents))
    for u in uploads:
        _store_document(actor=actor, upload=u, case=case)
    return case


def _lock(case: DemotionCase) -> DemotionCase:
    return DemotionCase.objects.select_for_update().select_related("employee").get(pk=case.pk)


def _opener(actor: User | None, case: DemotionCase) -> set[str]:
    return {"opener"} if actor is not None and case.opened_by_id == actor.pk else set()


def _check(actor: User | None, case: DemotionCase, action: str) -> Transition:
    """Return the transition ``action`` of the locked ``case`` if ``actor`` may take it; else 403 / 409."""
    # Strangers learn nothing about the case's state: the scope check comes before the 409.
    _require(actor, case.employee, {"supervisor", "manager", "hr", "opener", "system"}, "处理降级案件",
             extra=_opener(actor, case))
    # The reason is checked by _apply, which has it.
    return authority.transition_check(machine=MACHINE, state=case.state_enum, action=action, actor=actor,
                                      subject=case.employee, reason=None, extra=_opener(actor, case),
                                      what="执行此步骤")


def _apply(actor: User | None, case: DemotionCase, t: Transition, *, note: str = "",
           data: dict[str, Any] | None = None) -> DemotionCase:
    """Move the locked ``case`` along ``t``, with its decision row and audit event."""
    note = (note or "").strip()
    if t.needs_reason and not note:
        raise InvalidInput("须填写原因 (a reason is required)", code="reason_required", field="reason")
    old = case.state
    case.state = t.target.value
    case.save()
    CaseDecision.objects.create(case=case, action=t.action, from_state=old, to_state=case.state,
                                actor=_user(actor), note=note)
    audit_record(actor=actor, action=f"demotion_case.{t.action}", target=case, from_state=old,
                 to_state=case.state, reason=note, data=data or {})
    return case


def _require_note(note: str) -> None:
    if not (note or "").strip():
        raise InvalidInput("须填写审核意见 (a review note is required)", code="note_required", field="note")


def _amend(case: DemotionCase, proposal: str | Proposal | None, to_level: str | None) -> dict[str, Any]:
    """Let a reviewer change the proposal (e.g. transfer instead of one level down); returns the change."""
    if proposal is None and to_level is None:
        return {}
    prop = _proposal(proposal) if proposal is not None else case.proposal_enum
    if not case.from_level:
        raise InvalidInput(f"{case.employee.employee_no} 立案时没有任职记录，不能改为降级/调岗 (no level on record)",
                           code="no_position", field="to_level")
    target = _target(active_policy(), case.from_level, prop, to_level)
    before = {"proposal": case.proposal, "to_level": case.to_level}
    case.proposal, case.to_level = prop.value, target
    return {"amended": {"from": before, "to": {"proposal": prop.value, "to_level": target}}}


def _endorse(actor: User, case: DemotionCase, step: str, note: str, proposal: str | Proposal | None,
             to_level: str | None, *, not_after: str | None = None) -> DemotionCase:
    """A review step: a note is required and the case may be amended. ``not_after`` names an earlier
    review whose reviewer may not give this one too (two levels need two people)."""
    c = _lock(case)
    t = _check(actor, c, step)
    _require_note(note)
    if not_after is not None:
        first = c.decisions.filter(action=not_after).order_by("-at", "-pk").first()
        if actor is not None and first is not None and first.actor_id == actor.pk:
            raise Forbidden("同一人不能完成两级审核 (the two reviews need two different people)",
                            code="same_reviewer")
    return _apply(actor, c, t, note=note, data=_amend(c, proposal, to_level))


@transaction.atomic
def demotion_case_supervisor_review(*, actor: User, case: DemotionCase, note: str,
                                    proposal: str | Proposal | None = None,
                                    to_level: str | None = None) -> DemotionCase:
    """The direct supervisor (or a manager standing in) endorses the case, optionally amending it."""
    return _endorse(actor, case, "supervisor_review", note, proposal, to_level)


@transaction.atomic
def demotion_case_manager_review(*, actor: User, case: DemotionCase, note: str,
                                 proposal: str | Proposal | None = None,
                                 to_level: str | None = None) -> DemotionCase:
    """A manager of the department endorses the case; it must be someone other than the first reviewer."""
    return _endorse(actor, case, "manager_review", note, proposal, to_level, not_after="supervisor_review")


def evidence_packet(case: DemotionCase) -> tuple[list[Incident], list[CaseDocument]]:
    """The case's linked incidents and every document of the case or of those incidents."""
    incidents = list(case.incidents.order_by("date", "pk"))
    docs = list(CaseDocument.objects.filter(Q(case=case) | Q(incident__in=[i.pk for i in incidents]))
                .order_by("uploaded_at", "pk"))
    return incidents, docs


@transaction.atomic
def demotion_case_approve(*, actor: User, case: DemotionCase, effective_on: date, note: str = "") -> DemotionCase:
    """HR approves the case with an effective date; refused without an evidence packet.

    A demotion changes the labour contract's content (劳动合同法 第35条) and must be defensible if the
    employee challenges it, so an approval needs at least one incident record or document.
    """
    c = _lock(case)
    t = _check(actor, c, "hr_approve")
    incidents, docs = evidence_packet(c)
    if not incidents and not docs:
        raise InvalidInput("证据材料为空，不能批准降级：请关联事故记录或上传材料 (evidence packet is empty)",
                           code="evidence_required")
    policy = active_policy()
    if not c.to_level:
        raise InvalidInput("案件没有拟任职级：请先改为调岗或驳回 (no target level)", code="no_target_level",
                           field="to_level")
    _target(policy, c.from_level, c.proposal_enum, c.to_level)  # still valid under the active policy?
    cur = position_current(employee=c.employee)
    if cur is None or cur.level != c.from_level:
        raise Conflict(f"{c.employee.employee_no} 的当前职级已不是 {c.from_level}，请驳回后重新立案 "
                       f"(the current level changed)", code="level_changed")
    if effective_on < _today():
        raise InvalidInput(f"生效日期 {effective_on} 早于今天：降级不能追溯 (no retroactive demotion)",
                           code="effective_in_past", field="effective_on")
    if effective_on <= cur.start_on:
        raise InvalidInput(f"生效日期须晚于现任职级起始日期 {cur.start_on} (must follow the current position's start)",
                           field="effective_on")
    c.effective_on = effective_on
    return _apply(actor, c, t, note=note,
                       data={"effective_on": effective_on.isoformat(), "to_level": c.to_level,
                             "evidence": {"incidents": [i.pk for i in incidents], "documents": [d.pk for d in docs]}})


@transaction.atomic
def demotion_case_reject(*, actor: User, case: DemotionCase, reason: str) -> DemotionCase:
    """Whoever holds the current step (or HR) declines the case, with a reason."""
    c = _lock(case)
    return _apply(actor, c, _check(actor, c, "reject"), note=reason)


@transaction.atomic
def demotion_case_withdraw(*, actor: User, case: DemotionCase, reason: str) -> DemotionCase:
    """Who opened the case (or HR) withdraws it, with a reason."""
    c = _lock(case)
    return _apply(actor, c, _check(actor, c, "withdraw"), note=reason)


@transaction.atomic
def demotion_case_notes_set(*, actor: User, case: DemotionCase, notes: str) -> DemotionCase:
    """HR's working notes on a case (the one field the admin may edit)."""
    c = _lock(case)
    _require(actor, c.employee, {"hr"}, "编辑案件备注")
    before = c.notes
    c.notes = notes
    c.save(update_fields=["notes", "updated_at"])
    audit_record(actor=actor, action="demotion_case.notes", target=c, reason=notes, data={"before": before})
    return c


# ---------------------------------------------------------------------------------------------------
# The effective date


@dataclass(slots=True)
class ApplyResult:
    applied: list[DemotionCase] = field(default_factory=list)
    skipped: list[tuple[DemotionCase, str]] = field(default_factory=list)  # left approved, with why

    def __len__(self) -> int:
        return len(self.applied)

    def lines(self) -> list[str]:
        out = [f"降级生效：{len(self.applied)} 件"]
        out += [f"  #{c.pk} {c.employee.employee_no} {c.from_level}→{c.to_level} 自 {c.effective_on}"
                for c in self.applied]
        out += [f"  未生效 #{c.pk} {c.employee.employee_no}：{why}" for c, why in self.skipped]
        return out


def demotion_apply_effective(*, today: date) -> ApplyResult:
    """Change the position of every approved case whose effective date has come. Safe to run daily.

    Each case is its own transaction, so one bad case does not hold back the others; a case whose
    person changed level meanwhile is left approved and reported, never applied over the change.
    """
    result = ApplyResult()
    due = (DemotionCase.objects.filter(state=CaseState.HR_APPROVED.value, effective_on__lte=today)
           .order_by("effective_on", "pk").values_list("pk", flat=True))
    for pk in list(due):
        with transaction.atomic():
            c = DemotionCase.objects.select_for_update().select_related("employee").get(pk=pk)
            if c.state_enum is not CaseState.HR_APPROVED:
                continue  # another runner got here first
            why = _make_effective(c)
            if why:
                result.skipped.append((c, why))
            else:
                result.applied.append(c)
    return result


def _make_effective(c: DemotionCase) -> str:
    eff = c.effective_on
    assert eff is not None
    employee_lock(employee=c.employee)  # position changes serialize on the employee row (people.services)
    cur = position_current(employee=c.employee)
    if cur is None or cur.level != c.from_level:
        return f"当前职级已不是 {c.from_level} (the current level changed)"
    policy = active_policy()
    reason = position_reason(policy, c.from_level, c.to_level)
    try:
        # The people service refuses a start not after the current one and a row already on that day.
        new = position_change(actor=None, employee=c.employee, level=c.to_level, start_on=eff, reason=reason,
                              why=f"降级案件 #{c.pk} 生效 (demotion case #{c.pk} effective)", policy=policy,
                              data={"case": c.pk})
    except ServiceError as exc:
        return exc.message
    c.previous_position, c.new_position = cur, new
    _apply(None, c, _check(None, c, "make_effective"),
                data={"closed_position": cur.pk, "new_position": new.pk, "level": c.to_level, "reason": reason})
    return ""
