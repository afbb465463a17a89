"""Every state change of training (培训): one service, one transaction, an audit event.

HR keeps the programs and plans the sessions; an employee enrols themself, their supervisor (or manager,
or HR) enrols them; the session's trainer or HR records attendance and results, by form or workbook.
A result is the evidence the engine counts: it is written as one ``evidence.Training`` row through the
evidence services, linked from the enrolment, changed in place when corrected and deleted when the
attendance is removed. The eligibility store refreshes itself on those saves (evaluation.invalidation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import user_roles
from careerpath.audit.services import audit_record
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence.models import Training, TrainingResult
from careerpath.evidence.services.records import evidence_add, evidence_change, evidence_delete
from careerpath.labels import date_label
from careerpath.notifications.services import notify
from careerpath.people.models import Department, Employee, EmployeeStatus
from careerpath.training.models import SEATED, Enrolment, EnrolmentState, Program, Session, SessionState

User = AbstractBaseUser

# Who may enrol someone (accounts.authority capacities): themself, their supervisor or manager, HR.
ENROLLERS = frozenset({"self", "supervisor", "manager", "hr"})
MAX_CAPACITY = 500
TEXT_MAX = 200


def session_url(session: Session) -> str:
    return f"/training/sessions/{session.pk}/"


def _is_hr(actor: Any) -> bool:
    return actor is not None and bool(user_roles(user=actor) & {Role.HR, Role.ADMIN})


def _text(value: Any, *, field: str, label: str, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidInput(f"{label}应为文字 (text expected)", code="invalid", field=field)
    if required and not text:
        raise InvalidInput(f"{label}：必填项为空 (required)", code="required", field=field)
    if len(text) > max_length:
        raise InvalidInput(f"{label}不超过 {max_length} 个字符 (at most {max_length} characters)",
                           code="too_long", field=field)
    return text


# ---------------------------------------------------------------------------------------------------
# Programs (HR)


def _program_values(*, name: Any, name_en: Any, evidence_program: Any, prepares_for: Any,
                    description: Any) -> dict[str, Any]:
    name_ = _text(name, field="name", label="名称", required=True, max_length=100)
    return {
        "name": name_,
        "name_en": _text(name_en, field="name_en", label="英文名称", max_length=100),
        # The key the results count as: by default the program's own name.
        "evidence_program": _text(evidence_program, field="evidence_program", label="计入的培训项目") or name_,
        "prepares_for": _text(prepares_for, field="prepares_for", label="面向职级", max_length=64),
        "description": _text(description, field="description", label="说明", max_length=2000),
    }


def _check_level(prepares_for: str) -> None:
    if not prepares_for:
        return
    from careerpath.policy_versions.selectors import active_policy

    if prepares_for not in active_policy().levels:
        raise InvalidInput(f"未知职级 {prepares_for!r} (unknown level)", code="unknown_level", field="prepares_for")


@transaction.atomic
def program_create(*, actor: User, name: str, name_en: str = "", evidence_program: str = "",
                   prepares_for: str = "", description: str = "", active: bool = True) -> Program:
    require_roles(actor, Role.HR, action="维护培训项目")
    values = _program_values(name=name, name_en=name_en, evidence_program=evidence_program,
                             prepares_for=prepares_for, description=description)
    _check_level(values["prepares_for"])
    try:
        with transaction.atomic():
            program = Program.objects.create(active=bool(active), **values)
    except IntegrityError:
        raise Conflict(f"已有同名培训项目「{values['name']}」 (a program of that name exists)",
                       code="duplicate_program", field="name") from None
    audit_record(actor=actor, action="training.program_create", target=program, data=values)
    return program


@transaction.atomic
def program_update(*, actor: User, program: Program, name: str, name_en: str = "", evidence_program: str = "",
                   prepares_for: str = "", description: str = "", active: bool = True) -> Program:
    require_roles(actor, Role.HR, action="维护培训项目")
    program = Program.objects.select_for_update().get(pk=program.pk)
    values = _program_values(name=name, name_en=name_en, evidence_program=evidence_program,
                             prepares_for=prepares_for, description=description)
    _check_level(values["prepares_for"])
    values["active"] = bool(active)
    if values["evidence_program"] != program.evidence_program and Enrolment.objects.filter(
            session__program=program, training__isnull=False).exists():
        raise Conflict("该项目已有记录的培训结果，不能更改计入的培训项目 (results are recorded under the current key)",
                       code="program_in_use", field="evidence_program")
    changed = {k: [getattr(program, k), v] for k, v in values.items() if getattr(program, k) != v}
    for k, v in values.items():
        setattr(program, k, v)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise Conflict(f"已有同名培训项目「{values['name']}」 (a program of that name exists)",
                       code="duplicate_program", field="name") from None
    audit_record(actor=actor, action="training.program_update", target=program, data={"changed": changed})
    return program


# ---------------------------------------------------------------------------------------------------
# Sessions (HR plans and cancels; HR or the trainer closes)


def _session_values(*, starts_on: Any, ends_on: Any, time: Any, place: Any, trainer: Any, capacity: Any,
                    note: Any) -> dict[str, Any]:
    if not isinstance(starts_on, date):
        raise InvalidInput("日期：必填项为空 (required)", code="required", field="starts_on")
    if ends_on is not None and (not isinstance(ends_on, date) or ends_on < starts_on):
        raise InvalidInput("结束日期不能早于开始日期 (the end is before the start)", code="invalid_dates",
                           field="ends_on")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(f"名额应为 1–{MAX_CAPACITY} 的整数 (1 to {MAX_CAPACITY} seats)", code="invalid_capacity",
                           field="capacity")
    if trainer is not None and not isinstance(trainer, get_user_model()):
        raise InvalidInput("培训师应为系统用户 (the trainer is a user)", code="invalid", field="trainer")
    return {"starts_on": starts_on, "ends_on": ends_on if ends_on != starts_on else None,
            "time": _text(time, field="time", label="时间", max_length=40),
            "place": _text(place, field="place", label="地点", required=True),
            "trainer": trainer, "capacity": capacity,
            "note": _text(note, field="note", label="备注", max_length=2000)}


@transaction.atomic
def session_create(*, actor: User, program: Program, starts_on: date, place: str, capacity: int,
                   ends_on: date | None = None, time: str = "", trainer: Any = None, note: str = "") -> Session:
    require_roles(actor, Role.HR, action="安排培训场次")
    if not program.active:
        raise Conflict("该培训项目已停用 (the program is not active)", code="program_inactive", field="program")
    values = _session_values(starts_on=starts_on, ends_on=ends_on, time=time, place=place, trainer=trainer,
                             capacity=capacity, note=note)
    session = Session.objects.create(program=program, created_by=actor, **values)
    audit_record(actor=actor, action="training.session_create", target=session,
                 data={"program": program.name, "starts_on": str(starts_on), "capacity": capacity,
                       "trainer": getattr(trainer, "pk", None)})
    if trainer is not None and trainer.pk != actor.pk:
        notify(user_ids=[trainer.pk], text=f"您被安排为「{program.name}」{date_label(starts_on, lang='zh')} 场次的培训师",
               url=session_url(session), event="training")
    # Sessions are open to everyone: announced to every department's group robot that relays training.
    notify(user_ids=[], text=f"新培训场次：「{program.name}」{date_label(starts_on, lang='zh')}，{session.place}，"
                             f"名额 {session.capacity} 人，欢迎报名",
           url=session_url(session), event="training",
           department_ids=Department.objects.values_list("pk", flat=True))
    return session


def _lock(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("program").get(pk=session.pk)


def seated_count(session: Session) -> int:
    return Enrolment.objects.filter(session=session, state__in=SEATED).count()


@transaction.atomic
def session_update(*, actor: User, session: Session, starts_on: date, place: str, capacity: int,
                   ends_on: date | None = None, time: str = "", trainer: Any = None, note: str = "") -> Session:
    require_roles(actor, Role.HR, action="修改培训场次")
    session = _lock(session)
    if session.state == SessionState.CANCELLED:
        raise Conflict("该场次已取消 (the session is cancelled)", code="session_cancelled")
    values = _session_values(starts_on=starts_on, ends_on=ends_on, time=time, place=place, trainer=trainer,
                             capacity=capacity, note=note)
    taken = seated_count(session)
    if capacity < taken:
        raise Conflict(f"已有 {taken} 人报名，名额不能少于 {taken} (fewer seats than people enrolled)",
                       code="capacity_below_enrolled", field="capacity")
    if Enrolment.objects.filter(session=session, training__isnull=False).exists() and (
            starts_on != session.starts_on or values["ends_on"] != session.ends_on):
        raise Conflict("已记录培训结果，不能更改日期 (results are recorded on the current date)",
                       code="has_results", field="starts_on")
    changed = {k: [str(getattr(session, k)), str(v)] for k, v in values.items() if getattr(session, k) != v}
    for k, v in values.items():
        setattr(session, k, v)
    session.save()
    audit_record(actor=actor, action="training.session_update", target=session, data={"changed": changed})
    return session


@transaction.atomic
def session_cancel(*, actor: User, session: Session, reason: str) -> Session:
    require_roles(actor, Role.HR, action="取消培训场次")
    session = _lock(session)
    reason = _text(reason, field="reason", label="取消原因", required=True, max_length=500)
    if session.state != SessionState.PLANNED:
        raise Conflict("只有计划中的场次可以取消 (only a planned session can be cancelled)", code="invalid_transition")
    if Enrolment.objects.filter(session=session, training__isnull=False).exists():
        raise Conflict("已记录培训结果的场次不能取消 (results are recorded)", code="has_results")
    session.state, session.cancelled_reason = SessionState.CANCELLED, reason
    session.save(update_fields=["state", "cancelled_reason"])
    audit_record(actor=actor, action="training.session_cancel", target=session, from_state="planned",
                 to_state="cancelled", reason=reason)
    users = list(Employee.objects.filter(training_enrolments__session=session,
                                         training_enrolments__state=EnrolmentState.ENROLLED)
                 .values_list("user_id", flat=True))
    notify(user_ids=[*users, session.trainer_id],
           text=f"培训「{session.program.name}」{date_label(session.starts_on, lang='zh')} 场次已取消：{reason}",
           url=session_url(session), event="training")
    return session


def _require_trainer_or_hr(actor: User, session: Session, action: str) -> frozenset[str]:
    """HR (and admin) or the session's own trainer; returns the extra capacity to hand to the evidence services."""
    if _is_hr(actor):
        return frozenset()
    if actor is not None and actor.is_authenticated and session.trainer_id == actor.pk:
        return frozenset({"trainer"})
    raise Forbidden(f"无权限：{action}须由该场次的培训师或人力资源部操作 (the trainer or HR only)",
                    code="forbidden_role")


