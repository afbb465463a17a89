"""People over REST: HR's correction of a position (任职记录), through the one position service."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from careerpath.people.models import PositionReason
from careerpath.people.services import position_correct

router = Router(tags=["people"])


class PositionIn(Schema):
    level: str
    start_on: date
    reason: str = PositionReason.APPOINTMENT.value
    why: str


class PositionOut(Schema):
    id: int
    employee_no: str
    level: str
    start_on: date
    end_on: date | None
    reason: str


@router.post("/employees/{employee_no}/positions", response={201: PositionOut},
             summary="HR records a position change (correction or appointment); the open row ends the day before")
def position_create(request: HttpRequest, employee_no: str, payload: PositionIn) -> Status:
    p = position_correct(actor=request.user, employee_no=employee_no, level=payload.level,
                         start_on=payload.start_on, reason=payload.reason, why=payload.why)
    out: dict[str, Any] = {"id": p.pk, "employee_no": employee_no, "level": p.level,
                           "start_on": p.start_on, "end_on": p.end_on, "reason": p.reason}
    return Status(201, out)
