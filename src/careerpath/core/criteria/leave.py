"""Leave taken in the evidence window (exempt types such as 婚假 and 产假 do not count)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, fmt_number, kind
from careerpath.core.dates import window_exit
from careerpath.core.facts import Leave
from careerpath.core.projection import points_after
from careerpath.core.results import CriterionResult


@dataclass(frozen=True, slots=True)
class LeaveSum(Base):
    less_than: float | None = None
    at_most: float | None = None
    exempt_types: tuple[str, ...] | None = None  # None: the policy's evidence.exempt_leave_types
    kind: ClassVar[str] = "leave"

    def limit_text(self, ctx: Ctx) -> str:
        return ctx.words((id(self), ctx.en, "limit"), lambda: self._limit_text(ctx))

    def _limit_text(self, ctx: Ctx) -> str:
        if self.less_than is not None:
            return ctx.t(f"< {fmt_number(self.less_than)} 天", f"< {fmt_number(self.less_than)} days")
        return ctx.t(f"≤ {fmt_number(self.at_most or 0)} 天", f"≤ {fmt_number(self.at_most or 0)} days")

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t(f"{ctx.last_months()}请假累计{self.limit_text(ctx)}（婚假、产假、丧假等不计）",
                     f"leave in {ctx.last_months()} {self.limit_text(ctx)} (marriage, maternity, bereavement excluded)")

    def _ok(self, total: float) -> bool:
        return total < self.less_than if self.less_than is not None else total <= (self.at_most or 0)

    def _counted(self, ctx: Ctx) -> list[Leave]:
        exempt = self.exempt_types if self.exempt_types is not None else ctx.exempt_leave_types
        return [lv for lv in ctx.person.leaves if lv.type not in exempt]

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        exempt = self.exempt_types if self.exempt_types is not None else ctx.exempt_leave_types
        total = 0.0
        exempted = 0.0
        used = []
        future = False
        for lv in ctx.person.leaves:
            # A leave row counts in full in the window holding its start date (SPEC §4).
            if not (ctx.window_start <= lv.start_on <= ctx.as_of):
                future = future or (lv.start_on > ctx.as_of and lv.type not in exempt)
                continue
            if lv.type in exempt:
                exempted += lv.days
                continue
            total += lv.days
            used.append(lv.id)
        ok = self._ok(total)
        actual = ctx.t(f"{fmt_number(total)} 天", f"{fmt_number(total)} days")
        if exempted:
            actual += ctx.t(f"（另有不计入假期 {fmt_number(exempted)} 天）", f" (+{fmt_number(exempted)} exempt days)")
        if not ctx.project:
            return self.result(ctx, ok, actual, self.limit_text(ctx), used)
        if ok:
            # Rows only leave the window: the total only falls, unless leave is on record for later dates.
            lapses = self._next_change(ctx, True) if future else None
            return self.result(ctx, True, actual, self.limit_text(ctx), used, lapses_on=lapses)
        if self.less_than is not None:
            short = ctx.t(f"{ctx.last_months()}请假累计 {fmt_number(total)} 天，须少于 {fmt_number(self.less_than)} 天",
                          f"leave in {ctx.last_months()} is {fmt_number(total)} days; it must be under "
                          f"{fmt_number(self.less_than)}")
        else:
            over = fmt_number(round(total - (self.at_most or 0), 2))
            short = ctx.t(f"{ctx.last_months()}请假累计还需减少 {over} 天",
                          f"{over} fewer days of leave in {ctx.last_months()} needed")
        return self.result(ctx, False, actual, self.limit_text(ctx), used,
                           shortfall=short, projected_on=self._next_change(ctx, False))

    def _next_change(self, ctx: Ctx, passed: bool) -> date | None:
        """The first date after the as-of date whose total gives the other verdict.

        Each row counts from its start date until it leaves the window, so the total changes only on
        those dates; it is summed afresh in the row order :meth:`evaluate` uses (the same float).
        """
        rows = self._counted(ctx)
        w = ctx.window_months
        spans = [(lv, lv.start_on, window_exit(lv.start_on, w)) for lv in rows]
        for day in points_after((d for _lv, s, e in spans for d in (s, e)), ctx.as_of):
            if self._ok(_total_at(spans, day)) != passed:
                return day
        return None

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        w = ctx.window_months
        return points_after((d for lv in self._counted(ctx) for d in (lv.start_on, window_exit(lv.start_on, w))),
                            ctx.as_of)


def _total_at(spans: Sequence[tuple[Leave, date, date]], day: date) -> float:
    total = 0.0
    for lv, start, end in spans:
        if start <= day < end:
            total += lv.days
    return total


@kind("leave")
def _parse_leave(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    lt = spec.number("less_than", required=False)
    am = spec.number("at_most", required=False)
    if (lt is None) == (am is None):
        raise spec.fail("less_than", "缺少阈值 missing threshold: give exactly one of less_than / at_most")
    exempt = spec.str_list("exempt_types", required=False, allowed=spec.pctx.leave_types, what="假别 leave type") \
        if "exempt_types" in spec.data else None
    return LeaveSum(cid, label, lt, am, exempt)

