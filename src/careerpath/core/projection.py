"""Projected dates: when a failing criterion will pass, and when a passing one will lapse, by itself.

"By itself" means with the facts already on record and nothing new: the as-of date moves on, tenure
grows, evidence leaves the window (a praise, an incident, a leave row, a month of metrics) and
evidence dated in the future (a planned leave, a confirmation date) enters it. Every criterion kind
computes its dates in closed form from the facts that move with the as-of date:

- tenure and age: the start (hire date, level start, birth date) plus the months required;
- counted evidence, exams, incidents, leave and metric averages: each record is *active* on the
  half-open span ``[its date, window_exit(its date))`` (for ever when the criterion has no window),
  so the verdict can change only where a span starts or ends; the kind checks those dates in order;
- attestations: from their date on, for ever; appraisals: by calendar year.

A kind without a closed form falls back on :meth:`Base.scan`: it re-evaluates itself on the dates where
its verdict may change (``change_points``: fact dates, window exits, start + N months) and returns the
first date whose verdict differs. Both are exact, never approximate: the verdict is constant between
two consecutive change points.

Combinators: ``any`` passes on the earliest date one option passes; ``all`` lapses on the earliest date
one part lapses; ``not`` swaps the two dates of its part. ``all`` failing and ``any`` passing are
checked: ``all`` can pass no earlier than the latest date of its failing parts, so that date is
re-evaluated and, if a part lapsed again by then, the change points are scanned from there.

A move: eligible now → the as-of date. Otherwise, when every failing criterion has a projected date,
the latest of them is the earliest the move can be eligible; the move is re-evaluated on that date
(a passing criterion may have lapsed by then, a failing one may have passed and lapsed again) and,
if it is not eligible there, the change points of its criteria after that date are scanned. When a
failing criterion needs something new (no projected date), the move's projected date is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

_DAY = timedelta(days=1)

Span = tuple[date, date | None]  # [start, end): active from start, until end (exclusive; None: for ever)


def first_uncovered(spans: Sequence[Span], day: date) -> date | None:
    """The first date after ``day`` that no span covers; None when covered for ever."""
    d = day + _DAY
    while True:
        ends = [e for s, e in spans if s <= d and (e is None or e > d)]
        if not ends:
            return d
        if any(e is None for e in ends):
            return None
        d = max(e for e in ends if e is not None)


def first_covered(spans: Iterable[Span], day: date) -> date | None:
    """The first date after ``day`` that some span covers; None when none will."""
    d = day + _DAY
    best: date | None = None
    for s, e in spans:
        c = max(s, d)
        if (e is None or c < e) and (best is None or c < best):
            best = c
    return best


def points_after(points: Iterable[date | None], day: date) -> list[date]:
    """The distinct dates after ``day``, in order."""
    return sorted({p for p in points if p is not None and p > day})
