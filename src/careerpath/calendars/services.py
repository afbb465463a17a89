"""Seeding the calendar from chinesecalendar, and HR entering a year it does not know yet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.calendars.models import CalendarDay, CalendarSource, CalendarYear
from careerpath.errors import InvalidInput
from careerpath.holidays import statutory_calendar


class CalendarInputError(InvalidInput):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field)


@transaction.atomic
def calendar_seed(*, years: Iterable[int] | None = None) -> int:
    """Load the statutory calendar for the years chinesecalendar covers; HR-entered years are kept."""
    cal = statutory_calendar(list(years) if years is not None else None)
    hr_years = set(CalendarYear.objects.filter(source=CalendarSource.HR).values_list("year", flat=True))
    todo = sorted(cal.years - hr_years)
    CalendarDay.objects.filter(day__year__in=todo).delete()
    rows = [CalendarDay(day=d, is_workday=False, name=n, source=CalendarSource.STATUTORY)
            for d, n in cal.holidays.items() if d.year in todo]
    rows += [CalendarDay(day=d, is_workday=True, name=n, source=CalendarSource.STATUTORY)
             for d, n in cal.workdays.items() if d.year in todo]
    CalendarDay.objects.bulk_create(rows)
    for y in todo:
        CalendarYear.objects.update_or_create(year=y, defaults={"source": CalendarSource.STATUTORY})
    return len(todo)


@transaction.atomic
def calendar_year_set(*, actor: AbstractBaseUser | None, year: int, holidays: dict[date, str],
                      workdays: dict[date, str], note: str = "") -> CalendarYear:
    """HR enters a year's holidays (weekdays off) and 调休 workdays (weekends worked), replacing that year."""
    require_roles(actor, Role.HR, action="录入工作日历")
    for label, days in (("holidays", holidays), ("workdays", workdays)):
        for d in days:
            if d.year != year:
                raise CalendarInputError(label, f"{d} 不在 {year} 年 is not in {year}")
    for d in holidays:
        if d.weekday() >= 5:
            raise CalendarInputError("holidays", f"{d} 是周末，无需登记为假日 is a weekend already")
    for d in workdays:
        if d.weekday() < 5:
            raise CalendarInputError("workdays", f"{d} 是工作日，不是调休上班日 is a weekday already")
    overlap = set(holidays) & set(workdays)
    if overlap:
        raise CalendarInputError("workdays", f"{min(overlap)} 同时登记为假日和上班日 both a holiday and a workday")
    CalendarDay.objects.filter(day__year=year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(day=d, is_workday=False, name=n, source=CalendarSource.HR) for d, n in holidays.items()]
        + [CalendarDay(day=d, is_workday=True, name=n, source=CalendarSource.HR) for d, n in workdays.items()])
    cy, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": CalendarSource.HR, "entered_by": actor if actor and actor.is_authenticated
                             else None, "note": note})
    audit_record(actor=actor, action="calendar.set_year", target=cy,
                 data={"holidays": len(holidays), "workdays": len(workdays)})
    return cy
