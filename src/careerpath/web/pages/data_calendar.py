"""The working-day calendar: each year as month grids; statutory years read-only, HR-entered years editable."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.calendars.selectors import calendar_year_view, calendar_years
from careerpath.calendars.services import calendar_day_set, calendar_year_set
from careerpath.clock import today
from careerpath.errors import InvalidInput, ServiceError
from careerpath.web.pages.approvals_common import date_field
from careerpath.web.pages.data_common import require_hr

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years a page may be asked for; others are a 404


class DayForm(forms.Form):
    day = date_field(gettext_lazy("日期"))
    workday = forms.TypedChoiceField(
        label=gettext_lazy("这一天"), coerce=lambda v: v == "1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[("1", gettext_lazy("上班")), ("0", gettext_lazy("休息"))],
        error_messages={"required": gettext_lazy("请选择上班或休息")})
    name = forms.CharField(label=gettext_lazy("名称（如 春节、调休上班）"), required=False, max_length=50,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    note = forms.CharField(label=gettext_lazy("修改原因"), max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control"}),
                           error_messages={"required": gettext_lazy("请填写修改原因（记入审计日志）")})

    def __init__(self, *args: object, year: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.year = year

    def clean_day(self) -> date:
        d = self.cleaned_data["day"]
        if d.year != self.year:
            raise forms.ValidationError(_("日期须在 %(year)s 年内") % {"year": self.year})
        return d


class EnterForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("说明（依据的放假通知等）"), max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control"}),
                           error_messages={"required": gettext_lazy("请填写说明")})


def _render(request: HttpRequest, year: int, *, day_form: DayForm | None = None,
            enter_form: EnterForm | None = None, status: int = 200) -> HttpResponse:
    view = calendar_year_view(year=year)
    years = calendar_years()
    known = {y.year for y in years}
    return render(request, "web/data/calendar.html", {
        "view": view, "years": years, "year": year, "prev": year - 1, "next": year + 1,
        "day_form": day_form or DayForm(year=year, initial={"workday": "0"}),
        "enter_form": enter_form or EnterForm(),
        # A year the calendar does not know may be entered by HR (after the State Council's notice).
        "can_enter": view.known is None, "next_unknown": next((y for y in range(today().year, LAST_YEAR)
                                                               if y not in known), None),
        "weekdays": [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
    }, status=status)


def _year_or_404(year: int) -> int:
    from django.http import Http404

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@login_required
def calendar_index(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "查看工作日历")
    return redirect("web:data_calendar_year", year=today().year)


@login_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    require_hr(request.user, "查看工作日历")
    return _render(request, _year_or_404(year))


@login_required
@require_POST
def calendar_day(request: HttpRequest, year: int) -> HttpResponse:
    require_hr(request.user, "修改工作日历")
    form = DayForm(request.POST, year=_year_or_404(year))
    if form.is_valid():
        d = form.cleaned_data["day"]
        try:
            calendar_day_set(actor=request.user, day=d, workday=form.cleaned_data["workday"],
                             name=form.cleaned_data["name"], note=form.cleaned_data["note"])
        except InvalidInput as exc:
            form.add_error("note" if exc.field == "note" else "day", exc.message)
        else:
            messages.success(request, _("已修改 %(day)s。") % {"day": d.isoformat()})
            return redirect("web:data_calendar_year", year=year)
    return _render(request, year, day_form=form, status=400)


@login_required
@require_POST
def calendar_enter(request: HttpRequest, year: int) -> HttpResponse:
    """Start an HR-entered year (weekday rule only); HR then marks its holidays and 调休 days one by one."""
    require_hr(request.user, "录入工作日历")
    form = EnterForm(request.POST)
    view = calendar_year_view(year=_year_or_404(year))
    if view.known is not None:
        form.add_error(None, _("%(year)s 年已在日历中。") % {"year": year})
    elif form.is_valid():
        try:
            calendar_year_set(actor=request.user, year=year, holidays={}, workdays={}, note=form.cleaned_data["note"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已录入 %(year)s 年，请逐日标记节假日和调休上班日。") % {"year": year})
            return redirect("web:data_calendar_year", year=year)
    return _render(request, year, enter_form=form, status=400)
