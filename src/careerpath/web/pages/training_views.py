"""Training pages: 我的培训 (an employee's sessions, open sessions, certificates), the sessions list, one
session (enrol oneself or one's team, the roster, cancel, close), attendance and results (one form for the
whole roster, or its workbook), HR's programs, and the certificate download.

Each view parses a form, calls one selector or service and renders; who may do what is decided in the
training services (accounts.authority capacities), never here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.clock import today
from careerpath.errors import InvalidInput, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import request_policy
from careerpath.people.models import Employee
from careerpath.training import selectors as sel
from careerpath.training import services
from careerpath.training.documents import certificate_pdf
from careerpath.training.models import EnrolmentState, Session, SessionState
from careerpath.training.sheet import results_template
from careerpath.uploads import upload_check_size
from careerpath.web.pages.training_forms import (
    CancelForm,
    EnrolForm,
    ProgramForm,
    ResultsForm,
    SessionForm,
    UploadForm,
    refusal,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_hr(request: HttpRequest) -> None:
    if not sel.is_training_hr(request.user):
        raise PermissionDenied


def _session_or_404(pk: int) -> Session:
    s = sel.session_get(pk=pk)
    if s is None:
        raise Http404
    return s


def _back(request: HttpRequest, default: str) -> str:
    nxt = request.POST.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return default


# ---------------------------------------------------------------------------------------------------
# 我的培训


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    now = today()
    mine = sel.enrolments_of(employee=me) if me is not None else []
    held = {e.session_id for e in mine}
    open_ = ([s for s in sel.open_sessions(today=now) if s.pk not in held and s.trainer_id != request.user.pk]
             if me is not None else [])
    for s in open_:
        s.left = sel.seats_left(s)  # type: ignore[attr-defined]
    teaching = list(sel.sessions_list(trainer=request.user).order_by("-starts_on")[:50])
    return render(request, "web/training/my.html", {
        "me": me, "upcoming": [e for e in mine if e.session.starts_on >= now and e.state == EnrolmentState.ENROLLED],
        "past": [e for e in mine if not (e.session.starts_on >= now and e.state == EnrolmentState.ENROLLED)],
        "open_sessions": open_, "teaching": teaching, "today": now})


# ---------------------------------------------------------------------------------------------------
# Sessions


@login_required
def sessions_page(request: HttpRequest) -> HttpResponse:
    """HR: every session; supervisors and managers: the upcoming ones, to enrol their team; trainers: theirs."""
    roles = user_roles(user=request.user)
    hr = sel.is_training_hr(request.user)
    if not (hr or roles & {Role.SUPERVISOR, Role.MANAGER} or sel.trainer_sessions_exist(user=request.user)):
        raise PermissionDenied
    now = today()
    when = request.GET.get("when", "upcoming")
    if when not in ("upcoming", "past"):
        when = "upcoming"
    if hr or roles & {Role.SUPERVISOR, Role.MANAGER}:
        rows = list(sel.sessions_list(upcoming=when == "upcoming", today=now)[:200])
    else:
        rows = list(sel.sessions_list(upcoming=when == "upcoming", today=now, trainer=request.user)[:200])
    for s in rows:
        s.left = sel.seats_left(s)  # type: ignore[attr-defined]
    return render(request, "web/training/sessions.html", {"sessions": rows, "when": when, "hr": hr, "today": now})


def _program_choices() -> list[tuple[str, str]]:
    return [(str(p.pk), p.display_name) for p in sel.programs_list(active_only=True)]


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    initial = {"program": request.GET.get("program", ""), "capacity": 20}
    form = SessionForm(request.POST or None, programs=_program_choices(), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            program = sel.program_get(pk=int(d["program"]))
            try:
                s = services.session_create(actor=request.user, program=program, starts_on=d["starts_on"],  # type: ignore[arg-type]
                                            ends_on=d["ends_on"], time=d["time"], place=d["place"],
                                            trainer=form.trainer_user(), capacity=d["capacity"], note=d["note"])
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, refusal(exc))
            else:
                messages.success(request, _("已安排培训场次。"))
                return redirect("web:training_session", pk=s.pk)
    return render(request, "web/training/session_new.html", {"form": form}, status=status)


def _session_context(request: HttpRequest, s: Session, **extra: Any) -> dict[str, Any]:
    me = user_employee(user=request.user)
    hr = sel.is_training_hr(request.user)
    manage = sel.can_manage_session(user=request.user, session=s)
    roster = sel.session_roster(session=s)
    if not manage:
        from careerpath.accounts.selectors import employees_visible_to

        visible = set(employees_visible_to(user=request.user).filter(
            pk__in=[e.employee_id for e in roster]).values_list("pk", flat=True))
        roster = [e for e in roster if e.employee_id in visible]
    mine = next((e for e in roster if me is not None and e.employee_id == me.pk), None)
    now = today()
    open_ = s.state == SessionState.PLANNED and s.starts_on >= now
    left = sel.seats_left(s)
    roles = user_roles(user=request.user)
    team_form = None
    if open_ and left > 0:
        if hr:
            team_form = extra.pop("team_form", None) or EnrolForm()
        elif roles & {Role.SUPERVISOR, Role.MANAGER}:
            team = sel.enrollable_team(user=request.user, session=s)
            if team:
                team_form = extra.pop("team_form", None) or EnrolForm(team=team)
    teaches = request.user.is_authenticated and s.trainer_id == request.user.pk
    return {"s": s, "roster": roster, "mine": mine, "me": me, "teaches": teaches,
            "show_mine": me is not None and (mine is not None or (open_ and not teaches)), "hr": hr, "manage": manage, "open": open_, "left": left,
            "can_self_enrol": me is not None and mine is None and open_ and left > 0 and not teaches,
            "team_form": team_form, "cancel_form": extra.pop("cancel_form", None) or CancelForm(),
            "can_record": manage and s.state != SessionState.CANCELLED and s.starts_on <= now,
            "can_close": manage and s.state == SessionState.PLANNED and s.starts_on <= now,
            "can_cancel": hr and s.state == SessionState.PLANNED and not any(e.training_id for e in roster),
            "today": now, **extra}


@login_required
def session_page(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session_or_404(pk)
    return render(request, "web/training/session.html", _session_context(request, s))


@login_required
@require_POST
def session_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol oneself (no ``employee``), or a team member / anyone (HR) by 工号."""
    s = _session_or_404(pk)
    number = (request.POST.get("employee") or "").strip()
    me = user_employee(user=request.user)
    employee = me if not number else Employee.objects.filter(employee_no=number).first()
    if employee is None:
        if not number:
            raise PermissionDenied
        form = EnrolForm(request.POST)
        form.is_valid()
        form.add_error("employee", _("没有工号为 %(no)s 的员工。") % {"no": number})
        return render(request, "web/training/session.html", _session_context(request, s, team_form=form), status=400)
    try:
        services.enrolment_create(actor=request.user, session=s, employee=employee, today=today())  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("已报名。") if employee == me else
                         _("已为 %(name)s 报名，并已通知本人。") % {"name": employee.name})
    return redirect(_back(request, f"/training/sessions/{s.pk}/"))


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    e = sel.enrolment_get(pk=pk)
    if e is None or not sel.can_read_enrolment(user=request.user, enrolment=e):
        raise Http404
    try:
        services.enrolment_cancel(actor=request.user, enrolment=e, today=today())  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("已取消报名。"))
    return redirect(_back(request, f"/training/sessions/{e.session_id}/"))


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session_or_404(pk)
    _require_hr(request)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return render(request, "web/training/session.html", _session_context(request, s, cancel_form=form), status=400)
    try:
        services.session_cancel(actor=request.user, session=s, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("场次已取消，已通知报名人员。"))
    return redirect("web:training_session", pk=s.pk)


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session_or_404(pk)
    if not sel.can_manage_session(user=request.user, session=s):
        raise PermissionDenied
    try:
        services.session_close(actor=request.user, session=s, today=today())  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, refusal(exc))
    else:
        messages.success(request, _("场次已结束，不再接受报名。"))
    return redirect("web:training_session", pk=s.pk)


