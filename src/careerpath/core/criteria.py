"""Criterion kinds: a registry of small, explained rules.

Each kind parses its YAML mapping (reporting problems with the YAML path) into a frozen object whose
``evaluate`` returns a :class:`CriterionResult` — id, a human label, passed, actual, required and the
evidence ids used. Kinds never read the clock or do I/O; everything comes from :class:`Ctx`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Protocol

from careerpath.core.dates import completed_months, completed_years, month_index
from careerpath.core.facts import EDUCATION_RANK, PersonFacts, Population, Position, normalize_education
from careerpath.core.results import CriterionResult

# ---------------------------------------------------------------------------------------------------
# Context objects


@dataclass(slots=True)
class Ctx:
    """Everything a criterion may look at for one person on one as-of date."""

    person: PersonFacts
    as_of: date
    window_start: date
    lang: str
    population: Population
    current: Position | None
    level_start: date | None  # start of the uninterrupted run in the current level
    target_level: str | None = None
    exempt_leave_types: tuple[str, ...] = ()
    # Labels for codes, so explanations read as sentences.
    level_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    competency_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    metric_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    en: bool = False  # lang is English; a field, not a property: it is read for every label

    def __post_init__(self) -> None:
        self.en = self.lang.startswith("en")

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    def name_of(self, table: Mapping[str, tuple[str, str]], code: str) -> str:
        pair = table.get(code)
        if pair is None:
            return code
        return pair[1] if self.en else pair[0]


@dataclass(slots=True)
class ParseCtx:
    """What the loader knows while parsing criteria, and where problems are collected."""

    levels: set[str]
    competencies: set[str]
    metrics: set[str]
    exam_types: set[str]
    incident_types: set[str]
    leave_types: set[str]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (yaml path, message)

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, message))


class Criterion(Protocol):
    id: str

    def evaluate(self, ctx: Ctx) -> CriterionResult: ...


class _Invalid(Exception):
    """Raised inside parsing after a problem was recorded, to skip the broken criterion."""


# ---------------------------------------------------------------------------------------------------
# Parsing helpers: every accessor records a path-precise problem instead of raising KeyError.


class Spec:
    def __init__(self, data: Mapping[str, Any], path: str, pctx: ParseCtx) -> None:
        self.data, self.path, self.pctx = data, path, pctx
        self.used: set[str] = {"id", "kind", "label"}

    def fail(self, key: str | None, message: str) -> _Invalid:
        self.pctx.problem(f"{self.path}.{key}" if key else self.path, message)
        return _Invalid()

    def req(self, key: str) -> Any:
        self.used.add(key)
        if key not in self.data or self.data[key] is None:
            raise self.fail(key, "缺少必填项 missing required value")
        return self.data[key]

    def opt(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        v = self.data.get(key)
        return default if v is None else v

    def number(self, key: str, *, required: bool = True, default: float | None = None,
               minimum: float | None = 0) -> float | None:
        v = self.req(key) if required else self.opt(key, default)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(key, f"应为数字 must be a number, got {v!r}")
        if minimum is not None and v < minimum:
            raise self.fail(key, f"不能小于 {minimum} must be ≥ {minimum}, got {v!r}")
        return float(v)

    def integer(self, key: str, *, required: bool = True, default: int | None = None) -> int | None:
        v = self.req(key) if required else self.opt(key, default)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise self.fail(key, f"应为非负整数 must be a non-negative integer, got {v!r}")
        return v

    def boolean(self, key: str, default: bool) -> bool:
        v = self.opt(key, default)
        if not isinstance(v, bool):
            raise self.fail(key, f"应为 true/false must be a boolean, got {v!r}")
        return v

    def str_list(self, key: str, *, required: bool = True, allowed: set[str] | None = None,
                 what: str = "value") -> tuple[str, ...]:
        v = self.req(key) if required else self.opt(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail(key, f"应为字符串列表 must be a list of strings, got {v!r}")
        if allowed is not None:
            bad = [x for x in v if x not in allowed]
            if bad:
                raise self.fail(key, f"未知的{what} unknown {what}: {', '.join(bad)}")
        return tuple(v)

    def check_unknown_keys(self) -> None:
        extra = sorted(set(self.data) - self.used)
        if extra:
            raise self.fail(None, f"未知字段 unknown key(s): {', '.join(extra)}")


def _label(spec: Spec) -> tuple[str, str] | None:
    v = spec.data.get("label")
    if v is None:
        return None
    if isinstance(v, str):
        return (v, v)
    if isinstance(v, Mapping) and isinstance(v.get("zh"), str):
        return (v["zh"], v.get("en") or v["zh"])
    spec.fail("label", "label 应为字符串或 {zh, en} must be a string or {zh, en}")
    return None


def _fmt(x: float) -> str:
    """Format a number without a useless ``.0``."""
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _yuan(ctx: Ctx, x: float) -> str:
    if ctx.en:
        return f"¥{x:,.0f}"
    return f"{_fmt(round(x / 10000, 2))}万" if x >= 10000 else f"{_fmt(x)}元"


# ---------------------------------------------------------------------------------------------------
# Base class and registry


@dataclass(frozen=True, slots=True)
class Base:
    id: str
    label_override: tuple[str, str] | None

    kind: ClassVar[str] = ""

    def label(self, ctx: Ctx) -> str:
        if self.label_override:
            return self.label_override[1] if ctx.en else self.label_override[0]
        return self.default_label(ctx)

    def default_label(self, ctx: Ctx) -> str:  # pragma: no cover - every kind overrides
        return self.kind

    def result(self, ctx: Ctx, passed: bool, actual: str, required: str,
               evidence: Sequence[str] = (), children: Sequence[CriterionResult] = ()) -> CriterionResult:
        return CriterionResult(self.id, self.label(ctx), passed, actual, required,
                               tuple(evidence), tuple(children))


Parser = Callable[[Spec, str, tuple[str, str] | None], Criterion]
KINDS: dict[str, Parser] = {}


def kind(name: str) -> Callable[[Parser], Parser]:
    def register(fn: Parser) -> Parser:
        KINDS[name] = fn
        return fn
    return register


def parse_criterion(data: Any, path: str, pctx: ParseCtx, default_id: str) -> Criterion | None:
    """Parse one criterion mapping; on problems record them and return None."""
    if not isinstance(data, Mapping):
        pctx.problem(path, f"条件应为映射 a criterion must be a mapping, got {type(data).__name__}")
        return None
    k = data.get("kind")
    if k is None:
        pctx.problem(f"{path}.kind", "缺少条件类型 missing criterion kind")
        return None
    if k not in KINDS:
        pctx.problem(f"{path}.kind", f"未知的条件类型 unknown criterion kind {k!r}; known: {', '.join(sorted(KINDS))}")
        return None
    cid = data.get("id", default_id)
    if not isinstance(cid, str) or not cid:
        pctx.problem(f"{path}.id", "id 应为非空字符串 must be a non-empty string")
        return None
    spec = Spec(data, path, pctx)
    try:
        crit = KINDS[k](spec, cid, _label(spec))
        spec.check_unknown_keys()
    except _Invalid:
        return None
    return crit


def parse_criteria(items: Any, path: str, pctx: ParseCtx, prefix: str = "") -> tuple[Criterion, ...]:
    if not isinstance(items, list):
        pctx.problem(path, "应为条件列表 must be a list of criteria")
        return ()
    out: list[Criterion] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        default_id = item.get("kind", "criterion") if isinstance(item, Mapping) else "criterion"
        default_id = f"{prefix}{default_id}"
        if default_id in seen and not (isinstance(item, Mapping) and "id" in item):
            default_id = f"{default_id}_{i + 1}"
        c = parse_criterion(item, f"{path}[{i}]", pctx, default_id)
        if c is None:
            continue
        if c.id in seen:
            pctx.problem(f"{path}[{i}].id", f"条件 id 重复 duplicate criterion id {c.id!r}")
            continue
        seen.add(c.id)
        out.append(c)
    return tuple(out)


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
        raise spec.fail(key, f"未知学历 unknown education {v!r}; known: {', '.join(EDUCATION_RANK)}")
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
    if of not in _TENURE_OF:
        raise spec.fail("of", f"未知的工龄类型 unknown tenure basis {of!r}; use company, cs_post or level")
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


# ---------------------------------------------------------------------------------------------------
# Evidence counts


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

    def _noun(self, ctx: Ctx) -> str:
        noun = _EVIDENCE[self.evidence][3 if ctx.en else 2]
        for key, values in self.filters:
            if key == "source":
                noun = ctx.t("、".join(_SOURCE_LABEL[v][0] for v in values), "/".join(
                    _SOURCE_LABEL[v][1] for v in values)) + ctx.t("", " ") + noun
            elif key in ("program", "exam"):
                noun = ctx.t("、".join(values), "/".join(values))
                if key == "program" and self.evidence == "trainings":
                    noun = ctx.t(f"参加{noun}", f"{noun} attended")
            elif key == "passed" and values == (True,):
                noun = ctx.t(f"通过{noun}", f"{noun} passed")
        return noun

    def default_label(self, ctx: Ctx) -> str:
        scope = ctx.t("近12个月内", " in the last 12 months") if self.window else ""
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

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        attr, date_attr = _EVIDENCE[self.evidence][:2]
        used = []
        for rec in getattr(ctx.person, attr):
            d = getattr(rec, date_attr)
            if d is None or d > ctx.as_of or (self.window and d < ctx.window_start):
                continue
            if self.matches(rec):
                used.append(rec)
        n = len(used)
        required = ctx.t(f"≥ {self.min} 次", f"≥ {self.min}")
        actual = ctx.t(f"{n} 次", f"{n}")
        ok = n >= self.min
        if self.distinct:
            values = {getattr(r, self.distinct) for r in used if getattr(r, self.distinct)}
            required += ctx.t(f"，不同{self.distinct_word(ctx)} ≥ {self.min_distinct}",
                              f", distinct {self.distinct_word(ctx)} ≥ {self.min_distinct}")
            actual += ctx.t(f"，不同{self.distinct_word(ctx)} {len(values)} 个",
                            f", {len(values)} distinct {self.distinct_word(ctx)}")
            ok = ok and len(values) >= self.min_distinct
        return self.result(ctx, ok, actual, required, [r.id for r in used])

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
                raise spec.fail(path, f"来源应为 客户/内部 (customer/internal), got {value!r}")
            out.append((key, tuple(mapped)))
        elif key == "result":
            mapped = [_RESULT_WORDS.get(str(v)) for v in values]
            if None in mapped:
                raise spec.fail(path, f"结果应为 通过/未通过/参加 (passed/failed/attended), got {value!r}")
            out.append((key, tuple(mapped)))
        elif key == "passed":
            if not all(isinstance(v, bool) for v in values):
                raise spec.fail(path, "应为 true/false must be a boolean")
            out.append((key, tuple(values)))
        elif key == "exam":
            bad = [v for v in values if v not in spec.pctx.exam_types]
            if bad:
                raise spec.fail(path, f"未知考试 unknown exam {bad[0]!r}; declared: {', '.join(sorted(spec.pctx.exam_types))}")
            out.append((key, tuple(values)))
        else:
            if not all(isinstance(v, str) and v for v in values):
                raise spec.fail(path, "应为非空字符串 must be non-empty strings")
            out.append((key, tuple(values)))
    return tuple(out)


@kind("count")
def _parse_count(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    ev = spec.req("evidence")
    if ev not in _EVIDENCE:
        raise spec.fail("evidence", f"未知的证据类型 unknown evidence {ev!r}; known: {', '.join(_EVIDENCE)}")
    filters = _filters(spec, ev)
    n = spec.integer("min", required=False, default=1)
    distinct = spec.opt("distinct")
    if distinct is not None and distinct not in ("customer", "program", "exam"):
        raise spec.fail("distinct", f"不支持按 {distinct!r} 去重 cannot count distinct {distinct!r}")
    if distinct == "customer" and ev != "praises":
        raise spec.fail("distinct", "customer 仅适用于 praises")
    md = spec.integer("min_distinct", required=distinct is not None)
    assert n is not None
    return Count(cid, label, ev, filters, n, distinct, md or 0, spec.boolean("window", True))


@dataclass(frozen=True, slots=True)
class ExamPassed(Base):
    exam: str = "技术评定考试"
    window: bool = True
    min_score: float | None = None
    kind: ClassVar[str] = "exam_passed"

    def default_label(self, ctx: Ctx) -> str:
        scope = ctx.t("近12个月内", " in the last 12 months") if self.window else ""
        return ctx.t(f"{scope}通过{self.exam}", f"passed {self.exam}{scope}")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        used = [e for e in ctx.person.exams if e.exam == self.exam and e.date <= ctx.as_of
                and (not self.window or e.date >= ctx.window_start)]
        passed = [e for e in used if e.passed and (self.min_score is None or (e.score or 0) >= self.min_score)]
        required = ctx.t("通过", "passed") + (f" (≥ {_fmt(self.min_score)})" if self.min_score is not None else "")
        if passed:
            best = passed[-1]
            score = f" {_fmt(best.score)}" if best.score is not None else ""
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
    if exam not in spec.pctx.exam_types:
        raise spec.fail("exam", f"未知考试 unknown exam {exam!r}; declared: {', '.join(sorted(spec.pctx.exam_types))}")
    return ExamPassed(cid, label, exam, spec.boolean("window", True), spec.number("min_score", required=False))


# ---------------------------------------------------------------------------------------------------
# Leave


@dataclass(frozen=True, slots=True)
class LeaveSum(Base):
    less_than: float | None = None
    at_most: float | None = None
    exempt_types: tuple[str, ...] | None = None  # None: the policy's evidence.exempt_leave_types
    kind: ClassVar[str] = "leave"

    def limit_text(self, ctx: Ctx) -> str:
        if self.less_than is not None:
            return ctx.t(f"< {_fmt(self.less_than)} 天", f"< {_fmt(self.less_than)} days")
        return ctx.t(f"≤ {_fmt(self.at_most or 0)} 天", f"≤ {_fmt(self.at_most or 0)} days")

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t(f"近12个月请假累计{self.limit_text(ctx)}（婚假、产假、丧假等不计）",
                     f"leave in the last 12 months {self.limit_text(ctx)} (marriage, maternity, bereavement excluded)")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        exempt = self.exempt_types if self.exempt_types is not None else ctx.exempt_leave_types
        total = 0.0
        exempted = 0.0
        used = []
        for lv in ctx.person.leaves:
            # A leave row counts in full in the window holding its start date (SPEC §4).
            if not (ctx.window_start <= lv.start_on <= ctx.as_of):
                continue
            if lv.type in exempt:
                exempted += lv.days
                continue
            total += lv.days
            used.append(lv.id)
        ok = total < self.less_than if self.less_than is not None else total <= (self.at_most or 0)
        actual = ctx.t(f"{_fmt(total)} 天", f"{_fmt(total)} days")
        if exempted:
            actual += ctx.t(f"（另有不计入假期 {_fmt(exempted)} 天）", f" (+{_fmt(exempted)} exempt days)")
        return self.result(ctx, ok, actual, self.limit_text(ctx), used)


@kind("leave")
def _parse_leave(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    lt = spec.number("less_than", required=False)
    am = spec.number("at_most", required=False)
    if (lt is None) == (am is None):
        raise spec.fail("less_than", "缺少阈值 missing threshold: give exactly one of less_than / at_most")
    exempt = spec.str_list("exempt_types", required=False, allowed=spec.pctx.leave_types, what="假别 leave type") \
        if "exempt_types" in spec.data else None
    return LeaveSum(cid, label, lt, am, exempt)


# ---------------------------------------------------------------------------------------------------
# Metrics


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
            return _yuan(ctx, x)
        if x <= 1 and ((self.min or 0) <= 1 and (self.max or 0) <= 1):
            return f"{x * 100:.2f}".rstrip("0").rstrip(".") + "%"
        return _fmt(round(x, 1))


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
        if metric not in spec.pctx.metrics:
            raise sub.fail("metric", f"未知指标 unknown metric {metric!r}; declared: {', '.join(sorted(spec.pctx.metrics))}")
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
            return ctx.t(f"近12个月月均{'或'.join(parts)}（就高不就低）",
                         f"monthly average in the last 12 months: {' or '.join(parts)} (the higher counts)")
        joiner = ctx.t("且", " and ")
        return ctx.t(f"近12个月月均{joiner.join(parts)}", f"monthly average in the last 12 months: {joiner.join(parts)}")

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
        raise spec.fail("mode", f"应为 any 或 all must be any or all, got {mode!r}")
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


# ---------------------------------------------------------------------------------------------------
# Appraisal, attestations, incidents, vacancies


@dataclass(frozen=True, slots=True)
class AppraisalRecorded(Base):
    years_back: int = 1
    min_score: float | None = None
    kind: ClassVar[str] = "appraisal"

    def default_label(self, ctx: Ctx) -> str:
        if self.min_score is not None:
            return ctx.t(f"年度考评分不低于 {_fmt(self.min_score)}", f"annual appraisal score ≥ {_fmt(self.min_score)}")
        return ctx.t("有年度考评记录（当年或上一年）", "annual appraisal on record (this year or last)")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        years = range(ctx.as_of.year, ctx.as_of.year - self.years_back - 1, -1)
        by_year = {a.year: a for a in ctx.person.appraisals}
        chosen = next((by_year[y] for y in years if y in by_year), None)
        span = f"{ctx.as_of.year - self.years_back}–{ctx.as_of.year}"
        required = ctx.t(f"{span} 年度有考评", f"appraisal for {span}")
        if self.min_score is not None:
            required += f"，≥ {_fmt(self.min_score)}" if not ctx.en else f", ≥ {_fmt(self.min_score)}"
        if chosen is None:
            return self.result(ctx, False, ctx.t("无考评记录", "none on record"), required)
        ok = self.min_score is None or chosen.score >= self.min_score
        grade = f" {chosen.grade}" if chosen.grade else ""
        actual = ctx.t(f"{chosen.year} 年度 {_fmt(chosen.score)} 分{grade}", f"{chosen.year}: {_fmt(chosen.score)}{grade}")
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
        scope = ctx.t("近12个月内", " in the last 12 months") if self.window else ""
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


@dataclass(frozen=True, slots=True)
class Vacancy(Base):
    level: str | None = None  # None: the move's target level
    kind: ClassVar[str] = "vacancy"

    def default_label(self, ctx: Ctx) -> str:
        return ctx.t("有空缺编制", "a vacancy exists")

    def evaluate(self, ctx: Ctx) -> CriterionResult:
        lv = self.level or ctx.target_level or ""
        name = ctx.name_of(ctx.level_names, lv)
        required = ctx.t(f"{name}空缺 ≥ 1", f"open {name} posts ≥ 1")
        vac = ctx.population.vacancies
        if vac is None:
            return self.result(ctx, False, ctx.t("未录入编制计划", "no headcount plan on record"), required)
        n = vac.get(lv, 0)
        return self.result(ctx, n >= 1, ctx.t(f"空缺 {n} 个", f"{n} open"), required)


@kind("vacancy")
def _parse_vacancy(spec: Spec, cid: str, label: tuple[str, str] | None) -> Criterion:
    lv = spec.opt("level")
    if lv is not None and lv not in spec.pctx.levels:
        raise spec.fail("level", f"未知职级 unknown level {lv!r}")
    return Vacancy(cid, label, lv)


# ---------------------------------------------------------------------------------------------------
# Combinators


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
                raise _Invalid()
            return Combinator(cid, label, "not", (c,))
        items = spec.req("criteria")
        if not isinstance(items, list) or not items:
            raise spec.fail("criteria", "至少一个条件 needs at least one criterion")
        before = len(spec.pctx.problems)
        parts = parse_criteria(items, f"{spec.path}.criteria", spec.pctx, prefix=f"{cid}.")
        if len(spec.pctx.problems) > before:
            raise _Invalid()
        return Combinator(cid, label, op, parts)

    return parse


KINDS["all"] = _parse_combinator("all")
KINDS["any"] = _parse_combinator("any")
KINDS["not"] = _parse_combinator("not")
