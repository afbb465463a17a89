"""Objections to a notice: the form any employee may file (with an optional proof), and HR's mediation.

Who objected — the name, the 工号, the department, and the attachment, which may reveal it too — is shown
on HR's pages only (``objections_visible_to``); every other page, the objector's own included, says nothing
about the objections filed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from careerpath import clock
from careerpath.attachments import ACCEPT, attachment_check, attachment_response, max_bytes
from careerpath.errors import ServiceError
from careerpath.i18n import engine_lang
from careerpath.promotions import services
from careerpath.promotions.models import Objection, ObjectionState
from careerpath.promotions.notice_selectors import (
    can_read_objections,
    notice_entries,
    notice_entry_get,
    objection_for_hr,
    objection_refusal,
    objections_queue,
)
from careerpath.web.links import url_or_none
from careerpath.web.pages.notices_common import OBJECTION_BADGES, app_row, error_text

TEXT_MAX = 2000
NOTE_MAX = 2000


def _require_hr(request: HttpRequest) -> None:
    if not can_read_objections(user=request.user):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------------
# Filing an objection (anyone logged in)


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("您的异议"), max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        help_text=_("请写明您了解的事实和依据（最多 2000 字）。"),
        error_messages={"required": _("请填写异议内容。"),
                        "max_length": _("异议内容最多 %(limit_value)d 字（现为 %(show_value)d 字）。")})
    attachment = forms.FileField(label=_("附件（可选）"), required=False, allow_empty_file=True,
                                 widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPT}))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("请填写异议内容。"))
        return text


def _entry_or_404(pk: int, entry_pk: int):  # noqa: ANN202 - a NoticeEntry
    entry = notice_entry_get(notice_pk=pk, entry_pk=entry_pk)
    if entry is None:
        raise Http404
    return entry


@login_required
def objection_new(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = _entry_or_404(pk, entry_pk)
    notice = entry.notice
    today = clock.today()
    row = next((r for r in notice_entries(notice=notice, lang=engine_lang()) if r.entry.pk == entry.pk), None)
    refusal = objection_refusal(notice=notice, entry=entry, today=today)
    context: dict[str, object] = {"notice": notice, "entry": entry, "row": row, "accept": ACCEPT,
                                  "max_mb": max_bytes() // (1024 * 1024)}
    if refusal is not None:
        context["refusal"] = error_text(refusal, first=notice.first_day, last=notice.last_day)
        return render(request, "web/notices/objection_new.html", context,
                      status=refusal.status if request.method == "POST" else 200)
    form = ObjectionForm(request.POST, request.FILES) if request.method == "POST" else ObjectionForm()
    context["form"] = form
    if request.method != "POST":
        return render(request, "web/notices/objection_new.html", context)
    if not form.is_valid():
        return render(request, "web/notices/objection_new.html", context, status=400)
    upload = form.cleaned_data.get("attachment")
    try:
        checked = attachment_check(upload, field="attachment") if upload else None
        services.objection_file(actor=request.user, entry=entry, text=form.cleaned_data["text"], today=today,
                                attachment=checked)
    except ServiceError as exc:
        message = error_text(exc, first=notice.first_day, last=notice.last_day)
        if exc.field in form.fields:
            form.add_error(exc.field, message)
        else:
            context["refusal"] = message
            context.pop("form")
        return render(request, "web/notices/objection_new.html", context, status=exc.status)
    messages.success(request, gettext("您的异议已提交，人力资源部将核实并调解。提出人的身份只有人力资源部可见。"))
    return redirect("web:notice_detail", pk=notice.pk)


# ---------------------------------------------------------------------------------------------------
# HR: the objections, one objection, its file


_FILTERS = {"open": ObjectionState.OPEN.value, "done": "done", "all": ""}


@login_required
def objection_list(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    shown = request.GET.get("state", "open")
    if shown not in _FILTERS:
        shown = "open"
    qs = objections_queue(user=request.user, state=_FILTERS[shown] if shown != "done" else "")
    if shown == "done":
        qs = qs.exclude(state=ObjectionState.OPEN).order_by("-resolved_at", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "web/notices/objection_list.html", {
        "page": page, "rows": [(o, OBJECTION_BADGES[o.state]) for o in page], "shown": shown})


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("调解结果"), widget=forms.RadioSelect,
        choices=[("dismiss", _("异议不成立：继续公示")),
                 ("return_to_review", _("异议成立：退回重新评审")),
                 ("reject", _("异议成立：驳回申请"))],
        error_messages={"required": _("请选择调解结果。")})
    note = forms.CharField(
        label=_("调解意见"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("写明核实的情况和结论；会记入申请的历史，退回或驳回时申请人可以看到。"),
        error_messages={"required": _("请填写调解意见。")})


def _detail(request: HttpRequest, obj: Objection, form: ResolveForm, *, status: int = 200,
            error: str = "") -> HttpResponse:
    objector = getattr(obj.objector, "employee", None)
    return render(request, "web/notices/objection_detail.html", {
        "obj": obj, "badge": OBJECTION_BADGES[obj.state], "objector": objector, "form": form, "error": error,
        "entry": obj.entry, "notice": obj.entry.notice, "levels": app_row(obj.entry.application),
        "application_url": url_or_none("web:application_detail", [obj.entry.application_id]),
        "others": (Objection.objects.filter(entry=obj.entry, state=ObjectionState.OPEN).exclude(pk=obj.pk).count()
                   if obj.state == ObjectionState.OPEN else 0),
    }, status=status)


@login_required
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    obj = objection_for_hr(user=request.user, pk=pk)
    if obj is None:
        raise Http404
    if request.method != "POST":
        return _detail(request, obj, ResolveForm())
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _detail(request, obj, form, status=400)
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        services.objection_resolve(actor=request.user, objection=obj, upheld=decision != "dismiss", note=note,
                                   outcome=decision if decision != "dismiss" else "return_to_review")
    except ServiceError as exc:
        message = error_text(exc)
        if exc.field in form.fields:
            form.add_error(exc.field, message)
            return _detail(request, obj, form, status=exc.status)
        fresh = objection_for_hr(user=request.user, pk=pk) or obj
        return _detail(request, fresh, form, status=exc.status, error=message)
    done = {"dismiss": gettext("已记录：异议不成立，公示继续。"),
            "return_to_review": gettext("已记录：异议成立，申请已退回重新评审并撤出公示。"),
            "reject": gettext("已记录：异议成立，申请已驳回并撤出公示。")}[decision]
    messages.success(request, done)
    return redirect("web:objection_detail", pk=pk)


@login_required
def objection_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    # Refused before any lookup: someone who may not read objections learns nothing, not even which exist.
    _require_hr(request)
    obj = objection_for_hr(user=request.user, pk=pk)
    if obj is None or not obj.attachment:
        raise Http404
    return attachment_response(obj.attachment, file_name=obj.attachment_name, content_type=obj.attachment_type)
