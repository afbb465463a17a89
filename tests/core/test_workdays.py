"""Working-day periods across the 2026 Spring Festival and National Day, with their 调休 workdays."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.workdays import CalendarMissing, WorkCalendar, merge_calendars
from careerpath.holidays import statutory_calendar

CAL = statutory_calendar([2025, 2026])


def test_the_spec_example_over_national_day() -> None:
    # 09-30, 10-08, 10-09, 10-10 (调休 Saturday), 10-12.
    assert CAL.period(date(2026, 9, 30), 5) == (date(2026, 9, 30), date(2026, 10, 12))


def test_a_period_starting_on_a_holiday_begins_on_the_next_working_day() -> None:
    assert CAL.period(date(2026, 10, 1), 1) == (date(2026, 10, 8), date(2026, 10, 8))


def test_across_the_spring_festival() -> None:
    # 2026 春节: 02-15 … 02-23 off; 02-14 (Sat) and 02-28 (Sat) are make-up workdays.
    assert CAL.is_working_day(date(2026, 2, 14))
    assert not CAL.is_working_day(date(2026, 2, 16))
    assert CAL.period(date(2026, 2, 13), 5) == (date(2026, 2, 13), date(2026, 2, 26))
    assert CAL.deadline(date(2026, 2, 13), 7) == date(2026, 2, 28)
    assert CAL.working_days_between(date(2026, 2, 9), date(2026, 2, 28)) == 11  # 9–13, 14 (调休), 24–27, 28 (调休)


def test_an_ordinary_weekend_is_not_a_working_day() -> None:
    assert CAL.deadline(date(2026, 11, 27), 2) == date(2026, 11, 30)


def test_a_year_without_data_is_refused_not_guessed() -> None:
    with pytest.raises(CalendarMissing) as exc:
        CAL.deadline(date(2026, 12, 28), 7)
    assert exc.value.year == 2027 and "2027" in str(exc.value)


def test_hr_entered_years_extend_the_calendar() -> None:
    hr_2027 = WorkCalendar(frozenset({2027}), {date(2027, 1, 1): "元旦"}, {})
    cal = merge_calendars(CAL.years, CAL.holidays, CAL.workdays, extra=hr_2027)
    assert cal.deadline(date(2026, 12, 28), 7) == date(2027, 1, 6)
