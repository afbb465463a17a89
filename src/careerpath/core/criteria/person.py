"""Who the person is: tenure, confirmation (转正), education, age, a system account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from careerpath.core.criteria.base import Base, Criterion, Ctx, Spec, kind
from careerpath.core.dates import completed_months, completed_years
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
                         f"{self.months} months when education is below {self.education_below}")
        return ctx.t(f"学历{self.education_at_least}及以上者 {self.months} 个月",
                     f"{self.months} months with education {self.education_at_least} or above")


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

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        emp = ctx.person.employee
        need = self.months
        note = ""
        for alt in self.alternatives:
            if alt.applies(emp.education):
                need = alt.months
                if emp.education is None:
                    note = ctx.t("（学历未登记，按较严标准）", " (education unknown: stricter standard)")
                break
        start: date | None
        evidence: tuple[str, ...] = ()
        if self.of == "company":
            start = emp.hired_on
        elif self.of == "cs_post":
            start = emp.cs_start_on or emp.hired_on
            if emp.cs_start_on is None:
                note += ctx.t("（未登记入客服岗日期，按入司日期）", " (no CS start date: hire date used)")
        else:
            start = ctx.level_start
            evidence = (ctx.current.id,) if ctx.current else ()
        required = ctx.t(f"≥ {need} 个月", f"≥ {need} months") + note
        if start is None:
            return self.result(ctx, False, ctx.t("无任职记录", "no position record"), required)
        got = completed_months(start, ctx.as_of)
        actual = ctx.t(f"{got} 个月（自 {start.isoformat()}）", f"{got} months (since {start.isoformat()})")
        return self.result(ctx, got >= need, actual, required, evidence)


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
        required = ctx.t(f"转正日期不晚于 {ctx.as_of.isoformat()}", f"confirmed on or before {ctx.as_of.isoformat()}")
        if c is None:
            return self.result(ctx, False, ctx.t("未转正", "not confirmed"), required)
        return self.result(ctx, c <= ctx.as_of, ctx.t(f"转正日期 {c.isoformat()}", f"confirmed {c.isoformat()}"), required)


@kind("confirmation")
def _parse_confirmation(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    return Confirmation(cid, label)


@dataclass(frozen=True, slots=True)
class Education(Base):
    min: str = "大专"
    kind: ClassVar[str] = "education"

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t(f"学历{self.min}及以上", f"education {self.min} or above")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        edu = ctx.person.employee.education
        required = ctx.t(f"≥ {self.min}", f"≥ {self.min}")
        if edu is None:
            return self.result(ctx, False, ctx.t("学历未登记", "education unknown"), required)
        return self.result(ctx, EDUCATION_RANK[edu] >= EDUCATION_RANK[self.min], edu, required)


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
            return self.result(ctx, False, ctx.t("出生日期未登记", "birth date unknown"), required)
        age = completed_years(b, ctx.as_of)
        ok = (self.min is None or age >= self.min) and (self.max is None or age <= self.max)
        return self.result(ctx, ok, ctx.t(f"{age} 周岁", f"{age} years"), required)


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
        return self.result(ctx, bool(acc), acc or ctx.t("无", "none"), ctx.t("有", "present"))


@kind("system_account")
def _parse_system_account(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    return SystemAccount(cid, label)

