"""Single records that pass or fail a move: exams, appraisals, attestations (能力认定), incidents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, fmt_number, kind
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import among, shown


@dataclass(frozen=True, slots=True)
class ExamPassed(Base):
    exam: str = "技术评定考试"
    window: bool = True
    min_score: float | None = None
    kind: ClassVar[str] = "exam_passed"

    def default_label(self, ctx: Ctx) -> str:
        scope = ctx.t(f"{ctx.last_months()}内", f" in {ctx.last_months()}") if self.window else ""
        return ctx.t(f"{scope}通过{self.exam}", f"passed {self.exam}{scope}")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        used = [e for e in ctx.person.exams if e.exam == self.exam and e.date <= ctx.as_of
                and (not self.window or e.date >= ctx.window_start)]
        passed = [e for e in used if e.passed and (self.min_score is None or (e.score or 0) >= self.min_score)]
        required = ctx.t("通过", "passed") + (f" (≥ {fmt_number(self.min_score)})" if self.min_score is not None else "")
        if passed:
            best = passed[-1]
            score = f" {fmt_number(best.score)}" if best.score is not None else ""
            actual = ctx.t(f"{best.date.isoformat()} 通过{score}", f"passed {best.date.isoformat()}{score}")
            return self.result(ctx, True, actual, required, [e.id for e in passed])
        if used:
            last = used[-1]
            return self.result(ctx, False, ctx.t(f"{last.date.isoformat()} 未通过", f"failed {last.date.isoformat()}"),
                               required, [e.id for e in used])
        return self.result(ctx, False, ctx.t("无考试记录", "no exam on record"), required)


@kind("exam_passed")
def _parse_exam(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    exam = spec.req("exam")
    if not among(exam, spec.pctx.exam_types):
        raise spec.fail("exam", f"未知考试 unknown exam {shown(exam)}; declared: {', '.join(sorted(spec.pctx.exam_types))}")
    return ExamPassed(cid, label, exam, spec.boolean("window", True), spec.number("min_score", required=False))




@dataclass(frozen=True, slots=True)
class AppraisalRecorded(Base):
    years_back: int = 1
    min_score: float | None = None
    kind: ClassVar[str] = "appraisal"

    def default_label(self, ctx: Ctx) -> str:
        if self.min_score is not None:
            return ctx.t(f"年度考评分不低于 {fmt_number(self.min_score)}", f"annual appraisal score ≥ {fmt_number(self.min_score)}")
        return ctx.t("有年度考评记录（当年或上一年）", "annual appraisal on record (this year or last)")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        years = range(ctx.as_of.year, ctx.as_of.year - self.years_back - 1, -1)
        by_year = {a.year: a for a in ctx.person.appraisals}
        chosen = next((by_year[y] for y in years if y in by_year), None)
        span = f"{ctx.as_of.year - self.years_back}–{ctx.as_of.year}"
        required = ctx.t(f"{span} 年度有考评", f"appraisal for {span}")
        if self.min_score is not None:
            required += f"，≥ {fmt_number(self.min_score)}" if not ctx.en else f", ≥ {fmt_number(self.min_score)}"
        if chosen is None:
            return self.result(ctx, False, ctx.t("无考评记录", "none on record"), required)
        ok = self.min_score is None or chosen.score >= self.min_score
        grade = f" {chosen.grade}" if chosen.grade else ""
        actual = ctx.t(f"{chosen.year} 年度 {fmt_number(chosen.score)} 分{grade}", f"{chosen.year}: {fmt_number(chosen.score)}{grade}")
        return self.result(ctx, ok, actual, required, [chosen.id])


@kind("appraisal")
def _parse_appraisal(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    yb = spec.integer("years_back", required=False, default=1)
    assert yb is not None
    return AppraisalRecorded(cid, label, yb, spec.number("min_score", required=False))


@dataclass(frozen=True, slots=True)
class Attested(Base):
    competencies: tuple[str, ...] = ()
    kind: ClassVar[str] = "attested"

    def default_label(self, ctx: Ctx) -> str:
        names = ctx.t("；", "; ").join(ctx.name_of(ctx.competency_names, c) for c in self.competencies)
        return ctx.t(f"能力认定：{names}", f"attested: {names}")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        have = {a.competency: a for a in ctx.person.attestations if a.date <= ctx.as_of}
        missing = [c for c in self.competencies if c not in have]
        got = [c for c in self.competencies if c in have]
        sep = ctx.t("、", ", ")
        if missing:
            actual = ctx.t("缺少：", "missing: ") + sep.join(ctx.name_of(ctx.competency_names, c) for c in missing)
        else:
            actual = ctx.t("已全部认定", "all attested")
        required = sep.join(ctx.name_of(ctx.competency_names, c) for c in self.competencies)
        return self.result(ctx, not missing, actual, required, [have[c].id for c in got])


@kind("attested")
def _parse_attested(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    comps = spec.str_list("competencies", allowed=spec.pctx.competencies, what="能力 competency")
    if not comps:
        raise spec.fail("competencies", "至少一项 at least one competency")
    return Attested(cid, label, comps)


@dataclass(frozen=True, slots=True)
class NoIncident(Base):
    types: tuple[str, ...] = ()
    window: bool = True
    kind: ClassVar[str] = "no_incident"

    def default_label(self, ctx: Ctx) -> str:
        scope = ctx.t(f"{ctx.last_months()}内", f" in {ctx.last_months()}") if self.window else ""
        return ctx.t(f"{scope}无{'、'.join(self.types)}", f"no {', '.join(self.types)}{scope}")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        hits = [i for i in ctx.person.incidents if i.type in self.types and i.date <= ctx.as_of
                and (not self.window or i.date >= ctx.window_start)]
        if hits:
            actual = ctx.t("；", "; ").join(f"{i.date.isoformat()} {i.type}" for i in hits)
        else:
            actual = ctx.t("无", "none")
        return self.result(ctx, not hits, actual, ctx.t("无", "none"), [i.id for i in hits])


@kind("no_incident")
def _parse_no_incident(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    types = spec.str_list("types", allowed=spec.pctx.incident_types, what="事故类型 incident type")
    return NoIncident(cid, label, types, spec.boolean("window", True))

