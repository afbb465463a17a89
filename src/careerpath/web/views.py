"""Pages: the employee's own career page, the scoped employee list, any employee's page, the
notifications, and the error pages (403/404/500) in the product's look."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_POST

from careerpath.accounts.selectors import (
    can_list_employees,
    can_view_employee,
    employees_visible_to,
    user_employee,
)
from careerpath.people.models import Employee
from careerpath.people.selectors import employee_get, employee_search
from careerpath.promotions.models import Notification
from careerpath.promotions.selectors import notifications_for
from careerpath.promotions.services import notifications_mark_read
from careerpath.web.pages.journey import career_page


def _render_career(request: HttpRequest, employee: Employee, *, own: bool) -> HttpResponse:
    # The employee's page is part of the journey (web/pages/journey.py): career map, checklists, applying.
    # The navigation (what this person may open) comes from the layout's context processor.
    return career_page(request, employee, own=own)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    if me is not None:
        return _render_career(request, me, own=True)
    if can_list_employees(user=request.user):
        return redirect("web:employee_list")
    return render(request, "web/no_employee.html", status=200)


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    if not can_list_employees(user=request.user):
        raise PermissionDenied
    query = request.GET.get("q", "")
    employees = employee_search(queryset=employees_visible_to(user=request.user), query=query)
    return render(request, "web/employee_list.html", {"employees": employees, "q": query})


@login_required
def employee_detail(request: HttpRequest, employee_no: str) -> HttpResponse:
    employee = employee_get(employee_no=employee_no)
    if employee is None or not can_view_employee(user=request.user, employee=employee):
        # Only someone allowed to browse gets a 404; others cannot probe which 工号 exist.
        if employee is None and can_list_employees(user=request.user):
            raise Http404
        raise PermissionDenied
    return _render_career(request, employee, own=employee.user_id == request.user.pk)


def _notifications_context(items: list[Notification]) -> dict[str, object]:
    return {"notifications": items, "has_unread": any(n.read_at is None for n in items)}


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = notifications_for(user=request.user)
    # An HTMX request (the mark-read button) gets only the list back, swapped in place.
    template = "web/_notification_list.html" if request.htmx else "web/notifications.html"
    return render(request, template, _notifications_context(items))


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user, now=timezone.now())
    if request.htmx:
        return render(request, "web/_notification_list.html",
                      _notifications_context(notifications_for(user=request.user)))
    return redirect("web:notifications")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: whatever broke (the database, a selector)
    # must not break the error page too. The template needs nothing but static files.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
