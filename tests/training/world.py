"""A small company for the training services, API and pages: a team, a trainer, HR and two programs.

    from tests.training.world import TrainingWorld, build_training

The clock is 2026-09-28 (a Monday); the 储备干部培训 session is on 2026-10-12, the day after is AFTER.
陈晓红 (E1) is a 中级客服专员 whose checklist for 高级客服专员 lacks the 储备干部参训 criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from careerpath.calendars.services import calendar_seed
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.training import services as ts
from careerpath.training.models import Program, Session
from tests.apiclient import make_user

PASSWORD = "pw-12345"
TODAY = date(2026, 9, 28)
SESSION_DAY = date(2026, 10, 12)
AFTER = date(2026, 10, 13)


@dataclass
class TrainingWorld:
    dept: Department
    other: Department
    supervisor: Employee
    e1: Employee
    e2: Employee
    far: Employee
    trainer_emp: Employee
    users: dict[str, Any]
    reserve: Program
    basics: Program
    session: Session
    settings: Any

    def today(self, d: date) -> None:
        self.settings.CAREERPATH_TODAY = d.isoformat()


def build_training(settings: Any, *, capacity: int = 2) -> TrainingWorld:
    settings.CAREERPATH_TODAY = TODAY.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    center = Department.objects.create(name="客服中心")
    dept = Department.objects.create(name="华东客服一部", parent=center)
    other = Department.objects.create(name="华南客服部", parent=center)
    sup = Employee.objects.create(employee_no="S1", name="李主管", education="大专", hired_on=date(2018, 1, 1),
                                  department=dept)
    Position.objects.create(employee=sup, level="supervisor", start_on=date(2021, 1, 1))

    def agent(no: str, name: str, d: Department, boss: Employee | None) -> Employee:
        e = Employee.objects.create(employee_no=no, name=name, education="本科", hired_on=date(2021, 3, 1),
                                    department=d, supervisor=boss, confirmed_on=date(2021, 6, 1), gender="女")
        Position.objects.create(employee=e, level="intermediate", start_on=date(2024, 1, 1), reason="晋升")
        return e

    e1 = agent("E1", "陈晓红", dept, sup)
    e2 = agent("E2", "刘洋", dept, sup)
    far = agent("E3", "赵敏", other, None)
    trainer_emp = Employee.objects.create(employee_no="T1", name="孙培训", education="本科", hired_on=date(2015, 1, 1),
                                          department=center)
    users = {
        "hr": make_user("hr", "hr"),
        "admin": make_user("admin", "admin"),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=sup),
        "e1": make_user("e1", "employee", employee=e1),
        "e2": make_user("e2", "employee", employee=e2),
        "far": make_user("far", "employee", employee=far),
        "trainer": make_user("trainer", "employee", employee=trainer_emp),
    }
    hr = users["hr"]
    reserve = ts.program_create(actor=hr, name="储备干部培训", name_en="Reserve cadre training",
                                evidence_program="储备干部培训", prepares_for="senior",
                                description="面向高级客服专员及以上晋升的管理基础课程")
    basics = ts.program_create(actor=hr, name="沟通技巧", name_en="Communication skills")
    session = ts.session_create(actor=hr, program=reserve, starts_on=SESSION_DAY, place="总部三楼培训室",
                                capacity=capacity, time="09:00–17:00", trainer=users["trainer"])
    return TrainingWorld(dept, other, sup, e1, e2, far, trainer_emp, users, reserve, basics, session, settings)


def login(client: Any, w: TrainingWorld, who: str) -> Any:
    assert client.login(username=who, password=PASSWORD)
    return w.users[who]
