"""Notifications pages: a person's 通知设置, HR's department group robots and failed deliveries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.errors import InvalidInput, ServiceError
from careerpath.notifications import selectors as sel
from careerpath.notifications import services
from careerpath.notifications.events import EVENTS
from careerpath.notifications.models import Robot
from careerpath.web.pages.notifications_forms import PreferencesForm, RobotForm


def _require_hr(request: HttpRequest) -> None:
    if not user_roles(user=request.user) & {Role.HR, Role.ADMIN}:
        raise PermissionDenied


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    current = services.preferences_of(user=request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(actor=request.user, email=form.choices())
        messages.success(request, _("通知设置已保存。"))
        return redirect("web:notification_settings")
    rows = [(EVENTS[k], form[f"email_{k}"]) for k in EVENTS]
    return render(request, "web/notifications/settings.html", {
        "form": form, "rows": rows, "address": request.user.email,
        "deliveries": sel.deliveries_of(user=request.user)})


def _robot_rows() -> list[dict]:
    labels = {k: e.label for k, e in EVENTS.items()}
    return [{"robot": r, "token": services.mask(r.token), "secret": services.mask(r.secret),
             "events": [labels.get(e, e) for e in r.events]} for r in sel.robots_list()]


@login_required
def robots_page(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    return render(request, "web/notifications/robots.html", {"rows": _robot_rows()})


def _robot_form_page(request: HttpRequest, robot: Robot | None) -> HttpResponse:
    initial = ({"department": robot.department_id, "vendor": robot.vendor, "name": robot.name,
                "events": robot.events, "active": robot.active} if robot else {"events": ["notice"], "active": True})
    form = RobotForm(request.POST or None, initial=initial,
                     masked_token=services.mask(robot.token) if robot else "",
                     masked_secret=services.mask(robot.secret) if robot else "")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.robot_save(actor=request.user, robot=robot, department=d["department"], vendor=d["vendor"],
                                    name=d["name"], events=d["events"], token=d["token"], secret=d["secret"],
                                    active=d["active"])
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("群机器人已保存。"))
                return redirect("web:notification_robots")
    return render(request, "web/notifications/robot_form.html", {"form": form, "robot": robot}, status=status)


@login_required
def robot_new(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    return _robot_form_page(request, None)


def _robot(pk: int) -> Robot:
    robot = sel.robot_get(pk=pk)
    if robot is None:
        raise Http404
    return robot


@login_required
def robot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    return _robot_form_page(request, _robot(pk))


@login_required
@require_POST
def robot_test(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    robot = _robot(pk)
    services.robot_test(actor=request.user, robot=robot)
    messages.success(request, _("测试消息已交给后台发送，稍后请在群里查看；发送失败会列在“通知发送失败”中。"))
    return redirect("web:notification_robots")


@login_required
@require_POST
def robot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    services.robot_delete(actor=request.user, robot=_robot(pk))
    messages.success(request, _("群机器人已删除。"))
    return redirect("web:notification_robots")


@login_required
def failures_page(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    return render(request, "web/notifications/failures.html", {"failures": sel.failures_list()})


@login_required
@require_POST
def failure_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    d = sel.delivery_get(pk=pk)
    if d is None:
        raise Http404
    try:
        services.delivery_retry(actor=request.user, delivery=d)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已重新交给后台发送。"))
    return redirect("web:notification_failures")
