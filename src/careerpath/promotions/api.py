"""Promotion applications, notices (公示), objections and letters over REST."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles, require_scope
from careerpath.api.types import Code, Day, EmployeeNo, Id, Ids, Note, Title, paginated
from careerpath.audit.selectors import audit_events_for
from careerpath.errors import NotFound
from careerpath.people.models import Employee
from careerpath.promotions import services as s
from careerpath.promotions.letters import letters_pdf
from careerpath.promotions.models import Application, Letter, Notice, NoticeEntry, Notification, Objection
from careerpath.promotions.selectors import applications_visible_to, notice_public_entries, objections_for_hr

router = Router(tags=["promotions"])


def _today() -> date:
    return clock.today()


class ApplicationIn(Schema):
    employee_no: EmployeeNo
    to_level: Code
    statement: Note = ""
    exception_reason: Note = ""


class _ApplicationFields(Schema):
    """What a list row and a full application both show."""

    id: int
    employee_no: str
    name: str
    department: str | None
    move_id: str
    move_type: str
    from_level: str
    to_level: str
    route: str
    state: str
    state_label: str
    eligible: bool | None
    effective_on: date | None


class ApplicationOut(_ApplicationFields):
    exception_reason: str
    policy_version: str


class ApplicationRow(_ApplicationFields):
    """A list row, resolved from the model so lists paginate in the database."""

    @staticmethod
    def resolve_employee_no(obj: Application) -> str:
        return obj.employee.employee_no

    @staticmethod
    def resolve_name(obj: Application) -> str:
        return obj.employee.name

    @staticmethod
    def resolve_department(obj: Application) -> str | None:
        return obj.employee.department.name if obj.employee.department_id else None

    @staticmethod
    def resolve_state_label(obj: Application) -> str:
        return obj.get_state_display()


class ApplicationDetail(ApplicationOut):
    statement: str
    as_of: date | None
    snapshot: dict[str, Any]
    interview_note: str
    review_report: str
    manager_note: str
    committee_note: str
    vp_note: str
    hr_note: str
    closed_reason: str
    probation_ends_on: date | None
    letter_number: str | None
    history: list[dict[str, Any]]


def _out(app: Application) -> dict[str, Any]:
    e = app.employee
    return {
        "id": app.pk, "employee_no": e.employee_no, "name": e.name,
        "department": e.department.name if e.department_id else None, "move_id": app.move_id,
        "move_type": app.move_type, "from_level": app.from_level, "to_level": app.to_level, "route": app.route,
        "state": app.state, "state_label": app.get_state_display(), "eligible": app.eligible,
        "exception_reason": app.exception_reason, "effective_on": app.effective_on,
        "policy_version": str(app.policy_version),
    }


# Only these states can have a letter; others skip the lookup (this endpoint is read a lot).
_LETTER_STATES = {"letter_issued", "in_probation", "confirmed", "reverted"}


def _detail(app: Application) -> dict[str, Any]:
    d = _out(app)
    letter = getattr(app, "letter", None) if app.state in _LETTER_STATES else None
    d.update({
        "statement": app.statement, "as_of": app.as_of, "snapshot": app.snapshot,
        "interview_note": app.interview_note, "review_report": app.review_report, "manager_note": app.manager_note,
        "committee_note": app.committee_note, "vp_note": app.vp_note, "hr_note": app.hr_note,
        "closed_reason": app.closed_reason, "probation_ends_on": app.probation_ends_on,
        "letter_number": letter.number if letter else None,
        "history": [dict(zip(("at", "actor", "action", "from", "to", "reason"), row, strict=True))
                    for row in audit_events_for(target=app).values_list(
                        "at", "actor_label", "action", "from_state", "to_state", "reason")],
    })
    return d


def _get(request: HttpRequest, pk: int) -> Application:
    app = Application.objects.select_related("employee", "employee__department", "policy_version",
                                             "letter").filter(pk=pk).first()
    if app is None:
        raise NotFound(f"申请 #{pk} 不存在 (no such application)")
    require_scope(request.user, app.employee, action="查看晋升申请")
    return app


@router.post("/applications", response={201: ApplicationDetail}, summary="Open a draft application")
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status:
    emp = get_object_or_404(Employee, employee_no=payload.employee_no)
    app = s.application_create(actor=request.user, employee=emp, to_level=payload.to_level,
                               statement=payload.statement, exception_reason=payload.exception_reason)
    return Status(201, _detail(app))


@router.get("/applications", response=list[ApplicationRow], summary="Applications in your data scope")
@paginated(page_size=50)
def application_list(request: HttpRequest, state: Code = "") -> Any:
    qs = applications_visible_to(user=request.user).order_by("-id")
    if state:
        qs = qs.filter(state=state)
    return qs


@router.get("/applications/{pk}", response=ApplicationDetail)
def application_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _detail(_get(request, pk))


# Declared before the generic action route, which would otherwise match /letter first.
class LetterIn(Schema):
    issued_on: Day | None = None


@router.post("/applications/{pk}/letter", response={201: dict[str, Any]}, summary="Issue the 晋升通知书")
def letter_issue(request: HttpRequest, pk: Id, payload: LetterIn) -> Status:
    letter = s.letter_issue(actor=request.user, application=_get(request, pk), issued_on=payload.issued_on or _today())
    return Status(201, {"number": letter.number, "issued_on": letter.issued_on})


@router.get("/applications/{pk}/letter.pdf", summary="The 晋升通知书 as PDF")
def letter_pdf(request: HttpRequest, pk: Id) -> HttpResponse:
    app = _get(request, pk)
    letter = Letter.objects.filter(application=app).first()
    if letter is None:
        raise NotFound("尚未发放通知书 no letter yet")
    resp = HttpResponse(letters_pdf([letter]), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="letter-{app.pk}.pdf"'
    return resp


class ActionIn(Schema):
    reason: Note = ""
    note: Note = ""
    interview_note: Note = ""
    review_report: Note = ""
    as_of: Day | None = None
    on: Day | None = None


Action = Literal["submit", "supervisor_review", "manager_review", "committee_decide", "vp_approve", "hr_approve",
                 "return_to_applicant", "reject", "withdraw", "confirm", "revert"]


# The steps whose only input is the note, or the reason.
_NOTE_STEPS = {"manager_review": s.application_manager_review, "committee_decide": s.application_committee_decide,
               "vp_approve": s.application_vp_approve, "hr_approve": s.application_hr_approve,
               "confirm": s.application_confirm}
_REASON_STEPS = {"reject": s.application_reject, "withdraw": s.application_withdraw,
                 "return_to_applicant": s.application_return}


@router.post("/applications/{pk}/{action}", response=ApplicationDetail,
             summary="Move an application on: submit, reviews, approvals, return to the applicant, reject, "
                     "withdraw, confirm, revert")
def application_action(request: HttpRequest, pk: Id, action: Action, payload: ActionIn) -> dict[str, Any]:
    app = _get(request, pk)
    u = request.user
    if action == "submit":
        app = s.application_submit(actor=u, application=app, as_of=payload.as_of or _today())
    elif action == "supervisor_review":
        app = s.application_supervisor_review(actor=u, application=app, interview_note=payload.interview_note,
                                              review_report=payload.review_report)
    elif action in _NOTE_STEPS:
        app = _NOTE_STEPS[action](actor=u, application=app, note=payload.note)
    elif action in _REASON_STEPS:
        app = _REASON_STEPS[action](actor=u, application=app, reason=payload.reason)
    else:
        app = s.application_revert(actor=u, application=app, reason=payload.reason, on=payload.on or _today())
    return _detail(app)


# --- notices -----------------------------------------------------------------------------------------


class NoticeIn(Schema):
    application_ids: Ids
    published_on: Day
    effective_on: Day
    title: Title = ""


class EntryOut(Schema):
    id: int
    name: str
    department: str
    from_level: str
    to_level: str
    effective_on: date
    exception_note: str


class NoticeOut(Schema):
    id: int
    number: str
    title: str
    published_on: date
    first_day: date
    last_day: date
    working_days: int
    state: str
    entries: list[EntryOut]


def _notice(n: Notice) -> dict[str, Any]:
    return {"id": n.pk, "number": n.number, "title": n.title, "published_on": n.published_on,
            "first_day": n.first_day, "last_day": n.last_day, "working_days": n.working_days, "state": n.state,
            "entries": [{"id": e.pk, "name": e.name, "department": e.department, "from_level": e.from_level_name,
                         "to_level": e.to_level_name, "effective_on": e.effective_on,
                         "exception_note": e.exception_note} for e in notice_public_entries(notice=n)]}


@router.post("/notices", response={201: NoticeOut}, summary="Publish a 公示 (HR)")
def notice_publish(request: HttpRequest, payload: NoticeIn) -> Status:
    apps = list(Application.objects.filter(pk__in=payload.application_ids))
    missing = set(payload.application_ids) - {a.pk for a in apps}
    if missing:
        raise NotFound(f"申请不存在 no such applications: {sorted(missing)}")
    n = s.notice_publish(actor=request.user, applications=apps, published_on=payload.published_on,
                         effective_on=payload.effective_on, title=payload.title)
    return Status(201, _notice(n))


@router.get("/notices", response=list[NoticeOut], summary="Public notices: readable by every employee")
@paginated(page_size=20)
def notice_list(request: HttpRequest) -> Any:
    return [_notice(n) for n in Notice.objects.order_by("-published_on", "-seq")]


@router.get("/notices/{pk}", response=NoticeOut)
def notice_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _notice(get_object_or_404(Notice, pk=pk))


class ObjectionIn(Schema):
    entry_id: Id
    text: Note


@router.post("/notices/{pk}/objections", response={201: dict[str, Any]}, summary="File an objection (any employee)")
def objection_file(request: HttpRequest, pk: Id, payload: ObjectionIn) -> Status:
    entry = get_object_or_404(NoticeEntry, pk=payload.entry_id, notice_id=pk)
    obj = s.objection_file(actor=request.user, entry=entry, text=payload.text, today=_today())
    return Status(201, {"id": obj.pk, "state": obj.state})


@router.get("/notices/{pk}/objections", summary="Objections with the objector's identity (HR only)")
def objection_list(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    require_roles(request.user, Role.HR, action="查看异议")
    n = get_object_or_404(Notice, pk=pk)
    return [{"id": o.pk, "entry_id": o.entry_id, "name": o.entry.name, "objector": o.objector.get_username(),
             "text": o.text, "filed_at": o.filed_at, "state": o.state, "outcome": o.outcome,
             "resolution_note": o.resolution_note} for o in objections_for_hr(notice=n)]


class ResolveIn(Schema):
    upheld: bool
    note: Note
    outcome: Literal["return_to_review", "reject"] = "return_to_review"


@router.post("/objections/{pk}/resolve", summary="Mediate an objection (HR)")
def objection_resolve(request: HttpRequest, pk: Id, payload: ResolveIn) -> dict[str, Any]:
    obj = s.objection_resolve(actor=request.user, objection=get_object_or_404(Objection, pk=pk),
                              upheld=payload.upheld, note=payload.note, outcome=payload.outcome)
    return {"id": obj.pk, "state": obj.state, "outcome": obj.outcome}


@router.post("/notices/{pk}/close", response=NoticeOut, summary="Close a notice after its last working day (HR)")
def notice_close(request: HttpRequest, pk: Id) -> dict[str, Any]:
    n = s.notice_close(actor=request.user, notice=get_object_or_404(Notice, pk=pk), today=_today())
    return _notice(n)


# --- notifications --------------------------------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: Any
    read_at: Any


@router.get("/notifications", response=list[NotificationOut], tags=["notifications"],
            summary="Your own notifications, newest first")
@paginated(page_size=50)
def notification_list(request: HttpRequest, unread: bool = False) -> Any:
    qs = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/read", tags=["notifications"], summary="Mark all your notifications read")
def notification_read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": s.notifications_mark_read(user=request.user, now=timezone.now())}
