"""What the approvals pages share: loading an application for a capacity, the 403/409 page, PDF replies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, ServiceError
from careerpath.promotions.hr_selectors import application_for_hr
from careerpath.promotions.models import Application
from careerpath.web.links import url_or_none


class Refused(Exception):
    """Raised by the loaders below; the view turns it into the problem page (``problem_page``)."""

    def __init__(self, error: ServiceError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass(frozen=True, slots=True)
class Loaded:
    application: Application
    capacities: frozenset[str]


def load_application(request: HttpRequest, pk: int, *, allowed: Iterable[str], action: str) -> Loaded:
    """The application ``pk`` if the user holds one of ``allowed`` towards its subject.

    404 for an unknown number, the service's own refusal (scope, role, "nobody decides about
    themself") as a 403 page otherwise.
    """
    app = application_for_hr(pk=pk)
    if app is None:
        raise Http404
    try:
        caps = authority.require_capacity(actor=request.user, subject=app.employee, allowed=allowed, action=action)
    except Forbidden as exc:
        raise Refused(exc) from None
    return Loaded(app, caps)


def problem_page(request: HttpRequest, error: ServiceError, *, application: Application | None = None) -> HttpResponse:
    """A refusal (403) or a stale state (409) in the product's look, with the way back."""
    status = error.status if error.status in (403, 404, 409) else 400
    links = []
    if user_roles(user=request.user) & {Role.HR, Role.ADMIN}:
        links.append((reverse("web:hr_queue"), _("返回人事审批")))
    if application is not None:
        now_at = _NOW_AT.get(State(application.state))
        if now_at is not None and error.status == 409:
            links.insert(0, (reverse(now_at[0], args=[application.pk]), str(now_at[1])))
        detail = url_or_none("web:application_detail", [application.pk])
        if detail:
            links.append((detail, _("查看申请")))
    return render(request, "web/approvals/problem.html",
                  {"error": error, "status": status, "application": application, "links": links,
                   "title": _("无法执行") if status == 409 else _("无权操作")}, status=status)


# Where an application in each state is handled now, for the way on from a stale page.
_NOW_AT = {State.NOTICE_CLOSED: ("web:application_approve", gettext_lazy("去审批")),
           State.HR_APPROVED: ("web:application_letter", gettext_lazy("去发放晋升通知书")),
           State.LETTER_ISSUED: ("web:application_letter", gettext_lazy("查看晋升通知书")),
           State.IN_PROBATION: ("web:application_probation", gettext_lazy("去处理考察期")),
           State.CONFIRMED: ("web:application_probation", gettext_lazy("查看考察结论")),
           State.REVERTED: ("web:application_probation", gettext_lazy("查看考察结论"))}


def stale(request: HttpRequest, application: Application, *, expected: str) -> HttpResponse:
    """The page for an application that has moved on (another HR person acted first, or an old link)."""
    error = Conflict(_("此申请当前状态为「%(state)s」，不是「%(expected)s」，无法在此页面办理。") % {
        "state": application.get_state_display(), "expected": expected}, code="invalid_transition")
    return problem_page(request, error, application=application)


def pdf_response(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    resp = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    resp["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # A document about one person: never kept by a shared cache.
    resp["Cache-Control"] = "private, no-store"
    return resp


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"})


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%Y-%m-%d"],
                           error_messages={"invalid": gettext_lazy("请按 年-月-日 填写日期")})


def text_field(label: str, *, required: bool, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=2000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": rows}),
                           error_messages={"required": gettext_lazy("此项必填")})
