"""``YYYY-MM`` as the API and the payroll command read it: one parser in core/dates."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.dates import parse_month


@pytest.mark.parametrize("text,expected", [
    ("2026-11", date(2026, 11, 1)),
    ("2026-1", date(2026, 1, 1)),
    (" 2026-12 ", date(2026, 12, 1)),
])
def test_it_reads_a_year_and_month_as_the_first_day(text: str, expected: date) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["2026-13", "2026-0", "2026/11", "26-11", "2026-11-01", ""])
def test_it_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError):
        parse_month(text)
