"""Counted evidence: written praise, mentees brought to independence, trainings, exams."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, kind
from careerpath.core.dates import window_exit
from careerpath.core.projection import points_after
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import among, shown

# evidence kind -> (attribute on PersonFacts, date attribute, zh noun, en noun, allowed filters)
_EVIDENCE: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "praises": ("praises", "date", "书面表扬", "written praise", ("source",)),
    "mentorships": ("mentorships", "independent_on", "带教新人达到独立操作", "mentee brought to independent operation", ()),
    "trainings": ("trainings", "date", "培训", "training", ("program", "result")),
    "exams": ("exams", "date", "考试", "exam", ("exam", "passed")),
}
_SOURCE_WORDS = {"customer": "customer", "客户": "customer", "internal": "internal", "内部": "internal"}
_RESULT_WORDS = {"passed": "passed", "通过": "passed", "failed": "failed", "未通过": "failed",
                 "attended": "attended", "参加": "attended"}
_SOURCE_LABEL = {"customer": ("客户", "customer"), "internal": ("内部", "internal")}


@dataclass(frozen=True, slots=True)
class Count(Base):
    evidence: str = "praises"
    filters: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    min: int = 1
    distinct: str | None = None
    min_distinct: int = 0
    window: bool = True
    kind: ClassVar[str] = "count"

    def _noun(self, ctx: Ctx, translate: bool = False) -> str:
        spec = _EVIDENCE[self.evidence]
        noun = spec[3] if ctx.en else spec[2]
        for key, values in self.filters:
            if key == "source":
                noun = ctx.t("、".join(_SOURCE_LABEL[v][0] for v in values), "/".join(
                    _SOURCE_LABEL[v][1] for v in values)) + ctx.t("", " ") + noun
            elif key in ("program", "exam"):
                # The codes are the Chinese names: English always names them in English.
                names = [ctx.evidence_name(v) for v in values] if translate or ctx.en else list(values)
                noun = ctx.t("、".join(names), "/".join(names))
                if key == "program" and self.evidence == "trainings":
                    noun = ctx.t(f"参加{noun}", f"{noun} attended")
            elif key == "passed" and values == (True,):
                noun = ctx.t(f"通过{noun}", f"{noun} passed")
        return noun

    def default_label(self, ctx: Ctx) -> str:
        scope = ctx.t(f"{ctx.last_months()}内", f" in {ctx.last_months()}") if self.window else ""
        noun = self._noun(ctx)
        if ctx.en:
            text = f"{noun} ≥ {self.min}{scope}"
            if self.distinct:
                text += f", from ≥ {self.min_distinct} different {self.distinct}s"
            return text
        text = f"{scope}{noun}不少于 {self.min} 次"
        if self.distinct:
            word = {"customer": "客户"}.get(self.distinct, self.distinct)
            text += f"，来自不少于 {self.min_distinct} 个不同{word}"
        return text

    def matches(self, rec: Any) -> bool:
        for key, values in self.filters:
            if getattr(rec, key) not in values:
                return False
        return True

    def _matching(self, ctx: Ctx) -> Iterable[tuple[date, Any]]:
        """(date, record) of every matching record with a date, on record at any time."""
        attr, date_attr = _EVIDENCE[self.evidence][:2]
        for rec in getattr(ctx.person, attr):
            d = getattr(rec, date_attr)
            if d is not None and self.matches(rec):
                yield d, rec

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        attr, date_attr = _EVIDENCE[self.evidence][:2]
        used = []
        future = False
        for rec in getattr(ctx.person, attr):
            d = getattr(rec, date_attr)
            if d is None or (self.window and d < ctx.window_start) or not self.matches(rec):
                continue
            if d > ctx.as_of:
                future = True
            else:
                used.append(rec)
        n = len(used)
        required = ctx.words((id(self), ctx.en, "required"), lambda: self._required(ctx))
        actual = ctx.t(f"{n} 次", f"{n}")
        ok = n >= self.min
        distinct_n = 0
        if self.distinct:
            values = {getattr(r, self.distinct) for r in used if getattr(r, self.distinct)}
            distinct_n = len(values)
            actual += ctx.t(f"，不同{self.distinct_word(ctx)} {len(values)} 个",
                            f", {len(values)} distinct {self.distinct_word(ctx)}")
            ok = ok and len(values) >= self.min_distinct
        ids = [r.id for r in used]
        if not ctx.project:
            return self.result(ctx, ok, actual, required, ids)
        if ok:
            return self.result(ctx, True, actual, required, ids, lapses_on=self._lapses(ctx, used, future))
        # Without records dated after the as-of date the count can only fall: it needs new evidence.
        projected = self.scan(ctx, False) if future else None
        short = ctx.words((id(self), ctx.en, n, distinct_n), lambda: self._shortfall(ctx, n, distinct_n))
        return self.result(ctx, False, actual, required, ids, shortfall=short, projected_on=projected)

    def _required(self, ctx: Ctx) -> str:
        text = ctx.t(f"≥ {self.min} 次", f"≥ {self.min}")
        if self.distinct:
            text += ctx.t(f"，不同{self.distinct_word(ctx)} ≥ {self.min_distinct}",
                          f", distinct {self.distinct_word(ctx)} ≥ {self.min_distinct}")
        return text

    def _lapses(self, ctx: Ctx, used: list[Any], future: bool) -> date | None:
        if not self.window:
            return None  # nothing leaves, and a future record only adds
        if future or self.distinct:
            return self.scan(ctx, True)
        # The records leave in date order; the count falls below ``min`` when the (n - min + 1)-th leaves.
        # (Sorted here: mentorships are listed by start date, counted by their independence date.)
        dates = sorted(getattr(r, _EVIDENCE[self.evidence][1]) for r in used)
        return window_exit(dates[len(dates) - self.min], ctx.window_months)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        points = []
        for d, _rec in self._matching(ctx):
            points.append(d)
            if self.window:
                points.append(window_exit(d, ctx.window_months))
        return points_after(points, ctx.as_of)

    def _shortfall(self, ctx: Ctx, n: int, distinct_n: int) -> str:
        if n < self.min:
            k = self.min - n
            noun = self._noun(ctx, translate=True)
            if self.evidence == "mentorships":
                return ctx.t(f"还需带教 {k} 名新人达到独立操作",
                             f"{k} more {'mentee' if k == 1 else 'mentees'} brought to independent operation")
            if self.evidence == "trainings" and noun.startswith("参加"):
                return ctx.t(f"还需参加 {k} 次{noun.removeprefix('参加')}", f"{k} more {noun}")
            return ctx.t(f"还差 {k} 次{noun}", f"{k} more {noun}")
        k = self.min_distinct - distinct_n
        if self.distinct == "customer":
            return ctx.t(f"还需 {k} 位不同客户的书面表扬",
                         f"written praise from {k} more different {'customer' if k == 1 else 'customers'}")
        return ctx.t(f"还需 {k} 个不同{self.distinct_word(ctx)}", f"{k} more different {self.distinct_word(ctx)}")

    def distinct_word(self, ctx: Ctx) -> str:
        return {"customer": ctx.t("客户", "customers")}.get(self.distinct or "", self.distinct or "")


def _filters(spec: Spec, evidence: str) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    raw = spec.opt("where", {})
    if not isinstance(raw, Mapping):
        raise spec.fail("where", "应为映射 must be a mapping")
    allowed = _EVIDENCE[evidence][4]
    out: list[tuple[str, tuple[Any, ...]]] = []
    for key, value in raw.items():
        path = f"where.{key}"
        if key not in allowed:
            raise spec.fail(path, f"{evidence} 不支持此筛选 unsupported filter; allowed: {', '.join(allowed) or 'none'}")
        values = value if isinstance(value, list) else [value]
        if key == "source":
            mapped = [_SOURCE_WORDS.get(str(v)) for v in values]
            if None in mapped:
                raise spec.fail(path, f"来源应为 客户/内部 (customer/internal), got {shown(value)}")
            out.append((key, tuple(mapped)))
        elif key == "result":
            mapped = [_RESULT_WORDS.get(str(v)) for v in values]
            if None in mapped:
                raise spec.fail(path, f"结果应为 通过/未通过/参加 (passed/failed/attended), got {shown(value)}")
            out.append((key, tuple(mapped)))
        elif key == "passed":
            if not all(isinstance(v, bool) for v in values):
                raise spec.fail(path, "应为 true/false must be a boolean")
            out.append((key, tuple(values)))
        elif key == "exam":
            bad = [v for v in values if v not in spec.pctx.exam_types]
            if bad:
                raise spec.fail(path, f"未知考试 unknown exam {shown(bad[0])}; declared: {', '.join(sorted(spec.pctx.exam_types))}")
            out.append((key, tuple(values)))
        else:
            if not all(isinstance(v, str) and v for v in values):
                raise spec.fail(path, "应为非空字符串 must be non-empty strings")
            out.append((key, tuple(values)))
    return tuple(out)


@kind("count")
def _parse_count(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    ev = spec.req("evidence")
    if not among(ev, _EVIDENCE):
        raise spec.fail("evidence", f"未知的证据类型 unknown evidence {shown(ev)}; known: {', '.join(_EVIDENCE)}")
    filters = _filters(spec, ev)
    n = spec.integer("min", required=False, default=1)
    distinct = spec.opt("distinct")
    if distinct is not None and distinct not in ("customer", "program", "exam"):
        raise spec.fail("distinct", f"不支持按 {shown(distinct)} 去重 cannot count distinct {shown(distinct)}")
    if distinct == "customer" and ev != "praises":
        raise spec.fail("distinct", "customer 仅适用于 praises")
    md = spec.integer("min_distinct", required=distinct is not None)
    assert n is not None
    return Count(cid, label, ev, filters, n, distinct, md or 0, spec.boolean("window", True))

