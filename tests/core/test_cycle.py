"""Cycle score, ranking tie-breaks and quotas, exactly as SPEC §5 states them."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.cycle import quota_size, rank, score
from careerpath.core.loader import load_policy

from .builders import PersonBuilder, population

POLICY = load_policy()
AS_OF = date(2026, 12, 31)


def person(no: str, **kw: object) -> PersonBuilder:
    return PersonBuilder(no, level="intermediate", **kw)  # type: ignore[arg-type]


def test_the_weighted_score() -> None:
    b = (person("E1").metrics(date(2026, 1, 1), 12, tickets=450, amount=660_000)
         .exam(date(2026, 5, 1), score=70).exam(date(2026, 9, 1), score=88).exam(date(2025, 12, 31), score=99)
         .appraisal(2025, 80).appraisal(2026, 91))
    s = score(population(b).people["E1"], POLICY, AS_OF)
    # B = min(100, 100 × max(450/500, 660000/600000)) = 100; E = 88 (99 is outside the window); A = 91 (as-of year)
    assert (s.business, s.exam, s.appraisal, s.total) == (100.0, 88.0, 91.0, 93.7)


def test_missing_parts_score_zero() -> None:
    b = person("E1").metrics(date(2026, 1, 1), 12, tickets=333).appraisal(2025, 70)
    s = score(population(b).people["E1"], POLICY, AS_OF)
    assert (s.business, s.exam, s.appraisal) == (66.6, 0.0, 70.0)
    assert s.total == round(0.4 * 66.6 + 0.3 * 70, 2)


def test_ties_break_by_appraisal_then_months_in_level_then_hire_date_then_employee_no() -> None:
    def at(no: str, a: float, level_start: date, hired: date, b: float) -> PersonBuilder:
        return person(no, level_start=level_start, hired_on=hired).metrics(
            date(2026, 1, 1), 12, tickets=b).appraisal(2026, a)

    people = [
        at("E5", 80, date(2025, 1, 1), date(2020, 1, 1), 500),   # B 100 → highest score
        at("E2", 90, date(2025, 1, 1), date(2020, 1, 1), 375),   # 0.4·75 + 0.3·90 = 57
        at("E1", 80, date(2024, 1, 1), date(2020, 1, 1), 400),   # 0.4·80 + 0.3·80 = 56
        at("E3", 80, date(2025, 1, 1), date(2019, 1, 1), 400),   # 56, fewer months in level, earlier hire
        at("E4", 80, date(2025, 1, 1), date(2020, 1, 1), 400),   # 56, same as E3 but later hire
        at("E0", 80, date(2025, 1, 1), date(2020, 1, 1), 400),   # 56, identical to E4: 工号 decides
    ]
    pop = population(*people)
    ranked = rank(score(p, POLICY, AS_OF) for p in pop.people.values())
    assert [s.employee_no for s in ranked] == ["E5", "E2", "E1", "E3", "E0", "E4"]


@pytest.mark.parametrize("percent,nominated,expected", [(10, 25, 3), (10, 24, 2), (15, 10, 2), (12.5, 4, 1),
                                                        (0, 9, 0)])
def test_percentage_quotas_round_half_up(percent: float, nominated: int, expected: int) -> None:
    assert quota_size(percent=percent, nominated=nominated) == expected


def test_absolute_quota() -> None:
    assert quota_size(3) == 3
    with pytest.raises(ValueError):
        quota_size(3, percent=10)