# ---------------------------------------------------------------------------------------------------
# Attendance and results


def _summary_message(summary: services.ResultSummary) -> str:
    return _("已保存：新增培训记录 %(a)s 条，更新 %(b)s 条，删除 %(c)s 条，未变 %(d)s 行。") % {
        "a": summary.recorded, "b": summary.changed, "c": summary.removed, "d": summary.unchanged}


@login_required
def session_results(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session_or_404(pk)
    if not sel.can_manage_session(user=request.user, session=s):
        raise PermissionDenied
    roster = sel.session_roster(session=s)
    form = ResultsForm(request.POST or None, roster=roster)
    upload, errors, summary_line, status = UploadForm(), [], "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                summary = services.session_results_record(actor=request.user, session=s, lines=form.lines(),  # type: ignore[arg-type]
                                                          today=today())
            except ServiceError as exc:
                form.add_error(None, refusal(exc) + (f"（{exc.details.get('employee_no')}）"
                                                     if isinstance(exc.details, dict) else ""))
                status = exc.status
            else:
                messages.success(request, _summary_message(summary))
                return redirect("web:training_session", pk=s.pk)
    return render(request, "web/training/results.html", {
        "s": s, "form": form, "upload": upload, "errors": errors, "summary": summary_line,
        "started": s.starts_on <= today() and s.state != SessionState.CANCELLED}, status=status)


