"""careerpath demo --no-serve: loads the demo company and its logins, and can run again."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_view_employee, user_roles
from careerpath.people.models import Employee
from careerpath.web.services import DEMO_PASSWORD

from .helpers import row_counts

pytestmark = pytest.mark.django_db


def test_demo_runs_twice_without_duplicating_anything(capsys):
    call_command("demo", "--no-serve", "--employees", "40")
    first = row_counts()
    out = capsys.readouterr().out

    call_command("demo", "--no-serve", "--employees", "40")
    second = row_counts()

    assert first["employees"] == 40
    assert {k: v for k, v in second.items() if k != "import_batches"} == {
        k: v for k, v in first.items() if k != "import_batches"
    }
    assert second["import_batches"] == 2
    assert DEMO_PASSWORD in out
    for username in ("employee", "supervisor", "manager", "hr", "admin"):
        assert username in out
    assert get_user_model().objects.filter(username__in=[r.value for r in Role]).count() == len(Role)


def test_demo_logins_work_and_are_linked_sensibly(capsys):
    call_command("demo", "--no-serve", "--employees", "40")

    employee_user = authenticate(username="employee", password=DEMO_PASSWORD)
    supervisor_user = authenticate(username="supervisor", password=DEMO_PASSWORD)
    manager_user = authenticate(username="manager", password=DEMO_PASSWORD)
    admin_user = authenticate(username="admin", password=DEMO_PASSWORD)
    hr_user = authenticate(username="hr", password=DEMO_PASSWORD)
    assert None not in (employee_user, supervisor_user, manager_user, admin_user, hr_user)

    agent = Employee.objects.get(user=employee_user)
    assert Employee.objects.get(user=supervisor_user) == agent.supervisor
    assert Employee.objects.get(user=manager_user).department == agent.department
    assert can_view_employee(user=supervisor_user, employee=agent)
    assert can_view_employee(user=manager_user, employee=agent)
    assert not can_view_employee(user=employee_user, employee=agent.supervisor)
    assert admin_user.is_superuser and hr_user.is_staff and not hr_user.is_superuser
    assert Role.HR in user_roles(user=hr_user)
    assert not Employee.objects.filter(user=hr_user).exists()


def test_demo_rejects_a_bad_as_of_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as info:
        call_command("demo", "--no-serve", "--employees", "40", "--as-of", "2026-13-01")
    assert info.value.returncode == 2
