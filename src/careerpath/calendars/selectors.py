from __future__ import annotations

from careerpath.calendars.models import CalendarDay, CalendarYear
from careerpath.core.workdays import WorkCalendar


def work_calendar() -> WorkCalendar:
    """The whole calendar in two queries (a few hundred rows at most)."""
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    holidays: dict = {}
    workdays: dict = {}
    for day, is_workday, name in CalendarDay.objects.values_list("day", "is_workday", "name"):
        (workdays if is_workday else holidays)[day] = name
    return WorkCalendar(years, holidays, workdays)
