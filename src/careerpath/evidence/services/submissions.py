"""Evidence employees submit for confirmation: submit, confirm, reject — one service each.

A submission counts for the engine only after someone else confirms it: confirming writes the evidence
record through :func:`evidence_add` / :func:`evidence_change` (the same checks and audit as any record
entered by hand) in the same transaction, and links it. Who confirms (``evidence.workflow``): the
submitter's direct supervisor or HR; for a mentee's independence also the mentee's direct supervisor.
Nobody confirms their own submission, nor one about themself (the mentee).

Why a mentor's word on their own mentee is a submission too: the engine counts a mentee brought to
independent operation *for the mentor* (成功带出新人1名，以新人独立操作为准), so the mentor confirming it
alone would be deciding about their own promotion. The mentor reports it (the 我的徒弟 page); the mentee's
supervisor, who sees the mentee work, countersigns; only then does ``Mentorship.independent_on`` count.

Files are checked by :mod:`careerpath.attachments` (type by content, size cap) before anything is written.
Notifications go out after the commit and link to the submission's page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.attachments import CheckedFile, attachment_check
from careerpath.audit.services import audit_record
from careerpath.core.policy import Policy
from careerpath.errors import Conflict, Forbidden, InvalidInput, ServiceError
from careerpath.evidence import models as m
from careerpath.evidence.models import ATTACHMENT_REQUIRED, EvidenceSubmission, SubmissionKind
from careerpath.evidence.services.records import evidence_add, evidence_change, evidence_validate
from careerpath.evidence.workflow import MACHINE, SubmissionState
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.workbook.schema import NOTE_MAX_LENGTH

User = AbstractBaseUser

# The capacity a confirmation lends to the evidence write (checked by the transition first): the
# evidence services then only refuse a subject writing their own record.
_CONFIRMER = frozenset({"confirmer"})

# The evidence records' field names -> the submission's (so an error names the field of the form).
_FIELD_OF = {"source": "praise_source", "result": "training_result", "mentee": "mentee_no", "mentor": None,
             "start_on": "mentee_start_on", "independent_on": "date", "employee": None}


def _today() -> date:
    return clock.today()


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _kind(value: str) -> SubmissionKind:
    try:
        return SubmissionKind(value)
    except ValueError:
        shown = "、".join(str(k.label) for k in SubmissionKind)
        raise InvalidInput(f"未知的材料类型 {value!r}，应为：{shown} (unknown kind)", code="unknown_kind",
                           field="kind") from None


def _renamed(exc: ServiceError) -> ServiceError:
    """The same error, naming the submission's field instead of the evidence record's."""
    if exc.field in _FIELD_OF:
        exc.field = _FIELD_OF[exc.field]
    return exc


def _check_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(f"文字过长：{len(note)} 个字符，最多 {NOTE_MAX_LENGTH} 个 (text too long: at most "
                           f"{NOTE_MAX_LENGTH} characters)", code="too_long", field=field)
    return note


def _check_date(value: date | None, *, field: str = "date", label: str = "日期") -> date:
    if value is None:
        raise InvalidInput(f"{label}：必填项为空 (required)", code="required", field=field)
    if value > _today():
        raise InvalidInput(f"{label} {value} 晚于今天 (the date is in the future)", code="future_date", field=field)
    return value


def _policy(policy: Policy | None) -> Policy:
    if policy is not None:
        return policy
    from careerpath.policy_versions.selectors import active_policy

    return active_policy()


# ---------------------------------------------------------------------------------------------------
# Who confirms


def submission_extra_capacities(*, actor: User | None, submission: EvidenceSubmission) -> frozenset[str]:
    """Capacities the workflow knows of beyond ``accounts.authority``: the mentee's direct supervisor."""
    if actor is None or not actor.is_authenticated or submission.mentee_id is None:
        return frozenset()
    mentee = submission.mentee
    if mentee is None or mentee.supervisor_id is None or Role.SUPERVISOR not in user_roles(user=actor):
        return frozenset()
    sup_user = Employee.objects.filter(pk=mentee.supervisor_id).values_list("user_id", flat=True).first()
    return frozenset({"mentee_supervisor"}) if sup_user == actor.pk else frozenset()


def _require_decider(actor: User | None, sub: EvidenceSubmission, action: str, reason: str | None = "") -> None:
    # The mentee is a subject too: their supervisor role never lets them sign off on themself.
    if sub.mentee is not None and authority.is_subject(actor=actor, subject=sub.mentee):
        raise authority.self_decision("确认证据材料")
    authority.transition_check(machine=MACHINE, state=sub.state_enum, action=action, actor=actor,
                               subject=sub.employee, reason=reason,
                               extra=submission_extra_capacities(actor=actor, submission=sub),
                               what="确认证据材料")


