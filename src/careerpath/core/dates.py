"""Date arithmetic the policy is written in: completed months, the evidence window, ages, months."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def add_months(d: date, months: int) -> date:
    """Return ``d`` shifted by whole months, clamped to the month's last day (Jan 31 + 1 → Feb 28)."""
    total = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(total, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


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
