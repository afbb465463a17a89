"""Pages: evidence — what employees submit for confirmation and its file, the confirmers' queue, and
(in the modules imported below) recording evidence for one's people and the mentor's mentees.

Views parse a form, call one service or selector and render; the services decide and their errors are
shown beside the field they name (400/403/409), never as a traceback.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_list_employees, user_employee
from careerpath.attachments import attachment_response
from careerpath.errors import Forbidden, ServiceError
from careerpath.evidence.models import EvidenceSubmission, SubmissionKind
from careerpath.evidence.selectors import policy_get
from careerpath.evidence.services import submission_confirm, submission_create, submission_reject
from careerpath.evidence.submission_selectors import (
    WaitingCounts,
    mentees_waiting_queryset,
    submission_get,
    submission_may_decide,
    submission_may_view,
    submissions_of,
    submissions_waiting_for,
    waiting_counts,
)
from careerpath.evidence.workflow import SubmissionState
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import evidence_mentees, evidence_record
from careerpath.web.pages.evidence_forms import SUBMISSION_FORMS, RejectForm, SubmissionForm


def _refused(request: HttpRequest, exc: ServiceError) -> None:
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)


def _submission_or_deny(request: HttpRequest, pk: int) -> EvidenceSubmission:
    sub = submission_get(pk=pk)
    if sub is None:
        # Only someone allowed to browse people gets a 404; others cannot probe which numbers exist.
        if can_list_employees(user=request.user):
            raise Http404
        raise PermissionDenied
    if not submission_may_view(user=request.user, submission=sub):
        raise PermissionDenied
    return sub


# ---------------------------------------------------------------------------------------------------
# The employee's own


@login_required
def evidence_mine(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    subs = submissions_of(employee=me) if me is not None else []
    return render(request, "web/evidence/mine.html", {"me": me, "submissions": subs})


def _form_class(kind: str | None) -> type[SubmissionForm]:
    return SUBMISSION_FORMS.get(kind or "", SUBMISSION_FORMS[SubmissionKind.PRAISE.value])


def _resubmitting(request: HttpRequest, me: Any) -> EvidenceSubmission | None:
    raw = request.POST.get("replaces") or request.GET.get("replaces")
    if not raw or me is None:
        return None
    try:
        sub = submission_get(pk=int(raw))
    except ValueError:
        return None
    if sub is None or sub.employee_id != me.pk or sub.state != SubmissionState.REJECTED:
        return None
    return sub


def _initial_from(sub: EvidenceSubmission | None) -> dict[str, Any]:
    if sub is None:
        return {}
    return {"praise_source": sub.praise_source, "customer": sub.customer, "date": sub.date, "note": sub.note,
            "program": sub.program, "training_result": sub.training_result,
            "mentee_no": sub.mentee.employee_no if sub.mentee else "", "mentee_start_on": sub.mentee_start_on}


@login_required
def evidence_submit(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    if me is None:
        raise PermissionDenied(_("只有关联了员工档案的账号可以提交证据材料。"))
    policy = policy_get()
    replaces = _resubmitting(request, me)
    kind = request.POST.get("kind") or request.GET.get("kind") or (replaces.kind if replaces else None)
    form_class = _form_class(kind)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, policy=policy)
        if form.is_valid():
            try:
                sub = submission_create(actor=request.user, replaces=replaces, policy=policy, **form.service_kwargs())
            except ServiceError as exc:
                _refused(request, exc)
                form.add_error(exc.field, exc.message)
                status = exc.status
            else:
                messages.success(request, _("已提交，等待确认。确认后计入您的证据记录。"))
                return redirect("web:evidence_detail", pk=sub.pk)
        else:
            status = 400
    else:
        form = form_class(initial=_initial_from(replaces) if replaces and replaces.kind == form_class.kind else None,
                          policy=policy)
    context = {"form": form, "kind": form_class.kind.value, "kinds": SubmissionKind.choices, "replaces": replaces}
    # The kind chooser asks HTMX for the fields of another kind; the page works without it too.
    template = "web/evidence/_submit_form.html" if request.htmx and request.method == "GET" else \
        "web/evidence/submit.html"
    return render(request, template, context, status=status)


# ---------------------------------------------------------------------------------------------------
# One submission: its details, its file, the decision


@login_required
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _submission_or_deny(request, pk)
    reject_form = RejectForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                submission_confirm(actor=request.user, submission=sub)
                messages.success(request, _("已确认，已计入其证据记录。"))
                return redirect("web:evidence_detail", pk=sub.pk)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    submission_reject(actor=request.user, submission=sub, reason=reject_form.cleaned_data["reason"])
                    messages.success(request, _("已驳回，提交人会看到驳回原因。"))
                    return redirect("web:evidence_detail", pk=sub.pk)
                status = 400
            else:
                status = 400
                messages.error(request, _("未知操作。"))
        except ServiceError as exc:
            status = exc.status
            if exc.field == "reason":
                reject_form.add_error("reason", exc.message)
            else:
                messages.error(request, exc.message)
        sub = _submission_or_deny(request, pk)  # what it is now, after a refusal or a race
    context = {"sub": sub, "may_decide": submission_may_decide(user=request.user, submission=sub),
               "reject_form": reject_form, "own": sub.employee.user_id == request.user.pk}
    return render(request, "web/evidence/detail.html", context, status=status)


@login_required
def evidence_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _submission_or_deny(request, pk)
    if not sub.attachment:
        raise Http404
    return attachment_response(sub.attachment, file_name=sub.attachment_name, content_type=sub.attachment_type)


# ---------------------------------------------------------------------------------------------------
# The confirmers' queue


@login_required
def evidence_queue(request: HttpRequest) -> HttpResponse:
    subs = submissions_waiting_for(user=request.user)
    return render(request, "web/evidence/queue.html", {"submissions": subs})


urlpatterns: list[URLPattern] = [
    path("evidence/", evidence_mine, name="evidence_mine"),
    path("evidence/new/", evidence_submit, name="evidence_submit"),
    path("evidence/confirm/", evidence_queue, name="evidence_queue"),
    path("evidence/<int:pk>/", evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/attachment/", evidence_attachment, name="evidence_attachment"),
    path("employees/<str:employee_no>/record/", evidence_record.evidence_record, name="evidence_record"),
    path("mentees/", evidence_mentees.mentees, name="mentees"),
]

def _counts(user: Any) -> WaitingCounts:
    # Both entries' counts come from one query, kept on this request's user object (as the layout keeps
    # the roles), so the navigation costs every page one query for this part.
    cached = getattr(user, "_careerpath_evidence_counts", None)
    if cached is None:
        cached = waiting_counts(user=user)
        user._careerpath_evidence_counts = cached
    return cached


def _attention(user: Any) -> int:
    return _counts(user).attention


def _to_confirm(user: Any) -> int:
    return _counts(user).to_confirm


# Every login linked to an employee submits; supervisors and HR confirm; mentors report their mentees.
nav_register(NavEntry("evidence_mine", gettext_lazy("我的材料"), "evidence_mine", frozenset(),
                      count=_attention, order=20, needs_employee=True))
nav_register(NavEntry("evidence_queue", gettext_lazy("待确认材料"), "evidence_queue",
                      frozenset({Role.SUPERVISOR, Role.HR, Role.ADMIN}), count=_to_confirm, order=45))
nav_register(NavEntry("mentees", gettext_lazy("我的徒弟"), "mentees", frozenset({Role.MENTOR}),
                      counts=lambda user: [mentees_waiting_queryset(user)], order=25, needs_employee=True))
