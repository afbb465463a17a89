"""A small company for recognition: two departments with October 2026 metrics, and one login per role.

    from tests.recognition.world import RecognitionWorld, build_world

The clock is 2026-11-05; the round under test is 月度服务明星 of 2026-10 (satisfaction, top 1 per department,
at least 500 tickets or 600,000 yuan, complaint rate ≤ 1%, no incident in the month).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from careerpath.calendars.services import calendar_seed
from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

TODAY = date(2026, 11, 5)
OCTOBER = date(2026, 10, 1)


@dataclass
class RecognitionWorld:
    east: Department
    south: Department
    people: dict[str, Employee]
    users: dict[str, Any]


def _person(no: str, name: str, dept: Department, *, sat: float, tickets: float, complaints: float = 0.002,
            level: str = "intermediate") -> Employee:
    e = Employee.objects.create(employee_no=no, name=name, education="本科", hired_on=date(2021, 3, 1),
                                department=dept, confirmed_on=date(2021, 6, 1))
    Position.objects.create(employee=e, level=level, start_on=date(2023, 1, 1), reason="晋升")
    ev.MetricMonth.objects.create(employee=e, month=OCTOBER, values={
        "satisfaction": sat, "tickets": tickets, "amount": tickets * 1000, "complaint_rate": complaints})
    return e


def build_world(settings: Any) -> RecognitionWorld:
    settings.CAREERPATH_TODAY = TODAY.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    center = Department.objects.create(name="客服中心")
    east = Department.objects.create(name="华东客服一部", parent=center)
    south = Department.objects.create(name="华南客服部", parent=center)
    mgr = Employee.objects.create(employee_no="M1", name="王经理", education="本科", hired_on=date(2015, 1, 1),
                                  department=east)
    Position.objects.create(employee=mgr, level="manager", start_on=date(2020, 1, 1))
    people = {
        "best": _person("E1", "陈晓红", east, sat=0.985, tickets=620),
        "second": _person("E2", "刘洋", east, sat=0.97, tickets=540),
        "busy_but_complained": _person("E3", "孙丽", east, sat=0.99, tickets=700, complaints=0.02),
        "light": _person("E4", "周杰", east, sat=0.995, tickets=300),
        "south": _person("E5", "赵敏", south, sat=0.96, tickets=510),
        "incident": _person("E6", "吴刚", south, sat=0.99, tickets=650),
    }
    ev.Incident.objects.create(employee=people["incident"], date=date(2026, 10, 12), type="重大投诉", note="客户投诉")
    users = {
        "hr": make_user("hr", "hr"),
        "vp": make_user("vp", "vp"),
        "manager": make_user("manager", "manager", "employee", employee=mgr),
        "best": make_user("best", "employee", employee=people["best"]),
        "south": make_user("south", "employee", employee=people["south"]),
        "admin": make_user("admin", "admin"),
    }
    return RecognitionWorld(east, south, people, users)
