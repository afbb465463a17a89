"""Page: incidents and their consequences (/discipline/incidents/) for HR, managers and supervisors, in
their data scope: each incident's type and date, the allowance it withheld in which month, or the demotion
case it opened. Recording an incident is the person's recording page (evidence); this page shows what
the incidents did."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from careerpath.clock import today
from careerpath.discipline import rules
from careerpath.discipline.casework import (
    IncidentFilter,
    deduction_total,
    departments_in_scope,
    desk_allowed,
    incident_list,
)
from careerpath.evidence.models import Incident
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.labels import date_label
from careerpath.web.links import url_or_none
from careerpath.web.pages.discipline_forms import IncidentFilterForm

PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class IncidentView:
    incident: Incident
    type_label: str
    date: str
    department: str
    month: str  # the allowance month the incident falls in ("2026年11月")
    deduction: Decimal | None
    deduction_level: str
    case_pk: int | None
    case_state: str
    case_url: str
    no_consequence: str  # why nothing followed, in words ("" when something did)
    person_url: str | None
    open_case_url: str


def month_label(first: object) -> str:
    d = first  # a date
    if engine_lang() == "en":
        return f"{d:%b %Y}"  # type: ignore[str-format]
    return f"{d.year}年{d.month}月"  # type: ignore[attr-defined]


@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    if not desk_allowed(user=request.user):
        raise PermissionDenied
    policy = policy_get()
    departments = departments_in_scope(user=request.user)
    form = IncidentFilterForm(request.GET or None, departments=departments, policy=policy)
    status = 200
    if request.GET and not form.is_valid():
        status = 400
    f = IncidentFilter(month=form.value("month"), department_id=form.value("dept"), type=form.value("type") or "",
                       q=(form.value("q") or "").strip())
    paginator = Paginator(incident_list(user=request.user, f=f), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    lang = engine_lang()
    types = dict(policy.code_choices("incident_type", lang))
    levels = {code: lv.name.get(lang) for code, lv in policy.levels.items()}
    deducting, demoting = rules.deduction_incident_types(policy), rules.demotion_incident_types(policy)
    can_open = url_or_none("web:discipline_case_new") is not None
    rows = []
    for i in page.object_list:
        deductions = list(i.allowance_deductions.all())
        cases = list(i.demotion_cases.all())
        amount = sum((d.amount for d in deductions), Decimal("0.00")) if deductions else None
        case = cases[-1] if cases else None
        why = ""
        if amount is None and case is None:
            if i.type in deducting:
                why = _("未扣减：事故当日不享受高级/资深津贴（或为导入的历史记录）")
            elif i.type in demoting:
                why = _("未立案（导入的历史记录）")
            else:
                why = _("不扣减津贴，不立降级案件")
        rows.append(IncidentView(
            incident=i, type_label=types.get(i.type, i.type), date=date_label(i.date),
            department=i.employee.department.name if i.employee.department_id else "",
            month=month_label(rules.month_start(i.date)), deduction=amount,
            deduction_level=levels.get(deductions[0].level, deductions[0].level) if deductions else "",
            case_pk=case.pk if case else None, case_state=case.state if case else "",
            case_url=reverse("web:discipline_case", args=[case.pk]) if case else "",
            no_consequence=why, person_url=url_or_none("web:employee_detail", [i.employee.employee_no]),
            open_case_url=(reverse("web:discipline_case_new") + "?" + urlencode(
                {"employee": i.employee.employee_no, "incident": i.pk})) if can_open and case is None else "",
        ))
    month = f.month or today()
    total = deduction_total(user=request.user, month=month, department_id=f.department_id)
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(request, "web/discipline/incidents.html", {
        "form": form, "rows": rows, "page": page, "total": total, "total_month": month_label(total.month),
        "query": urlencode(query), "filtered": bool(query),
    }, status=status)
