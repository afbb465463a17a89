"""Pages: the logged-in employee's own career page, the scoped employee list and any employee's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from careerpath.accounts.selectors import (
    can_list_employees,
    can_view_employee,
    employees_visible_to,
    user_employee,
)
from careerpath.clock import today
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee
from careerpath.people.selectors import employee_get, employee_search
from careerpath.web.selectors import employee_career


def _render_career(request: HttpRequest, employee: Employee, *, own: bool) -> HttpResponse:
    career = employee_career(
        employee=employee, policy=policy_get(), as_of=today(), lang=engine_lang()
    )
    context = {"career": career, "own": own, "can_list": can_list_employees(user=request.user)}
    return render(request, "web/employee.html", context)


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
    return render(request, "web/employee_list.html", {"employees": employees, "q": query, "can_list": True})


@login_required
def employee_detail(request: HttpRequest, employee_no: str) -> HttpResponse:
    employee = employee_get(employee_no=employee_no)
    if employee is None or not can_view_employee(user=request.user, employee=employee):
        # Only someone allowed to browse gets a 404; others cannot probe which 工号 exist.
        if employee is None and can_list_employees(user=request.user):
            raise Http404
        raise PermissionDenied
    return _render_career(request, employee, own=employee.user_id == request.user.pk)
