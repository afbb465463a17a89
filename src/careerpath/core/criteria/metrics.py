"""Monthly metrics: the window's average against thresholds, and streaks of excellent months."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, fmt_number, fmt_yuan, kind
from careerpath.core.dates import month_index, window_exit
from careerpath.core.facts import MetricMonth
from careerpath.core.projection import points_after
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import among, shown


def _average(values: Sequence[float]) -> float:
    # fsum is exact whatever the order, so an average over a shrinking window is the very same
    # number whether it is evaluated on that date or projected to it.
    return math.fsum(values) / len(values)


@dataclass(frozen=True, slots=True)
class Threshold:
    metric: str
    min: float | None = None
    max: float | None = None

    def met(self, value: float) -> bool:
        if self.min is not None and value < self.min:
            return False
        return not (self.max is not None and value > self.max)

    def ratio(self, value: float) -> float:
        """Attainment ratio: 1.0 means exactly at the threshold."""
        if self.min is not None:
            return value / self.min if self.min else float("inf")
        if self.max is not None:
            return self.max / value if value else float("inf")
        return float("inf")

    def text(self, ctx: Ctx, value: float | None = None) -> str:
        name = ctx.name_of(ctx.metric_names, self.metric)
        bound = f"≥ {self._num(ctx, self.min)}" if self.min is not None else f"≤ {self._num(ctx, self.max)}"
        return f"{name} {bound}" if value is None else f"{name} {self._num(ctx, value)}"

    def gap(self, ctx: Ctx, value: float) -> str:
        """How far ``value`` is from the threshold, in words: 月均工作量票数还差 120."""
        name = ctx.name_of(ctx.metric_names, self.metric)
        if self.min is not None:
            d = self._num(ctx, self.min - value)
            return ctx.t(f"月均{name}还差 {d}", f"monthly average {name} {d} short")
        d = self._num(ctx, value - (self.max or 0))
        return ctx.t(f"月均{name}需降低 {d}", f"monthly average {name} {d} too high")

    def _num(self, ctx: Ctx, x: float | None) -> str:
        x = x or 0.0
        if self.metric == "amount":
            return fmt_yuan(ctx, x)
        if x <= 1 and ((self.min or 0) <= 1 and (self.max or 0) <= 1):
            return f"{x * 100:.2f}".rstrip("0").rstrip(".") + "%"
        return fmt_number(round(x, 1))


def _thresholds(spec: Spec, key: str) -> tuple[Threshold, ...]:
    raw = spec.req(key)
    if not isinstance(raw, list) or not raw:
        raise spec.fail(key, "应为非空列表 must be a non-empty list of {metric, min|max}")
    out = []
    for i, t in enumerate(raw):
        sub = Spec(t if isinstance(t, Mapping) else {}, f"{spec.path}.{key}[{i}]", spec.pctx)
        if not isinstance(t, Mapping):
            raise sub.fail(None, "应为映射 must be a mapping")
        metric = sub.req("metric")
        if not among(metric, spec.pctx.metrics):
            raise sub.fail("metric", f"未知指标 unknown metric {shown(metric)}; declared: {', '.join(sorted(spec.pctx.metrics))}")
        lo = sub.number("min", required=False, minimum=None)
        hi = sub.number("max", required=False, minimum=None)
        if lo is None and hi is None:
            raise sub.fail("min", "缺少阈值 missing threshold: give min or max")
        sub.used.discard("id")
        sub.check_unknown_keys()
        out.append(Threshold(metric, lo, hi))
    return tuple(out)


def _met(t: Threshold, approx: float, values: Sequence[float | None]) -> bool:
    """``t.met`` of the average of ``values``, given a running-sum estimate of it.

    The estimate decides unless it lies within rounding distance of the bound; then the exact
    average of :meth:`MetricAverage.evaluate` does, so a projection never disagrees with it.
    """
    bound = t.min if t.min is not None else t.max
    if bound is not None and abs(approx - bound) <= 1e-9 * max(1.0, abs(bound)):
        return t.met(_average([v for v in values if v is not None]))
    return t.met(approx)


@dataclass(frozen=True, slots=True)
class MetricAverage(Base):
    thresholds: tuple[Threshold, ...] = ()
    mode: str = "any"  # any: 就高不就低, the best attainment counts; all: every threshold
    kind: ClassVar[str] = "metric_average"

    def default_label(self, ctx: Ctx) -> str:
        parts = [t.text(ctx) for t in self.thresholds]
        if self.mode == "any" and len(parts) > 1:
            return ctx.t(f"{ctx.last_months()}月均{'或'.join(parts)}（就高不就低）",
                         f"monthly average in {ctx.last_months()}: {' or '.join(parts)} (the higher counts)")
        joiner = ctx.t("且", " and ")
        return ctx.t(f"{ctx.last_months()}月均{joiner.join(parts)}", f"monthly average in {ctx.last_months()}: {joiner.join(parts)}")

    def _verdict(self, months: Sequence[MetricMonth]) -> bool:
        """Met by the months of one window (the averaging of :meth:`evaluate`, without the words)."""
        oks = []
        for t in self.thresholds:
            vals = [m.values[t.metric] for m in months if m.values.get(t.metric) is not None]
            oks.append(bool(vals) and t.met(_average(vals)))
        return any(oks) if self.mode == "any" else all(oks)

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        months = [m for m in ctx.person.metrics if ctx.window_start <= m.month <= ctx.as_of]
        required = ctx.words((id(self), ctx.en, "required"), lambda: ctx.t(
            "或" if self.mode == "any" else "且", " or " if self.mode == "any" else " and ").join(
            t.text(ctx) for t in self.thresholds))
        actual_parts = []
        oks = []
        best_ratio = 0.0
        gaps: list[tuple[float, str]] = []  # (attainment ratio, words) of the thresholds not met
        used: set[str] = set()
        for t in self.thresholds:
            vals = [(m.values[t.metric], m.id) for m in months if m.values.get(t.metric) is not None]
            if not vals:
                actual_parts.append(ctx.t(f"{ctx.name_of(ctx.metric_names, t.metric)} 无数据",
                                          f"{ctx.name_of(ctx.metric_names, t.metric)} no data"))
                oks.append(False)
                gaps.append((-1.0, ctx.t(f"{ctx.name_of(ctx.metric_names, t.metric)}无数据",
                                         f"no {ctx.name_of(ctx.metric_names, t.metric)} data")))
                continue
            avg = _average([v for v, _ in vals])
            used.update(i for _, i in vals)
            oks.append(t.met(avg))
            best_ratio = max(best_ratio, t.ratio(avg))
            if not oks[-1]:
                gaps.append((t.ratio(avg), t.gap(ctx, avg)))
            actual_parts.append(t.text(ctx, avg) + ctx.t(f"（{len(vals)} 个月）", f" ({len(vals)} months)"))
        ok = any(oks) if self.mode == "any" else all(oks)
        actual = ctx.t("；", "; ").join(actual_parts)
        if self.mode == "any" and len(self.thresholds) > 1 and best_ratio:
            actual += ctx.t(f"；达成率 {best_ratio * 100:.1f}%", f"; attainment {best_ratio * 100:.1f}%")
        ids = [m.id for m in months if m.id in used]
        if not ctx.project:
            return self.result(ctx, ok, actual, required, ids)
        change = self._next_change(ctx, ok, months)
        if ok:
            return self.result(ctx, True, actual, required, ids, lapses_on=change)
        if self.mode == "any":
            # 就高不就低: the threshold closest to being met is the one to name.
            short = max(gaps, key=lambda g: g[0])[1]
        else:
            short = ctx.t("；", "; ").join(g[1] for g in gaps)
        return self.result(ctx, False, actual, required, ids, shortfall=short, projected_on=change)

    def _next_change(self, ctx: Ctx, passed: bool, months: Sequence[MetricMonth]) -> date | None:
        """The first date after the as-of date whose window's months give the other verdict.

        A month counts from its first day until it leaves the window, so the window's months change
        only on those dates; each set is checked with the averaging of :meth:`evaluate`.
        """
        w = ctx.window_months
        if ctx.person.metrics and ctx.person.metrics[-1].month > ctx.as_of:
            spans = [(m, m.month, window_exit(m.month, w)) for m in ctx.person.metrics]
            for day in points_after((d for _m, s, e in spans for d in (s, e)), ctx.as_of):
                if self._verdict([m for m, s, e in spans if s <= day < e]) != passed:
                    return day
            return None
        # Nothing enters any more: the window's months leave in month order, so on the day the k-th
        # leaves, the window holds the months after it.
        n = len(months)
        if self.mode == "any" and passed and any(
                t.min is not None and all(v is not None and v > t.min * (1 + 1e-9) + 1e-12 for v in col)
                for t, col in ((t, [m.values.get(t.metric) for m in months]) for t in self.thresholds)):
            # Every month clears one threshold on its own, so every later window's average does too,
            # until the last month leaves.
            return window_exit(months[-1].month, w)
        # Suffix sums per threshold: suffix[k] = (sum, count) of the values of months[k:].
        suffixes = []
        for t in self.thresholds:
            col = [m.values.get(t.metric) for m in months]
            acc, cnt = 0.0, 0
            suffix = [(0.0, 0)] * (n + 1)
            for i in range(n - 1, -1, -1):
                v = col[i]
                if v is not None:
                    acc += v
                    cnt += 1
                suffix[i] = (acc, cnt)
            suffixes.append((t, col, suffix))
        any_mode = self.mode == "any"
        for k in range(1, n + 1):
            if k < n and months[k].month == months[k - 1].month:
                continue  # two rows of one month leave together
            ok = not any_mode
            for t, col, suffix in suffixes:
                total, cnt = suffix[k]
                met = cnt > 0 and _met(t, total / cnt, col[k:])
                if met == any_mode:
                    ok = any_mode
                    break
            if ok != passed:
                return window_exit(months[k - 1].month, w)
        return None

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        w = ctx.window_months
        return points_after((d for m in ctx.person.metrics for d in (m.month, window_exit(m.month, w))), ctx.as_of)


@kind("metric_average")
def _parse_metric_average(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    mode = spec.opt("mode", "any")
    if mode not in ("any", "all"):
        raise spec.fail("mode", f"应为 any 或 all must be any or all, got {shown(mode)}")
    return MetricAverage(cid, label, _thresholds(spec, "thresholds"), mode)


@dataclass(frozen=True, slots=True)
class MetricStreak(Base):
    months: int = 6
    conditions: tuple[Threshold, ...] = ()
    by_department: tuple[tuple[str, tuple[Threshold, ...]], ...] = ()
    kind: ClassVar[str] = "metric_streak"
    label_per_person: ClassVar[bool] = True  # the conditions may be the person's department's

    def conditions_for(self, department: str | None) -> tuple[Threshold, ...]:
        for dept, conds in self.by_department:
            if dept == department:
                return conds
        return self.conditions

    def default_label(self, ctx: Ctx) -> str:
        conds = ctx.t("且", " and ").join(t.text(ctx) for t in self.conditions_for(ctx.person.employee.department))
        return ctx.t(f"连续 {self.months} 个月达到部门优秀标准（{conds}）",
                     f"{self.months} consecutive months at the department's excellent standard ({conds})")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        conds = self.conditions_for(ctx.person.employee.department)
        months = [m for m in ctx.person.metrics if m.month <= ctx.as_of]
        required = ctx.t(f"连续 ≥ {self.months} 个月", f"≥ {self.months} consecutive months")
        if not months:
            projected = self.scan(ctx, False) if ctx.project and ctx.person.metrics else None
            return self.result(ctx, False, ctx.t("无指标数据", "no metric data"), required,
                               shortfall=ctx.t("无指标数据", "no metric data") if ctx.project else "",
                               projected_on=projected)
        # The current streak: consecutive qualifying months ending at the latest month with data.
        streak: list[str] = []
        expected = month_index(months[-1].month)
        for m in reversed(months):
            if month_index(m.month) != expected:
                break
            if not all(m.values.get(c.metric) is not None and c.met(m.values[c.metric]) for c in conds):
                break
            streak.append(m.id)
            expected -= 1
        n = len(streak)
        actual = ctx.t(f"连续 {n} 个月（截至 {months[-1].month.strftime('%Y-%m')}）",
                       f"{n} consecutive months (up to {months[-1].month.strftime('%Y-%m')})")
        ok = n >= self.months
        if not ctx.project:
            return self.result(ctx, ok, actual, required, list(reversed(streak)))
        # Months on record past the as-of date are the only thing that changes a streak by itself.
        change = self.scan(ctx, ok) if ctx.person.metrics[-1].month > ctx.as_of else None
        if ok:
            return self.result(ctx, True, actual, required, list(reversed(streak)), lapses_on=change)
        k = self.months - n
        short = ctx.t(f"还需连续 {k} 个月达到部门优秀标准", f"{k} more consecutive months at the excellent standard")
        return self.result(ctx, False, actual, required, list(reversed(streak)), shortfall=short, projected_on=change)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        return points_after((m.month for m in ctx.person.metrics), ctx.as_of)


@kind("metric_streak")
def _parse_metric_streak(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    months = spec.integer("months")
    conds = _thresholds(spec, "conditions")
    by_dept = []
    raw = spec.opt("by_department", {})
    if not isinstance(raw, Mapping):
        raise spec.fail("by_department", "应为映射 must be a mapping of department → conditions")
    for dept in raw:
        sub = Spec({"conditions": raw[dept]}, f"{spec.path}.by_department.{dept}", spec.pctx)
        by_dept.append((str(dept), _thresholds(sub, "conditions")))
    assert months is not None
    return MetricStreak(cid, label, months, conds, tuple(by_dept))