@transaction.atomic
def session_close(*, actor: User, session: Session, today: date) -> Session:
    """End a session: no more enrolment or cancelling; results may still be recorded and corrected."""
    session = _lock(session)
    _require_trainer_or_hr(actor, session, "结束场次")
    if session.state != SessionState.PLANNED:
        raise Conflict("只有计划中的场次可以结束 (only a planned session can be closed)", code="invalid_transition")
    if session.starts_on > today:
        raise Conflict("场次尚未开始，不能结束 (the session has not started)", code="not_started")
    session.state = SessionState.CLOSED
    session.save(update_fields=["state"])
    audit_record(actor=actor, action="training.session_close", target=session, from_state="planned",
                 to_state="closed")
    return session


# ---------------------------------------------------------------------------------------------------
# Enrolment


def _enrol_check_open(session: Session, today: date) -> None:
    if session.state != SessionState.PLANNED:
        raise Conflict("该场次已结束或已取消，不能报名 (the session is not open)", code="session_not_open")
    if session.starts_on < today:
        raise Conflict("该场次已开始，不能报名 (the session has started)", code="session_started")
    if not session.program.active:
        raise Conflict("该培训项目已停用 (the program is not active)", code="program_inactive")


@transaction.atomic
def enrolment_create(*, actor: User, session: Session, employee: Employee, today: date) -> Enrolment:
    """Enrol ``employee`` (themself, their supervisor or manager, or HR) while a seat is left.

    The session row is locked while the seats are counted, so two people cannot take the last seat.
    """
    session = _lock(session)
    caps = authority.require_capacity(actor=actor, subject=employee, allowed=ENROLLERS, action="报名培训")
    _enrol_check_open(session, today)
    if employee.status != EmployeeStatus.ACTIVE:
        raise Conflict("仅在职员工可以报名 (only active employees)", code="inactive")
    if employee.user_id is not None and employee.user_id == session.trainer_id:
        raise Conflict("培训师不能报名自己授课的场次 (the trainer teaches this session)", code="own_session")
    existing = Enrolment.objects.select_for_update().filter(session=session, employee=employee).first()
    if existing is not None and existing.state != EnrolmentState.CANCELLED:
        raise Conflict(f"{employee.name} 已报名该场次 (already enrolled)", code="already_enrolled")
    if seated_count(session) >= session.capacity:
        raise Conflict("该场次名额已满 (no seat left)", code="full")
    if existing is not None:
        existing.state, existing.enrolled_by, existing.enrolled_at = EnrolmentState.ENROLLED, actor, timezone.now()
        existing.save(update_fields=["state", "enrolled_by", "enrolled_at"])
        enrolment = existing
    else:
        enrolment = Enrolment.objects.create(session=session, employee=employee, enrolled_by=actor)
    audit_record(actor=actor, action="training.enrol", target=enrolment, to_state="enrolled",
                 data={"session": session.pk, "employee": employee.employee_no, "as": sorted(caps)})
    if "self" not in caps:
        notify(user_ids=[employee.user_id],
               text=f"已为您报名培训「{session.program.name}」：{date_label(session.starts_on, lang='zh')}，{session.place}",
               url=session_url(session), event="training")
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: User, enrolment: Enrolment, today: date) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().select_related("session__program", "employee").get(
        pk=enrolment.pk)
    session = enrolment.session
    caps = authority.require_capacity(actor=actor, subject=enrolment.employee, allowed=ENROLLERS, action="取消报名")
    if enrolment.state != EnrolmentState.ENROLLED:
        raise Conflict("只有尚未记录出勤的报名可以取消 (attendance is recorded)", code="invalid_transition")
    if session.state != SessionState.PLANNED or session.starts_on < today:
        raise Conflict("该场次已开始或已结束，不能取消报名 (the session has started)", code="session_started")
    enrolment.state = EnrolmentState.CANCELLED
    enrolment.save(update_fields=["state"])
    audit_record(actor=actor, action="training.enrolment_cancel", target=enrolment, from_state="enrolled",
                 to_state="cancelled", data={"as": sorted(caps)})
    if "self" not in caps:
        notify(user_ids=[enrolment.employee.user_id],
               text=f"您的培训报名「{session.program.name}」{date_label(session.starts_on, lang='zh')} 已被取消",
               url=session_url(session), event="training")
    return enrolment


