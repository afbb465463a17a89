"""Who the person is: tenure, confirmation (转正), education, age, a system account."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, kind
from careerpath.core.dates import add_months, completed_months, completed_years
from careerpath.core.facts import EDUCATION_RANK, normalize_education
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import among, shown

# ---------------------------------------------------------------------------------------------------
# Tenure


_TENURE_OF = {
    "company": ("司龄", "company tenure"),
    "cs_post": ("客服岗位工龄", "tenure in customer service"),
    "level": ("本职级任职时间", "time in current level"),
}
# What is missing, in words: 本职级任职还差 2 个月 / 2 more months in the current level.
_TENURE_SHORT = {
    "company": ("司龄还差 {n} 个月", "{n} more {months} of company tenure"),
    "cs_post": ("客服岗位工龄还差 {n} 个月", "{n} more {months} in customer service"),
    "level": ("本职级任职还差 {n} 个月", "{n} more {months} in the current level"),
}


def _months(n: int) -> str:
    return "month" if n == 1 else "months"


@dataclass(frozen=True, slots=True)
class Alternative:
    months: int
    education_below: str | None = None
    education_at_least: str | None = None

    def applies(self, education: str | None) -> bool:
        # Unknown education cannot prove the milder standard, so the stricter branch applies.
        rank = EDUCATION_RANK.get(education or "", -1)
        if self.education_below is not None and not rank < EDUCATION_RANK[self.education_below]:
            return False
        if self.education_at_least is not None and not rank >= EDUCATION_RANK[self.education_at_least]:
            return False
        return True

    def describe(self, ctx: Ctx) -> str:
        if self.education_below:
            return ctx.t(f"学历低于{self.education_below}者 {self.months} 个月",
                         f"{self.months} months when education is below {ctx.education_name(self.education_below)}")
        return ctx.t(f"学历{self.education_at_least}及以上者 {self.months} 个月",
                     f"{self.months} months with education {ctx.education_name(self.education_at_least or '')} or above")


def _education_key(spec: Spec, key: str) -> str | None:
    v = spec.opt(key)
    if v is None:
        return None
    norm = normalize_education(str(v))
    if norm is None:
        raise spec.fail(key, f"未知学历 unknown education {shown(v)}; known: {', '.join(EDUCATION_RANK)}")
    return norm


@dataclass(frozen=True, slots=True)
class Tenure(Base):
    of: str = "company"
    months: int = 0
    alternatives: tuple[Alternative, ...] = ()
    kind: ClassVar[str] = "tenure"

    def default_label(self, ctx: Ctx) -> str:
        what = _TENURE_OF[self.of][1 if ctx.en else 0]
        base = ctx.t(f"{what}满 {self.months} 个月", f"{what} at least {self.months} months")
        if self.alternatives:
            alts = ctx.t("；", "; ").join(a.describe(ctx) for a in self.alternatives)
            base += ctx.t(f"（{alts}）", f" ({alts})")
        return base

    def _need(self, ctx: Ctx) -> int:
        for alt in self.alternatives:
            if alt.applies(ctx.person.employee.education):
                return alt.months
        return self.months

    def _start(self, ctx: Ctx) -> date | None:
        emp = ctx.person.employee
        if self.of == "company":
            return emp.hired_on
        if self.of == "cs_post":
            return emp.cs_start_on or emp.hired_on
        return ctx.level_start

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        emp = ctx.person.employee
        need = self._need(ctx)
        start = self._start(ctx)
        if not ctx.project:  # a verdict on another date: no words
            return self.result(ctx, start is not None and completed_months(start, ctx.as_of) >= need, "", "")
        note = ""
        if self.alternatives and emp.education is None and any(a.applies(None) for a in self.alternatives):
            note = ctx.t("（学历未登记，按较严标准）", " (education unknown: stricter standard)")
        evidence: tuple[str, ...] = ()
        if self.of == "cs_post" and emp.cs_start_on is None:
            note += ctx.t("（未登记入客服岗日期，按入司日期）", " (no CS start date: hire date used)")
        elif self.of == "level":
            evidence = (ctx.current.id,) if ctx.current else ()
        required = ctx.t(f"≥ {need} 个月", f"≥ {need} months") + note
        if start is None:
            return self.result(ctx, False, ctx.t("无任职记录", "no position record"), required,
                               shortfall=ctx.t("无任职记录", "no position record"))
        got = completed_months(start, ctx.as_of)
        actual = ctx.t(f"{got} 个月（自 {ctx.day(start)}）", f"{got} months (since {ctx.day(start)})")
        if got >= need:
            return self.result(ctx, True, actual, required, evidence)
        zh, en = _TENURE_SHORT[self.of]
        n = need - got
        short = ctx.words((id(self), ctx.en, n), lambda: ctx.t(zh.format(n=n), en.format(n=n, months=_months(n))))
        # Completed months reach ``need`` exactly on start + need months (dates.completed_months).
        return self.result(ctx, False, actual, required, evidence, shortfall=short,
                           projected_on=add_months(start, need))

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        start = self._start(ctx)
        return (add_months(start, self._need(ctx)),) if start is not None else ()


@kind("tenure")
def _parse_tenure(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    of = spec.opt("of", "company")
    if not among(of, _TENURE_OF):
        raise spec.fail("of", f"未知的工龄类型 unknown tenure basis {shown(of)}; use company, cs_post or level")
    months = spec.integer("months")
    alts: list[Alternative] = []
    raw = spec.opt("alternatives", [])
    if not isinstance(raw, list):
        raise spec.fail("alternatives", "应为列表 must be a list")
    for i, a in enumerate(raw):
        sub = Spec(a if isinstance(a, Mapping) else {}, f"{spec.path}.alternatives[{i}]", spec.pctx)
        if not isinstance(a, Mapping):
            raise sub.fail(None, "应为映射 must be a mapping")
        when = a.get("when")
        if not isinstance(when, Mapping) or not when:
            raise sub.fail("when", "缺少适用条件 missing condition, e.g. {education_below: 大专}")
        wspec = Spec(when, f"{sub.path}.when", spec.pctx)
        below = _education_key(wspec, "education_below")
        at_least = _education_key(wspec, "education_at_least")
        wspec.used.discard("id")
        wspec.check_unknown_keys()
        alt_months = sub.integer("months")
        sub.used.add("when")
        sub.check_unknown_keys()
        assert alt_months is not None
        alts.append(Alternative(alt_months, below, at_least))
    assert months is not None
    return Tenure(cid, label, of, months, tuple(alts))


# ---------------------------------------------------------------------------------------------------
# Simple person attributes


@dataclass(frozen=True, slots=True)
class Confirmation(Base):
    kind: ClassVar[str] = "confirmation"

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t("已转正", "confirmed after probation (转正)")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        c = ctx.person.employee.confirmed_on
        required = ctx.t(f"转正日期不晚于 {ctx.day(ctx.as_of)}", f"confirmed on or before {ctx.day(ctx.as_of)}")
        short = ctx.t("尚未转正", "not yet confirmed") if ctx.project else ""
        if c is None:
            return self.result(ctx, False, ctx.t("未转正", "not confirmed"), required, shortfall=short)
        if c <= ctx.as_of:
            return self.result(ctx, True, ctx.t(f"转正日期 {ctx.day(c)}", f"confirmed {ctx.day(c)}"), required)
        # A confirmation date on record in the future: met on that day.
        return self.result(ctx, False, ctx.t(f"转正日期 {ctx.day(c)}", f"confirmed {ctx.day(c)}"), required,
                           shortfall=short, projected_on=c)

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        c = ctx.person.employee.confirmed_on
        return (c,) if c is not None else ()


@kind("confirmation")
def _parse_confirmation(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    return Confirmation(cid, label)


@dataclass(frozen=True, slots=True)
class Education(Base):
    min: str = "大专"
    kind: ClassVar[str] = "education"

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t(f"学历{self.min}及以上", f"education {ctx.education_name(self.min)} or above")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        edu = ctx.person.employee.education
        required = ctx.t(f"≥ {self.min}", f"≥ {ctx.education_name(self.min)}")
        if edu is None:
            return self.result(ctx, False, ctx.t("学历未登记", "education unknown"), required,
                               shortfall=ctx.t("学历未登记", "education not on record"))
        ok = EDUCATION_RANK[edu] >= EDUCATION_RANK[self.min]
        short = "" if ok else ctx.t(f"学历需达到{self.min}及以上",
                                    f"education {ctx.education_name(self.min)} or above needed")
        return self.result(ctx, ok, ctx.education_name(edu), required, shortfall=short)


@kind("education")
def _parse_education(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    spec.req("min")
    m = _education_key(spec, "min")
    assert m is not None
    return Education(cid, label, m)


@dataclass(frozen=True, slots=True)
class Age(Base):
    min: int | None = None
    max: int | None = None
    kind: ClassVar[str] = "age"

    def default_label(self, ctx: Ctx) -> str:
        if self.min is not None and self.max is not None:
            return ctx.t(f"年龄 {self.min}–{self.max} 周岁", f"aged {self.min}–{self.max}")
        if self.min is not None:
            return ctx.t(f"年龄满 {self.min} 周岁", f"aged {self.min} or over")
        return ctx.t(f"年龄不超过 {self.max} 周岁", f"aged {self.max} or under")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        b = ctx.person.employee.birth_date
        parts = []
        if self.min is not None:
            parts.append(f"≥ {self.min}")
        if self.max is not None:
            parts.append(f"≤ {self.max}")
        required = " ".join(parts) + ctx.t(" 周岁", " years")
        if b is None:
            return self.result(ctx, False, ctx.t("出生日期未登记", "birth date unknown"), required,
                               shortfall=ctx.t("出生日期未登记", "birth date not on record"))
        age = completed_years(b, ctx.as_of)
        ok = (self.min is None or age >= self.min) and (self.max is None or age <= self.max)
        actual = ctx.t(f"{age} 周岁", f"{age} years")
        if not ctx.project:
            return self.result(ctx, ok, actual, required)
        if ok:
            # Too old from the day after the last birthday at ``max`` (completed years, like the age itself).
            lapses = add_months(b, 12 * (self.max + 1)) if self.max is not None else None
            return self.result(ctx, True, actual, required, lapses_on=lapses)
        if self.min is not None and age < self.min:
            n = self.min - age
            return self.result(ctx, False, actual, required,
                               shortfall=ctx.t(f"还差 {n} 年满 {self.min} 周岁",
                                               f"{n} more {'year' if n == 1 else 'years'} to be {self.min}"),
                               projected_on=add_months(b, 12 * self.min))
        return self.result(ctx, False, actual, required,
                           shortfall=ctx.t(f"年龄已超过 {self.max} 周岁", f"older than {self.max}"))

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        b = ctx.person.employee.birth_date
        if b is None:
            return ()
        return [add_months(b, 12 * y) for y in (self.min, None if self.max is None else self.max + 1)
                if y is not None]


@kind("age")
def _parse_age(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    lo = spec.integer("min", required=False)
    hi = spec.integer("max", required=False)
    if lo is None and hi is None:
        raise spec.fail("min", "缺少阈值 missing threshold: give min and/or max")
    return Age(cid, label, lo, hi)


@dataclass(frozen=True, slots=True)
class SystemAccount(Base):
    kind: ClassVar[str] = "system_account"

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t("已开通个人系统账号", "has own system account")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        acc = ctx.person.employee.system_account
        short = "" if acc else ctx.t("尚未开通个人系统账号", "no own system account yet")
        return self.result(ctx, bool(acc), acc or ctx.t("无", "none"), ctx.t("有", "present"), shortfall=short)


@kind("system_account")
def _parse_system_account(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    return SystemAccount(cid, label)

