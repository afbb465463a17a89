"""A small company for the talent pages and services: a pool, a vacancy, and one login per role.

    from tests.web.talent_world import TalentWorld, build_talent, login

The clock is 2026-09-28 (a Monday). A 5-working-day posting made that day closes at the end of
2026-10-09 (National Day: 10-01 … 10-07 off), the working-day example of SPEC §5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from careerpath.calendars.services import calendar_seed
from careerpath.evidence import models as ev
from careerpath.org.services import headcount_set
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.talent import services as ts
from careerpath.talent.models import Posting
from tests.apiclient import make_user

PASSWORD = "pw-12345"
TODAY = date(2026, 9, 28)
CLOSES_ON = date(2026, 10, 9)
AFTER_CLOSING = date(2026, 10, 10)


@dataclass
class TalentWorld:
    center: Department
    dept: Department
    other: Department
    manager: Employee
    supervisor: Employee
    ready: Employee  # 高级客服专员 with every criterion of senior → supervisor met
    unready: Employee  # 高级客服专员 without the management_potential attestation
    far: Employee  # a ready 高级客服专员 of another department
    expert: Employee
    users: dict[str, Any]
    settings: Any

    def today(self, d: date) -> None:
        self.settings.CAREERPATH_TODAY = d.isoformat()

    def post(self, *, working_days: int = 5, department: Department | None = None) -> Posting:
        self.today(TODAY)
        return ts.posting_create(actor=self.users["hr"], level="supervisor", department=department or self.dept,
                                 working_days=working_days, today=TODAY, description="负责华东一部班组管理")


def _senior(no: str, name: str, dept: Department, sup: Employee | None, *, attested: bool) -> Employee:
    e = Employee.objects.create(employee_no=no, name=name, education="本科", hired_on=date(2020, 3, 1),
                                department=dept, supervisor=sup, confirmed_on=date(2020, 6, 1), gender="女")
    Position.objects.create(employee=e, level="senior", start_on=date(2024, 1, 1), reason="晋升")
    if attested:
        ev.Attestation.objects.create(employee=e, competency="management_potential", date=date(2026, 3, 1))
    return e


def build_talent(settings: Any) -> TalentWorld:
    settings.CAREERPATH_TODAY = TODAY.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    center = Department.objects.create(name="客服中心")
    dept = Department.objects.create(name="华东客服一部", parent=center)
    other = Department.objects.create(name="华南客服部", parent=center)
    mgr = Employee.objects.create(employee_no="M1", name="王经理", education="本科", hired_on=date(2015, 1, 1),
                                  department=dept)
    sup = Employee.objects.create(employee_no="S1", name="李主管", education="大专", hired_on=date(2018, 1, 1),
                                  department=dept, supervisor=mgr)
    Position.objects.create(employee=mgr, level="manager", start_on=date(2020, 1, 1))
    Position.objects.create(employee=sup, level="supervisor", start_on=date(2021, 1, 1))
    ready = _senior("E1", "陈晓红", dept, sup, attested=True)
    unready = _senior("E2", "刘洋", dept, sup, attested=False)
    far = _senior("E3", "赵敏", other, None, attested=True)
    expert = Employee.objects.create(employee_no="E4", name="周杰", education="本科", hired_on=date(2016, 1, 1),
                                     department=dept, supervisor=sup)
    Position.objects.create(employee=expert, level="expert", start_on=date(2023, 1, 1))
    headcount_set(actor=None, department=dept, level="supervisor", planned=2)  # one occupied, one vacant
    users = {
        "hr": make_user("hr", "hr"),
        "hr2": make_user("hr2", "hr"),
        "manager": make_user("manager", "manager", "employee", employee=mgr),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=sup),
        "ready": make_user("ready", "employee", employee=ready),
        "unready": make_user("unready", "employee", employee=unready),
        "far": make_user("far", "employee", employee=far),
        "expert": make_user("expert", "employee", employee=expert),
        "admin": make_user("admin", "admin"),
    }
    return TalentWorld(center, dept, other, mgr, sup, ready, unready, far, expert, users, settings)


def login(client: Any, w: TalentWorld, who: str) -> Any:
    assert client.login(username=who, password=PASSWORD)
    return w.users[who]
