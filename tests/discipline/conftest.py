"""A small company for the discipline tests: two departments, a manager, supervisors, agents at every
allowance-relevant level, HR and an admin. Users belong to groups named by the Role values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from careerpath.people.models import Department, Employee, Position
from tests.apiclient import Api, make_user  # noqa: F401 - re-exported for the tests

TODAY = "2026-11-27"


def employee(no: str, name: str, level: str, *, department: Department, supervisor: Employee | None = None,
             since: date = date(2024, 1, 1)) -> Employee:
    e = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2020, 1, 1),
                                department=department, supervisor=supervisor)
    Position.objects.create(employee=e, level=level, start_on=since, reason="入职")
    return e


@dataclass
class Company:
    east: Department
    south: Department
    manager: Employee  # M1, manager of 华东 (level manager)
    supervisor: Employee  # S1, supervisor of E1–E3 in 华东
    senior: Employee  # E1
    expert: Employee  # E2
    intermediate: Employee  # E3
    south_supervisor: Employee  # S2 in 华南, supervisor of E9
    south_junior: Employee  # E9
    users: dict


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path: Path) -> None:
    # Uploaded evidence goes to a temporary folder; the clock is pinned so dates are reproducible.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CAREERPATH_TODAY = TODAY
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test users only


@pytest.fixture
def company(db) -> Company:  # noqa: ANN001
    east = Department.objects.create(name="华东客服一部")
    south = Department.objects.create(name="华南客服部")
    m1 = employee("M1", "王经理", "manager", department=east)
    s1 = employee("S1", "李主管", "supervisor", department=east, supervisor=m1)
    e1 = employee("E1", "张三", "senior", department=east, supervisor=s1)
    e2 = employee("E2", "钱七", "expert", department=east, supervisor=s1)
    e3 = employee("E3", "孙八", "intermediate", department=east, supervisor=s1)
    s2 = employee("S2", "周主管", "supervisor", department=south)
    e9 = employee("E9", "赵六", "junior", department=south, supervisor=s2)
    users = {
        "hr": make_user("hr", "hr"),
        "manager": make_user("manager", "manager", "employee", employee=m1),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=s1),
        "south_supervisor": make_user("south_supervisor", "supervisor", "employee", employee=s2),
        "senior": make_user("senior", "employee", employee=e1),
        "admin": make_user("admin", "admin"),
    }
    return Company(east, south, m1, s1, e1, e2, e3, s2, e9, users)
