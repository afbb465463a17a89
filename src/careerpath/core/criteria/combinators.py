"""Combinators: all, any and not over other criteria."""

from __future__ import annotations

from dataclasses import dataclass

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
from careerpath.core.results import CriterionResult


@dataclass(frozen=True, slots=True)
class Combinator(Base):
    op: str = "all"
    parts: tuple[Criterion, ...] = ()

    def default_label(self, ctx: Ctx) -> str:
        return "" if self.op == "not" else ""

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        results = tuple(p.evaluate(ctx) for p in self.parts)
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
        return CriterionResult(self.id, label, ok, actual, required, evidence, results)


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