# ---------------------------------------------------------------------------------------------------
# Attendance and results (the trainer or HR): one form or one workbook for the whole session


@dataclass(frozen=True, slots=True)
class ResultInput:
    """One roster line: ``attendance`` is "attended", "absent" or "" (not recorded / removed)."""

    employee_no: str
    attendance: str
    result: str = ""
    score: float | None = None
    certificate_no: str = ""


@dataclass(frozen=True, slots=True)
class ResultSummary:
    recorded: int  # evidence rows created
    changed: int  # evidence rows changed
    removed: int  # evidence rows deleted
    unchanged: int


ATTENDANCE = ("attended", "absent", "")
RESULTS = tuple(TrainingResult.values)
RESULT_ZH = {"passed": "通过", "failed": "未通过", "attended": "参加"}


def _check_line(line: ResultInput, *, index: int) -> None:
    where = f"第 {index} 行（{line.employee_no}）"
    if line.attendance not in ATTENDANCE:
        raise InvalidInput(f"{where}：出勤应为 出席/缺席 (attended/absent)", code="invalid_attendance",
                           field="attendance", details={"row": index, "employee_no": line.employee_no})
    if line.attendance == "attended" and line.result not in RESULTS:
        raise InvalidInput(f"{where}：出席者须填写结果 通过/未通过/参加 (a result is required)",
                           code="result_required", field="result",
                           details={"row": index, "employee_no": line.employee_no})
    if line.attendance != "attended" and (line.result or line.score is not None or line.certificate_no):
        raise InvalidInput(f"{where}：未出席者不能有结果、成绩或证书编号 (no result without attendance)",
                           code="result_without_attendance", field="result",
                           details={"row": index, "employee_no": line.employee_no})
    if line.score is not None and (isinstance(line.score, bool) or not 0 <= line.score <= 100):
        raise InvalidInput(f"{where}：成绩应在 0–100 之间 (a score is 0 to 100)", code="invalid_score",
                           field="score", details={"row": index, "employee_no": line.employee_no})
    if len(line.certificate_no) > 40:
        raise InvalidInput(f"{where}：证书编号不超过 40 个字符 (at most 40 characters)", code="too_long",
                           field="certificate_no", details={"row": index, "employee_no": line.employee_no})