def submission_confirmer_users(*, submission: EvidenceSubmission) -> list[User]:
    """Who is told a submission waits: the direct supervisors concerned, else HR (the confirmer of last resort)."""
    people = [submission.employee.supervisor_id]
    if submission.kind == SubmissionKind.MENTEE_INDEPENDENCE and submission.mentee is not None:
        people.append(submission.mentee.supervisor_id)
    subjects = {submission.employee.user_id, submission.mentee.user_id if submission.mentee else None}
    UserModel = get_user_model()
    users = [u for u in UserModel.objects.filter(employee__pk__in=[p for p in people if p], is_active=True,
                                                 groups__name=Role.SUPERVISOR.value).distinct()
             if u.pk not in subjects]
    if users:
        return users
    return [u for u in UserModel.objects.filter(groups__name=Role.HR.value, is_active=True).distinct()
            if u.pk not in subjects]


def _notify_on_commit(users: Iterable[Any], text: str, url: str) -> None:
    from careerpath.notifications.services import notify

    notify(user_ids=[u.pk for u in users if u is not None], text=text, url=url, event="evidence")


def _url(sub: EvidenceSubmission) -> str:
    return reverse("web:evidence_detail", args=[sub.pk])


def _what(sub: EvidenceSubmission) -> str:
    """The submission in a few words, for notifications and audit (Chinese, like every notification)."""
    if sub.kind == SubmissionKind.MENTEE_INDEPENDENCE and sub.mentee is not None:
        return f"带教新人{sub.mentee.name}独立操作"
    if sub.kind == SubmissionKind.PRAISE:
        return {"customer": "客户表扬信", "internal": "内部表扬信"}.get(sub.praise_source, "表扬信")
    return f"培训证书（{sub.program}）"


# ---------------------------------------------------------------------------------------------------
# Submit


def _mentee_facts(employee: Employee, mentee_no: str, start_on: date | None,
                  independent_on: date) -> tuple[Employee, date, m.Mentorship | None]:
    no = (mentee_no or "").strip()
    if not no:
        raise InvalidInput("新人工号：必填项为空 (required)", code="required", field="mentee_no")
    mentee = Employee.objects.select_related("supervisor").filter(employee_no=no).first()
    if mentee is None:
        raise InvalidInput(f"未找到工号为 {no} 的员工 (no employee with this number)", code="unknown_employee",
                           field="mentee_no")
    if mentee.pk == employee.pk:
        raise InvalidInput("导师与新人不能是同一人 (the mentee cannot be yourself)", code="self_mentee",
                           field="mentee_no")
    if mentee.status != EmployeeStatus.ACTIVE:
        raise InvalidInput(f"工号 {mentee.employee_no} 的员工已离职 (the mentee has left)", code="mentee_left",
                           field="mentee_no")
    mentorship = m.Mentorship.objects.filter(mentor=employee, mentee=mentee).first()
    if mentorship is not None:
        if mentorship.independent_on is not None:
            raise Conflict(f"{mentee.name} 已于 {mentorship.independent_on} 记录为独立操作 (already recorded)",
                           code="already_independent", field="mentee_no")
        start_on = mentorship.start_on  # the recorded start wins over what the form says
    start_on = _check_date(start_on, field="mentee_start_on", label="带教开始日期")
    if independent_on < start_on:
        raise InvalidInput(f"独立操作日期 {independent_on} 早于带教开始日期 {start_on} (before the start)",
                           code="before_start", field="date")
    if EvidenceSubmission.objects.filter(employee=employee, mentee=mentee, state=SubmissionState.PENDING).exists():
        raise Conflict(f"已提交过 {mentee.name} 的独立操作，正在等待确认 (already waiting for confirmation)",
                       code="already_pending", field="mentee_no")
    return mentee, start_on, mentorship


def _evidence_values(sub: EvidenceSubmission) -> tuple[type, dict[str, Any]]:
    """The evidence record a submission becomes: its model and field values."""
    if sub.kind == SubmissionKind.PRAISE:
        return m.Praise, {"employee": sub.employee, "date": sub.date, "source": sub.praise_source,
                          "customer": sub.customer, "note": sub.note}
    if sub.kind == SubmissionKind.TRAINING:
        return m.Training, {"employee": sub.employee, "program": sub.program, "date": sub.date,
                            "result": sub.training_result}
    return m.Mentorship, {"mentor": sub.employee, "mentee": sub.mentee, "start_on": sub.mentee_start_on,
                          "independent_on": sub.date}


