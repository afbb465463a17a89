"""Rates, the four-fifths rule and Fisher's exact test for the fairness panel (公平公正). Pure: no Django.

The source asks that promotion avoid judging by appearance, gender and the like (避免以外貌、性别等因素).
The panel compares, within one population (the nominated candidates of a move, say), the rate of an
outcome (selected, promoted, eligible) between the groups of one attribute (gender, age band):

- the *impact ratio* of a group is its rate divided by the highest rate among the shown groups; below
  0.8 the four-fifths rule (80% rule) flags it;
- small groups mislead (one person more or less moves a 3-person group's rate by a third), so beside each
  flag stands the two-sided p-value of Fisher's exact test of the 2×2 table "this group vs the group with
  the highest rate": a flag with a large p-value may be chance;
- groups smaller than the minimum size are not shown at all (privacy: a rate of a group of two tells
  who was passed over), and they are not used as the reference either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scipy.stats import fisher_exact

FOUR_FIFTHS = 0.8
DEFAULT_MIN_GROUP = 5


@dataclass(frozen=True, slots=True)
class GroupCount:
    group: str  # a code of the attribute: "F", "M", "25-29", ...
    total: int  # people in the population and the group
    hits: int  # of them, with the outcome (selected, promoted, eligible)


@dataclass(frozen=True, slots=True)
class GroupRate:
    group: str
    total: int
    hits: int
    rate: float  # hits / total
    ratio: float | None  # rate / the reference group's rate; None for the reference or when that rate is 0
    reference: bool  # the group with the highest rate, which the others are compared with
    flagged: bool  # ratio below four fifths
    p_value: float | None  # Fisher's exact test against the reference group (None for the reference)


@dataclass(frozen=True, slots=True)
class Comparison:
    groups: tuple[GroupRate, ...]  # the shown groups, in the order given
    hidden: int  # groups left out for being smaller than the minimum size
    hidden_people: int  # the people in them

    @property
    def flagged(self) -> bool:
        return any(g.flagged for g in self.groups)


def rate(hits: int, total: int) -> float:
    """``hits / total``; 0.0 for an empty group (never a division by zero)."""
    if hits < 0 or total < 0 or hits > total:
        raise ValueError(f"impossible counts: {hits} of {total}")
    return hits / total if total else 0.0


def impact_ratio(group_rate: float, reference_rate: float) -> float | None:
    """The group's rate over the reference's; None when the reference rate is 0 (nothing to compare)."""
    if reference_rate <= 0:
        return None
    return group_rate / reference_rate


def four_fifths_flag(ratio: float | None) -> bool:
    """True when the ratio is below 0.8 (the four-fifths rule); rounding noise at exactly 0.8 is not flagged."""
    return ratio is not None and ratio < FOUR_FIFTHS - 1e-9


def fisher_p(hits_a: int, total_a: int, hits_b: int, total_b: int) -> float:
    """Two-sided p-value of Fisher's exact test on the 2×2 table (hits, misses) of groups a and b."""
    table = [[hits_a, total_a - hits_a], [hits_b, total_b - hits_b]]
    return float(fisher_exact(table, alternative="two-sided").pvalue)


def compare(counts: Iterable[GroupCount], *, min_size: int = DEFAULT_MIN_GROUP) -> Comparison:
    """Compare the groups of ``counts`` that have at least ``min_size`` people (see the module's note)."""
    if min_size < 1:
        raise ValueError("the minimum group size must be at least 1")
    counts = list(counts)
    shown = [c for c in counts if c.total >= min_size]
    small = [c for c in counts if c.total < min_size]
    if not shown:
        return Comparison((), len(small), sum(c.total for c in small))
    rates = {c.group: rate(c.hits, c.total) for c in shown}
    # The highest rate is the reference; ties go to the larger group (its rate is the steadier one).
    ref = max(shown, key=lambda c: (rates[c.group], c.total))
    out = []
    for c in shown:
        is_ref = c is ref
        ratio = None if is_ref else impact_ratio(rates[c.group], rates[ref.group])
        out.append(GroupRate(
            group=c.group, total=c.total, hits=c.hits, rate=rates[c.group], ratio=ratio, reference=is_ref,
            flagged=False if is_ref else four_fifths_flag(ratio),
            p_value=None if is_ref else fisher_p(c.hits, c.total, ref.hits, ref.total)))
    return Comparison(tuple(out), len(small), sum(c.total for c in small))
