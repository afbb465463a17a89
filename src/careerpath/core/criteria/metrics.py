"""Monthly metrics: the window's average against thresholds, and streaks of excellent months."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, fmt_number, fmt_yuan, kind
from careerpath.core.dates import month_index
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import among, shown


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

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        months = [m for m in ctx.person.metrics if ctx.window_start <= m.month <= ctx.as_of]
        required = ctx.t("或" if self.mode == "any" else "且", " or " if self.mode == "any" else " and ").join(
            t.text(ctx) for t in self.thresholds)
        actual_parts = []
        oks = []
        best_ratio = 0.0
        used: set[str] = set()
        for t in self.thresholds:
            vals = [(m.values[t.metric], m.id) for m in months if m.values.get(t.metric) is not None]
            if not vals:
                actual_parts.append(ctx.t(f"{ctx.name_of(ctx.metric_names, t.metric)} 无数据",
                                          f"{ctx.name_of(ctx.metric_names, t.metric)} no data"))
                oks.append(False)
                continue
            avg = sum(v for v, _ in vals) / len(vals)
            used.update(i for _, i in vals)
            oks.append(t.met(avg))
            best_ratio = max(best_ratio, t.ratio(avg))
            actual_parts.append(t.text(ctx, avg) + ctx.t(f"（{len(vals)} 个月）", f" ({len(vals)} months)"))
        ok = any(oks) if self.mode == "any" else all(oks)
        actual = ctx.t("；", "; ").join(actual_parts)
        if self.mode == "any" and len(self.thresholds) > 1 and best_ratio:
            actual += ctx.t(f"；达成率 {best_ratio * 100:.1f}%", f"; attainment {best_ratio * 100:.1f}%")
        ids = [m.id for m in months if m.id in used]
        return self.result(ctx, ok, actual, required, ids)


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
            return self.result(ctx, False, ctx.t("无指标数据", "no metric data"), required)
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
        return self.result(ctx, n >= self.months, actual, required, list(reversed(streak)))


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