def _attachment_of(*, kind: SubmissionKind, upload: Any, replaces: EvidenceSubmission | None,
                   ) -> CheckedFile | EvidenceSubmission | None:
    """The checked upload; else the file of the submission sent again; else None (when allowed)."""
    if upload is not None:
        return attachment_check(upload, field="attachment")
    if replaces is not None and replaces.attachment:
        return replaces
    if kind in ATTACHMENT_REQUIRED:
        what = "表扬信的扫描件或照片" if kind == SubmissionKind.PRAISE else "培训证书的扫描件或照片"
        raise InvalidInput(f"请上传{what} (attach the scan or photo)", code="attachment_required",
                           field="attachment")
    return None


@transaction.atomic
def submission_create(*, actor: User, kind: str, date: date | None, note: str = "", praise_source: str = "",
                      customer: str = "", program: str = "", training_result: str = "", mentee_no: str = "",
                      mentee_start_on: date | None = None, attachment: Any = None,
                      replaces: EvidenceSubmission | None = None, policy: Policy | None = None,
                      ) -> EvidenceSubmission:
    """Submit evidence about oneself for confirmation; every check runs before a byte is stored.

    ``attachment`` is an uploaded file (anything with ``read``/``size``/``name``); a praise letter and a
    training certificate need one. ``replaces``: a rejected submission of one's own sent again (its file is
    kept when no new one is given).
    """
    employee = user_employee(user=actor)
    if employee is None:
        raise Forbidden("只有关联了员工档案的账号可以提交证据材料 (only an employee may submit evidence)",
                        code="no_employee")
    k = _kind(kind)
    day = _check_date(date)
    sub = EvidenceSubmission(employee=employee, submitted_by=_user(actor), kind=k.value, date=day,
                             note=_check_note(note))
    mentorship = None
    if k == SubmissionKind.PRAISE:
        sub.praise_source, sub.customer = (praise_source or "").strip(), (customer or "").strip()
        if sub.praise_source == m.PraiseSource.INTERNAL:
            sub.customer = ""  # an internal letter names no customer (it would never count as one)
    elif k == SubmissionKind.TRAINING:
        sub.program, sub.training_result = (program or "").strip(), (training_result or "").strip()
        if not sub.training_result:
            raise InvalidInput("培训结果：必填项为空 (required)", code="required", field="training_result")
        if m.Training.objects.filter(employee=employee, program=sub.program, date=day).exists():
            raise Conflict(f"已有 {day} 的「{sub.program}」培训记录 (already recorded)", code="duplicate_record",
                           field="date")
    else:
        sub.mentee, sub.mentee_start_on, mentorship = _mentee_facts(employee, mentee_no, mentee_start_on, day)
        sub.mentorship = mentorship
    model, values = _evidence_values(sub)
    try:
        evidence_validate(policy=_policy(policy), model=model, values=values)
    except ServiceError as exc:
        raise _renamed(exc) from None
    if replaces is not None:
        replaces = (EvidenceSubmission.objects.select_for_update().filter(pk=replaces.pk, employee=employee)
                    .first())
        if replaces is None or replaces.state != SubmissionState.REJECTED or hasattr(replaces, "replaced_by"):
            raise Conflict("只能重新提交本人被驳回且尚未重新提交的材料 (only a rejected submission of your own, "
                           "once)", code="not_resubmittable")
        sub.replaces = replaces

    found = _attachment_of(kind=k, upload=attachment, replaces=replaces)
    if isinstance(found, CheckedFile):
        if EvidenceSubmission.objects.filter(employee=employee, attachment_sha256=found.sha256,
                                             state=SubmissionState.PENDING).exists():
            raise Conflict("这份附件已经提交过，正在等待确认 (this file is already waiting for confirmation)",
                           code="already_pending", field="attachment")
        sub.attachment_name, sub.attachment_type = found.name, found.content_type
        sub.attachment_size, sub.attachment_sha256 = found.size, found.sha256
        # Written just before the row, after every check; removed again if the row cannot be inserted. A
        # caller's transaction rolled back later leaves an orphan file, never referenced and harmless
        # (as with discipline documents), rather than a row pointing at nothing.
        sub.attachment.save(f"upload{found.suffix}", ContentFile(found.content), save=False)
    elif isinstance(found, EvidenceSubmission):
        sub.attachment = found.attachment.name  # the stored file is never changed, so both rows may name it
        sub.attachment_name, sub.attachment_type = found.attachment_name, found.attachment_type
        sub.attachment_size, sub.attachment_sha256 = found.attachment_size, found.attachment_sha256
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:
        if isinstance(found, CheckedFile):
            sub.attachment.delete(save=False)
        raise Conflict("相同的材料已经提交，正在等待确认 (already waiting for confirmation)",
                       code="already_pending") from None
    audit_record(actor=actor, action="evidence_submission.submit", target=sub, to_state=sub.state,
                 data={"employee": employee.employee_no, "kind": sub.kind, "date": day.isoformat(),
                       "mentee": sub.mentee.employee_no if sub.mentee else None,
                       "attachment": {"name": sub.attachment_name, "size": sub.attachment_size,
                                      "sha256": sub.attachment_sha256} if sub.attachment else None,
                       "replaces": replaces.pk if replaces else None})
    _notify_on_commit(submission_confirmer_users(submission=sub),
                      f"{employee.name}（{employee.employee_no}）提交了{_what(sub)}，请确认", _url(sub))
    return sub