def certificate_number(enrolment: Enrolment) -> str:
    s = enrolment.session
    return f"PX{s.evidence_date:%Y}-{s.pk:04d}-{enrolment.pk:04d}"


@transaction.atomic
def session_results_record(*, actor: User, session: Session, lines: Sequence[ResultInput], today: date,
                           source: str = "") -> ResultSummary:
    """Record attendance and results for the session's roster; every line is checked before anything is saved.

    Each attended line writes (or corrects in place) the person's ``evidence.Training`` row for the program
    on the session's date; an absent or cleared line deletes the row it had made. A row already there with
    the same key (imported from a workbook) is adopted, not duplicated.
    """
    session = _lock(session)
    extra = _require_trainer_or_hr(actor, session, "记录出勤与结果")
    if session.state == SessionState.CANCELLED:
        raise Conflict("该场次已取消 (the session is cancelled)", code="session_cancelled")
    if session.starts_on > today:
        raise Conflict("场次尚未开始，不能记录出勤 (the session has not started)", code="not_started")
    roster = {e.employee.employee_no: e for e in Enrolment.objects.select_for_update(of=("self",))
              .select_related("employee", "training").filter(session=session).exclude(state=EnrolmentState.CANCELLED)}
    seen: set[str] = set()
    for i, line in enumerate(lines, start=1):
        _check_line(line, index=i)
        if line.employee_no not in roster:
            raise InvalidInput(f"第 {i} 行：{line.employee_no} 没有报名该场次 (not enrolled in this session)",
                               code="not_enrolled", field="employee_no", details={"row": i, "employee_no": line.employee_no})
        if line.employee_no in seen:
            raise InvalidInput(f"第 {i} 行：{line.employee_no} 重复 (listed twice)", code="duplicate_line",
                               field="employee_no", details={"row": i, "employee_no": line.employee_no})
        seen.add(line.employee_no)
    counts = {"recorded": 0, "changed": 0, "removed": 0, "unchanged": 0}
    program = session.program.evidence_program
    on = session.evidence_date
    reason = f"培训场次 #{session.pk} {session.program.name}"
    allowed = frozenset({"hr", "trainer"})
    for line in lines:
        e = roster[line.employee_no]
        before = (e.state, e.result, e.score, e.certificate_no)
        before_training = e.training_id
        attended = line.attendance == "attended"
        state = {"attended": EnrolmentState.ATTENDED, "absent": EnrolmentState.ABSENT}.get(
            line.attendance, EnrolmentState.ENROLLED)
        e.state, e.result, e.score = state, line.result if attended else "", line.score if attended else None
        e.certificate_no = line.certificate_no.strip() if attended else ""
        rec = e.training
        if attended:
            if rec is None:
                # Adopt a row of the same key (an earlier import), else write a new one.
                rec = Training.objects.filter(employee=e.employee, program=program, date=on).first()
                if rec is not None and Enrolment.objects.filter(training=rec).exclude(pk=e.pk).exists():
                    raise Conflict(f"{e.employee.employee_no} 当日已有同一培训项目的记录 (a record of this key exists)",
                                   code="duplicate_record")
            if rec is None:
                rec = evidence_add(actor=actor, kind="training", employee=e.employee, program=program, date=on,
                                   result=e.result, source_file=reason[:255], reason=reason, allowed=allowed,
                                   extra=extra)
                counts["recorded"] += 1
            elif (rec.program, rec.date, rec.result) != (program, on, e.result):
                rec = evidence_change(actor=actor, record=rec, program=program, date=on, result=e.result,
                                      reason=reason, allowed=allowed, extra=extra)
                counts["changed"] += 1
            e.training = rec  # type: ignore[assignment]
            if e.result in (TrainingResult.PASSED, TrainingResult.ATTENDED) and not e.certificate_no:
                e.certificate_no = certificate_number(e)
        elif rec is not None:
            # Removing an attendance removes the evidence it made (the trainer's own check is done above).
            audit_record(actor=actor, action="training.result_remove", target=e, reason=reason,
                         data={"training": rec.pk})
            evidence_authorize_subject(actor=actor, employee=e.employee, extra=extra)
            evidence_delete(actor=None, record=rec, reason=reason)
            e.training = None
            counts["removed"] += 1
        after = (e.state, e.result, e.score, e.certificate_no)
        if before == after and e.training_id == before_training:
            counts["unchanged"] += 1
            continue
        e.recorded_by, e.recorded_at = actor, timezone.now()
        e.save()
        audit_record(actor=actor, action="training.result_record", target=e, from_state=before[0], to_state=e.state,
                     reason=source or reason, data={"result": e.result, "score": e.score,
                                                    "certificate_no": e.certificate_no})
        if e.employee.user_id and attended and before[:2] != after[:2]:
            notify(user_ids=[e.employee.user_id],
                   text=f"培训「{session.program.name}」的结果已记录：{RESULT_ZH.get(e.result, e.result)}",
                   url="/training/", event="training")
    return ResultSummary(**counts)


