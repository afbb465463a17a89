"""Core endpoints: tokens, the current user, employees and their evaluation, policies, the calendar."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles, require_scope
from careerpath.accounts.selectors import employees_visible_to, user_employee, user_roles
from careerpath.api.services import api_token_create
from careerpath.audit.models import AuditEvent
from careerpath.calendars.selectors import work_calendar
from careerpath.calendars.services import calendar_year_set
from careerpath.core.workdays import CalendarMissing
from careerpath.errors import InvalidInput
from careerpath.evaluation.selectors import evaluation_run
from careerpath.people.models import Employee
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.selectors import active_policy
from careerpath.policy_versions.services import (
    policy_version_activate,
    policy_version_create,
    policy_version_publish,
)

router = Router()


def _lang(request: HttpRequest) -> str:
    return "en" if (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en") else "zh"


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    token: str


@router.post("/tokens", response={201: TokenOut}, tags=["accounts"], summary="Create an API token for yourself")
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    tok, raw = api_token_create(actor=request.user, name=payload.name)
    return Status(201, {"id": tok.pk, "name": tok.name, "prefix": tok.prefix, "token": raw})


class MeOut(Schema):
    username: str
    roles: list[str]
    employee_no: str | None


@router.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    emp = user_employee(user=request.user)
    return {"username": request.user.get_username(), "roles": sorted(user_roles(user=request.user)),
            "employee_no": emp.employee_no if emp else None}


class EmployeeOut(Schema):
    employee_no: str
    name: str
    department: str | None
    status: str

    @staticmethod
    def resolve_department(obj: Employee) -> str | None:
        return obj.department.name if obj.department_id else None


@router.get("/employees", response=list[EmployeeOut], tags=["people"], summary="Employees in your data scope")
@paginate(PageNumberPagination, page_size=50)
def employees_list(request: HttpRequest, q: str = "") -> Any:
    qs = employees_visible_to(user=request.user).select_related("department").order_by("employee_no")
    if q:
        qs = qs.filter(Q(employee_no__icontains=q) | Q(name__icontains=q))
    return qs  # paginated in the database


@router.get("/employees/{employee_no}/evaluation", tags=["people"],
            summary="Per-criterion eligibility of every next move (and initial placement)")
def employee_evaluation(request: HttpRequest, employee_no: str, as_of: date | None = None) -> dict[str, Any]:
    emp = get_object_or_404(Employee, employee_no=employee_no)
    require_scope(request.user, emp, action="查看评定")
    policy = active_policy()
    ev = evaluation_run(policy=policy, as_of=as_of or clock.today(), lang=_lang(request),
                        employee_no=employee_no, placements=True)
    return ev.to_dict(include_placements=True)


class PolicyIn(Schema):
    yaml_text: str


class PolicyOut(Schema):
    id: int
    name: str
    version: str
    status: str
    is_active: bool
    problems: list[list[str]]
    published_on: date | None


class PublishIn(Schema):
    published_on: date
    consultation_note: str
    announcement_note: str
    activate: bool = True


def _policy_out(pv: PolicyVersion) -> dict[str, Any]:
    return {"id": pv.pk, "name": pv.name, "version": pv.version, "status": pv.status, "is_active": pv.is_active,
            "problems": pv.problems, "published_on": pv.published_on}


@router.get("/policies", response=list[PolicyOut], tags=["policies"])
@paginate(PageNumberPagination, page_size=50)
def policies_list(request: HttpRequest) -> Any:
    return [_policy_out(pv) for pv in PolicyVersion.objects.order_by("-created_at")]


@router.post("/policies", response={201: PolicyOut}, tags=["policies"], summary="Store a draft policy version")
def policies_create(request: HttpRequest, payload: PolicyIn) -> Status:
    return Status(201, _policy_out(policy_version_create(actor=request.user, yaml_text=payload.yaml_text)))


@router.post("/policies/{pk}/publish", response=PolicyOut, tags=["policies"])
def policies_publish(request: HttpRequest, pk: int, payload: PublishIn) -> dict[str, Any]:
    pv = get_object_or_404(PolicyVersion, pk=pk)
    return _policy_out(policy_version_publish(actor=request.user, version=pv, **payload.dict()))


@router.post("/policies/{pk}/activate", response=PolicyOut, tags=["policies"])
def policies_activate(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _policy_out(policy_version_activate(actor=request.user, version=get_object_or_404(PolicyVersion, pk=pk)))


class DeadlineOut(Schema):
    start: date
    working_days: int
    first_day: date
    last_day: date


@router.get("/calendar/deadline", response=DeadlineOut, tags=["calendar"],
            summary="A period of N working days from a start date (holidays and 调休 honoured)")
def calendar_deadline(request: HttpRequest, start: date, working_days: int) -> dict[str, Any]:
    if working_days < 1:
        raise InvalidInput("working_days 至少为 1 must be at least 1", field="working_days")
    try:
        first, last = work_calendar().period(start, working_days)
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), code="calendar_missing", field="start") from None
    return {"start": start, "working_days": working_days, "first_day": first, "last_day": last}


class CalendarYearIn(Schema):
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    note: str = ""


@router.put("/calendar/{year}", tags=["calendar"], summary="HR enters a year's holidays and 调休 workdays")
def calendar_year_put(request: HttpRequest, year: int, payload: CalendarYearIn) -> dict[str, Any]:
    cy = calendar_year_set(actor=request.user, year=year, holidays=payload.holidays, workdays=payload.workdays,
                           note=payload.note)
    return {"year": cy.year, "source": cy.source}


class AuditOut(Schema):
    at: Any
    actor_label: str
    action: str
    target_type: str
    target_id: str
    from_state: str
    to_state: str
    reason: str
    data: dict[str, Any]


@router.get("/audit", response=list[AuditOut], tags=["audit"], summary="The audit log (HR and admin only)")
@paginate(PageNumberPagination, page_size=100)
def audit_list(request: HttpRequest, target_type: str = "", target_id: str = "", action: str = "") -> Any:
    require_roles(request.user, Role.HR, action="查看审计日志")
    qs = AuditEvent.objects.order_by("-at", "-id")
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs  # paginated in the database, not in memory
