"""The working-day calendar over REST: a period of N working days; HR enters a year."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from careerpath.api.types import Day, Year, text
from careerpath.calendars.selectors import work_calendar
from careerpath.calendars.services import calendar_year_set
from careerpath.core.workdays import CalendarMissing
from careerpath.errors import InvalidInput

router = Router(tags=["calendar"])

# A period of more than ten years of working days is no deadline anyone sets; it would also leave the calendar.
WorkingDays = Annotated[int, Field(ge=1, le=2500)]


class DeadlineOut(Schema):
    start: date
    working_days: int
    first_day: date
    last_day: date


@router.get("/calendar/deadline", response=DeadlineOut,
            summary="A period of N working days from a start date (holidays and 调休 honoured)")
def calendar_deadline(request: HttpRequest, start: Day, working_days: WorkingDays) -> dict[str, Any]:
    try:
        first, last = work_calendar().period(start, working_days)
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), code="calendar_missing", field="start") from None
    return {"start": start, "working_days": working_days, "first_day": first, "last_day": last}


# A year has at most 366 days; a day's name is CalendarDay.name (50).
Days = Annotated[dict[Day, text(50)], Field(max_length=366)]


class CalendarYearIn(Schema):
    holidays: Days = {}
    workdays: Days = {}
    note: text(200) = ""


@router.put("/calendar/{year}", summary="HR enters a year's holidays and 调休 workdays")
def calendar_year_put(request: HttpRequest, year: Year, payload: CalendarYearIn) -> dict[str, Any]:
    cy = calendar_year_set(actor=request.user, year=year, holidays=payload.holidays, workdays=payload.workdays,
                           note=payload.note)
    return {"year": cy.year, "source": cy.source}