def evidence_authorize_subject(*, actor: User, employee: Employee, extra: Iterable[str]) -> None:
    """The same refusal as the evidence services': nobody removes their own record, even as trainer."""
    authority.require_capacity(actor=actor, subject=employee, allowed={"hr", "trainer"}, action="删除培训记录",
                               extra=extra)



def session_results_import(*, actor: User, session: Session, path: Any, file_name: str, today: date) -> ResultSummary:
    """Record the session's results from its 培训结果 workbook: all rows clean, or nothing saved."""
    from django.conf import settings

    from careerpath.training.sheet import read_results_sheet
    from careerpath.workbook.errors import WorkbookInvalid

    _require_trainer_or_hr(actor, session, "导入培训结果")
    enrolled = (Enrolment.objects.filter(session=session).exclude(state=EnrolmentState.CANCELLED)
                .values_list("employee__employee_no", flat=True))
    try:
        lines = read_results_sheet(path, enrolled=list(enrolled), limits=settings.CAREERPATH_WORKBOOK_LIMITS)
    except WorkbookInvalid as exc:
        raise InvalidInput(exc.summary(), code="workbook_invalid", details=exc.as_details()) from None
    return session_results_record(actor=actor, session=session, lines=lines, today=today,
                                  source=f"{file_name[:200]}（培训场次 #{session.pk}）")
