"""Page: the monthly allowance sheet (津贴表, /discipline/allowances/) for HR: per person the level held on the
month's first day, its allowance, the month's deductions with their reasons and the net; and the same
sheet as the payroll workbook (.xlsx), written by ``discipline.payroll`` through the workbook's safe cells."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from careerpath.accounts.selectors import user_roles
from careerpath.clock import today
from careerpath.discipline import rules
from careerpath.discipline.casework import PAYROLL_ROLES
from careerpath.discipline.payroll import allowance_sheet_xlsx
from careerpath.discipline.selectors import monthly_allowances
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.web.pages.discipline_forms import AllowanceFilterForm, month_value
from careerpath.web.pages.discipline_incidents import month_label

PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_hr(request: HttpRequest) -> None:
    # Pay is personal data: HR (and admin) only, as the REST API's sheet.
    if not (user_roles(user=request.user) & PAYROLL_ROLES):
        raise PermissionDenied


@login_required
def allowances(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    given = request.GET.copy()
    if not given.get("month"):
        given["month"] = f"{today():%Y-%m}"  # this month, shown in the picker
    form = AllowanceFilterForm(given)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    month = data.get("month") or rules.month_start(today())
    policy = policy_get()
    sheet = monthly_allowances(month=month, policy=policy)
    lang = engine_lang()
    names = {code: lv.name.get(lang) for code, lv in policy.levels.items()}
    rows = sheet.rows
    if data.get("only"):
        rows = [r for r in rows if r.deducted]
    q = (data.get("q") or "").strip()
    if q:
        rows = [r for r in rows if q == r.employee_no or q in r.name or q in r.department]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [{"row": r, "level": names.get(r.level, r.level_name)} for r in page.object_list]
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    ym = f"{sheet.month:%Y-%m}"
    return render(request, "web/discipline/allowances.html", {
        "form": form, "sheet": sheet, "page": page, "month": month_label(sheet.month), "ym": ym,
        "deducted_people": sum(1 for r in sheet.rows if r.deducted), "query": urlencode(query),
        "download_url": reverse("web:discipline_allowances_xlsx", args=[ym]),
    }, status=200 if valid else 400)


@login_required
def allowances_xlsx(request: HttpRequest, month: str) -> HttpResponse:
    _require_hr(request)
    first = month_value(month)
    if first is None:
        raise Http404
    sheet = monthly_allowances(month=first)
    resp = HttpResponse(allowance_sheet_xlsx(sheet), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="allowances-{first:%Y-%m}.xlsx"'
    resp["Cache-Control"] = "private, no-store"
    return resp
