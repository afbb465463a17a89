"""Loading the statutory calendar from chinesecalendar, and HR entering a year it does not know yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.calendars.models import CalendarDay, CalendarSource, CalendarYear
from careerpath.core.workdays import WorkCalendar
from careerpath.errors import InvalidInput
from careerpath.holidays import package_version, statutory_calendar


class CalendarInputError(InvalidInput):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}", field=field)


@dataclass(frozen=True)
class CalendarRefreshReport:
    """What one load of the statutory calendar changed."""

    package_years: tuple[int, ...]  # the years the statutory source knows
    years_added: tuple[int, ...] = ()
    days_changed: dict[int, int] = field(default_factory=dict)  # a loaded statutory year -> days that changed
    hr_years_kept: tuple[int, ...] = ()  # years the source knows too, but HR entered them: left untouched

    @property
    def changed(self) -> bool:
        return bool(self.years_added or self.days_changed)

    def lines(self) -> list[str]:
        span = (f"{self.package_years[0]}–{self.package_years[-1]}" if self.package_years else "—")
        out = [f"法定工作日历 statutory calendar (chinesecalendar {package_version()}): {span}"]
        out.append("新增年度 years added: " + (", ".join(map(str, self.years_added)) or "无 none"))
        changed = ", ".join(f"{y} ({n} 天 days)" for y, n in sorted(self.days_changed.items()))
        out.append("更新日期 days changed: " + (changed or "无 none"))
        out.append("保留人力资源部录入的年度 HR-entered years kept: "
                   + (", ".join(map(str, self.hr_years_kept)) or "无 none"))
        if not self.changed:
            out.append("日历已是最新，未做修改 the calendar is up to date; nothing changed")
        return out


Day = tuple[bool, str]  # (is_workday, name) of an exception to the weekday rule


def _statutory_days(cal: WorkCalendar, years: set[int]) -> dict[date, Day]:
    days = {d: (False, n) for d, n in cal.holidays.items() if d.year in years}
    days |= {d: (True, n) for d, n in cal.workdays.items() if d.year in years}
    return days


@transaction.atomic
def calendar_refresh(*, actor: AbstractBaseUser | None, statutory: WorkCalendar | None = None,
                     years: Iterable[int] | None = None, update_loaded: bool = True) -> CalendarRefreshReport:
    """Load every statutory year missing from the calendar; with ``update_loaded`` also bring loaded
    statutory years in line with the source. HR-entered years are never touched.

    ``statutory`` is the source (default: the installed chinesecalendar); ``actor`` None is the system
    (``migrate``, the command line).
    """
    if actor is not None:
        require_roles(actor, Role.HR, action="更新工作日历")
    cal = statutory if statutory is not None else statutory_calendar()
    wanted_years = set(cal.years) if years is None else set(cal.years) & set(years)
    loaded = dict(CalendarYear.objects.filter(year__in=wanted_years).values_list("year", "source"))
    hr_kept = sorted(y for y, src in loaded.items() if src == CalendarSource.HR)
    to_add = sorted(wanted_years - set(loaded))
    to_check = sorted(y for y, src in loaded.items() if src != CalendarSource.HR) if update_loaded else []
    wanted = _statutory_days(cal, set(to_add) | set(to_check))

    # Days in years that are not loaded yet do not count (the year is refused as a whole), so strays
    # there are replaced; in loaded statutory years only the days that differ are rewritten.
    CalendarDay.objects.filter(day__year__in=to_add).delete()
    have = {d: (w, n) for d, w, n in CalendarDay.objects.filter(day__year__in=to_check)
            .values_list("day", "is_workday", "name")}
    stale = [d for d, v in have.items() if wanted.get(d) != v]
    fresh = {d: v for d, v in wanted.items() if have.get(d) != v}
    days_changed: dict[int, int] = {}
    for d in set(stale) | {d for d in fresh if d.year in set(to_check)}:
        days_changed[d.year] = days_changed.get(d.year, 0) + 1
    CalendarDay.objects.filter(day__in=stale).delete()
    CalendarDay.objects.bulk_create([CalendarDay(day=d, is_workday=w, name=n, source=CalendarSource.STATUTORY)
                                     for d, (w, n) in sorted(fresh.items())])
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source=CalendarSource.STATUTORY) for y in to_add])

    report = CalendarRefreshReport(package_years=tuple(sorted(cal.years)), years_added=tuple(to_add),
                                   days_changed=days_changed, hr_years_kept=tuple(hr_kept))
    if report.changed:
        audit_record(actor=actor, action="calendar.refresh", target=("calendar", "statutory"),
                     data={"package": f"chinesecalendar {package_version()}", "years_added": list(to_add),
                           "days_changed": {str(y): n for y, n in sorted(days_changed.items())},
                           "hr_years_kept": hr_kept})
    return report


def calendar_seed(*, years: Iterable[int] | None = None) -> int:
    """Load (or reload) the statutory calendar for ``years`` (default all); HR-entered years are kept."""
    report = calendar_refresh(actor=None, years=years)
    return len(report.years_added) + len(report.days_changed)


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


@transaction.atomic
def calendar_day_set(*, actor: AbstractBaseUser | None, day: date, workday: bool, name: str = "",
                     note: str = "") -> CalendarYear:
    """Change one day of an HR-entered year: a weekday off becomes a holiday, a weekend day worked a
    调休 workday, and a day back to its weekday rule loses its entry. Statutory years are read-only.

    Goes through :func:`calendar_year_set` (the year is replaced as a whole, audited there), so every
    check of a year entered at once holds for a single day too. ``note`` is the reason for this change: it
    goes into its own audit event (``calendar.set_day``); the year keeps the note it was entered with.
    """
    require_roles(actor, Role.HR, action="修改工作日历")
    cy = CalendarYear.objects.select_for_update().filter(year=day.year).first()
    if cy is None:
        raise CalendarInputError("day", f"{day.year} 年尚未录入 the year {day.year} is not entered yet")
    if cy.source != CalendarSource.HR:
        raise CalendarInputError("day", f"{day.year} 年为国务院法定安排，只读 a statutory year is read-only")
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    for d, is_work, n in CalendarDay.objects.filter(day__year=day.year).values_list("day", "is_workday", "name"):
        (workdays if is_work else holidays)[d] = n
    holidays.pop(day, None)
    workdays.pop(day, None)
    weekend = day.weekday() >= 5
    if workday and weekend:
        workdays[day] = name.strip() or "调休上班"
    elif not workday and not weekend:
        holidays[day] = name.strip() or "休息"
    if not note.strip():
        raise CalendarInputError("note", "须填写修改原因 a reason is required")
    was = (CalendarDay.objects.filter(day=day).values_list("is_workday", flat=True).first())
    cy = calendar_year_set(actor=actor, year=day.year, holidays=holidays, workdays=workdays, note=cy.note)
    audit_record(actor=actor, action="calendar.set_day", target=cy, reason=note.strip(),
                 from_state=_day_state(day, was), to_state=_day_state(day, workday if (workday == weekend) else None),
                 data={"day": day.isoformat(), "name": (workdays.get(day) or holidays.get(day) or "")})
    return cy


def _day_state(day: date, exception_is_workday: bool | None) -> str:
    """A day's state for the audit log: ``workday``/``weekend`` by the weekday rule, else its exception."""
    if exception_is_workday is None:
        return "weekend" if day.weekday() >= 5 else "workday"
    return "makeup" if exception_is_workday else "holiday"
