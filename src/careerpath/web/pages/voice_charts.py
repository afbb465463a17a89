"""A survey's results as charts: each one a table (the accessible view and the download) and an ECharts
option from the same rows, like the analysis pages (``insight_charts``). Only what ``voice.results``
lets through is here: withheld groups never reach a table, a chart or a download."""

from __future__ import annotations

from django.utils.translation import gettext as _

from careerpath.core.policy import Policy
from careerpath.voice.models import QuestionKind
from careerpath.voice.results import QuestionResult, SurveyResults
from careerpath.web.pages.insight_charts import Cell, Chart, _base


class GroupNames:
    def __init__(self, policy: Policy, lang: str, departments: dict[int, str]) -> None:
        self.policy, self.lang, self.departments = policy, lang, departments

    def department(self, pk: object) -> str:
        return self.departments.get(pk, _("未分配部门")) if isinstance(pk, int) else _("未分配部门")

    def level(self, code: object) -> str:
        lv = self.policy.levels.get(str(code)) if code else None
        return lv.name.get(self.lang) if lv else (str(code) if code else _("未定级"))

    def group(self, by: str, g: object) -> str:
        return self.department(g) if by == "department" else self.level(g)


def _categories(q: QuestionResult) -> list[str]:
    if q.question.kind == QuestionKind.RATING:
        return [_("%(n)s 分") % {"n": i} for i in range(1, 6)]
    return list(q.question.options)


def question_chart(q: QuestionResult) -> Chart:
    cats = _categories(q)
    total = q.answered
    headers = [_("选项") if q.question.kind != QuestionKind.RATING else _("评分"), _("人次"), _("占作答人数")]
    rows: list[list[Cell]] = [[c, n, (n / total if total else 0.0)] for c, n in zip(cats, q.counts, strict=True)]
    option = _base(q.question.text)
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["legend"] = {"show": False}
    option["grid"] = {**option["grid"], "top": 8, "right": 48}
    option["yAxis"] = {"type": "category", "inverse": True, "data": cats}
    option["xAxis"] = {"type": "value", "minInterval": 1}
    option["series"] = [{"type": "bar", "name": _("人次"), "label": {"show": True, "position": "right"},
                         "data": q.counts}]
    note = _("共 %(n)s 人作答。") % {"n": total}
    if q.average is not None:
        note += " " + _("平均分 %(a)s（满分 5 分）。") % {"a": f"{q.average:.2f}"}
    if q.question.kind == QuestionKind.MULTIPLE:
        note += " " + _("多选题：每人可选多项，占比之和可超过 100%。")
    return Chart(f"q{q.question.order}", f"{q.question.order}. {q.question.text}", note, headers, rows, option,
                 empty=not total, height=max(220, 36 * len(cats) + 60), percent_columns=frozenset({2}))


def breakdown_chart(q: QuestionResult, res: SurveyResults, names: GroupNames) -> Chart:
    """The question by department or level: shown groups only (``voice.results.suppress``)."""
    by_label = _("部门") if res.by == "department" else _("职级")
    groups = [g for g in res.shown_groups if g in q.groups]
    rating = q.question.kind == QuestionKind.RATING
    cats = _categories(q)
    if rating:
        headers = [by_label, _("作答人数"), _("平均分")]
        rows: list[list[Cell]] = [[names.group(res.by, g), q.groups[g][1], q.groups[g][2]] for g in groups]
    else:
        headers = [by_label, _("作答人数"), *cats]
        rows = [[names.group(res.by, g), q.groups[g][1], *q.groups[g][0]] for g in groups]
    option = _base(q.question.text)
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["xAxis"] = {"type": "category", "data": [names.group(res.by, g) for g in groups],
                       "axisLabel": {"interval": 0, "rotate": 30 if len(groups) > 4 else 0}}
    if rating:
        option["legend"] = {"show": False}
        option["yAxis"] = {"type": "value", "min": 0, "max": 5}
        option["series"] = [{"type": "bar", "name": _("平均分"), "label": {"show": True, "position": "top"},
                             "data": [q.groups[g][2] for g in groups]}]
    else:
        option["yAxis"] = {"type": "value", "minInterval": 1}
        option["series"] = [{"type": "bar", "stack": "answers", "name": c,
                             "data": [q.groups[g][0][i] for g in groups]} for i, c in enumerate(cats)]
    name = f"{q.question.order}. {q.question.text}"
    title = (_("%(q)s（按部门）") if res.by == "department" else _("%(q)s（按职级）")) % {"q": name}
    return Chart(f"q{q.question.order}-{res.by}", title, _withheld_note(res), headers, rows, option,
                 empty=not groups)


def _withheld_note(res: SurveyResults) -> str:
    note = _("只显示作答人数不少于 %(m)s 人的分组。") % {"m": res.minimum}
    if res.withheld_groups:
        note += " " + _("%(n)s 个分组人数不足，不予显示。") % {"n": res.withheld_groups}
    return note


def rate_chart(res: SurveyResults, names: GroupNames) -> Chart:
    depts = sorted(res.rates, key=lambda d: names.department(d))
    headers = [_("部门"), _("调查对象人数"), _("已填写"), _("填写率")]
    rows: list[list[Cell]] = []
    for d in depts:
        n, took = res.rates[d]
        rows.append([names.department(d), n, took, (took / n if n else None)])
    total_n = sum(n for n, _t in res.rates.values())
    total_took = sum(t for _n, t in res.rates.values())
    if len(depts) > 1:
        rows.append([_("全部"), total_n, total_took, total_took / total_n if total_n else None])
    option = _base(_("填写率"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["legend"] = {"show": False}
    option["xAxis"] = {"type": "category", "data": [names.department(d) for d in depts],
                       "axisLabel": {"interval": 0, "rotate": 30 if len(depts) > 4 else 0}}
    option["yAxis"] = {"type": "value", "name": "%", "max": 100}
    option["series"] = [{"type": "bar", "name": _("填写率"), "label": {"show": True, "position": "top"},
                         "data": [round(100 * res.rates[d][1] / res.rates[d][0], 1) if res.rates[d][0] else 0
                                  for d in depts]}]
    return Chart("rate", _("各部门填写率"),
                 _("已填写人数 ÷ 调查对象中当前在职人数（按员工当前部门）；只统计人数，不涉及答卷内容。"),
                 headers, rows, option, empty=not depts, percent_columns=frozenset({3}))


def survey_charts(res: SurveyResults, names: GroupNames) -> dict[str, Chart]:
    """Every chart of the results page by key (the download reads one of them)."""
    out = {"rate": rate_chart(res, names)}
    if not res.shown:
        return out
    for q in res.questions:
        if q.question.kind == QuestionKind.TEXT:
            continue
        c = question_chart(q)
        out[c.key] = c
        b = breakdown_chart(q, res, names)
        out[b.key] = b
    return out
