"""The demo's ``employee`` login has something on 我的晋升 / 我的申请 (an eligible move or an application)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from careerpath.people.models import Employee
from careerpath.promotions.models import Application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("employees", [40, 120])
def test_the_demo_employee_has_a_move_to_apply_for_or_an_application(client, employees, capsys):
    call_command("demo", "--no-serve", "--employees", str(employees))
    out = capsys.readouterr().out
    employee = Employee.objects.get(user__username="employee")
    client.force_login(employee.user)
    html = client.get("/").content.decode()
    applications = Application.objects.filter(employee=employee)
    if applications.exists():
        # a draft: it is listed and waits for them
        assert "我的申请：" in out and reverse("web:application_detail", args=[applications.first().pk]) in html
    else:
        assert "我的晋升：" in out and 'data-testid="apply-' in html
    # and running the demo again adds nothing
    call_command("demo", "--no-serve", "--employees", str(employees))
    assert Application.objects.filter(employee=employee).count() == applications.count()
