"""A small company for the journey's page tests (imported by tests/web/test_journey_*.py).

One department with a manager (M1), their supervisor (S1), an agent eligible for intermediate (E1, 张三) and a
teammate who is not (E2, 李四); someone in another department (E9); HR and the committee without an employee.
"Today" is the procedures' AS_OF (2026-09-28), with the logistics preset published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import AbstractBaseUser

from careerpath.calendars.services import calendar_seed
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application
from tests.apiclient import make_user
from tests.procedures.conftest import AS_OF, make_reporting_line

STATEMENT = "本人已能独立处理常规异常与投诉，带出新人一名，申请晋升为中级客服专员。"


@dataclass
class Company:
    dept: Department
    manager: Employee
    supervisor: Employee
    agent: Employee  # eligible for junior → intermediate
    teammate: Employee  # same supervisor, not eligible
    far: Employee  # another department
    users: dict[str, AbstractBaseUser]

    def apply(self, who: str = "agent", employee: Employee | None = None) -> Application:
        """The agent's application, submitted (through the services, as the form does)."""
        employee = employee or self.agent
        app = ps.application_create(actor=self.users[who], employee=employee, to_level="intermediate",
                                    statement=STATEMENT)
        return ps.application_submit(actor=self.users[who], application=app, as_of=AS_OF)


@pytest.fixture
def company(db, settings) -> Company:  # noqa: ANN001
    return company_build(settings)


def company_build(settings) -> Company:  # noqa: ANN001
    """The company, for a fixture that already holds the database (the browser tests' live server)."""
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    dept = Department.objects.create(name="华东客服一部")
    other = Department.objects.create(name="华南客服部")
    manager, supervisor, agent = make_reporting_line(dept)
    teammate = Employee.objects.create(employee_no="E2", name="李四", education="大专", hired_on=date(2024, 3, 1),
                                       department=dept, supervisor=supervisor, confirmed_on=date(2024, 6, 1))
    Position.objects.create(employee=teammate, level="junior", start_on=date(2026, 3, 1), reason="晋升")
    far = Employee.objects.create(employee_no="E9", name="赵六", education="大专", hired_on=date(2023, 3, 1),
                                  department=other)
    Position.objects.create(employee=far, level="junior", start_on=date(2024, 1, 1))
    users = {
        "agent": make_user("agent", "employee", employee=agent),
        "teammate": make_user("teammate", "employee", employee=teammate),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=supervisor),
        "manager": make_user("manager", "manager", "employee", employee=manager),
        "far": make_user("far", "employee", employee=far),
        "hr": make_user("hr", "hr"),
        "committee": make_user("committee", "committee"),
    }
    return Company(dept, manager, supervisor, agent, teammate, far, users)
