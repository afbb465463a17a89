"""Recognition awards (月度/年度 服务明星, 优秀客服): the policy's rules and who they propose.

A policy may declare ``awards:``; each award has a period (a month or a year) and a metric rule that
proposes candidates for one period: the best N by a metric of the policy's ``metrics`` (per department or
company-wide), among the people who reached a minimum workload, stayed within the rule's maxima and had
no excluded incident in the period. :func:`propose` is pure: facts, an award and a period in; ranked
candidates with the reason for each, and who was left out and why, out.

Ties are broken the same way every time: the metric value (in the rule's order), then the average of the
first workload metric the rule names (higher first), then 工号 ascending.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from careerpath.core.facts import PersonFacts
from careerpath.core.policy import Metric, Text
from careerpath.core.yamlbounds import shown

Problems = list[tuple[str, str]]

PERIODS: tuple[str, ...] = ("month", "year")
ORDERS: tuple[str, ...] = ("desc", "asc")
SCOPES: tuple[str, ...] = ("department", "company")
APPROVERS: tuple[str, ...] = ("hr", "vp")
COUNTS_AS: tuple[str, ...] = ("internal_praise", "none")
_AWARD_KEYS = ("zh", "en", "period", "rule", "approver", "counts_as")
_RULE_KEYS = ("metric", "order", "top", "per", "min_workload", "max", "exclude_incident_types")
MAX_TOP = 100


@dataclass(frozen=True, slots=True)
class AwardRule:
    metric: str
    order: str = "desc"
    top: int = 1
    per: str = "company"  # "department": the best N of each department
    # Monthly averages of which at least one must be reached (the source's 500票或60万); empty: none.
    min_workload: Mapping[str, float] = field(default_factory=dict)
    # Monthly averages that must not be exceeded (e.g. complaint_rate ≤ 0.01).
    max: Mapping[str, float] = field(default_factory=dict)
    exclude_incident_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Award:
    code: str
    name: Text
    period: str  # "month" | "year"
    rule: AwardRule
    approver: str = "hr"  # who approves the nominations: "hr" | "vp"
    counts_as: str = "none"  # "internal_praise": the award is recorded as an internal written praise


@dataclass(frozen=True, slots=True)
class AwardCandidate:
    employee_no: str
    name: str
    department: str | None
    value: float  # the rule's metric, averaged over the period's months with data
    rank: int  # 1-based, within the group (the department when per=department)
    months: int  # months of the period with data
    workload: Mapping[str, float]  # monthly averages of the workload metrics
    reason: Text


@dataclass(frozen=True, slots=True)
class AwardExclusion:
    employee_no: str
    name: str
    department: str | None
    reason: Text


@dataclass(frozen=True, slots=True)
class AwardProposal:
    award: str
    period_start: date
    period_end: date
    candidates: tuple[AwardCandidate, ...]  # the top N (per group): the proposal
    others: tuple[AwardCandidate, ...]  # qualified but ranked below the top N (nominators may add them)
    excluded: tuple[AwardExclusion, ...]  # had data for the period but did not qualify, with the reason


def period_bounds(period: str, start: date) -> tuple[date, date]:
    """The first and last day of the award period that begins on ``start`` (a month's or year's first day)."""
    if period == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    first = date(start.year, start.month, 1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def period_label(period: str, start: date) -> Text:
    if period == "year":
        return Text(f"{start.year}年", str(start.year))
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return Text(f"{start.year}年{start.month}月", f"{months[start.month - 1]} {start.year}")


def _fmt(value: float, metric: Metric | None) -> str:
    if metric is not None and metric.is_rate:
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}"
    return f"{value:,.2f}"


def _averages(person: PersonFacts, start: date, end: date, codes: Iterable[str]) -> tuple[dict[str, float], int]:
    months = [m for m in person.metrics if start <= m.month <= end]
    out: dict[str, float] = {}
    for code in codes:
        vals = [m.values[code] for m in months if m.values.get(code) is not None]
        if vals:
            out[code] = sum(vals) / len(vals)
    return out, len(months)


def propose(*, award: Award, people: Iterable[PersonFacts], period_start: date,
            metrics: Mapping[str, Metric], incident_names: Mapping[str, Text] | None = None) -> AwardProposal:
    """Rank the people for ``award`` over the period beginning ``period_start`` and propose the top N.

    Only active people hired by the period's end with a value of the rule's metric in the period are
    considered; the others are not mentioned (they had nothing to rank).
    """
    rule = award.rule
    start, end = period_bounds(award.period, period_start)
    metric = metrics.get(rule.metric)
    mname = metric.name if metric else Text(rule.metric, rule.metric)
    codes = [rule.metric, *rule.min_workload, *rule.max]
    qualified: list[tuple[PersonFacts, float, dict[str, float], int]] = []
    excluded: list[AwardExclusion] = []
    for p in people:
        e = p.employee
        if e.status != "active" or e.hired_on > end:
            continue
        avg, months = _averages(p, start, end, codes)
        if rule.metric not in avg:
            continue

        def out(zh: str, en: str, _e: Any = e) -> None:
            excluded.append(AwardExclusion(_e.employee_no, _e.name, _e.department, Text(zh, en)))

        if rule.min_workload and not any(avg.get(k, 0.0) >= v for k, v in rule.min_workload.items()):
            need = [(metrics[k].name if k in metrics else Text(k, k), _fmt(v, metrics.get(k)))
                    for k, v in rule.min_workload.items()]
            out("月均工作量未达到" + "或".join(f"{n.zh} {v}" for n, v in need),
                "monthly workload below " + " or ".join(f"{n.en} {v}" for n, v in need))
            continue
        over = [(k, v) for k, v in rule.max.items() if avg.get(k) is not None and avg[k] > v]
        if over:
            k, v = over[0]
            n = metrics[k].name if k in metrics else Text(k, k)
            out(f"{n.zh} {_fmt(avg[k], metrics.get(k))} 高于上限 {_fmt(v, metrics.get(k))}",
                f"{n.en} {_fmt(avg[k], metrics.get(k))} above the maximum {_fmt(v, metrics.get(k))}")
            continue
        bad = [i for i in p.incidents if i.type in rule.exclude_incident_types and start <= i.date <= end]
        if bad:
            names = incident_names or {}
            t = names.get(bad[0].type, Text(bad[0].type, bad[0].type))
            out(f"本期有{t.zh}（{bad[0].date.month}月{bad[0].date.day}日）",
                f"{t.en} in the period ({bad[0].date.isoformat()})")
            continue
        qualified.append((p, avg[rule.metric], avg, months))

    first_load = next(iter(rule.min_workload), None)
    sign = -1.0 if rule.order == "desc" else 1.0

    def key(item: tuple[PersonFacts, float, dict[str, float], int]) -> tuple[float, float, str]:
        p, value, avg, _ = item
        return (sign * value, -(avg.get(first_load, 0.0) if first_load else 0.0), p.employee.employee_no)

    groups: dict[str | None, list[tuple[PersonFacts, float, dict[str, float], int]]] = {}
    for item in sorted(qualified, key=key):
        g = item[0].employee.department if rule.per == "department" else None
        groups.setdefault(g, []).append(item)
    top: list[AwardCandidate] = []
    rest: list[AwardCandidate] = []
    scope_zh = "本部门" if rule.per == "department" else "全公司"
    scope_en = "in the department" if rule.per == "department" else "company-wide"
    for g in sorted(groups, key=lambda x: (x is None, x or "")):
        for rank, (p, value, avg, months) in enumerate(groups[g], start=1):
            load = [(metrics[k].name if k in metrics else Text(k, k), _fmt(avg[k], metrics.get(k)))
                    for k in rule.min_workload if k in avg]
            zh = f"{mname.zh} {_fmt(value, metric)}，{scope_zh}第 {rank} 名"
            en = f"{mname.en} {_fmt(value, metric)}, No. {rank} {scope_en}"
            if load:
                zh += "；月均" + "、".join(f"{n.zh} {v}" for n, v in load)
                en += "; monthly " + ", ".join(f"{n.en} {v}" for n, v in load)
            if rule.exclude_incident_types:
                zh += "；本期无重大投诉等事故"
                en += "; no excluded incident in the period"
            c = AwardCandidate(p.employee.employee_no, p.employee.name, p.employee.department, value, rank, months,
                               {k: avg[k] for k in rule.min_workload if k in avg}, Text(zh, en))
            (top if rank <= rule.top else rest).append(c)
    excluded.sort(key=lambda x: x.employee_no)
    return AwardProposal(award.code, start, end, tuple(top), tuple(rest), tuple(excluded))


# ---------------------------------------------------------------------------------------------------
# Parsing the ``awards`` section (called by the loader; every problem carries its YAML path)


def _number_map(v: Any, path: str, known: Mapping[str, Any], problems: Problems) -> dict[str, float]:
    if not isinstance(v, Mapping):
        problems.append((path, "应为 {指标: 数值} must map metrics to numbers"))
        return {}
    out: dict[str, float] = {}
    for k, x in v.items():
        if str(k) not in known:
            problems.append((f"{path}.{k}", f"未知指标 unknown metric {shown(k)}"))
        elif isinstance(x, bool) or not isinstance(x, (int, float)) or x < 0:
            problems.append((f"{path}.{k}", f"应为非负数 must be a non-negative number, got {shown(x)}"))
        else:
            out[str(k)] = float(x)
    return out


def _choice(v: Any, allowed: tuple[str, ...], default: str, path: str, problems: Problems) -> str:
    if v is None:
        return default
    if v not in allowed:
        problems.append((path, f"应为 {' / '.join(allowed)} must be one of {', '.join(allowed)}, got {shown(v)}"))
        return default
    return str(v)


def parse_awards(raw: Any, *, metrics: Mapping[str, Metric], incident_types: Mapping[str, Text],
                 business_targets: Mapping[str, float], problems: Problems) -> dict[str, Award]:
    """The ``awards`` section: ``{code: {zh, en, period, rule, approver, counts_as}}`` (optional)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(("awards", "应为映射 must be a mapping of award codes"))
        return {}
    out: dict[str, Award] = {}
    for code, a in raw.items():
        path = f"awards.{code}"
        if not isinstance(a, Mapping):
            problems.append((path, "应为映射 must be a mapping"))
            continue
        for k in sorted(set(map(str, a)) - set(_AWARD_KEYS)):
            problems.append((f"{path}.{k}", f"未知字段 unknown key; known: {', '.join(_AWARD_KEYS)}"))
        zh = a.get("zh")
        if not isinstance(zh, str) or not zh:
            problems.append((f"{path}.zh", "缺少中文名称 missing Chinese name"))
            zh = str(code)
        en = a.get("en")
        name = Text(zh, en if isinstance(en, str) and en else zh)
        period = _choice(a.get("period"), PERIODS, "month", f"{path}.period", problems)
        if a.get("period") is None:
            problems.append((f"{path}.period", "缺少必填项 missing required value (month / year)"))
        r = a.get("rule")
        if not isinstance(r, Mapping):
            problems.append((f"{path}.rule", "缺少评选规则 missing rule mapping"))
            continue
        rp = f"{path}.rule"
        for k in sorted(set(map(str, r)) - set(_RULE_KEYS)):
            problems.append((f"{rp}.{k}", f"未知字段 unknown key; known: {', '.join(_RULE_KEYS)}"))
        metric = r.get("metric")
        if not isinstance(metric, str) or metric not in metrics:
            problems.append((f"{rp}.metric", f"未知指标 unknown metric {shown(metric)}; declared: {', '.join(metrics)}"))
            continue
        top = r.get("top", 1)
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            problems.append((f"{rp}.top", f"应为 1–{MAX_TOP} 的整数 must be an integer 1–{MAX_TOP}, got {shown(top)}"))
            top = 1
        mw = r.get("min_workload")
        if mw == "business_targets":
            min_workload = dict(business_targets)
        elif mw is None:
            min_workload = {}
        else:
            min_workload = _number_map(mw, f"{rp}.min_workload", metrics, problems)
        maxima = _number_map(r.get("max"), f"{rp}.max", metrics, problems) if r.get("max") is not None else {}
        # Absent: every incident type the policy declares (they are all serious: 重大事故, 重大投诉 …).
        exc = r.get("exclude_incident_types", list(incident_types))
        if not isinstance(exc, list) or not all(isinstance(x, str) for x in exc):
            problems.append((f"{rp}.exclude_incident_types", "应为字符串列表 must be a list of strings"))
            exc = []
        for i, t in enumerate(exc):
            if t not in incident_types:
                problems.append((f"{rp}.exclude_incident_types[{i}]", f"未知事故类型 unknown incident type {shown(t)}"))
        rule = AwardRule(metric=metric, order=_choice(r.get("order"), ORDERS, "desc", f"{rp}.order", problems),
                         top=top, per=_choice(r.get("per"), SCOPES, "company", f"{rp}.per", problems),
                         min_workload=min_workload, max=maxima,
                         exclude_incident_types=tuple(t for t in exc if t in incident_types))
        out[str(code)] = Award(
            code=str(code), name=name, period=period, rule=rule,
            approver=_choice(a.get("approver"), APPROVERS, "hr", f"{path}.approver", problems),
            counts_as=_choice(a.get("counts_as"), COUNTS_AS, "none", f"{path}.counts_as", problems))
    return out
