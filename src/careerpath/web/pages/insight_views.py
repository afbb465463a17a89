"""Pages: the dashboards (/insight/) and the download of each chart's data (CSV or Excel)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from careerpath.clock import today
from careerpath.errors import Forbidden
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.insight import eligibility as elig
from careerpath.insight import selectors as sel
from careerpath.labels import date_label
from careerpath.web.pages import insight_charts as charts
from careerpath.web.pages.insight_charts import Chart, Names
from careerpath.workbook.writer.safe import FORMULA_TRIGGERS, safe_append

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RATE_YEARS = 5  # the promotion and demotion rates of this many calendar years, this one included


class InsightFilterForm(forms.Form):
    dept = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False, empty_value=None)
    cycle = forms.TypedChoiceField(label=_("年度评选"), coerce=int, required=False, empty_value=None)

    def __init__(self, data: object, *, scope: sel.InsightScope, cycles: list[tuple[int, date, str]],
                 all_label: str = "") -> None:
        super().__init__(data)  # type: ignore[arg-type]
        first = all_label or (_t("全公司") if scope.company_wide else _t("本部门全部"))
        self.fields["dept"].choices = [("", first)] + [(str(pk), name) for pk, name in scope.departments]
        self.fields["cycle"].choices = [("", _t("最近一次"))] + [
            (str(y), _t("%(year)s 年度") % {"year": y}) for y, _a, _s in cycles]
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-select"


def scope_or_403(request: HttpRequest, *, fairness: bool = False) -> sel.InsightScope:
    try:
        return sel.insight_scope(user=request.user, fairness=fairness)
    except Forbidden:
        raise PermissionDenied from None


def parse_filters(request: HttpRequest, scope: sel.InsightScope
                  ) -> tuple[InsightFilterForm, list[int] | None, int | None, int]:
    """The filter form, the department ids it selects, the cycle year (None: no cycle yet) and a status."""
    cycles = sel.cycles_list()
    form = InsightFilterForm(request.GET, scope=scope, cycles=cycles)
    status, dept, year = 200, None, None
    if form.is_valid():
        dept, year = form.cleaned_data["dept"], form.cleaned_data["cycle"]
    else:  # the errors show beside their fields, over the unfiltered figures
        status = 400
    year = year or (cycles[0][0] if cycles else None)
    return form, scope.narrowed(dept), year, status


def names_for(scope: sel.InsightScope) -> Names:
    return Names(policy_get(), engine_lang(), dict(scope.departments))


def _years(as_of: date) -> list[int]:
    return list(range(as_of.year - RATE_YEARS + 1, as_of.year + 1))


# The dashboards: key -> (title, its charts). Three pages rather than one, so that each reads the big tables
# once (the current positions; the candidates and the eligibility store; the position history and the
# allowances) and stays well under a second on 100,000 people (benchmarks/results/insight.md).
DASHBOARDS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "structure": (_("人员结构"), ("pyramid", "tenure")),
    "selection": (_("资格与评选"), ("eligible", "funnel")),
    "movement": (_("晋升、降级与津贴"), ("promotion_rate", "demotion_rate", "allowance")),
}


def chart_builders(names: Names, dept_ids: list[int] | None, year: int | None, as_of: date,
                   memo: dict[str, Any] | None = None) -> dict[str, Callable[[], Chart]]:
    """Each chart by key, built only when called; charts that share a statement share its result
    (kept in ``memo``: the page reads the eligibility store's state from there too)."""
    years = _years(as_of)
    memo = {} if memo is None else memo

    def once(key: str, read: Callable[[], object]) -> Any:
        if key not in memo:
            memo[key] = read()
        return memo[key]

    def structure() -> Any:
        return once("structure", lambda: sel.current_structure(department_ids=dept_ids, as_of=as_of))

    def movement() -> Any:
        return once("movement", lambda: sel.movement_rates(department_ids=dept_ids, years=years))

    def eligible() -> Chart:
        state = once("store", lambda: elig.store_state(as_of=as_of))
        on = state.as_of or as_of
        note = _t("取自资格快照（评估日期 %(d)s）：在职员工现在即符合条件，或按预计满足日期3个月内符合。") % {
            "d": date_label(on)}
        return charts.eligible_chart(elig.eligible_counts(department_ids=dept_ids, as_of=on), names, note)

    return {
        "pyramid": lambda: charts.pyramid_chart(
            sel.ladder_pyramid(department_ids=dept_ids, as_of=as_of, structure=structure()), names),
        "tenure": lambda: charts.tenure_chart(
            sel.time_in_level(department_ids=dept_ids, as_of=as_of, structure=structure()), names),
        "eligible": eligible,
        "funnel": lambda: charts.funnel_chart(
            sel.cycle_funnel(year=year, department_ids=dept_ids) if year else {}, names, year),
        "promotion_rate": lambda: charts.promotion_rate_chart(movement(), names, years),
        "demotion_rate": lambda: charts.demotion_rate_chart(movement(), names, years),
        "allowance": lambda: charts.allowance_chart(
            sel.allowance_cost(department_ids=dept_ids, months=sel.last_months(as_of), policy=names.policy), names),
    }


@login_required
def dashboard(request: HttpRequest, board: str = "structure") -> HttpResponse:
    if board not in DASHBOARDS:
        raise Http404
    scope = scope_or_403(request)
    form, dept_ids, year, status = parse_filters(request, scope)
    as_of = today()
    memo: dict[str, Any] = {}
    builders = chart_builders(names_for(scope), dept_ids, year, as_of, memo)
    title, keys = DASHBOARDS[board]
    query = request.GET.urlencode() if status == 200 else ""
    built = [builders[k]() for k in keys]
    return render(request, "web/insight/dashboard.html", {
        "form": form, "charts": built, "as_of": as_of, "title": title, "board": board,
        "store": memo.get("store"),
        "boards": [(key, t, reverse(f"web:insight_{key}")) for key, (t, _k) in DASHBOARDS.items()],
        "computed_at": timezone.localtime(), "query": query, "company_wide": scope.company_wide,
        "hide_cycle": "funnel" not in keys,
    }, status=status)


# ---------------------------------------------------------------------------------------------------
# Downloads


def _csv_text(value: object) -> object:
    # A text a spreadsheet could take for a formula keeps a leading apostrophe (OWASP "CSV injection").
    if isinstance(value, str) and value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def table_response(*, headers: list[str], rows: list[list[object]], name: str, fmt: str, title: str,
                   as_of: date) -> HttpResponse:
    """The table as CSV (UTF-8 with a BOM, so Excel reads the Chinese) or as an .xlsx sheet."""
    stamp = _t("数据截至 %(d)s") % {"d": date_label(as_of)}
    filename = f"{name}-{as_of:%Y%m%d}.{fmt}"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([_csv_text(h) for h in headers])
        for r in rows:
            writer.writerow(["" if v is None else _csv_text(v) for v in r])
        response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.title = name[:31]
        safe_append(ws, [title, stamp])
        ws["A1"].font = Font(bold=True)
        safe_append(ws, headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r in rows:
            safe_append(ws, [float(v) if hasattr(v, "quantize") else v for v in r])
        ws.freeze_panes = "B3"
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def chart_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    scope = scope_or_403(request)
    form, dept_ids, year, status = parse_filters(request, scope)
    if status != 200:
        return HttpResponse(" ".join(f"{form.fields[f].label}: {'; '.join(e)}" for f, e in form.errors.items()),
                            status=400, content_type="text/plain; charset=utf-8")
    as_of = today()
    builders = chart_builders(names_for(scope), dept_ids, year, as_of)
    if key not in builders:
        raise Http404
    chart = builders[key]()
    return table_response(headers=chart.headers, rows=chart.rows, name=key, fmt=fmt, title=chart.title, as_of=as_of)
