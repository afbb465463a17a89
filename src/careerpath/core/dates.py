"""Date arithmetic the policy is written in: completed months, the evidence window, ages, months."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: date, months: int) -> date:
    """Return ``d`` shifted by whole months, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = d.day
    if day > 28:  # only then can the target month be too short (the engine calls this a lot)
        last = 29 if month0 == 1 and calendar.isleap(year) else _MONTH_DAYS[month0]
        day = min(day, last)
    return date(year, month0 + 1, day)


def completed_months(start: date, as_of: date) -> int:
    """Completed calendar months from ``start`` to ``as_of`` (start 2025-06-15 → 12 on 2026-06-15).

    A month is completed on the same day-of-month; when that day does not exist in the target month
    (start on the 31st), it is completed on that month's last day.
    """
    if as_of < start:
        return 0
    months = (as_of.year - start.year) * 12 + (as_of.month - start.month)
    if add_months(start, months) > as_of:
        months -= 1
    return max(months, 0)


def completed_years(start: date, as_of: date) -> int:
    """Age-style completed years (a 29 February birthday counts on 28 February)."""
    return completed_months(start, as_of) // 12


def window_start(as_of: date, months: int = 12) -> date:
    """First day of the evidence window ending on ``as_of`` (inclusive at both ends).

    SPEC §4: the day after the same date ``months`` earlier, so as-of 2026-12-31 → 2026-01-01.
    """
    return add_months(as_of, -months) + timedelta(days=1)


def in_window(d: date, start: date, as_of: date) -> bool:
    return start <= d <= as_of


def month_index(d: date) -> int:
    """A month as a single integer, so consecutive months differ by exactly one."""
    return d.year * 12 + d.month - 1


def parse_month(text: str) -> date:
    """Parse ``YYYY-MM`` (month 1–12) as the month's first day; raise ValueError on anything else."""
    m = _YEAR_MONTH.match(text.strip())
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), 1)


def window_exit(d: date, months: int = 12) -> date:
    """Return the first as-of date whose evidence window no longer holds a fact dated ``d``.

    A fact is in the window of ``as_of`` while ``add_months(as_of, -months) < d`` (see
    :func:`window_start`). Usually that ends on ``add_months(d, months)`` (a praise of 2026-01-01
    counts through 2026-12-31); when clamping shortens the month (2026-03-31 + 1 month = 04-30,
    whose window still starts on 03-31) it ends one day later.
    """
    c = add_months(d, months)
    # Not clamped: the window of ``c`` starts the day after ``d``. Clamped (c.day < d.day): one day later.
    return c if c.day == d.day else c + timedelta(days=1)
