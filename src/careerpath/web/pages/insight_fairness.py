"""Page: the fairness panel (/insight/fairness/, HR only) and its download.

Selection and promotion rates of a cycle by gender and by age band, per move (and a department filter),
with the four-fifths rule flagged and Fisher's exact p-value beside each flag; groups below the minimum
size (``CAREERPATH_FAIRNESS_MIN_GROUP``) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from careerpath.clock import today
from careerpath.evaluation.store import StoreState
from careerpath.insight import eligibility as elig
from careerpath.insight import selectors as sel
from careerpath.insight.fairness import FOUR_FIFTHS, GroupRate
from careerpath.labels import code_label
from careerpath.web.pages.insight_charts import Names
from careerpath.web.pages.insight_views import names_for, parse_filters, scope_or_403, table_response


def outcome_label(code: str) -> str:
    return {"selection": _("评选入选率（评定小组）"), "promotion": _("晋升率（人事审批通过）"),
            "eligibility": _("符合条件率（办法规则）")}.get(code, code)


def outcome_note(code: str) -> str:
    return {
        "selection": _("已提名候选人中被评定小组评定入选的比例。"),
        "promotion": _("候选名单中（按办法符合条件）最终经人力资源部审批晋升的比例。"),
        "eligibility": _("在当前职级的在职员工中，按办法规则现在即符合该晋升路径条件的比例：差异来自规则本身，而非评定。"),
    }.get(code, "")


def attribute_label(code: str) -> str:
    return {"gender": _("性别"), "age": _("年龄段")}.get(code, code)


def group_label(attribute: str, code: str) -> str:
    if attribute == "gender":
        return code_label("gender", code)
    return {"lt25": _("25岁以下"), "25-29": _("25–29岁"), "30-34": _("30–34岁"), "35-39": _("35–39岁"),
            "40-44": _("40–44岁"), "45+": _("45岁及以上")}.get(code, code)


@dataclass(frozen=True, slots=True)
class Block:
    move: str  # the move's name ("every move" for the total)
    rows: list[tuple[str, GroupRate]]  # (group label, its figures)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    outcome: str
    title: str
    note: str
    blocks: list[Block]
    hidden: list[str]  # "某路径：2 组共 6 人未显示（少于 5 人）"
    flagged: int


def _move_name(names: Names, move_id: str) -> str:
    return _("全部路径") if move_id == sel.ALL_MOVES else names.move(move_id)


def sections_of(tables: list[sel.FairnessTable], names: Names, min_size: int) -> list[Section]:
    out = []
    for t in tables:
        blocks: list[Block] = []
        hidden: list[str] = []
        for move_id, comp in t.comparisons.items():
            move = _move_name(names, move_id)
            if comp.groups:
                blocks.append(Block(move, [(group_label(t.attribute, g.group), g) for g in comp.groups]))
            if comp.hidden:
                hidden.append(_("%(move)s：%(groups)s 组共 %(people)s 人未显示（每组少于 %(min)s 人）") % {
                    "move": move, "groups": comp.hidden, "people": comp.hidden_people, "min": min_size})
            unknown = t.unknown.get(move_id, 0)
            if unknown and move_id == sel.ALL_MOVES:
                hidden.append(_("%(n)s 人未登记%(what)s，未计入") % {"n": unknown,
                                                             "what": attribute_label(t.attribute)})
        title = f"{outcome_label(t.outcome)} · {attribute_label(t.attribute)}"
        out.append(Section(f"{t.outcome}-{t.attribute}", t.outcome, title, outcome_note(t.outcome), blocks, hidden,
                           t.flagged))
    return out


def _tables(request: HttpRequest) -> tuple[object, list[sel.FairnessTable], int | None, int, Names, StoreState]:
    """The cycle's outcome tables, then the eligibility tables of the store (which need no cycle)."""
    scope = scope_or_403(request, fairness=True)
    form, dept_ids, year, status = parse_filters(request, scope)
    min_size = settings.CAREERPATH_FAIRNESS_MIN_GROUP
    names = names_for(scope)
    tables = sel.cycle_fairness(year=year, department_ids=dept_ids, min_size=min_size) if year else []
    state = elig.store_state(as_of=today())
    promotions = [m.id for m in names.policy.moves if m.type == "promotion"]
    tables += elig.eligibility_fairness(department_ids=dept_ids, as_of=state.as_of or today(), moves=promotions,
                                        min_size=min_size)
    return form, tables, year, status, names, state


@login_required
def fairness(request: HttpRequest) -> HttpResponse:
    form, tables, year, status, names, state = _tables(request)
    min_size = settings.CAREERPATH_FAIRNESS_MIN_GROUP
    sections = sections_of(tables, names, min_size)
    cycle = next((c for c in sel.cycles_list() if c[0] == year), None)
    return render(request, "web/insight/fairness.html", {
        "form": form, "year": year, "store": state,
        "sections": [x for x in sections if x.outcome != "eligibility"],
        "eligibility_sections": [x for x in sections if x.outcome == "eligibility"], "cycle_as_of": cycle[1] if cycle else None,
        "as_of": today(), "computed_at": timezone.localtime(), "min_size": min_size,
        "threshold": int(FOUR_FIFTHS * 100), "query": request.GET.urlencode() if status == 200 else "",
        "flagged": sum(s.flagged for s in sections),
    }, status=status)


@login_required
def fairness_download(request: HttpRequest, fmt: str) -> HttpResponse:
    form, tables, year, status, names, _state = _tables(request)
    if status != 200:
        return HttpResponse("; ".join(f"{k}: {v}" for k, v in form.errors.items()),  # type: ignore[attr-defined]
                            status=400, content_type="text/plain; charset=utf-8")
    headers = [_("指标"), _("维度"), _("晋升路径"), _("组别"), _("人数"), _("达成人数"), _("比率"), _("与最高组之比"),
               _("低于五分之四"), _("Fisher 精确检验 p 值")]
    rows: list[list[object]] = []
    for t in tables:
        for move_id, comp in t.comparisons.items():
            for g in comp.groups:
                rows.append([outcome_label(t.outcome), attribute_label(t.attribute), _move_name(names, move_id),
                             group_label(t.attribute, g.group), g.total, g.hits, round(g.rate, 4),
                             None if g.ratio is None else round(g.ratio, 4),
                             _("是") if g.flagged else (_("参照组") if g.reference else _("否")),
                             None if g.p_value is None else round(g.p_value, 4)])
    return table_response(headers=headers, rows=rows, name=f"fairness-{year or ''}".rstrip("-"), fmt=fmt,
                          title=_("公平性分析"), as_of=today())
