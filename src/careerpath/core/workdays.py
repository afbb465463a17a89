"""Working days: weekdays that are not public holidays, plus 调休 make-up workdays on weekends.

The calendar is data (a set of years it knows, the holidays and the make-up workdays), seeded from
chinesecalendar for the years it covers and entered by HR for later years. Counting into a year the
calendar does not know is refused: a notice deadline must never be guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


class CalendarMissing(Exception):
    """The calendar has no data for a year a computation needs."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"{year} 年的工作日历尚未录入（国务院每年11月公布次年放假安排），请人力资源部先录入 "
                         f"no working-day calendar for {year}: enter that year's holidays and make-up workdays first")


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    years: frozenset[int]
    holidays: Mapping[date, str] = field(default_factory=dict)  # days off (weekday public holidays)
    workdays: Mapping[date, str] = field(default_factory=dict)  # 调休 make-up workdays on weekends

    def is_working_day(self, d: date) -> bool:
        if d.year not in self.years:
            raise CalendarMissing(d.year)
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def period(self, start: date, n: int) -> tuple[date, date]:
        """First and last day of a period of ``n`` working days starting on ``start``.

        It begins on ``start`` when that is a working day, otherwise on the next working day, and
        ends at the end of its n-th working day (SPEC §5): 5 days from 2026-09-30 end on 2026-10-12.
        """
        if n < 1:
            raise ValueError("a period has at least one working day")
        d = start
        while not self.is_working_day(d):
            d += timedelta(days=1)
        first = d
        counted = 1
        while counted < n:
            d += timedelta(days=1)
            if self.is_working_day(d):
                counted += 1
        return first, d

    def deadline(self, start: date, n: int) -> date:
        return self.period(start, n)[1]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in [start, end], both inclusive."""
        n, d = 0, start
        while d <= end:
            n += self.is_working_day(d)
            d += timedelta(days=1)
        return n


def merge_calendars(years: Iterable[int], holidays: Mapping[date, str], workdays: Mapping[date, str],
                    *, extra: WorkCalendar | None = None) -> WorkCalendar:
    """Combine seeded data with HR-entered years (HR's entries win for the years they cover)."""
    ys = set(years)
    h = {d: v for d, v in holidays.items() if d.year in ys}
    w = {d: v for d, v in workdays.items() if d.year in ys}
    if extra is not None:
        h = {d: v for d, v in h.items() if d.year not in extra.years} | dict(extra.holidays)
        w = {d: v for d, v in w.items() if d.year not in extra.years} | dict(extra.workdays)
        ys |= set(extra.years)
    return WorkCalendar(frozenset(ys), h, w)