@transaction.atomic
def mentee_independence_report(*, actor: User, mentorship: m.Mentorship, date: date | None,
                               note: str = "") -> EvidenceSubmission:
    """The mentor reports that a mentee of theirs works independently since ``date`` (我的徒弟).

    It waits for the mentee's (or the mentor's) direct supervisor, or HR, to confirm: the record counts
    for the mentor's own promotion, so the mentor's word alone does not make it count.
    """
    me = user_employee(user=actor)
    if me is None or mentorship.mentor_id != me.pk:
        raise Forbidden("只有该新人的导师本人可以报告其独立操作 (only the mentor may report this)",
                        code="not_the_mentor")
    mentee = Employee.objects.get(pk=mentorship.mentee_id)
    return submission_create(actor=actor, kind=SubmissionKind.MENTEE_INDEPENDENCE.value, date=date, note=note,
                             mentee_no=mentee.employee_no, mentee_start_on=mentorship.start_on)


# ---------------------------------------------------------------------------------------------------
# Decide


def _lock(submission: EvidenceSubmission) -> EvidenceSubmission:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    return (EvidenceSubmission.objects.select_for_update(of=("self",))
            .select_related("employee", "employee__supervisor", "mentee", "mentee__supervisor")
            .get(pk=submission.pk))


def _record(actor: User, sub: EvidenceSubmission, policy: Policy | None) -> m.Praise | m.Training | m.Mentorship:
    reason = f"证据材料 #{sub.pk} 已确认 (submission confirmed)"
    common: dict[str, Any] = {"actor": actor, "reason": reason, "policy": policy, "allowed": _CONFIRMER,
                              "extra": _CONFIRMER}
    model, values = _evidence_values(sub)
    if model is m.Mentorship:
        found = (m.Mentorship.objects.select_for_update().filter(mentor=sub.employee, mentee=sub.mentee)
                 .first())
        if found is not None:
            if found.independent_on is not None:
                raise Conflict(f"{sub.mentee.name if sub.mentee else ''} 已于 {found.independent_on} 记录为独立操作 "
                               f"(already recorded)", code="already_independent")
            record = evidence_change(record=found, independent_on=sub.date, **common)
            return record  # type: ignore[return-value]
    kind = {m.Praise: "praise", m.Training: "training", m.Mentorship: "mentorship"}[model]
    return evidence_add(kind=kind, **values, **common)  # type: ignore[return-value]


@transaction.atomic
def submission_confirm(*, actor: User, submission: EvidenceSubmission,
                       policy: Policy | None = None) -> EvidenceSubmission:
    """Confirm a pending submission: the evidence record is written now, and counts from now on."""
    sub = _lock(submission)
    _require_decider(actor, sub, "confirm")
    try:
        record = _record(actor, sub, policy)
    except ServiceError as exc:
        raise _renamed(exc) from None
    old = sub.state
    sub.state = SubmissionState.CONFIRMED.value
    sub.decided_by, sub.decided_at = actor, timezone.now()
    if isinstance(record, m.Praise):
        sub.praise = record
    elif isinstance(record, m.Training):
        sub.training = record
    else:
        sub.mentorship = record
    sub.save()
    audit_record(actor=actor, action="evidence_submission.confirm", target=sub, from_state=old, to_state=sub.state,
                 data={"record": f"{record._meta.model_name}:{record.pk}"})
    _notify_on_commit([sub.submitted_by or sub.employee.user], f"您提交的{_what(sub)}已确认，已记入证据",
                      _url(sub))
    return sub


@transaction.atomic
def submission_reject(*, actor: User, submission: EvidenceSubmission, reason: str) -> EvidenceSubmission:
    """Reject a pending submission with a reason the submitter reads; nothing is recorded."""
    sub = _lock(submission)
    reason = _check_note(reason, field="reason")
    _require_decider(actor, sub, "reject", reason=reason)
    old = sub.state
    sub.state = SubmissionState.REJECTED.value
    sub.decided_by, sub.decided_at, sub.reason = actor, timezone.now(), reason
    sub.save()
    audit_record(actor=actor, action="evidence_submission.reject", target=sub, from_state=old, to_state=sub.state,
                 reason=reason)
    _notify_on_commit([sub.submitted_by or sub.employee.user], f"您提交的{_what(sub)}未通过确认：{reason}",
                      _url(sub))
    return sub
