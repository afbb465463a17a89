"""Combinators: all, any and not over other criteria."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from careerpath.core.criteria.base import (
    KINDS,
    Base,
    Criterion,
    Ctx,
    Invalid,
    Parser,
    Spec,
    parse_criteria,
    parse_criterion,
)
from careerpath.core.projection import points_after
from careerpath.core.results import CriterionResult


@dataclass(frozen=True, slots=True)
class Combinator(Base):
    op: str = "all"
    parts: tuple[Criterion, ...] = ()

    def default_label(self, ctx: Ctx) -> str:
        return "" if self.op == "not" else ""

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        results = tuple(p.evaluate(ctx) for p in self.parts)
        if not ctx.project:  # a verdict on another date
            ok = all(r.passed for r in results) if self.op == "all" else (
                any(r.passed for r in results) if self.op == "any" else not results[0].passed)
            return CriterionResult(self.id, "", ok, "", "")
        if self.op == "all":
            ok = all(r.passed for r in results)
            joiner = ctx.t("，且", "; and ")
        elif self.op == "any":
            ok = any(r.passed for r in results)
            joiner = ctx.t("；或 ", "; or ")
        else:
            ok = not results[0].passed
            joiner = ""
        label = self.label_override and self.label(ctx)
        if not label:
            if self.op == "not":
                label = ctx.t(f"不满足：{results[0].label}", f"not: {results[0].label}")
            else:
                label = joiner.join(r.label for r in results)
        actual = ctx.t("；", "; ").join(f"{'✓' if r.passed else '✗'} {r.actual}" for r in results)
        if self.op == "any":
            required = ctx.t("满足其一", "any one")
        elif self.op == "all":
            required = ctx.t("全部满足", "all")
        else:
            required = ctx.t("不满足", "not met")
        evidence = tuple(e for r in results for e in r.evidence)
        short, projected, lapses = self._project(ctx, ok, results)
        return CriterionResult(self.id, label, ok, actual, required, evidence, results, short, projected, lapses)

    def _project(self, ctx: Ctx, ok: bool,
                 results: tuple[CriterionResult, ...]) -> tuple[str, date | None, date | None]:
        """(shortfall, projected_on, lapses_on) from the parts' (see core/projection.py for the rules)."""
        if self.op == "not":
            inner = results[0]
            if ok:
                return "", None, inner.projected_on
            return ctx.t(f"不得满足：{inner.label}", f"must not meet: {inner.label}"), inner.lapses_on, None
        passing = [r for r in results if r.passed]
        failing = [r for r in results if not r.passed]
        if self.op == "all":
            if ok:  # lapses as soon as one part does
                return "", None, min((r.lapses_on for r in results if r.lapses_on), default=None)
            short = ctx.t("；", "; ").join(r.shortfall or r.label for r in failing)
            if any(r.projected_on is None for r in failing):
                return short, None, None
            # No earlier than the last part. A passing part may lapse by then, and a part passing
            # earlier may lapse again: then it is checked on the day.
            latest = max(r.projected_on for r in failing if r.projected_on)
            settled = all(r.projected_on == latest for r in failing) and not any(
                r.lapses_on and r.lapses_on <= latest for r in passing)
            return short, latest if settled else self._confirm(ctx, latest, want=True), None
        # any
        if ok:
            if any(r.lapses_on is None for r in passing):
                return "", None, None
            latest = max(r.lapses_on for r in passing if r.lapses_on)
            # The last option to lapse does so on ``latest``; the others lapsed before and (with
            # evidence on record for later dates) might pass again, and a failing option may pass.
            settled = len(passing) == 1 and not any(
                r.projected_on and r.projected_on <= latest for r in failing)
            return "", None, latest if settled else self._confirm(ctx, latest, want=False)
        projected = min((r.projected_on for r in failing if r.projected_on), default=None)
        # The closest option: the one that passes first by itself, else the one missing the least.
        closest = min(failing, key=lambda r: (r.projected_on or date.max, len(r.failing_leaves())))
        short = closest.shortfall or closest.label
        if len(failing) > 1:
            short = ctx.t(f"{short}（或满足其他任一项）", f"{short} (or meet another option)")
        return short, projected, None

    def _confirm(self, ctx: Ctx, day: date, *, want: bool) -> date | None:
        """``day`` if the verdict there is ``want``, else the first change point after it that is."""
        if self.evaluate(ctx.at(day)).passed == want:
            return day
        later = [p for p in points_after(self.change_points(ctx), ctx.as_of) if p > day]
        return self.scan(ctx, not want, later)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        return points_after((d for p in self.parts for d in p.change_points(ctx)), ctx.as_of)


def _parse_combinator(op: str) -> Parser:
    def parse(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
        if op == "not":
            raw = spec.req("criterion")
            c = parse_criterion(raw, f"{spec.path}.criterion", spec.pctx, f"{cid}_inner")
            if c is None:
                raise Invalid()
            return Combinator(cid, label, "not", (c,))
        items = spec.req("criteria")
        if not isinstance(items, list) or not items:
            raise spec.fail("criteria", "至少一个条件 needs at least one criterion")
        before = len(spec.pctx.problems)
        parts = parse_criteria(items, f"{spec.path}.criteria", spec.pctx, prefix=f"{cid}.")
        if len(spec.pctx.problems) > before:
            raise Invalid()
        return Combinator(cid, label, op, parts)

    return parse


KINDS["all"] = _parse_combinator("all")
KINDS["any"] = _parse_combinator("any")
KINDS["not"] = _parse_combinator("not")
