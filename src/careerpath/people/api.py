"""People over REST: employees in scope, their explained evaluation, HR's correction of a position."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from careerpath import clock
from careerpath.accounts.permissions import require_scope
from careerpath.accounts.selectors import employees_visible_to
from careerpath.api.types import Code, Day, EmployeeNo, Name, Note, paginated
from careerpath.evaluation.selectors import evaluation_run
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee, PositionReason
from careerpath.people.services import position_correct
from careerpath.policy_versions.selectors import active_policy

router = Router(tags=["people"])


class EmployeeOut(Schema):
    employee_no: str
    name: str
    department: str | None
    status: str

    @staticmethod
    def resolve_department(obj: Employee) -> str | None:
        return obj.department.name if obj.department_id else None


@router.get("/employees", response=list[EmployeeOut], summary="Employees in your data scope")
@paginated(page_size=50)
def employees_list(request: HttpRequest, q: Name = "") -> Any:
    qs = employees_visible_to(user=request.user).select_related("department").order_by("employee_no")
    if q:
        qs = qs.filter(Q(employee_no__icontains=q) | Q(name__icontains=q))
    return qs  # paginated in the database


@router.get("/employees/{employee_no}/evaluation",
            summary="Per-criterion eligibility of every next move (and initial placement)")
def employee_evaluation(request: HttpRequest, employee_no: EmployeeNo, as_of: Day | None = None) -> dict[str, Any]:
    emp = get_object_or_404(Employee, employee_no=employee_no)
    require_scope(request.user, emp, action="查看评定")
    ev = evaluation_run(policy=active_policy(), as_of=as_of or clock.today(), lang=engine_lang(),
                        employee_no=employee_no, placements=True)
    return ev.to_dict(include_placements=True)


class PositionIn(Schema):
    level: Code
    start_on: Day
    reason: Code = PositionReason.APPOINTMENT.value
    why: Note


class PositionOut(Schema):
    id: int
    employee_no: str
    level: str
    start_on: date
    end_on: date | None
    reason: str


@router.post("/employees/{employee_no}/positions", response={201: PositionOut},
             summary="HR records a position change (correction or appointment); the open row ends the day before")
def position_create(request: HttpRequest, employee_no: EmployeeNo, payload: PositionIn) -> Status:
    p = position_correct(actor=request.user, employee_no=employee_no, level=payload.level,
                         start_on=payload.start_on, reason=payload.reason, why=payload.why)
    out: dict[str, Any] = {"id": p.pk, "employee_no": employee_no, "level": p.level,
                           "start_on": p.start_on, "end_on": p.end_on, "reason": p.reason}
    return Status(201, out)
