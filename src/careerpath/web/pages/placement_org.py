"""Organisation (组织与纪律): headcount plans (岗位编制) with the vacancies computed from current positions,
HR's form for a plan, and lateral moves (横向调整) started for a person from the moves the policy allows."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts import authority
from careerpath.clock import today
from careerpath.errors import Forbidden, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import code_label
from careerpath.org.lateral import lateral_applications, lateral_candidates
from careerpath.org.models import HeadcountPlan
from careerpath.org.selectors import headcount_overview, headcount_plan_get, headcount_totals
from careerpath.org.services import headcount_set
from careerpath.people.models import Department
from careerpath.people.selectors import employee_get
from careerpath.web.pages.placement_common import (
    HEADCOUNT_ROLES,
    HR_ROLES,
    page_policy,
    problem,
    require,
    show_error,
    text_field,
)

# ---------------------------------------------------------------------------------------------------
# Headcount plans and vacancies


class HeadcountFilter(forms.Form):
    dept = forms.TypedChoiceField(label=gettext_lazy("部门"), coerce=int, required=False, empty_value=None,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    vacant = forms.BooleanField(label=gettext_lazy("只看有空缺的"), required=False,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args: object, departments: list[Department], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dept"].choices = [("", _("全部部门"))] + [(d.pk, d.name) for d in departments]


@login_required
def headcount(request: HttpRequest) -> HttpResponse:
    roles = require(request, HEADCOUNT_ROLES)
    departments = list(Department.objects.order_by("name"))
    form = HeadcountFilter(request.GET or None, departments=departments)
    rows = headcount_overview()
    if form.is_valid():
        if form.cleaned_data["dept"] is not None:
            rows = [r for r in rows if r.department_id == form.cleaned_data["dept"]]
        if form.cleaned_data["vacant"]:
            rows = [r for r in rows if r.vacant]
    by_level: dict[str, list[int]] = {}
    for r in rows:
        t = by_level.setdefault(r.level, [0, 0, 0])
        t[0], t[1], t[2] = t[0] + r.planned, t[1] + r.occupied, t[2] + r.vacant
    policy = page_policy()
    levels = [(code, *by_level[code]) for code in policy.levels if code in by_level]
    return render(request, "web/placement/headcount.html", {
        "rows": rows, "form": form, "totals": headcount_totals(rows), "levels": levels,
        "can_edit": bool(roles & HR_ROLES),
    })


class HeadcountForm(forms.Form):
    department = forms.ModelChoiceField(label=gettext_lazy("部门"), queryset=Department.objects.order_by("name"),
                                        required=False, empty_label=gettext_lazy("全公司（不分部门）"),
                                        widget=forms.Select(attrs={"class": "form-select"}),
                                        help_text=gettext_lazy("全公司编制计入没有本部门编制的该职级人员，如客服副总监、客服总监。"),
                                        error_messages={"invalid_choice": gettext_lazy("请选择列表中的部门")})
    level = forms.ChoiceField(label=gettext_lazy("职级"), widget=forms.Select(attrs={"class": "form-select"}),
                              error_messages={"required": gettext_lazy("此项必填"),
                                              "invalid_choice": gettext_lazy("请选择列表中的职级")})
    planned = forms.IntegerField(label=gettext_lazy("编制人数"), min_value=0, max_value=100_000,
                                 widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
                                 error_messages={"required": gettext_lazy("此项必填"),
                                                 "invalid": gettext_lazy("请填写整数"),
                                                 "min_value": gettext_lazy("编制人数不能为负数"),
                                                 "max_value": gettext_lazy("编制人数太大了")})
    note = text_field(gettext_lazy("说明（选填）"), required=False, rows=2, max_length=1000)

    def __init__(self, *args: object, plan: HeadcountPlan | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.plan = plan
        policy = page_policy()
        self.fields["level"].choices = [("", "—")] + [(c, code_label("level", c, policy=policy))
                                                      for c in policy.levels]
        if plan is not None:  # a plan is one department and level: change its number, not what it is
            self.fields["department"].disabled = True
            self.fields["level"].disabled = True

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.plan is None and data.get("level"):
            dept = data.get("department")
            if HeadcountPlan.objects.filter(department=dept, level=data["level"]).exists():
                self.add_error("level", _("该部门已有这一职级的编制，请在列表中修改它。"))
        return data


@login_required
def headcount_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request, HR_ROLES)
    plan = None
    if pk is not None:
        plan = headcount_plan_get(pk=pk)
        if plan is None:
            raise Http404
    initial = ({"department": plan.department_id, "level": plan.level, "planned": plan.planned, "note": plan.note}
               if plan else {})
    form = HeadcountForm(request.POST or None, plan=plan, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                saved = headcount_set(actor=request.user, department=d["department"], level=d["level"],
                                      planned=d["planned"], note=d["note"])
            except Forbidden as exc:
                return problem(request, exc, back=reverse("web:headcount"))
            except ServiceError as exc:
                show_error(form, exc)
                status = exc.status
            else:
                where = saved.department.name if saved.department else _("全公司")
                messages.success(request, _("已保存：%(where)s %(level)s 编制 %(n)s 人。") % {
                    "where": where, "level": code_label("level", saved.level), "n": saved.planned})
                return redirect(f"{reverse('web:headcount')}#plan-{saved.pk}")
        else:
            status = 400
    return render(request, "web/placement/headcount_form.html", {"form": form, "plan": plan}, status=status)


# ---------------------------------------------------------------------------------------------------
# Lateral moves: who may move now, the moves in progress, and one person's lateral moves explained


class PersonForm(forms.Form):
    employee = forms.CharField(label=gettext_lazy("工号"), max_length=32,
                               widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                               error_messages={"required": gettext_lazy("请填写工号")})

    def clean_employee(self) -> str:
        no = self.cleaned_data["employee"].strip()
        if employee_get(employee_no=no) is None:
            raise forms.ValidationError(_("没有工号为 %(no)s 的员工") % {"no": no})
        return no


@login_required
def lateral_moves(request: HttpRequest) -> HttpResponse:
    require(request, HR_ROLES)
    asked = "employee" in request.GET
    form = PersonForm(request.GET if asked else None)
    if asked and form.is_valid():
        return redirect("web:lateral_person", employee_no=form.cleaned_data["employee"])
    lang = engine_lang()
    going, recent = lateral_applications(user=request.user)
    return render(request, "web/placement/lateral.html", {
        "form": form,
        "candidates": lateral_candidates(user=request.user, policy=page_policy(), as_of=today(), lang=lang),
        "in_progress": going, "recent": recent,
    }, status=400 if asked else 200)


@login_required
def lateral_person(request: HttpRequest, employee_no: str) -> HttpResponse:
    """The lateral moves the policy allows from the person's level, each with the engine's checklist."""
    from careerpath.web.pages.journey import _apply_options
    from careerpath.web.pages.journey_career import career_view

    require(request, HR_ROLES)
    employee = employee_get(employee_no=employee_no)
    if employee is None:
        raise Http404
    if "hr" not in authority.capacities(actor=request.user, subject=employee):
        return problem(request, Forbidden("self", code="self_decision"), back=reverse("web:lateral_moves"))
    career = career_view(employee=employee, policy=page_policy(), as_of=today(), lang=engine_lang())
    _apply_options(career, viewer=request.user, own=False)  # type: ignore[arg-type]
    moves = [m for m in career.moves if m.move_type == "lateral"]
    return render(request, "web/placement/lateral_person.html", {
        "career": career, "moves": moves, "own": False,
        "open_application": career.open_applications[0] if career.open_applications else None,
    })

