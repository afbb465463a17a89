from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from careerpath.calendars.models import CalendarDay, CalendarSource, CalendarYear
from careerpath.core.workdays import WorkCalendar


def work_calendar() -> WorkCalendar:
    """The whole calendar in two queries (a few hundred rows at most)."""
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    holidays: dict = {}
    workdays: dict = {}
    for day, is_workday, name in CalendarDay.objects.values_list("day", "is_workday", "name"):
        (workdays if is_workday else holidays)[day] = name
    return WorkCalendar(years, holidays, workdays)


class DayKind(StrEnum):
    WORKDAY = "workday"  # an ordinary weekday
    WEEKEND = "weekend"  # an ordinary Saturday or Sunday
    HOLIDAY = "holiday"  # a weekday off (a public holiday)
    MAKEUP = "makeup"  # a weekend day worked (调休上班)


@dataclass(frozen=True, slots=True)
class GridDay:
    day: date
    kind: DayKind
    name: str

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)


@dataclass(frozen=True, slots=True)
class GridMonth:
    month: int
    weeks: list[list[GridDay | None]]  # Monday first; None pads the first and last week
    workdays: int


@dataclass(frozen=True, slots=True)
class CalendarYearView:
    year: int
    known: CalendarYear | None  # None: the calendar does not know this year (deadlines in it are refused)
    months: list[GridMonth]
    holidays: int
    makeup_days: int

    @property
    def editable(self) -> bool:
        return self.known is not None and self.known.source == CalendarSource.HR

    @property
    def workdays(self) -> int:
        return sum(m.workdays for m in self.months)


def calendar_years() -> list[CalendarYear]:
    """Every year the calendar knows, with who entered it (one query)."""
    return list(CalendarYear.objects.select_related("entered_by").order_by("year"))


def calendar_year_view(*, year: int) -> CalendarYearView:
    """One year as month grids: working days, holidays and 调休 workdays (two queries)."""
    known = CalendarYear.objects.select_related("entered_by").filter(year=year).first()
    exceptions = {d: (w, n) for d, w, n in CalendarDay.objects.filter(day__year=year)
                  .values_list("day", "is_workday", "name")} if known else {}
    months = []
    holidays = makeup = 0
    for month in range(1, 13):
        weeks: list[list[GridDay | None]] = []
        worked = 0
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[GridDay | None] = []
            for d in week:
                if d.month != month:
                    row.append(None)
                    continue
                weekend = d.weekday() >= 5
                is_work, name = exceptions.get(d, (not weekend, ""))
                if d in exceptions:
                    kind = DayKind.MAKEUP if is_work else DayKind.HOLIDAY
                    holidays += not is_work
                    makeup += is_work
                else:
                    kind = DayKind.WEEKEND if weekend else DayKind.WORKDAY
                gd = GridDay(d, kind, name)
                worked += gd.is_workday
                row.append(gd)
            weeks.append(row)
        months.append(GridMonth(month, weeks, worked))
    return CalendarYearView(year, known, months, holidays, makeup)
