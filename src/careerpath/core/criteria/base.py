"""The base of every criterion kind: evaluation and parse contexts, the YAML accessor, the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, ClassVar, Protocol

from careerpath.core.dates import window_start
from careerpath.core.facts import EDUCATION_EN, PersonFacts, Population, Position
from careerpath.core.projection import points_after
from careerpath.core.results import CriterionResult
from careerpath.core.yamlbounds import among, shown

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
    window_months: int = 12  # the policy's evidence window, named in the labels
    exempt_leave_types: tuple[str, ...] = ()
    # Labels for codes, so explanations read as sentences.
    level_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    competency_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    metric_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Exam, incident, leave and training names (the policy's codes are the Chinese names).
    evidence_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Explain and project: shortfall words and dates. Off when re-evaluating on another date.
    project: bool = True
    # Words that are the same for everyone, computed once per evaluation (the engine shares one dict
    # between all the people it evaluates): labels by (criterion, language).
    memo: dict[Any, str] = field(default_factory=dict)
    en: bool = False  # lang is English; a field, not a property: it is read for every label

    def __post_init__(self) -> None:
        self.en = self.lang.startswith("en")

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    def at(self, day: date) -> Ctx:
        """The same person on another as-of date, for a verdict only (no words, no projections)."""
        return replace(self, as_of=day, window_start=window_start(day, self.window_months), project=False)

    def words(self, key: tuple, make: Callable[[], str]) -> str:
        """``make()``, computed once per evaluation for ``key`` (which must include the language)."""
        key = ("words", *key)  # never a label's key
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = make()
        return text

    def evidence_name(self, code: str) -> str:
        return self.name_of(self.evidence_names, code)

    def education_name(self, code: str) -> str:
        """An education key (大专, 本科, ...) in the reader's language."""
        return EDUCATION_EN.get(code, code) if self.en else code

    def day(self, d: date) -> str:
        """A date as people write it: 2019年5月29日 / 29 May 2019 (never the ISO form in a sentence)."""
        if self.en:
            return f"{d.day} {('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[d.month - 1]} {d.year}"
        return f"{d.year}年{d.month}月{d.day}日"

    def last_months(self) -> str:
        """The evidence window as words: 近6个月 / the last 6 months."""
        n = self.window_months
        if self.en:
            return "the last month" if n == 1 else f"the last {n} months"
        return f"近{n}个月"

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
    @property
    def id(self) -> str: ...  # read-only: every kind is a frozen dataclass

    def evaluate(self, ctx: Ctx) -> CriterionResult: ...

    def change_points(self, ctx: Ctx) -> Iterable[date]: ...


class Invalid(Exception):
    """Raised inside parsing after a problem was recorded, to skip the broken criterion."""


# ---------------------------------------------------------------------------------------------------
# Parsing helpers: every accessor records a path-precise problem instead of raising KeyError.


class Spec:
    def __init__(self, data: Mapping[str, Any], path: str, pctx: ParseCtx) -> None:
        self.data, self.path, self.pctx = data, path, pctx
        self.used: set[str] = {"id", "kind", "label"}

    def fail(self, key: str | None, message: str) -> Invalid:
        self.pctx.problem(f"{self.path}.{key}" if key else self.path, message)
        return Invalid()

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
            raise self.fail(key, f"应为数字 must be a number, got {shown(v)}")
        if minimum is not None and v < minimum:
            raise self.fail(key, f"不能小于 {minimum} must be ≥ {minimum}, got {shown(v)}")
        return float(v)

    def integer(self, key: str, *, required: bool = True, default: int | None = None) -> int | None:
        v = self.req(key) if required else self.opt(key, default)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise self.fail(key, f"应为非负整数 must be a non-negative integer, got {shown(v)}")
        return v

    def boolean(self, key: str, default: bool) -> bool:
        v = self.opt(key, default)
        if not isinstance(v, bool):
            raise self.fail(key, f"应为 true/false must be a boolean, got {shown(v)}")
        return v

    def str_list(self, key: str, *, required: bool = True, allowed: set[str] | None = None,
                 what: str = "value") -> tuple[str, ...]:
        v = self.req(key) if required else self.opt(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail(key, f"应为字符串列表 must be a list of strings, got {shown(v)}")
        if allowed is not None:
            bad = [x for x in v if x not in allowed]
            if bad:
                raise self.fail(key, f"未知的{what} unknown {what}: {', '.join(bad)}")
        return tuple(v)

    def check_unknown_keys(self) -> None:
        extra = sorted(set(map(str, self.data)) - self.used)
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


def fmt_number(x: float) -> str:
    """Format a number without a useless ``.0``."""
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def fmt_yuan(ctx: Ctx, x: float) -> str:
    if ctx.en:
        return f"¥{x:,.0f}"
    return f"{fmt_number(round(x / 10000, 2))}万" if x >= 10000 else f"{fmt_number(x)}元"


# ---------------------------------------------------------------------------------------------------
# Base class and registry


@dataclass(frozen=True, slots=True)
class Base:
    id: str
    label_override: tuple[str, str] | None

    kind: ClassVar[str] = ""
    # The default label reads the person (a department's own standard): not shared between people.
    label_per_person: ClassVar[bool] = False

    def label(self, ctx: Ctx) -> str:
        if self.label_override:
            return self.label_override[1] if ctx.en else self.label_override[0]
        if self.label_per_person:
            return self.default_label(ctx)
        key = ("label", id(self), ctx.en)
        text = ctx.memo.get(key)
        if text is None:
            text = ctx.memo[key] = self.default_label(ctx)
        return text

    def default_label(self, ctx: Ctx) -> str:  # pragma: no cover - every kind overrides
        return self.kind

    def result(self, ctx: Ctx, passed: bool, actual: str, required: str,
               evidence: Sequence[str] = (), children: Sequence[CriterionResult] = (), *,
               shortfall: str = "", projected_on: date | None = None,
               lapses_on: date | None = None) -> CriterionResult:
        if not ctx.project:  # a verdict on another date: nobody reads the words
            return CriterionResult(self.id, "", passed, actual, required)
        return CriterionResult(self.id, self.label(ctx), passed, actual, required,
                               tuple(evidence), tuple(children), shortfall, projected_on, lapses_on)

    def evaluate(self, ctx: Ctx) -> CriterionResult:  # pragma: no cover - every kind overrides
        raise NotImplementedError

    def change_points(self, ctx: Ctx) -> Iterable[date]:
        """Dates after ``ctx.as_of`` where the verdict may change (none: it never changes by itself)."""
        return ()

    def scan(self, ctx: Ctx, passed: bool, points: Iterable[date] | None = None) -> date | None:
        """The first change point whose verdict differs from ``passed`` (the generic projection)."""
        for day in points_after(self.change_points(ctx) if points is None else points, ctx.as_of):
            if self.evaluate(ctx.at(day)).passed != passed:
                return day
        return None


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
    if not among(k, KINDS):
        pctx.problem(f"{path}.kind", f"未知的条件类型 unknown criterion kind {shown(k)}; known: {', '.join(sorted(KINDS))}")
        return None
    cid = data.get("id", default_id)
    if not isinstance(cid, str) or not cid:
        pctx.problem(f"{path}.id", "id 应为非空字符串 must be a non-empty string")
        return None
    spec = Spec(data, path, pctx)
    try:
        crit = KINDS[k](spec, cid, _label(spec))
        spec.check_unknown_keys()
    except Invalid:
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
            pctx.problem(f"{path}[{i}].id", f"条件 id 重复 duplicate criterion id {shown(c.id)}")
            continue
        seen.add(c.id)
        out.append(c)
    return tuple(out)

