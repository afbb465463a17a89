"""Initial placement (初评) for HR: the runs, starting one, a run's proposals and the confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts.models import Role
from careerpath.clock import today
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from careerpath.placement import services
from careerpath.placement.models import PlacementProposal, PlacementRun, RunState
from careerpath.placement.selectors import (
    StandardsSummary,
    adjusted_proposals,
    departments_of,
    proposals_visible_to,
    review_working_days_left,
    run_counts,
    run_get,
    run_level_counts,
    runs_list,
    runs_visible_to,
    standards_summary,
)
from careerpath.web.pages.placement_common import (
    HR_ROLES,
    PLACEMENT_ROLES,
    date_field,
    problem,
    require,
    show_error,
    text_field,
)

PER_PAGE = 50


def load_run(pk: int) -> PlacementRun:
    try:
        return run_get(pk=pk)
    except NotFound:
        raise Http404 from None


# ---------------------------------------------------------------------------------------------------
# The runs


@login_required
def placement_runs(request: HttpRequest) -> HttpResponse:
    roles = require(request, PLACEMENT_ROLES)
    is_hr = bool(roles & HR_ROLES)
    runs = runs_list() if is_hr else runs_visible_to(user=request.user)
    now = today()
    open_run = next((r for r in runs if r.state == RunState.OPEN), None)
    return render(request, "web/placement/runs.html", {
        "runs": runs, "is_hr": is_hr, "today": now,
        "days_left": review_working_days_left(run=open_run, today=now) if open_run else None,
        "open_run": open_run, "in_progress": any(r.state != RunState.CONFIRMED for r in runs),
    })


class RunForm(forms.Form):
    as_of = date_field(gettext_lazy("评定日期"), help_text=gettext_lazy("按此日的入（转）客服岗时长与记录确定建议职级。"))
    effective_on = date_field(gettext_lazy("职级生效日期（选填）"), required=False,
                              help_text=gettext_lazy("留空则与评定日期相同。确认后新职级自该日起生效。"))
    employee_nos = text_field(gettext_lazy("只评定以下工号（选填）"), required=False, rows=3, max_length=200_000,
                              help_text=gettext_lazy("每行一个工号，或用逗号分隔；留空则评定全部尚未初评的在职员工。"))

    def clean_employee_nos(self) -> list[str] | None:
        raw = self.cleaned_data.get("employee_nos") or ""
        nos = [n.strip() for n in raw.replace("，", ",").replace(",", "\n").splitlines() if n.strip()]
        return list(dict.fromkeys(nos)) or None

    def clean(self) -> dict:
        data = super().clean() or {}
        as_of, eff = data.get("as_of"), data.get("effective_on")
        if as_of and eff and eff < as_of:
            self.add_error("effective_on", _("生效日期不能早于评定日期"))
        return data


@login_required
def placement_run_new(request: HttpRequest) -> HttpResponse:
    require(request, HR_ROLES)
    form = RunForm(request.POST or None, initial={"as_of": today()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                run = services.placement_run_start(actor=request.user, as_of=d["as_of"],
                                                   effective_on=d["effective_on"], employee_nos=d["employee_nos"])
            except Forbidden as exc:
                return problem(request, exc)
            except ServiceError as exc:
                show_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("初评已发起：各部门须在 %(d)s 下班前完成复核。") % {
                    "d": _date(run.review_deadline)})
                return redirect("web:placement_run", pk=run.pk)
        else:
            status = 400
    return render(request, "web/placement/run_new.html", {"form": form}, status=status)


def _date(d: object) -> str:
    from careerpath.labels import date_label

    return date_label(d)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# A run: its proposals, each with the level the engine proposed and why


_SHOW = [("", gettext_lazy("全部")), ("to_review", gettext_lazy("待复核")), ("reviewed", gettext_lazy("已复核")),
         ("adjusted", gettext_lazy("已调整")), ("kept", gettext_lazy("保留管理岗位"))]


class ProposalFilter(forms.Form):
    dept = forms.ChoiceField(label=gettext_lazy("部门"), required=False,
                             widget=forms.Select(attrs={"class": "form-select"}))
    show = forms.ChoiceField(label=gettext_lazy("显示"), choices=_SHOW, required=False,
                             widget=forms.Select(attrs={"class": "form-select"}))
    q = forms.CharField(label=gettext_lazy("姓名或工号"), max_length=50, required=False,
                        widget=forms.TextInput(attrs={"class": "form-control"}))
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, departments: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dept"].choices = [("", _("全部部门"))] + [(d, d) for d in departments]


@dataclass(frozen=True, slots=True)
class ProposalRow:
    p: PlacementProposal
    why: StandardsSummary


def filtered_proposals(request: HttpRequest, run: PlacementRun) -> tuple[ProposalFilter, object, str, object]:
    """The proposals in the user's scope, filtered by the GET parameters, one page of them."""
    from django.db.models import Q

    scoped = proposals_visible_to(user=request.user, run=run)
    form = ProposalFilter(request.GET or None, departments=departments_of(run=run, proposals=scoped))
    qs = scoped
    page_no = 1
    if form.is_valid():
        d = form.cleaned_data
        if d["dept"]:
            qs = qs.filter(department_name=d["dept"])
        show = d["show"]
        if show == "to_review":
            qs = qs.filter(reviewed_at__isnull=True, kept_management_post=False)
        elif show == "reviewed":
            qs = qs.filter(reviewed_at__isnull=False)
        elif show == "adjusted":
            qs = qs.exclude(adjusted_level="")
        elif show == "kept":
            qs = qs.filter(kept_management_post=True)
        if d["q"]:
            qs = qs.filter(Q(employee__name__icontains=d["q"]) | Q(employee__employee_no__icontains=d["q"]))
        page_no = d["page"] or 1
        keep = {k: v for k, v in d.items() if v and k != "page"}
    else:
        keep = {}
    page = Paginator(qs.select_related("reviewed_by"), PER_PAGE).get_page(page_no)
    page.object_list = [ProposalRow(p, standards_summary(p.standards)) for p in page.object_list]
    return form, page, urlencode(keep), scoped


