"""Seed data for the working-day calendar from chinesecalendar (State Council schedules, 2004–2026 in 1.11)."""

from __future__ import annotations

import importlib.metadata
from datetime import date
from functools import cache

import chinese_calendar

from careerpath.core.workdays import WorkCalendar

PACKAGE = "chinesecalendar"


def package_version() -> str:
    """The installed chinesecalendar version, recorded with every refresh so a change can be traced."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - installed as a dependency
        return "unknown"


@cache
def known_years() -> tuple[int, ...]:
    years = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    return tuple(sorted(years))


def statutory_calendar(years: list[int] | None = None) -> WorkCalendar:
    """The official calendar for the years chinesecalendar knows (weekday holidays + 调休 workdays)."""
    ys = set(years or known_years()) & set(known_years())
    holidays = {d: str(name) for d, name in chinese_calendar.holidays.items() if d.year in ys and d.weekday() < 5}
    workdays = {d: str(name) for d, name in chinese_calendar.workdays.items() if d.year in ys}
    return WorkCalendar(frozenset(ys), holidays, workdays)


def is_known(d: date) -> bool:
    return d.year in known_years()
