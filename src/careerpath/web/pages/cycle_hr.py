"""HR's pages of the annual cycle: the list and the opening form, the cycle with its pipeline and HR's steps."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.accounts.models import Role
from careerpath.clock import today
from careerpath.cycles import services
from careerpath.cycles.export import cycle_workbook
from careerpath.cycles.models import CycleState
from careerpath.cycles.screens import (
    cycle_counts,
    cycle_pipeline,
    cycles_all,
    nomination_period_days,
    working_days_left,
)
from careerpath.cycles.selectors import cycle_applications, cycle_letters
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound
from careerpath.policy_versions.models import PolicyStatus, PolicyVersion
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.promotions.documents import letters_pdf
from careerpath.web.pages.approvals_common import DateInput, pdf_response
from careerpath.web.pages.cycle_common import READERS, SHEET_READERS, load_cycle, refused, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OpenForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}),
                              error_messages={"required": gettext_lazy("此项必填"),
                                              "invalid": gettext_lazy("请填写四位年份")})
    as_of = forms.DateField(label=gettext_lazy("评定日期（留空为当年 12 月 31 日）"), required=False,
                            widget=DateInput(), input_formats=["%Y-%m-%d"],
                            error_messages={"invalid": gettext_lazy("请按 年-月-日 填写日期")})
    policy_version = forms.ModelChoiceField(
        label=gettext_lazy("办法版本"), queryset=PolicyVersion.objects.none(), required=False,
        empty_label=gettext_lazy("当前生效的版本"), widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy_version"].queryset = PolicyVersion.objects.filter(
            status=PolicyStatus.PUBLISHED).order_by("-published_on", "-pk")


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    roles = require(request, READERS)
    hr = bool(roles & {Role.HR, Role.ADMIN})
    form, status = OpenForm(initial={"year": today().year}), 200
    if request.method == "POST":
        require(request, {Role.HR, Role.ADMIN})
        form = OpenForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                cycle = services.cycle_open(actor=request.user, year=d["year"], as_of=d["as_of"],
                                            policy_version=d["policy_version"])
            except InvalidInput as exc:
                form.add_error({"as_of": "as_of", "policy_version": "policy_version"}.get(exc.field or "", None),
                               exc.message)
            except (Conflict, Forbidden) as exc:
                form.add_error("year" if exc.code == "cycle_exists" else None, exc.message)
            else:
                messages.success(request, _("%(year)s 年度评选已开启，候选名单已生成。请核对后发布给各部门。")
                                 % {"year": cycle.year})
                return redirect("web:cycle_detail", year=cycle.year)
        status = 400
    pv = active_version()
    days = policy_of(pv).process.nomination_working_days if pv else None
    return render(request, "web/cycle/list.html", {
        "cycles": cycles_all(), "form": form, "hr": hr, "active_version": pv, "nomination_days": days,
    }, status=status)


# The HR step of each state: (action key, button label, the service that does it).
HR_STEPS = {
    CycleState.OPEN: "start",
    CycleState.NOMINATING: "close",
    CycleState.VP_APPROVED: "notice",
    CycleState.IN_NOTICE: "hr_approve",
    CycleState.APPROVED: "letters",
    CycleState.LETTERS_ISSUED: "effective",
}


@login_required
def cycle_detail(request: HttpRequest, year: int) -> HttpResponse:
    cycle, roles = load_cycle(request, year, READERS)
    now = today()
    counts = cycle_counts(cycle=cycle)
    hr = bool(roles & {Role.HR, Role.ADMIN})
    apps = cycle_applications(cycle) if hr and cycle.state not in (CycleState.OPEN, CycleState.NOMINATING,
                                                                     CycleState.SCORING) else []
    return render(request, "web/cycle/detail.html", {
        "cycle": cycle, "counts": counts, "pipeline": cycle_pipeline(cycle=cycle), "hr": hr,
        "committee": bool(roles & {Role.COMMITTEE, Role.ADMIN}), "vp": bool(roles & {Role.VP, Role.ADMIN}),
        "manager": Role.MANAGER in roles, "sheet_reader": bool(roles & SHEET_READERS),
        "days_left": working_days_left(cycle=cycle, today=now), "period_days": nomination_period_days(cycle=cycle),
        "deadline_passed": now > cycle.nomination_deadline, "due": now >= cycle.effective_on,
        "hr_step": HR_STEPS.get(CycleState(cycle.state)) if hr else None, "applications": apps,
        "notice_closed": cycle.notice_id is not None and cycle.notice.state == "closed",
        "letters": list(cycle_letters(cycle=cycle)) if hr and cycle.state in (
            CycleState.LETTERS_ISSUED, CycleState.EFFECTIVE) else [],
        "today": now,
    })


class IssueForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("日期"), required=False, widget=DateInput(), input_formats=["%Y-%m-%d"],
                         error_messages={"invalid": gettext_lazy("请按 年-月-日 填写日期")})
    note = forms.CharField(label=gettext_lazy("意见（选填）"), required=False, max_length=2000)


@login_required
@require_POST
def cycle_action(request: HttpRequest, year: int, action: str) -> HttpResponse:
    """HR's step of the moment; every rule (state, deadline, role, notice closed) is the service's."""
    cycle, _roles = load_cycle(request, year, {Role.HR, Role.ADMIN})
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("web:cycle_detail", year=year)
    on: date | None = form.cleaned_data["on"]
    note: str = form.cleaned_data["note"]
    user = request.user
    done = {
        "refresh": lambda: services.cycle_candidates_refresh(actor=user, cycle=cycle),
        "start": lambda: services.cycle_nominations_start(actor=user, cycle=cycle),
        "close": lambda: services.cycle_nominations_close(actor=user, cycle=cycle),
        "notice": lambda: services.cycle_notice_publish(actor=user, cycle=cycle, published_on=on),
        "hr_approve": lambda: services.cycle_hr_approve(actor=user, cycle=cycle, note=note),
        "letters": lambda: services.cycle_letters_issue(actor=user, cycle=cycle, issued_on=on),
        "effective": lambda: services.cycle_apply_effective(actor=user, cycle=cycle),
    }
    said = {
        "refresh": _("候选名单已重新计算。"),
        "start": _("候选名单已发布，各部门可以开始综合评选提报。"),
        "close": _("提报已截止，进入考试、评分与评议。"),
        "notice": _("公示已发布。"),
        "hr_approve": _("已审批通过，可以发放晋升通知书。"),
        "letters": _("晋升通知书已批量发放。"),
        "effective": _("已执行生效：职级已变更。"),
    }
    if action not in done:
        raise Http404
    try:
        done[action]()
    except (Conflict, Forbidden, InvalidInput) as exc:
        return refused(request, exc, "web:cycle_detail", year)
    messages.success(request, said[action])
    return redirect("web:cycle_detail", year=year)


@login_required
def cycle_export(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, SHEET_READERS)
    resp = HttpResponse(cycle_workbook(cycle=cycle), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="cycle-{year}.xlsx"'
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def cycle_letters_pdf(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, {Role.HR, Role.ADMIN})
    letters = list(cycle_letters(cycle=cycle))
    if not letters:
        return refused(request, NotFound(_("尚未发放晋升通知书。")), "web:cycle_detail", year)
    return pdf_response(letters_pdf(letters), f"letters-{year}.pdf")
