"""The dashboards' charts: each one a table (headers + rows, the accessible view and the download) and an
ECharts option built from the same rows, as plain JSON data (the page's static script only renders it).

The figures come from ``careerpath.insight.selectors`` (GROUP BY statements); here they are only put in
the viewer's language and shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from careerpath.core.policy import Policy
from careerpath.insight import selectors as sel
from careerpath.labels import date_label

Cell = str | int | float | Decimal | None


@dataclass(slots=True)
class Chart:
    key: str  # stable id: the download's name and the element ids
    title: str
    note: str  # what is counted, in one sentence
    headers: list[str]
    rows: list[list[Cell]]  # the first cell of a row is its header
    option: dict[str, Any] = field(default_factory=dict)
    empty: bool = False
    height: int = 360  # px of the chart area
    percent_columns: frozenset[int] = frozenset()  # columns holding rates 0–1 (shown as %)

    def display_rows(self) -> list[list[str]]:
        return [[_display(v, i in self.percent_columns) for i, v in enumerate(r)] for r in self.rows]


def _display(value: Cell, percent: bool) -> str:
    if value is None:
        return "—"
    if percent and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _base(title: str) -> dict[str, Any]:
    # aria + decal: ECharts describes the chart to screen readers and patterns the series, so colour is
    # never the only signal (the table view is there as well).
    return {"aria": {"enabled": True, "decal": {"show": True}}, "tooltip": {"trigger": "axis"},
            "legend": {"type": "scroll", "top": 0}, "grid": {"left": 8, "right": 16, "top": 40, "bottom": 8,
                                                            "containLabel": True},
            "title": {"show": False, "text": title}, "animation": False}


class Names:
    """The words shared by the charts, looked up once."""

    def __init__(self, policy: Policy, lang: str, departments: dict[int, str]) -> None:
        self.policy, self.lang, self.departments = policy, lang, departments

    def level(self, code: str) -> str:
        lv = self.policy.levels.get(code)
        return lv.name.get(self.lang) if lv else code

    def track(self, code: str) -> str:
        lv = self.policy.levels.get(code)
        track = self.policy.tracks.get(lv.track) if lv else None
        return track.name.get(self.lang) if track else "—"

    def department(self, pk: int | None) -> str:
        return self.departments.get(pk, _("未分配部门")) if pk is not None else _("未分配部门")

    def move(self, move_id: str) -> str:
        for m in self.policy.moves:
            if m.id == move_id:
                arrow = f"{self.level(m.from_level)} → {self.level(m.to_level)}"
                return arrow
        return move_id

    def month(self, m: date) -> str:
        return f"{m:%Y-%m}" if self.lang == "en" else f"{m.year}年{m.month}月"


def tenure_label(code: str) -> str:
    return {"lt6": _("不满6个月"), "6-11": _("6–11个月"), "12-23": _("12–23个月"), "24-35": _("24–35个月"),
            "36+": _("36个月及以上")}.get(code, code)


def stage_label(code: str) -> str:
    return {"eligible": _("符合条件"), "nominated": _("已提名"), "ranked": _("已排名"), "selected": _("评定入选"),
            "approved": _("人事审批通过"), "effective": _("已生效")}.get(code, code)


# ---------------------------------------------------------------------------------------------------


def pyramid_chart(counts: dict[tuple[str, int | None], int], names: Names) -> Chart:
    levels = [c for c in names.policy.levels if any(k[0] == c for k in counts)]
    levels += sorted({k[0] for k in counts} - set(levels))  # codes a newer policy dropped
    depts = sorted({k[1] for k in counts}, key=lambda d: names.department(d))
    headers = [_("职级"), _("通道"), *[names.department(d) for d in depts], _("合计")]
    rows: list[list[Cell]] = []
    for code in reversed(levels):  # the top of the ladder first, as a pyramid reads
        per = [counts.get((code, d), 0) for d in depts]
        rows.append([names.level(code), names.track(code), *per, sum(per)])
    option = _base(_("职级金字塔"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["xAxis"] = {"type": "value", "minInterval": 1}
    option["yAxis"] = {"type": "category", "data": [names.level(c) for c in levels]}
    option["series"] = [{"type": "bar", "stack": "people", "name": names.department(d),
                         "data": [counts.get((c, d), 0) for c in levels]} for d in depts]
    return Chart("pyramid", _("职级金字塔（按通道与部门）"),
                 _("在职员工按当前职级与部门统计的人数；从上到下为职级由高到低。"), headers, rows, option,
                 empty=not counts, height=max(300, 40 * len(levels) + 80))


def tenure_chart(counts: dict[tuple[str, str], int], names: Names) -> Chart:
    levels = [c for c in names.policy.levels if any(k[0] == c for k in counts)]
    buckets = [code for code, _low in sel.TENURE_BUCKETS]
    headers = [_("职级"), *[tenure_label(b) for b in buckets], _("合计")]
    rows: list[list[Cell]] = []
    for code in levels:
        per = [counts.get((code, b), 0) for b in buckets]
        rows.append([names.level(code), *per, sum(per)])
    option = _base(_("本职级任职时长"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["xAxis"] = {"type": "category", "data": [names.level(c) for c in levels],
                       "axisLabel": {"interval": 0, "rotate": 30}}
    option["yAxis"] = {"type": "value", "minInterval": 1}
    option["series"] = [{"type": "bar", "stack": "tenure", "name": tenure_label(b),
                         "data": [counts.get((c, b), 0) for c in levels]} for b in buckets]
    return Chart("tenure", _("本职级任职时长分布"),
                 _("在职员工自当前任职记录起始日起已满的月数，按职级分段统计。"), headers, rows, option,
                 empty=not counts)


def funnel_chart(by_move: dict[str, dict[str, int]], names: Names, year: int | None) -> Chart:
    moves = list(by_move)
    total = {s: sum(by_move[m][s] for m in moves) for s in sel.FUNNEL_STAGES}
    headers = [_("阶段"), *[names.move(m) for m in moves], _("合计"), _("占符合条件人数")]
    rows: list[list[Cell]] = []
    for s in sel.FUNNEL_STAGES:
        share = total[s] / total["eligible"] if total["eligible"] else 0.0
        rows.append([stage_label(s), *[by_move[m][s] for m in moves], total[s], share])
    option = _base(_("评选漏斗"))
    # Bars rather than a funnel shape: a stage nobody reached yet shows as 0, not as a sliver.
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["legend"] = {"show": False}
    option["grid"] = {**option["grid"], "top": 8, "right": 48}
    option["yAxis"] = {"type": "category", "inverse": True, "data": [stage_label(s) for s in sel.FUNNEL_STAGES]}
    option["xAxis"] = {"type": "value", "minInterval": 1}
    option["series"] = [{"type": "bar", "name": _("人数"), "label": {"show": True, "position": "right"},
                         "data": [total[s] for s in sel.FUNNEL_STAGES]}]
    title = _("%(year)s 年度评选漏斗") % {"year": year} if year else _("评选漏斗")
    return Chart("funnel", title, _("参加评选的晋升路径：符合条件 → 已提名 → 已排名 → 评定入选 → 人事审批通过 → 已生效。"),
                 headers, rows, option, empty=not total["eligible"],
                 percent_columns=frozenset({len(headers) - 1}))


def _rate_chart(key: str, title: str, note: str, movement: list[sel.MovementRow], names: Names, years: list[int],
                attr: str) -> Chart:
    depts = sorted({r.department_id for r in movement}, key=lambda d: names.department(d))
    cell = {(r.department_id, r.year): r for r in movement}
    headers = [_("部门")]
    for y in years:
        headers += [_("%(y)s 年人数") % {"y": y}, _("%(y)s 年人次") % {"y": y}, _("%(y)s 年比率") % {"y": y}]
    rows: list[list[Cell]] = []
    percent: set[int] = set()
    for i, _y in enumerate(years):
        percent.add(3 + 3 * i)
    totals: dict[int, list[int]] = {y: [0, 0] for y in years}
    for d in depts:
        row: list[Cell] = [names.department(d)]
        for y in years:
            r = cell.get((d, y))
            n, hits = (r.headcount, getattr(r, attr)) if r else (0, 0)
            totals[y][0] += n
            totals[y][1] += hits
            row += [n, hits, hits / n if n else 0.0]
        rows.append(row)
    if len(depts) > 1:
        row = [_("全部")]
        for y in years:
            n, hits = totals[y]
            row += [n, hits, hits / n if n else 0.0]
        rows.append(row)
    option = _base(title)
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["xAxis"] = {"type": "category", "data": [names.department(d) for d in depts],
                       "axisLabel": {"interval": 0, "rotate": 30 if len(depts) > 4 else 0}}
    option["yAxis"] = {"type": "value", "name": "%"}
    option["series"] = [{"type": "bar", "name": str(y), "data": [
        round(100 * getattr(cell[(d, y)], f"{attr[:-1]}_rate"), 1) if (d, y) in cell else 0 for d in depts]}
        for y in years]
    return Chart(key, title, note, headers, rows, option,
                 empty=not any(getattr(r, attr) for r in movement), percent_columns=frozenset(percent))


def promotion_rate_chart(movement: list[sel.MovementRow], names: Names, years: list[int]) -> Chart:
    return _rate_chart("promotion_rate", _("各部门年度晋升率"),
                       _("当年以“晋升”开始的任职记录数（人次）÷ 当年1月1日在任人数；部门为员工当前所在部门。"),
                       movement, names, years, "promotions")


def demotion_rate_chart(movement: list[sel.MovementRow], names: Names, years: list[int]) -> Chart:
    return _rate_chart("demotion_rate", _("各部门年度降级率"),
                       _("当年以“降级”开始的任职记录数（人次）÷ 当年1月1日在任人数；部门为员工当前所在部门。"),
                       movement, names, years, "demotions")


def allowance_chart(months: list[sel.AllowanceMonth], names: Names) -> Chart:
    headers = [_("月份"), _("享受津贴人数"), _("津贴标准合计"), _("扣减合计"), _("实发合计")]
    rows: list[list[Cell]] = [[names.month(m.month), m.people, m.standard, m.deducted, m.net] for m in months]
    option = _base(_("津贴成本"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["xAxis"] = {"type": "category", "data": [names.month(m.month) for m in months]}
    option["yAxis"] = {"type": "value", "name": _("元")}
    option["series"] = [
        {"type": "bar", "stack": "cost", "name": _("实发合计"), "data": [float(m.net) for m in months]},
        {"type": "bar", "stack": "cost", "name": _("扣减合计"), "data": [float(m.deducted) for m in months]},
    ]
    return Chart("allowance", _("每月津贴成本"),
                 _("与月度津贴表同一口径：在职员工当月1日所任职级的津贴标准，扣减不超过标准。"), headers, rows, option,
                 empty=not any(m.standard for m in months))


def as_of_label(d: date) -> str:
    return date_label(d)


def eligible_chart(counts: list, names: Names, note: str) -> Chart:
    """Eligible now and within three months per move (from the eligibility store)."""
    order = {m.id: i for i, m in enumerate(names.policy.moves)}
    shown = sorted((c for c in counts if c.eligible or c.soon), key=lambda c: order.get(c.move_id, len(order)))
    kinds = {"promotion": _("晋升"), "lateral": _("横向调整")}
    headers = [_("晋升路径"), _("类型"), _("当前职级人数"), _("现在符合"), _("3个月内符合（尚未符合）"), _("3个月内合计")]
    rows: list[list[Cell]] = [[names.move(c.move_id), kinds.get(c.kind, c.kind), c.people, c.eligible, c.soon,
                               c.eligible + c.soon] for c in shown]
    option = _base(_("可晋升人数"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["yAxis"] = {"type": "category", "inverse": True, "data": [names.move(c.move_id) for c in shown]}
    option["xAxis"] = {"type": "value", "minInterval": 1}
    option["series"] = [
        {"type": "bar", "stack": "eligible", "name": _("现在符合"), "data": [c.eligible for c in shown]},
        {"type": "bar", "stack": "eligible", "name": _("3个月内符合（尚未符合）"), "data": [c.soon for c in shown]},
    ]
    return Chart("eligible", _("现在及3个月内符合条件的人数（按晋升路径）"), note, headers, rows, option,
                 empty=not shown, height=max(280, 36 * len(shown) + 80))
