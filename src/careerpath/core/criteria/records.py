"""Single records that pass or fail a move: exams, appraisals, attestations (能力认定), incidents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, fmt_number, kind
from careerpath.core.dates import window_exit
from careerpath.core.facts import Appraisal
from careerpath.core.projection import Span, first_covered, first_uncovered, points_after
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
        return ctx.t(f"{scope}通过{self.exam}", f"passed {ctx.evidence_name(self.exam)}{scope}")

    def _spans(self, ctx: Ctx) -> list[Span]:
        """When each passing exam counts: from its date until it leaves the window (for ever without one)."""
        return [(e.date, window_exit(e.date, ctx.window_months) if self.window else None)
                for e in ctx.person.exams
                if e.exam == self.exam and e.passed and (self.min_score is None or (e.score or 0) >= self.min_score)]

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        used = [e for e in ctx.person.exams if e.exam == self.exam and e.date <= ctx.as_of
                and (not self.window or e.date >= ctx.window_start)]
        passed = [e for e in used if e.passed and (self.min_score is None or (e.score or 0) >= self.min_score)]
        required = ctx.words((id(self), ctx.en, "required"), lambda: ctx.t("通过", "passed") + (
            f" (≥ {fmt_number(self.min_score)})" if self.min_score is not None else ""))
        if passed:
            best = passed[-1]
            score = f" {fmt_number(best.score)}" if best.score is not None else ""
            actual = ctx.t(f"{ctx.day(best.date)} 通过{score}", f"passed {ctx.day(best.date)}{score}")
            lapses = None
            if ctx.project and self.window:
                # Every passing exam in the window counts today, so they cover one stretch up to the
                # latest one's exit, unless a later exam is on record.
                lapses = first_uncovered(self._spans(ctx), ctx.as_of) if ctx.person.exams[-1].date > ctx.as_of \
                    else window_exit(best.date, ctx.window_months)
            return self.result(ctx, True, actual, required, [e.id for e in passed], lapses_on=lapses)
        short = ""
        projected = None
        if ctx.project:
            short = ctx.words((id(self), ctx.en), lambda: self._shortfall(ctx))
            if ctx.person.exams and ctx.person.exams[-1].date > ctx.as_of:  # an exam on record for a later date
                projected = first_covered(self._spans(ctx), ctx.as_of)
        if used:
            last = used[-1]
            return self.result(ctx, False, ctx.t(f"{ctx.day(last.date)} 未通过", f"failed {ctx.day(last.date)}"),
                               required, [e.id for e in used], shortfall=short, projected_on=projected)
        return self.result(ctx, False, ctx.t("无考试记录", "no exam on record"), required,
                           shortfall=short, projected_on=projected)

    def _shortfall(self, ctx: Ctx) -> str:
        name = ctx.evidence_name(self.exam)
        short = ctx.t(f"需通过{name}", f"{name} not passed yet")
        if self.min_score is not None:
            short += ctx.t(f"（≥ {fmt_number(self.min_score)} 分）", f" (score ≥ {fmt_number(self.min_score)})")
        return short

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        return points_after((d for span in self._spans(ctx) for d in span), ctx.as_of)


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

    def _chosen(self, by_year: dict[int, Appraisal], year: int) -> Appraisal | None:
        """The appraisal that counts in ``year``: that year's, else the latest of the years before."""
        return next((by_year[y] for y in range(year, year - self.years_back - 1, -1) if y in by_year), None)

    def _ok(self, chosen: Appraisal | None) -> bool:
        return chosen is not None and (self.min_score is None or chosen.score >= self.min_score)

    def _next_change(self, by_year: dict[int, Appraisal], year: int, passed: bool) -> date | None:
        """The first 1 January after ``year`` whose verdict differs (the verdict follows the calendar year)."""
        if not by_year:
            return None
        for y in range(year + 1, max(by_year) + self.years_back + 2):
            if self._ok(self._chosen(by_year, y)) != passed:
                return date(y, 1, 1)
        return None

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        by_year = {a.year: a for a in ctx.person.appraisals}
        chosen = self._chosen(by_year, ctx.as_of.year)
        span = f"{ctx.as_of.year - self.years_back}–{ctx.as_of.year}"
        required = ctx.t(f"{span} 年度有考评", f"appraisal for {span}")
        if self.min_score is not None:
            required += f"，≥ {fmt_number(self.min_score)}" if not ctx.en else f", ≥ {fmt_number(self.min_score)}"
        ok = self._ok(chosen)
        change = self._next_change(by_year, ctx.as_of.year, ok) if ctx.project else None
        short = ""
        if ctx.project and not ok:
            short = ctx.t(f"需有 {span} 年度考评记录", f"an appraisal for {span} is needed") if chosen is None else \
                ctx.t(f"年度考评分需不低于 {fmt_number(self.min_score or 0)}",
                      f"an appraisal score of {fmt_number(self.min_score or 0)} or more is needed")
        projected, lapses = (None, change) if ok else (change, None)
        if chosen is None:
            return self.result(ctx, False, ctx.t("无考评记录", "none on record"), required, shortfall=short,
                               projected_on=projected)
        grade = f" {chosen.grade}" if chosen.grade else ""
        actual = ctx.t(f"{chosen.year} 年度 {fmt_number(chosen.score)} 分{grade}", f"{chosen.year}: {fmt_number(chosen.score)}{grade}")
        return self.result(ctx, ok, actual, required, [chosen.id], shortfall=short, projected_on=projected,
                           lapses_on=lapses)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        years = {y for a in ctx.person.appraisals for y in (a.year, a.year + self.years_back + 1)}
        return points_after((date(y, 1, 1) for y in years), ctx.as_of)


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
        required = ctx.words((id(self), ctx.en, "required"), lambda: sep.join(
            ctx.name_of(ctx.competency_names, c) for c in self.competencies))
        if not missing or not ctx.project:
            return self.result(ctx, not missing, actual, required, [have[c].id for c in got])
        # An attestation on record for a later date counts from that date on.
        later: dict[str, date] = {}
        if ctx.person.attestations and ctx.person.attestations[-1].date > ctx.as_of:
            for a in ctx.person.attestations:
                if a.date > ctx.as_of and a.competency in missing and a.competency not in later:
                    later[a.competency] = a.date  # the list is in date order: the first is the earliest
        projected = max(later.values()) if later and len(later) == len(missing) else None
        # "；" between them: the competencies' own names contain "、".
        short = ctx.words((id(self), ctx.en, *missing), lambda: ctx.t("还需能力认定：", "still to be attested: ") + ctx.t(
            "；", "; ").join(ctx.name_of(ctx.competency_names, c) for c in missing))
        return self.result(ctx, False, actual, required, [have[c].id for c in got],
                           shortfall=short, projected_on=projected)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        return points_after((a.date for a in ctx.person.attestations if a.competency in self.competencies),
                            ctx.as_of)


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
        if ctx.en:
            return f"no {', '.join(ctx.evidence_name(t) for t in self.types)}{scope}"
        return f"{scope}无{'、'.join(self.types)}"

    def _spans(self, ctx: Ctx) -> list[Span]:
        """When each incident blocks: from its date until it leaves the window (for ever without one)."""
        return [(i.date, window_exit(i.date, ctx.window_months) if self.window else None)
                for i in ctx.person.incidents if i.type in self.types]

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        hits = [i for i in ctx.person.incidents if i.type in self.types and i.date <= ctx.as_of
                and (not self.window or i.date >= ctx.window_start)]
        ids = [i.id for i in hits]
        if not hits:
            # An incident recorded with a later date would block from that date.
            lapses = first_covered(self._spans(ctx), ctx.as_of) \
                if ctx.project and ctx.person.incidents and ctx.person.incidents[-1].date > ctx.as_of else None
            return self.result(ctx, True, ctx.t("无", "none"), ctx.t("无", "none"), ids, lapses_on=lapses)
        actual = ctx.t("；", "; ").join(f"{ctx.day(i.date)} {ctx.evidence_name(i.type)}" for i in hits)
        if not ctx.project:
            return self.result(ctx, False, actual, ctx.t("无", "none"), ids)
        counts: dict[str, int] = {}
        for i in hits:
            counts[i.type] = counts.get(i.type, 0) + 1
        what = ctx.t("、", ", ").join(
            ctx.t(f"{t} {n} 次", f"{n} {ctx.evidence_name(t).lower()}{'s' if n > 1 else ''}") for t, n in counts.items())
        scope = ctx.t(f"{ctx.last_months()}内", f" in {ctx.last_months()}") if self.window else ""
        short = ctx.t(f"{scope}有{what}", f"{what}{scope}")
        # Passes the day the last blocking incident leaves the window (None without a window).
        if not self.window:
            projected = None
        elif ctx.person.incidents[-1].date > ctx.as_of:
            projected = first_uncovered(self._spans(ctx), ctx.as_of)
        else:  # every hit blocks today: the stretch ends when the latest leaves the window
            projected = window_exit(hits[-1].date, ctx.window_months)
        return self.result(ctx, False, actual, ctx.t("无", "none"), ids, shortfall=short, projected_on=projected)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        return points_after((d for span in self._spans(ctx) for d in span), ctx.as_of)


@kind("no_incident")
def _parse_no_incident(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    types = spec.str_list("types", allowed=spec.pctx.incident_types, what="事故类型 incident type")
    return NoIncident(cid, label, types, spec.boolean("window", True))

