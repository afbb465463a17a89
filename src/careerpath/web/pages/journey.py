"""Pages: the employee's own journey (我的晋升) — the career map, a checklist per open move, applying with the
晋升申请表, their applications with step, holder and history, withdrawing, editing a returned draft.

Each view parses a form, calls one selector or service and renders; who may see or do what is decided in
accounts (scope, capacities) and promotions (the workflow), never here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts import authority
from careerpath.accounts.selectors import can_list_employees, can_view_employee, user_employee
from careerpath.clock import today
from careerpath.errors import ServiceError
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee
from careerpath.people.selectors import employee_get
from careerpath.promotions import services as promotions
from careerpath.promotions.applying import (
    application_apply,
    application_draft_submit,
    application_draft_update,
)
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import (
    application_actions_for,
    application_history,
    application_return_reason,
    applications_awaiting_applicant_queryset,
    applications_list,
)
from careerpath.web.links import url_or_none
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages.journey_applications import application_page
from careerpath.web.pages.journey_career import CareerView, MoveView, career_view, ladder_build
from careerpath.web.pages.journey_forms import ApplyForm, DraftForm, ListFilterForm, WithdrawForm, form_error
from careerpath.web.pages.recognition_block import recognition_awards_for
from careerpath.web.pages.talent_block import talent_postings_for
from careerpath.web.pages.training_block import training_gaps_for
from careerpath.web.pages.voice_employee import surveys_waiting_for

# ---------------------------------------------------------------------------------------------------
# Refusals in the reader's language (the services' messages carry both languages in one sentence)


def _refusal(exc: ServiceError) -> str:
    words = {
        "not_eligible": _("还不符合这一晋升路径的全部条件，暂不能提交。请先补齐下面标 ✗ 的条件。"),
        "already_open": _("已有一份进行中的晋升申请：一次只能申请一个晋升路径，结束或撤回后才能再申请。"),
        "not_a_move": _("这一路径不从当前职级出发：须逐级晋升，不得跨级。"),
        "no_active_policy": _("人力资源部尚未发布生效的晋升办法，暂不能申请。"),
        "no_position": _("没有任职记录，无法确定当前职级，请联系人力资源部。"),
        "self_decision": _("不能就本人的申请做决定，须由他人处理。"),
        "out_of_scope": _("该员工不在您的数据范围内。"),
        "forbidden_role": _("您的角色不能执行此操作。"),
        "invalid_transition": _("申请的状态已变化，此操作现在不可用。请刷新页面查看最新状态。"),
        "reason_required": _("须填写原因。"),
        "statement_required": _("须填写申请说明。"),
        "statement_too_short": _("申请说明太短，请再写几句。"),
        "statement_too_long": _("申请说明太长，请精简。"),
    }
    return words.get(exc.code, exc.message)


# ---------------------------------------------------------------------------------------------------
# The employee's page (home) and any employee's page for staff in scope (web/views.py renders through here)


def _apply_options(career: CareerView, *, viewer: AbstractBaseUser, own: bool) -> None:
    """Set each move's way to apply: a link to the form, or why not (in the reader's language)."""
    caps = frozenset({"self"}) if own else authority.capacities(actor=viewer, subject=career.employee)
    exceptions = career.policy.process.allow_exceptions
    busy = career.open_applications
    for move in career.moves:
        move.apply_url, move.apply_note = None, ""
        if move.application is not None:
            continue  # the page links to it
        if busy:
            move.apply_note = _("已有进行中的申请，结束后才能申请另一条路径。")
            continue
        url = reverse("web:application_new", args=[move.move_id])
        if own and move.eligible:
            move.apply_url = url
        elif not own and "hr" in caps and (move.eligible or exceptions):
            move.apply_url = f"{url}?employee={career.employee.employee_no}"
        elif own:
            move.apply_note = _("满足全部条件后即可在此申请。")


def career_page(request: HttpRequest, employee: Employee, *, own: bool) -> HttpResponse:
    career = career_view(employee=employee, policy=policy_get(), as_of=today(), lang=engine_lang())
    _apply_options(career, viewer=request.user, own=own)  # type: ignore[arg-type]
    # Their supervisor, manager or HR records praise, attestations and incidents from the person's page.
    caps = set() if own else authority.capacities(actor=request.user, subject=employee)
    record_url = (url_or_none("web:evidence_record", [employee.employee_no])
                  if caps & {"supervisor", "manager", "hr"} else None)
    return render(request, "web/employee.html", {"career": career, "own": own, "record_url": record_url,
                                                 "postings": talent_postings_for(career) if own else [],
                                                 "voice_surveys": surveys_waiting_for(employee) if own else [],
                                                 "awards": recognition_awards_for(employee) if own else [],
                                                 "training_gaps": training_gaps_for(career, viewer=request.user)})  # type: ignore[arg-type]


@login_required
def career_map(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    policy, lang = policy_get(), engine_lang()
    if me is None:
        # Someone without an employee record (HR, the committee) still reads the ladder itself.
        return render(request, "web/journey/career_map.html",
                      {"ladder": ladder_build(policy=policy, lang=lang), "career": None,
                       "policy_title": policy.title.get(lang), "home_url": reverse("web:home")})
    career = career_view(employee=me, policy=policy, as_of=today(), lang=lang)
    _apply_options(career, viewer=request.user, own=True)  # type: ignore[arg-type]
    return render(request, "web/journey/career_map.html",
                  {"ladder": career.ladder, "career": career, "policy_title": career.policy_title,
                   "home_url": reverse("web:home")})


# ---------------------------------------------------------------------------------------------------
# Applying: the 晋升申请表


def _applicant(request: HttpRequest) -> tuple[Employee, bool]:
    """Whom the form is for: the viewer, or (HR) the employee named by ``?employee=<工号>``."""
    number = (request.GET.get("employee") or "").strip()
    me = user_employee(user=request.user)
    if not number or (me is not None and number == me.employee_no):
        if me is None:
            raise PermissionDenied
        return me, True
    employee = employee_get(employee_no=number)
    if employee is None:
        if can_list_employees(user=request.user):
            raise Http404
        raise PermissionDenied
    if "hr" not in authority.capacities(actor=request.user, subject=employee):
        raise PermissionDenied  # only HR files for someone else (application_create: self or hr)
    return employee, False


@login_required
def application_new(request: HttpRequest, move_id: str) -> HttpResponse:
    employee, own = _applicant(request)
    policy = policy_get()
    if not any(m.id == move_id for m in policy.moves):
        raise Http404
    career = career_view(employee=employee, policy=policy, as_of=today(), lang=engine_lang())
    move: MoveView | None = next((m for m in career.moves if m.move_id == move_id), None)
    context: dict[str, object] = {"career": career, "move": move, "own": own, "form": None, "refusal": ""}
    if move is None:
        context["refusal"] = _("这一路径不从当前职级出发：须逐级晋升，不得跨级。")
        return render(request, "web/journey/application_new.html", context, status=409)
    if move.application is not None:
        return redirect("web:application_detail", move.application.pk)
    exception = not own and not move.eligible and policy.process.allow_exceptions
    if not (move.eligible or exception):
        # Not eligible: the page says why, and there is no button to press.
        return render(request, "web/journey/application_new.html", context)
    if career.open_applications:
        context["refusal"] = _("已有一份进行中的晋升申请：一次只能申请一个晋升路径，结束或撤回后才能再申请。")
        context["open_application"] = career.open_applications[0]
        return render(request, "web/journey/application_new.html", context, status=409)

    form = ApplyForm(request.POST or None, exception=exception)
    context["form"] = form
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                app = application_apply(actor=request.user, employee=employee, to_level=move.target_level,  # type: ignore[arg-type]
                                        statement=form.cleaned_data["statement"], as_of=today(),
                                        exception_reason=form.cleaned_data.get("exception_reason", ""))
            except ServiceError as exc:
                form_error(form, exc, _refusal(exc))
                status = exc.status
            else:
                messages.success(request, _("晋升申请已提交，已通知直接上级评审。"))
                return redirect("web:application_detail", app.pk)
        else:
            status = 400
    return render(request, "web/journey/application_new.html", context, status=status)


# ---------------------------------------------------------------------------------------------------
# The applications: the list, one application, withdrawing, editing a draft


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    lang = engine_lang()
    form = ListFilterForm(request.GET or None, lang=lang)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    staff = can_list_employees(user=request.user)
    page = Paginator(applications_list(user=request.user, state=state), 50).get_page(request.GET.get("page"))
    # An unknown state in the address (a stale bookmark) lists everything and says so beside the filter.
    status = 400 if request.GET.get("state") and not form.is_valid() else 200
    return render(request, "web/journey/application_list.html",
                  {"form": form, "page": page, "staff": staff, "state": state}, status=status)


def _application_or_refuse(request: HttpRequest, pk: int) -> Application:
    """The application if the viewer may see its applicant; else 404 to those who may browse, 403 to others."""
    app = (Application.objects.select_related("employee", "employee__department", "employee__supervisor",
                                              "policy_version", "letter", "applied_by").filter(pk=pk).first())
    if app is None or not can_view_employee(user=request.user, employee=app.employee):
        if app is None and can_list_employees(user=request.user):
            raise Http404
        raise PermissionDenied
    return app


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application_or_refuse(request, pk)
    page = application_page(app=app, user=request.user, lang=engine_lang())
    return render(request, "web/journey/application_detail.html", {"page": page, "app": app})


def _refuse_action(request: HttpRequest, app: Application, action: str) -> HttpResponse | None:
    """None when the viewer may take ``action`` now; else the page that says why (403 or 409)."""
    if any(t.action == action for t in application_actions_for(application=app, user=request.user)):
        return None
    caps = authority.capacities(actor=request.user, subject=app.employee)
    allowed = {"withdraw": {"self", "hr"}, "submit": {"self"}}[action]
    if not caps & allowed:
        status, text = 403, (_("您不能撤回这份申请：只有申请人本人或人力资源部可以撤回。") if action == "withdraw"
                             else _("只有申请人本人可以修改自己的申请。"))
    elif action == "withdraw":
        status, text = 409, _("这份申请已生效或已结束，不能撤回。")
    else:
        status, text = 409, _("这份申请已提交，现在不是草稿，不能修改。")
    return render(request, "web/journey/application_refused.html",
                  {"app": app, "text": text, "to_name": _level_name(app.to_level)}, status=status)


def _level_name(code: str) -> str:
    level = policy_get().levels.get(code)
    return level.name.get(engine_lang()) if level else code


@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application_or_refuse(request, pk)
    refused = _refuse_action(request, app, "withdraw")
    if refused is not None:
        return refused
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                promotions.application_withdraw(actor=request.user, application=app,  # type: ignore[arg-type]
                                                reason=form.cleaned_data["reason"])
            except ServiceError as exc:
                form_error(form, exc, _refusal(exc))
                status = exc.status
            else:
                messages.success(request, _("申请已撤回。"))
                return redirect("web:application_detail", app.pk)
        else:
            status = 400
    return render(request, "web/journey/application_withdraw.html",
                  {"app": app, "form": form, "to_name": _level_name(app.to_level),
                   "from_name": _level_name(app.from_level)}, status=status)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application_or_refuse(request, pk)
    refused = _refuse_action(request, app, "submit")
    if refused is not None:
        return refused
    if "self" not in authority.capacities(actor=request.user, subject=app.employee):
        # HR may submit a draft it filed, but editing someone's own words is the applicant's alone.
        return render(request, "web/journey/application_refused.html",
                      {"app": app, "text": _("只有申请人本人可以修改自己的申请。"),
                       "to_name": _level_name(app.to_level)}, status=403)
    history = application_history(application=app)
    form = DraftForm(request.POST or None, initial={"statement": app.statement})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                if submit:
                    application_draft_submit(actor=request.user, application=app,  # type: ignore[arg-type]
                                             statement=form.cleaned_data["statement"], as_of=today())
                else:
                    application_draft_update(actor=request.user, application=app,  # type: ignore[arg-type]
                                             statement=form.cleaned_data["statement"])
            except ServiceError as exc:
                form_error(form, exc, _refusal(exc))
                status = exc.status
            else:
                messages.success(request, _("申请已重新提交，已通知直接上级评审。") if submit else _("草稿已保存。"))
                return redirect("web:application_detail", app.pk)
        else:
            status = 400
    return render(request, "web/journey/application_edit.html",
                  {"app": app, "form": form, "return_reason": application_return_reason(history=history),
                   "to_name": _level_name(app.to_level), "from_name": _level_name(app.from_level)},
                  status=status)


urlpatterns = [
    path("career/", career_map, name="career_map"),
    path("applications/", application_list, name="application_list"),
    path("applications/new/<str:move_id>/", application_new, name="application_new"),
    path("applications/<int:pk>/", application_detail, name="application_detail"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/edit/", application_edit, name="application_edit"),
]

# 我的晋升 is the employee's own page (home); those without an employee record have the employee list instead.
nav_register(NavEntry("home", gettext_lazy("我的晋升"), "home", frozenset(), order=0, needs_employee=True))
nav_register(NavEntry("applications", gettext_lazy("我的申请"), "application_list", frozenset(), order=10,
                      counts=lambda user: [applications_awaiting_applicant_queryset(user=user)]))