@login_required
def placement_run(request: HttpRequest, pk: int) -> HttpResponse:
    roles = require(request, PLACEMENT_ROLES)
    run = load_run(pk)
    form, page, keep, scoped = filtered_proposals(request, run)
    is_hr = bool(roles & HR_ROLES)
    now = today()
    return render(request, "web/placement/run.html", {
        "run": run, "form": form, "page": page, "keep": keep, "is_hr": is_hr,
        "counts": run_counts(run=run, proposals=None if is_hr else scoped),
        "days_left": review_working_days_left(run=run, today=now),
        "review_open": run.state == RunState.OPEN and now <= run.review_deadline,
        "can_review": bool(roles & {Role.HR, Role.ADMIN, Role.MANAGER}),
    })


# ---------------------------------------------------------------------------------------------------
# HR's confirmation: close the review once its period is over, then confirm


@login_required
def placement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, HR_ROLES)
    run = load_run(pk)
    status = 200
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close" and run.state == RunState.OPEN:
                services.placement_review_close(actor=request.user, run=run)
                messages.success(request, _("部门复核已结束。请核对后确认初评。"))
                return redirect("web:placement_confirm", pk=run.pk)
            if action == "confirm" and run.state == RunState.REVIEWED:
                services.placement_run_confirm(actor=request.user, run=run)
                messages.success(request, _("初评已确认：新职级已按生效日期写入任职记录（变动类型：初评）。"))
                return redirect("web:placement_run", pk=run.pk)
            raise Conflict("invalid", code="invalid_transition")
        except Forbidden as exc:
            return problem(request, exc)
        except (Conflict, InvalidInput) as exc:
            from careerpath.web.pages.placement_common import refusal

            error, status = refusal(exc), exc.status
            run = load_run(pk)
    now = today()
    return render(request, "web/placement/confirm.html", {
        "run": run, "counts": run_counts(run=run), "levels": run_level_counts(run=run),
        "adjusted": adjusted_proposals(run=run), "error": error,
        "days_left": review_working_days_left(run=run, today=now),
        "can_close": run.state == RunState.OPEN and now > run.review_deadline,
    }, status=status)
