"""A small company for the procedure tests: one department, a manager, a supervisor, agents, and HR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from careerpath.calendars.services import calendar_seed
from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import Api, make_user  # noqa: F401 - re-exported for the tests

AS_OF = date(2026, 9, 28)


def make_eligible_junior(emp: Employee) -> None:
    """Facts that make a junior eligible for intermediate on AS_OF (window 2025-09-29 … 2026-09-28)."""
    Position.objects.create(employee=emp, level="junior", start_on=date(2025, 6, 1), reason="晋升")
    for code in ("independent_operation", "routine_exceptions"):
        ev.Attestation.objects.create(employee=emp, competency=code, date=date(2026, 1, 5))
    mentee = Employee.objects.create(employee_no=f"{emp.employee_no}-M", name="新人", education="大专",
                                     hired_on=date(2026, 1, 1), department=emp.department)
    Position.objects.create(employee=mentee, level="assistant", start_on=date(2026, 1, 1), reason="入职")
    ev.Mentorship.objects.create(mentor=emp, mentee=mentee, start_on=date(2026, 1, 5),
                                 independent_on=date(2026, 4, 1))
    ev.Praise.objects.create(employee=emp, date=date(2026, 3, 1), source="internal")
    ev.Exam.objects.create(employee=emp, exam="技术评定考试", date=date(2026, 6, 1), score=86, passed=True)


def make_reporting_line(dept: Department) -> tuple[Employee, Employee, Employee]:
    """A manager (M1), their supervisor (S1) and an agent (E1) eligible for intermediate on AS_OF."""
    mgr = Employee.objects.create(employee_no="M1", name="王经理", education="本科", hired_on=date(2015, 1, 1),
                                  department=dept)
    sup = Employee.objects.create(employee_no="S1", name="李主管", education="大专", hired_on=date(2018, 1, 1),
                                  department=dept, supervisor=mgr)
    agent = Employee.objects.create(employee_no="E1", name="张三", education="大专", hired_on=date(2023, 3, 1),
                                    department=dept, supervisor=sup, confirmed_on=date(2023, 6, 1))
    Position.objects.create(employee=mgr, level="manager", start_on=date(2020, 1, 1))
    Position.objects.create(employee=sup, level="supervisor", start_on=date(2021, 1, 1))
    make_eligible_junior(agent)
    return mgr, sup, agent


@dataclass
class Company:
    dept: Department
    manager: Employee
    supervisor: Employee
    agent: Employee
    other_agent: Employee
    users: dict


@pytest.fixture
def company(db, settings) -> Company:  # noqa: ANN001
    # The procedures run "today" = AS_OF unless a test moves the clock (settings.CAREERPATH_TODAY).
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    d = Department.objects.create(name="华东客服一部")
    other = Department.objects.create(name="华南客服部")
    mgr, sup, agent = make_reporting_line(d)
    far = Employee.objects.create(employee_no="E9", name="赵六", education="大专", hired_on=date(2023, 3, 1),
                                  department=other)
    Position.objects.create(employee=far, level="junior", start_on=date(2024, 1, 1))
    users = {
        "agent": make_user("agent", "employee", employee=agent),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=sup),
        "manager": make_user("manager", "manager", "employee", employee=mgr),
        "hr": make_user("hr", "hr"),
        "committee": make_user("committee", "committee"),
        "vp": make_user("vp", "vp"),
        "far": make_user("far", "employee", employee=far),
        "outsider_supervisor": make_user("outsider", "supervisor"),
        "admin": make_user("admin", "admin"),
    }
    return Company(d, mgr, sup, agent, far, users)
