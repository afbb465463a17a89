"""Seed data for the working-day calendar from chinesecalendar (State Council schedules, 2004–2026)."""

from __future__ import annotations

from datetime import date

import chinese_calendar

from careerpath.core.workdays import WorkCalendar


def known_years() -> list[int]:
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return sorted(years)


def statutory_calendar(years: list[int] | None = None) -> WorkCalendar:
    """The official calendar for the years chinesecalendar knows (weekday holidays + 调休 workdays)."""
    ys = set(years or known_years()) & set(known_years())
    holidays = {d: str(name) for d, name in chinese_calendar.holidays.items() if d.year in ys and d.weekday() < 5}
    workdays = {d: str(name) for d, name in chinese_calendar.workdays.items() if d.year in ys}
    return WorkCalendar(frozenset(ys), holidays, workdays)


def is_known(d: date) -> bool:
    return d.year in known_years()
