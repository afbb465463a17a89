"""The notice board (公示) for everyone, one notice with HR's close button, and HR publishing a notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from careerpath import clock
from careerpath.calendars.selectors import work_calendar
from careerpath.core.workdays import WorkCalendar
from careerpath.errors import ServiceError
from careerpath.i18n import engine_lang
from careerpath.promotions import services
from careerpath.promotions.models import Application, Notice
from careerpath.promotions.notice_selectors import (
    NoticePhase,
    can_read_objections,
    notice_close_blocker,
    notice_entries,
    notice_get,
    notice_period,
    notice_phase,
    notice_working_days,
    notices_board,
    objections_visible_to,
    working_days_left,
)
from careerpath.promotions.selectors import applications_ready_for_notice
from careerpath.web.links import url_or_none
from careerpath.web.pages.notices_common import OBJECTION_BADGES, PHASE_BADGES, Badge, app_row, error_text

TITLE_MAX = 200


@dataclass(frozen=True, slots=True)
class NoticeRow:
    notice: Notice
    phase: NoticePhase
    badge: Badge
    days_left: int | None  # working days still open for objections (running notices)


def _row(notice: Notice, *, today: date, calendar: WorkCalendar | None) -> NoticeRow:
    phase = notice_phase(notice, today=today)
    left = (working_days_left(notice, today=today, calendar=calendar)
            if phase == NoticePhase.RUNNING and calendar is not None else None)
    return NoticeRow(notice=notice, phase=phase, badge=PHASE_BADGES[phase], days_left=left)


def _require_hr(request: HttpRequest) -> None:
    if not can_read_objections(user=request.user):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------------
# The board and one notice


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """Every notice, running and closed: a notice is public to every employee (SPEC §2)."""
    today = clock.today()
    hr = can_read_objections(user=request.user)
    page = Paginator(notices_board(with_objections=hr), 20).get_page(request.GET.get("page"))
    calendar = work_calendar() if any(n.state == "open" for n in page) else None
    rows = [_row(n, today=today, calendar=calendar) for n in page]
    return render(request, "web/notices/list.html", {
        "rows": rows, "page": page, "hr": hr, "today": today,
        "new_url": reverse("web:notice_new") if hr else None,
    })


def _detail_context(request: HttpRequest, notice: Notice) -> dict[str, object]:
    today = clock.today()
    hr = can_read_objections(user=request.user)
    calendar = work_calendar() if notice.state == "open" else None
    row = _row(notice, today=today, calendar=calendar)
    lang = engine_lang()
    entries = notice_entries(notice=notice, lang=lang, with_objections=hr)
    accepting = row.phase == NoticePhase.RUNNING
    context: dict[str, object] = {
        "row": row, "notice": notice, "entries": entries, "hr": hr, "today": today, "accepting": accepting,
        "pdf_url": url_or_none("web:notice_pdf", [notice.pk]),
    }
    if hr:
        objections = list(objections_visible_to(user=request.user).filter(entry__notice=notice)
                          .order_by("filed_at", "id"))
        open_count = sum(1 for o in objections if o.state == "open")
        context.update({
            "objections": [(o, OBJECTION_BADGES[o.state]) for o in objections],
            "open_count": open_count,
            "withdrawn": notice_entries(notice=notice, lang=lang, withdrawn=True),
            "blocker": notice_close_blocker(notice, today=today, open_objections=open_count),
        })
    return context


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notice_get(pk=pk)
    if notice is None:
        raise Http404
    return render(request, "web/notices/detail.html", _detail_context(request, notice))


@login_required
@require_POST
def notice_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    notice = notice_get(pk=pk)
    if notice is None:
        raise Http404
    try:
        services.notice_close(actor=request.user, notice=notice, today=clock.today())
    except ServiceError as exc:
        context = _detail_context(request, notice)
        context["error"] = error_text(exc, last=notice.last_day)
        return render(request, "web/notices/detail.html", context, status=exc.status)
    messages.success(request, gettext("公示 %(number)s 已结束，名单上的申请已转入人力资源部审批。") % {"number": notice.number})
    return redirect("web:notice_detail", pk=notice.pk)


# ---------------------------------------------------------------------------------------------------
# Publishing a notice (HR)


def default_title(year: int) -> str:
    # The notice's own words: printed and posted in Chinese whatever the page's language.
    return f"关于{year}年客服人员晋升的公示"


def _first_of_next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


class PublishForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("公示名单"), queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一份申请。"),
                        "invalid_choice": _("所选申请已不在待公示之列，请刷新页面。"),
                        "invalid_pk_value": _("所选申请已不在待公示之列，请刷新页面。")})
    published_on = forms.DateField(label=_("公示日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   help_text=_("今天或以后；公示期从这一天（或其后第一个工作日）起算。"))
    effective_on = forms.DateField(label=_("拟生效日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   help_text=_("不早于公示日期；通常为公示结束后的月初。"))
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications_ready_for_notice()
        for name in ("published_on", "effective_on", "title"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        self.fields["published_on"].widget.attrs["aria-describedby"] = "period-preview"


@dataclass(frozen=True, slots=True)
class Preview:
    """The period a publication date gives, or why it gives none."""

    working_days: int
    first: date | None = None
    last: date | None = None
    error: str = ""
    people: int = 0


def _preview(*, published_on: date | None, applications: list[Application], today: date) -> Preview:
    n = notice_working_days(applications=applications)
    if published_on is None:
        return Preview(working_days=n, error=gettext("请填写公示日期。"), people=len(applications))
    try:
        first, last = notice_period(published_on=published_on, working_days=n, today=today)
    except ServiceError as exc:
        return Preview(working_days=n, error=error_text(exc, today=today), people=len(applications))
    return Preview(working_days=n, first=first, last=last, people=len(applications))


def _initial(today: date) -> dict[str, object]:
    n = notice_working_days(applications=[])
    try:
        _, last = notice_period(published_on=today, working_days=n, today=today)
    except ServiceError:
        last = today
    return {"published_on": today, "effective_on": _first_of_next_month(last), "title": default_title(today.year)}


def _form_page(request: HttpRequest, form: PublishForm, *, today: date, status: int = 200,
               error: str = "") -> HttpResponse:
    ready = list(form.fields["applications"].queryset)
    chosen = {str(v) for v in (form.data.getlist("applications") if form.is_bound else [])}
    if form.is_bound:
        published_on = getattr(form, "cleaned_data", {}).get("published_on")
    else:
        published_on = form.initial.get("published_on")
    picked = [a for a in ready if str(a.pk) in chosen]
    # A date refused beside its field is not said twice: the preview waits for the next change.
    preview = (None if form.is_bound and form.has_error("published_on")
               else _preview(published_on=published_on, applications=picked, today=today))
    return render(request, "web/notices/new.html", {
        "form": form, "ready": [app_row(a, url_or_none("web:application_detail", [a.pk])) for a in ready],
        "chosen": chosen, "today": today, "error": error, "preview": preview,
    }, status=status)


@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    """Choose the applications, see the period in working days, confirm, publish."""
    _require_hr(request)
    today = clock.today()
    if request.method != "POST":
        return _form_page(request, PublishForm(initial=_initial(today)), today=today)
    form = PublishForm(request.POST)
    step = request.POST.get("step", "review")
    if not form.is_valid() or step == "edit":
        if step == "edit":
            form.errors.clear()  # back from the confirm step: the fields as they were, without complaints
        return _form_page(request, form, today=today, status=200 if step == "edit" else 400)
    apps = sorted(form.cleaned_data["applications"], key=lambda a: a.pk)
    published_on, effective_on = form.cleaned_data["published_on"], form.cleaned_data["effective_on"]
    title = form.cleaned_data["title"].strip() or default_title(published_on.year)
    if step != "publish":
        # The server-side confirm step: the period the notice will run, before anything is written.
        preview = _preview(published_on=published_on, applications=apps, today=today)
        if preview.error:
            form.add_error("published_on", preview.error)
            return _form_page(request, form, today=today, status=400)
        if effective_on < published_on:
            form.add_error("effective_on", gettext("生效日期不能早于公示日期。"))
            return _form_page(request, form, today=today, status=400)
        return render(request, "web/notices/confirm.html", {
            "form": form, "apps": [app_row(a) for a in apps], "preview": preview, "title": title, "published_on": published_on,
            "effective_on": effective_on})
    try:
        notice = services.notice_publish(actor=request.user, applications=apps, published_on=published_on,
                                         effective_on=effective_on, title=title)
    except ServiceError as exc:
        message = error_text(exc, today=today)
        if exc.field in form.fields:
            form.add_error(exc.field, message)
            return _form_page(request, form, today=today, status=exc.status)
        return _form_page(request, form, today=today, status=exc.status, error=message)
    messages.success(request, gettext("公示 %(number)s 已发布。") % {"number": notice.number})
    return redirect("web:notice_detail", pk=notice.pk)


@login_required
def notice_preview(request: HttpRequest) -> HttpResponse:
    """The HTMX fragment under the dates: the period the chosen publication date gives, recomputed on change."""
    _require_hr(request)
    today = clock.today()
    field = forms.DateField(required=False)
    try:
        published_on = field.clean(request.GET.get("published_on", ""))
    except forms.ValidationError:
        published_on = None
    ids = [int(v) for v in request.GET.getlist("applications") if v.isdigit()][:1000]
    picked = list(applications_ready_for_notice().filter(pk__in=ids)) if ids else []
    return render(request, "web/notices/_preview.html",
                  {"preview": _preview(published_on=published_on, applications=picked, today=today)})
