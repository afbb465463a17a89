"""The dashboards' figures on a company where they are known (tests/web/insight_company.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from careerpath.discipline.selectors import monthly_allowances
from careerpath.evidence.selectors import policy_get
from careerpath.insight import selectors as sel
from tests.web.insight_company import AS_OF, build_insight_company


@pytest.fixture
def company(db, settings):  # noqa: ANN001, ANN201
    return build_insight_company(settings)


def test_the_pyramid_counts_current_levels_per_department(company) -> None:  # noqa: ANN001
    counts = sel.ladder_pyramid(department_ids=None, as_of=AS_OF)
    assert counts == {("junior", company.east.pk): 23, ("manager", company.east.pk): 1,
                      ("supervisor", company.night.pk): 1, ("senior", company.west.pk): 2}


def test_the_pyramid_of_a_department_includes_the_ones_below_it(company) -> None:  # noqa: ANN001
    scope = sel.InsightScope(None, [(company.east.pk, "东区"), (company.west.pk, "西区")], True)
    counts = sel.ladder_pyramid(department_ids=scope.narrowed(company.east.pk), as_of=AS_OF)
    assert sum(counts.values()) == 25 and ("supervisor", company.night.pk) in counts


def test_time_in_level_buckets_the_completed_months(company) -> None:  # noqa: ANN001
    counts = sel.time_in_level(department_ids=None, as_of=AS_OF)
    assert counts == {("junior", "12-23"): 23, ("manager", "36+"): 1, ("supervisor", "lt6"): 1,
                      ("senior", "36+"): 1, ("senior", "6-11"): 1}


def test_a_position_exactly_twelve_months_old_is_in_the_twelve_month_bucket(company) -> None:  # noqa: ANN001
    counts = sel.time_in_level(department_ids=None, as_of=date(2026, 1, 1))
    assert counts[("junior", "12-23")] == 23


def test_promotion_and_demotion_rates_per_department_and_year(company) -> None:  # noqa: ANN001
    rows = {(r.department_id, r.year): r for r in sel.movement_rates(department_ids=None, years=[2023, 2025, 2026])}
    east25 = rows[(company.east.pk, 2025)]
    assert (east25.headcount, east25.promotions, east25.demotions) == (24, 1, 0)
    assert east25.promotion_rate == pytest.approx(1 / 24)
    west23, west26 = rows[(company.west.pk, 2023)], rows[(company.west.pk, 2026)]
    assert (west23.headcount, west23.promotions) == (2, 1)
    assert (west26.headcount, west26.demotions, west26.demotion_rate) == (2, 1, 0.5)


def test_the_cycle_funnel_counts_each_stage(company) -> None:  # noqa: ANN001
    funnel = sel.cycle_funnel(year=2026, department_ids=None)
    assert funnel == {"junior_to_intermediate": {"eligible": 23, "nominated": 23, "ranked": 23, "selected": 10,
                                                 "approved": 10, "effective": 1}}
    assert sel.cycle_funnel(year=2026, department_ids=[company.west.pk]) == {}


def test_the_allowance_cost_matches_the_monthly_sheet(company) -> None:  # noqa: ANN001
    policy = policy_get()
    months = [date(2026, 11, 1), date(2026, 12, 1)]
    cost = sel.allowance_cost(department_ids=None, months=months, policy=policy)
    for m, c in zip(months, cost, strict=True):
        sheet = monthly_allowances(month=m, policy=policy)
        assert (c.standard, c.deducted, c.net) == (sheet.total_standard, sheet.total_deducted, sheet.total_net)
    assert cost[1].standard == Decimal("4900.00") and cost[1].deducted == Decimal("300.00")
    assert cost[1].people == 27


def test_the_allowance_cost_of_a_department(company) -> None:  # noqa: ANN001
    cost = sel.allowance_cost(department_ids=[company.west.pk], months=[date(2026, 12, 1)], policy=policy_get())
    assert (cost[0].people, cost[0].standard, cost[0].net) == (2, Decimal("1000.00"), Decimal("700.00"))


def test_last_months_ends_with_the_as_of_month() -> None:
    months = sel.last_months(date(2026, 3, 15), 4)
    assert months == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_the_fairness_tables_flag_gender_and_not_age(company) -> None:  # noqa: ANN001
    tables = {(t.outcome, t.attribute): t for t in sel.cycle_fairness(year=2026, department_ids=None, min_size=5)}
    gender = tables[("selection", "gender")].comparisons["junior_to_intermediate"]
    women, men = gender.groups
    assert (women.group, women.total, women.hits, women.flagged) == ("F", 10, 2, True)
    assert women.p_value == pytest.approx(0.0230, abs=1e-4) and men.reference
    assert tables[("selection", "gender")].unknown[sel.ALL_MOVES] == 3
    age = tables[("selection", "age")].comparisons[sel.ALL_MOVES]
    assert [g.group for g in age.groups] == ["25-29", "30-34"] and not age.flagged
    assert (age.hidden, age.hidden_people) == (1, 3)
    assert tables[("promotion", "gender")].comparisons[sel.ALL_MOVES].flagged


def test_a_larger_minimum_size_hides_every_group(company) -> None:  # noqa: ANN001
    tables = sel.cycle_fairness(year=2026, department_ids=None, min_size=11)
    gender = next(t for t in tables if (t.outcome, t.attribute) == ("selection", "gender"))
    assert gender.comparisons[sel.ALL_MOVES].groups == ()
    assert gender.comparisons[sel.ALL_MOVES].hidden == 2


def test_fairness_of_a_year_without_a_cycle_is_empty(company) -> None:  # noqa: ANN001
    assert sel.cycle_fairness(year=2019, department_ids=None) == []