@login_required
def session_results_upload(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session_or_404(pk)
    if not sel.can_manage_session(user=request.user, session=s):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("web:training_results", pk=s.pk)
    upload = UploadForm(request.POST, request.FILES)
    errors: list[dict[str, Any]] = []
    summary_line = ""
    status = 400
    if upload.is_valid():
        f = upload.cleaned_data["file"]
        try:
            upload_check_size(f)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "upload.xlsx"
                with path.open("wb") as fh:
                    for chunk in f.chunks():
                        fh.write(chunk)
                summary = services.session_results_import(actor=request.user, session=s, path=path,  # type: ignore[arg-type]
                                                          file_name=Path(f.name or "upload.xlsx").name, today=today())
        except InvalidInput as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            errors = details.get("errors", [])
            summary_line = exc.message.splitlines()[0] if exc.message else ""
            if not errors:
                upload.add_error("file", refusal(exc))
        except ServiceError as exc:
            upload.add_error("file", refusal(exc))
            status = exc.status
        else:
            messages.success(request, _summary_message(summary))
            return redirect("web:training_session", pk=s.pk)
    form = ResultsForm(roster=sel.session_roster(session=s))
    return render(request, "web/training/results.html", {
        "s": s, "form": form, "upload": upload, "errors": errors, "summary": summary_line,
        "started": s.starts_on <= today() and s.state != SessionState.CANCELLED}, status=status)


@login_required
def session_results_template(request: HttpRequest, pk: int) -> HttpResponse:
    s = _session_or_404(pk)
    if not sel.can_manage_session(user=request.user, session=s):
        raise PermissionDenied
    title = f"{s.program.name} {s.starts_on:%Y-%m-%d} {s.place}"
    resp = HttpResponse(results_template(roster=sel.session_roster(session=s), title=title), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="training-{s.pk}-results.xlsx"'
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    e = sel.enrolment_get(pk=pk)
    if e is None or not sel.can_read_enrolment(user=request.user, enrolment=e) or not e.has_certificate:
        raise Http404
    resp = HttpResponse(certificate_pdf(e), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="certificate-{e.pk}.pdf"'
    resp["Cache-Control"] = "private, no-store"
    return resp


# ---------------------------------------------------------------------------------------------------
# Programs (HR)


def _levels() -> list[tuple[str, str]]:
    lang = engine_lang()
    return [(lv.code, lv.name.get(lang)) for lv in request_policy().levels.values()]


def _policy_programs() -> list[str]:
    return list(request_policy().evidence.training_programs)


@login_required
def programs_page(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    levels = dict(_levels())
    rows = list(sel.programs_list())
    for p in rows:
        p.level_name = levels.get(p.prepares_for, "")  # type: ignore[attr-defined]
        p.counted = p.evidence_program in _policy_programs()  # type: ignore[attr-defined]
    return render(request, "web/training/programs.html", {"programs": rows})


@login_required
def program_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_hr(request)
    program = None
    if pk is not None:
        program = sel.program_get(pk=pk)
        if program is None:
            raise Http404
    initial = {} if program is None else {
        "name": program.name, "name_en": program.name_en, "evidence_program": program.evidence_program,
        "prepares_for": program.prepares_for, "description": program.description, "active": program.active}
    programs = _policy_programs()
    form = ProgramForm(request.POST or None, levels=_levels(), programs=programs, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                if program is None:
                    program = services.program_create(actor=request.user, **d)  # type: ignore[arg-type]
                else:
                    program = services.program_update(actor=request.user, program=program, **d)  # type: ignore[arg-type]
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, refusal(exc))
            else:
                messages.success(request, _("培训项目已保存。"))
                return redirect("web:training_programs")
    return render(request, "web/training/program_form.html",
                  {"form": form, "program": program, "policy_programs": programs}, status=status)


