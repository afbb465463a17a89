"""The e-commerce preset: promotion by consecutive months at the excellent standard (SPEC §4)."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.loader import load_policy

from .builders import PersonBuilder, criterion, move_result

POLICY = load_policy("ecommerce-three-levels")
AS_OF = date(2026, 12, 31)
EXCELLENT = {"hotline_volume": 1300, "error_rate": 0.004, "feedback_rate": 0.99, "consult_satisfaction": 0.96}


def junior(months: int, first: date = date(2026, 7, 1), **override: float) -> PersonBuilder:
    b = PersonBuilder(level="junior", level_start=date(2025, 1, 1)).training(date(2025, 3, 1), "客服基础培训", "passed")
    return b.metrics(first, months, **{**EXCELLENT, **override})


@pytest.mark.parametrize("months,first,override,expected", [
    (6, date(2026, 7, 1), {}, True),
    (5, date(2026, 8, 1), {}, False),
    (6, date(2026, 7, 1), {"error_rate": 0.005}, True),       # at the threshold
    (6, date(2026, 7, 1), {"error_rate": 0.0051}, False),     # just above the maximum
    (6, date(2026, 7, 1), {"hotline_volume": 1199}, False),
    (6, date(2026, 7, 1), {"consult_satisfaction": 0.95}, True),
])
def test_junior_needs_six_consecutive_excellent_months(months: int, first: date, override: dict,
                                                       expected: bool) -> None:
    r = move_result(POLICY, junior(months, first, **override), AS_OF, "junior_to_intermediate")
    assert criterion(r, "excellent_months").passed is expected
    assert r.eligible is expected


def test_a_weak_month_breaks_the_streak() -> None:
    b = junior(12, date(2026, 1, 1))
    b.records["metrics"][8] = b.records["metrics"][8].__class__(
        "m-weak", b.no, date(2026, 9, 1), {**EXCELLENT, "feedback_rate": 0.9})
    c = criterion(move_result(POLICY, b, AS_OF, "junior_to_intermediate"), "excellent_months")
    assert not c.passed and c.actual.startswith("连续 3 个月")


def test_a_missing_month_breaks_the_streak() -> None:
    b = junior(4, date(2026, 9, 1)).metrics(date(2026, 2, 1), 6, **EXCELLENT)  # gap in August
    assert not criterion(move_result(POLICY, b, AS_OF, "junior_to_intermediate"), "excellent_months").passed


def test_months_after_the_as_of_date_are_ignored() -> None:
    b = junior(6, date(2026, 5, 1))
    r = move_result(POLICY, b, date(2026, 9, 30), "junior_to_intermediate")
    assert not criterion(r, "excellent_months").passed  # only May–Sep by then


def test_basic_training_is_required() -> None:
    b = PersonBuilder(level="junior").metrics(date(2026, 1, 1), 12, **EXCELLENT)
    r = move_result(POLICY, b, AS_OF, "junior_to_intermediate")
    assert not criterion(r, "basic_training").passed and not r.eligible


def test_intermediate_needs_twelve_and_senior_twenty_four_months() -> None:
    inter = PersonBuilder(level="intermediate").metrics(date(2026, 1, 1), 12, **EXCELLENT)
    assert move_result(POLICY, inter, AS_OF, "intermediate_to_senior").eligible
    inter11 = PersonBuilder(level="intermediate").metrics(date(2026, 2, 1), 11, **EXCELLENT)
    assert not move_result(POLICY, inter11, AS_OF, "intermediate_to_senior").eligible
    senior = PersonBuilder(level="senior").metrics(date(2025, 1, 1), 24, **EXCELLENT).attest("team_leadership")
    assert move_result(POLICY, senior, AS_OF, "senior_to_supervisor").eligible
    no_lead = PersonBuilder(level="senior").metrics(date(2025, 1, 1), 24, **EXCELLENT)
    assert not move_result(POLICY, no_lead, AS_OF, "senior_to_supervisor").eligible
