"""The working-day calendar over REST: a period of N working days; HR enters a year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from careerpath.calendars.selectors import work_calendar
from careerpath.calendars.services import calendar_year_set
from careerpath.core.workdays import CalendarMissing
from careerpath.errors import InvalidInput

router = Router(tags=["calendar"])


class DeadlineOut(Schema):
    start: date
    working_days: int
    first_day: date
    last_day: date


@router.get("/calendar/deadline", response=DeadlineOut,
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


@router.put("/calendar/{year}", summary="HR enters a year's holidays and 调休 workdays")
def calendar_year_put(request: HttpRequest, year: int, payload: CalendarYearIn) -> dict[str, Any]:
    cy = calendar_year_set(actor=request.user, year=year, holidays=payload.holidays, workdays=payload.workdays,
                           note=payload.note)
    return {"year": cy.year, "source": cy.source}
