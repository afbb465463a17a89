"""The fairness panel's arithmetic: rates, impact ratios, the four-fifths flag, Fisher's exact test and
the minimum group size (careerpath.insight.fairness, pure Python)."""

from __future__ import annotations

import pytest

from careerpath.insight.fairness import GroupCount, compare, fisher_p, four_fifths_flag, impact_ratio, rate


@pytest.mark.parametrize(("hits", "total", "expected"), [(0, 0, 0.0), (0, 5, 0.0), (2, 10, 0.2), (5, 5, 1.0)])
def test_rate_is_hits_over_total_and_zero_for_an_empty_group(hits: int, total: int, expected: float) -> None:
    assert rate(hits, total) == expected


@pytest.mark.parametrize(("hits", "total"), [(6, 5), (-1, 5), (1, -1)])
def test_rate_refuses_impossible_counts(hits: int, total: int) -> None:
    with pytest.raises(ValueError, match="impossible"):
        rate(hits, total)


def test_impact_ratio_divides_by_the_reference_and_is_none_when_the_reference_rate_is_zero() -> None:
    assert impact_ratio(0.2, 0.8) == pytest.approx(0.25)
    assert impact_ratio(0.0, 0.0) is None


@pytest.mark.parametrize(("ratio", "flagged"), [(None, False), (0.79, True), (0.8, False), (0.8000000001, False),
                                                (4 / 5, False), (0.7999, True), (1.0, False)])
def test_the_four_fifths_rule_flags_a_ratio_below_eighty_percent(ratio: float | None, flagged: bool) -> None:
    assert four_fifths_flag(ratio) is flagged


def test_fisher_p_matches_the_textbook_two_sided_value() -> None:
    # 2 of 10 against 8 of 10: the hypergeometric two-sided p is 0.02301.
    assert fisher_p(2, 10, 8, 10) == pytest.approx(0.023014, abs=1e-6)
    # Identical groups: p = 1.
    assert fisher_p(3, 10, 3, 10) == pytest.approx(1.0)


def test_compare_uses_the_highest_rate_as_reference_and_flags_the_others_below_four_fifths() -> None:
    # given
    counts = [GroupCount("F", 10, 2), GroupCount("M", 10, 8)]
    # when
    result = compare(counts, min_size=5)
    # then
    women, men = result.groups
    assert men.reference and men.ratio is None and men.p_value is None and not men.flagged
    assert women.rate == pytest.approx(0.2) and women.ratio == pytest.approx(0.25)
    assert women.flagged and women.p_value == pytest.approx(0.023014, abs=1e-6)
    assert result.flagged and result.hidden == 0


def test_a_ratio_of_exactly_four_fifths_is_not_flagged() -> None:
    result = compare([GroupCount("a", 10, 8), GroupCount("b", 10, 10)], min_size=5)
    assert result.groups[0].ratio == pytest.approx(0.8)
    assert not result.groups[0].flagged


def test_groups_below_the_minimum_size_are_not_shown_and_not_the_reference() -> None:
    # The 4-person group has the highest rate; shown, it would be the reference and flag the others.
    result = compare([GroupCount("small", 4, 4), GroupCount("a", 6, 3), GroupCount("b", 5, 2)], min_size=5)
    assert [g.group for g in result.groups] == ["a", "b"]
    assert result.hidden == 1 and result.hidden_people == 4
    assert result.groups[0].reference
    assert result.groups[1].ratio == pytest.approx(0.8) and not result.groups[1].flagged


def test_a_minimum_size_equal_to_the_group_shows_it() -> None:
    assert [g.group for g in compare([GroupCount("a", 5, 1)], min_size=5).groups] == ["a"]
    assert compare([GroupCount("a", 5, 1)], min_size=6).groups == ()


def test_nobody_with_the_outcome_flags_nothing() -> None:
    result = compare([GroupCount("a", 10, 0), GroupCount("b", 12, 0)], min_size=5)
    assert not result.flagged
    assert all(g.ratio is None for g in result.groups)


def test_ties_take_the_larger_group_as_reference() -> None:
    result = compare([GroupCount("a", 10, 5), GroupCount("b", 20, 10)], min_size=5)
    assert [g.reference for g in result.groups] == [False, True]


def test_the_minimum_size_must_be_positive() -> None:
    with pytest.raises(ValueError):
        compare([], min_size=0)
