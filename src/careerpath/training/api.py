"""Training (培训) over REST: programs, sessions, enrolment, attendance and results, certificates — the same
services as the pages; every refusal is a 4xx JSON body with a stable code."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status, UploadedFile
from pydantic import Field

from careerpath import clock
from careerpath.api.types import Code, Day, EmployeeNo, Id, Name, Note, Title, paginated, text
from careerpath.errors import InvalidInput, NotFound
from careerpath.people.models import Employee
from careerpath.training import selectors as sel
from careerpath.training import services as s
from careerpath.training.documents import certificate_pdf
from careerpath.training.models import Enrolment, Program, Session
from careerpath.uploads import upload_check_size

router = Router(tags=["training"])


class ProgramIn(Schema):
    name: Name
    name_en: Name = ""
    evidence_program: Title = Field("", description="The policy's training-program key results count as "
                                                    "(default: the name), e.g. 储备干部培训")
    prepares_for: Code = Field("", description="The level this program prepares for (optional)")
    description: Note = ""
    active: bool = True


class ProgramOut(Schema):
    id: int
    name: str
    name_en: str
    evidence_program: str
    prepares_for: str
    description: str
    active: bool


def _program(p: Program) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name, "name_en": p.name_en, "evidence_program": p.evidence_program,
            "prepares_for": p.prepares_for, "description": p.description, "active": p.active}


def _program_get(pk: int) -> Program:
    p = sel.program_get(pk=pk)
    if p is None:
        raise NotFound(f"没有培训项目 #{pk} (no such program)", code="not_found")
    return p


@router.get("/training/programs", response=list[ProgramOut], summary="Training programs")
def program_list(request: HttpRequest, active: bool | None = None) -> list[dict[str, Any]]:
    return [_program(p) for p in sel.programs_list(active_only=bool(active))]


@router.post("/training/programs", response={201: ProgramOut}, summary="Create a training program (HR)")
def program_create(request: HttpRequest, payload: ProgramIn) -> Any:
    return Status(201, _program(s.program_create(actor=request.user, **payload.dict())))  # type: ignore[arg-type]


@router.put("/training/programs/{pk}", response=ProgramOut, summary="Change a training program (HR)")
def program_update(request: HttpRequest, pk: Id, payload: ProgramIn) -> dict[str, Any]:
    return _program(s.program_update(actor=request.user, program=_program_get(pk), **payload.dict()))  # type: ignore[arg-type]


class SessionIn(Schema):
    program_id: Id
    starts_on: Day
    ends_on: Day | None = None
    time: text(40) = ""  # type: ignore[valid-type]
    place: Title
    trainer: text(150) | None = Field(None, description="The trainer's login name")  # type: ignore[valid-type]
    capacity: int = Field(..., ge=1, le=s.MAX_CAPACITY)
    note: Note = ""


class EnrolmentOut(Schema):
    id: int
    session_id: int
    employee_no: str
    name: str
    state: str
    result: str
    score: float | None
    certificate_no: str
    certificate_url: str | None


class SessionOut(Schema):
    id: int
    program_id: int
    program: str
    evidence_program: str
    starts_on: date
    ends_on: date | None
    time: str
    place: str
    trainer: str | None
    capacity: int
    seats_left: int
    state: str
    cancelled_reason: str


def _session(x: Session) -> dict[str, Any]:
    return {"id": x.pk, "program_id": x.program_id, "program": x.program.name,
            "evidence_program": x.program.evidence_program, "starts_on": x.starts_on, "ends_on": x.ends_on,
            "time": x.time, "place": x.place, "trainer": x.trainer.get_username() if x.trainer_id else None,
            "capacity": x.capacity, "seats_left": sel.seats_left(x), "state": x.state,
            "cancelled_reason": x.cancelled_reason}


def _enrolment(e: Enrolment) -> dict[str, Any]:
    return {"id": e.pk, "session_id": e.session_id, "employee_no": e.employee.employee_no, "name": e.employee.name,
            "state": e.state, "result": e.recorded_result, "score": e.score, "certificate_no": e.certificate_no,
            "certificate_url": f"/api/training/enrolments/{e.pk}/certificate.pdf" if e.has_certificate else None}


def _session_get(pk: int) -> Session:
    x = sel.session_get(pk=pk)
    if x is None:
        raise NotFound(f"没有培训场次 #{pk} (no such session)", code="not_found")
    return x


def _trainer(username: str | None) -> Any:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise InvalidInput(f"没有用户 {username!r} (no such user)", code="unknown_user", field="trainer")
    return user


@router.get("/training/sessions", response=list[SessionOut], summary="Training sessions (upcoming=true: from today)")
@paginated(page_size=100)
def session_list(request: HttpRequest, upcoming: bool | None = None, program_id: Id | None = None,
                 mine_as_trainer: bool = False) -> Any:
    qs = sel.sessions_list(upcoming=upcoming, today=clock.today(), program_id=program_id,
                           trainer=request.user if mine_as_trainer else None)
    return [_session(x) for x in qs]


@router.post("/training/sessions", response={201: SessionOut}, summary="Plan a training session (HR)")
def session_create(request: HttpRequest, payload: SessionIn) -> Any:
    x = s.session_create(actor=request.user, program=_program_get(payload.program_id),  # type: ignore[arg-type]
                         starts_on=payload.starts_on, ends_on=payload.ends_on, time=payload.time, place=payload.place,
                         trainer=_trainer(payload.trainer), capacity=payload.capacity, note=payload.note)
    return Status(201, _session(_session_get(x.pk)))


class SessionChangeIn(Schema):
    starts_on: Day
    ends_on: Day | None = None
    time: text(40) = ""  # type: ignore[valid-type]
    place: Title
    trainer: text(150) | None = Field(None, description="The trainer's login name")  # type: ignore[valid-type]
    capacity: int = Field(..., ge=1, le=s.MAX_CAPACITY)
    note: Note = ""


@router.put("/training/sessions/{pk}", response=SessionOut,
            summary="Change a session's date, place, trainer or seats (HR; not below the people enrolled)")
def session_update(request: HttpRequest, pk: Id, payload: SessionChangeIn) -> dict[str, Any]:
    s.session_update(actor=request.user, session=_session_get(pk), starts_on=payload.starts_on,  # type: ignore[arg-type]
                     ends_on=payload.ends_on, time=payload.time, place=payload.place,
                     trainer=_trainer(payload.trainer), capacity=payload.capacity, note=payload.note)
    return _session(_session_get(pk))


class SessionDetailOut(SessionOut):
    roster: list[EnrolmentOut]


@router.get("/training/sessions/{pk}", response=SessionDetailOut,
            summary="A session; its roster for HR and the trainer, else the caller's own enrolment or team")
def session_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    x = _session_get(pk)
    roster = sel.session_roster(session=x)
    if not sel.can_manage_session(user=request.user, session=x):
        from careerpath.accounts.selectors import employees_visible_to

        visible = set(employees_visible_to(user=request.user).filter(
            pk__in=[e.employee_id for e in roster]).values_list("pk", flat=True))
        roster = [e for e in roster if e.employee_id in visible]
    return {**_session(x), "roster": [_enrolment(e) for e in roster]}


class CancelIn(Schema):
    reason: Note


@router.post("/training/sessions/{pk}/cancel", response=SessionOut, summary="Cancel a planned session (HR)")
def session_cancel(request: HttpRequest, pk: Id, payload: CancelIn) -> dict[str, Any]:
    s.session_cancel(actor=request.user, session=_session_get(pk), reason=payload.reason)  # type: ignore[arg-type]
    return _session(_session_get(pk))


@router.post("/training/sessions/{pk}/close", response=SessionOut, summary="Close a session (the trainer or HR)")
def session_close(request: HttpRequest, pk: Id) -> dict[str, Any]:
    s.session_close(actor=request.user, session=_session_get(pk), today=clock.today())  # type: ignore[arg-type]
    return _session(_session_get(pk))


class EnrolIn(Schema):
    employee_no: EmployeeNo | None = Field(None, description="Whom to enrol (default: the caller)")


@router.post("/training/sessions/{pk}/enrolments", response={201: EnrolmentOut},
             summary="Enrol oneself, a team member (supervisor, manager) or anyone (HR)")
def enrolment_create(request: HttpRequest, pk: Id, payload: EnrolIn) -> Any:
    x = _session_get(pk)
    if payload.employee_no:
        employee = Employee.objects.filter(employee_no=payload.employee_no).first()
        if employee is None:
            raise NotFound(f"没有员工 {payload.employee_no} (no such employee)", code="not_found")
    else:
        from careerpath.accounts.selectors import user_employee

        employee = user_employee(user=request.user)
        if employee is None:
            raise InvalidInput("您的账号没有关联员工档案，请指定 employee_no (no employee record)",
                               code="no_employee", field="employee_no")
    e = s.enrolment_create(actor=request.user, session=x, employee=employee, today=clock.today())  # type: ignore[arg-type]
    return Status(201, _enrolment(e))


def _enrolment_get(request: HttpRequest, pk: int) -> Enrolment:
    e = sel.enrolment_get(pk=pk)
    if e is None or not sel.can_read_enrolment(user=request.user, enrolment=e):
        raise NotFound(f"没有报名记录 #{pk} (no such enrolment)", code="not_found")
    return e


@router.get("/training/enrolments", response=list[EnrolmentOut], summary="The caller's own enrolments")
def my_enrolments(request: HttpRequest) -> list[dict[str, Any]]:
    from careerpath.accounts.selectors import user_employee

    me = user_employee(user=request.user)
    return [_enrolment(e) for e in (sel.enrolments_of(employee=me) if me else [])]


@router.post("/training/enrolments/{pk}/cancel", response=EnrolmentOut, summary="Cancel an enrolment before the session")
def enrolment_cancel(request: HttpRequest, pk: Id) -> dict[str, Any]:
    e = s.enrolment_cancel(actor=request.user, enrolment=_enrolment_get(request, pk), today=clock.today())  # type: ignore[arg-type]
    return _enrolment(sel.enrolment_get(pk=e.pk) or e)


class ResultLine(Schema):
    employee_no: EmployeeNo
    attendance: Literal["attended", "absent", ""]
    result: Literal["passed", "failed", "attended", ""] = ""
    score: float | None = Field(None, ge=0, le=100, allow_inf_nan=False)
    certificate_no: text(40) = ""  # type: ignore[valid-type]


class ResultsIn(Schema):
    lines: list[ResultLine] = Field(..., min_length=1, max_length=s.MAX_CAPACITY)


class ResultsOut(Schema):
    recorded: int
    changed: int
    removed: int
    unchanged: int
    roster: list[EnrolmentOut]


def _results(x: Session, summary: s.ResultSummary) -> dict[str, Any]:
    return {"recorded": summary.recorded, "changed": summary.changed, "removed": summary.removed,
            "unchanged": summary.unchanged, "roster": [_enrolment(e) for e in sel.session_roster(session=x)]}


@router.post("/training/sessions/{pk}/results", response=ResultsOut,
             summary="Record attendance and results (the trainer or HR); all lines or none")
def results_record(request: HttpRequest, pk: Id, payload: ResultsIn) -> dict[str, Any]:
    x = _session_get(pk)
    lines = [s.ResultInput(line.employee_no, line.attendance, line.result, line.score, line.certificate_no)
             for line in payload.lines]
    return _results(x, s.session_results_record(actor=request.user, session=x, lines=lines,  # type: ignore[arg-type]
                                                today=clock.today()))


@router.post("/training/sessions/{pk}/results/import", response=ResultsOut,
             summary="Record results from the session's 培训结果 workbook (all rows clean, or nothing saved)")
def results_import(request: HttpRequest, pk: Id, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    x = _session_get(pk)
    upload_check_size(file)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        summary = s.session_results_import(actor=request.user, session=x, path=path,  # type: ignore[arg-type]
                                           file_name=Path(file.name or "upload.xlsx").name, today=clock.today())
    return _results(x, summary)


@router.get("/training/enrolments/{pk}/certificate.pdf", summary="The 培训证书 of an attended enrolment (PDF)")
def certificate(request: HttpRequest, pk: Id) -> HttpResponse:
    e = _enrolment_get(request, pk)
    if not e.has_certificate:
        raise NotFound("该报名没有证书 (no certificate)", code="no_certificate")
    resp = HttpResponse(certificate_pdf(e), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="certificate-{e.pk}.pdf"'
    resp["Cache-Control"] = "private, no-store"
    return resp


