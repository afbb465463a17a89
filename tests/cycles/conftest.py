"""A company for the cycle and placement tests: two regions, managers, candidates with known scores.

Cycle 2026 is evaluated as of 2026-12-31, so the evidence window is the calendar year 2026. Every
intermediate made ready here is eligible for senior on that date; their exam (E) and appraisal (A)
scores are chosen per test, and their business completion B is 100 (the workload criterion already
demands 500 tickets a month, which is B's target).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from careerpath.calendars.services import calendar_seed
from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import Api, make_user  # noqa: F401 - re-exported for the tests

AS_OF = date(2026, 12, 31)
OPENED = "2026-11-02"  # a Monday; 7 working days end on 2026-11-10
DEADLINE = date(2026, 11, 10)


def person(no: str, dept: Department | None, *, level: str | None, since: date = date(2025, 1, 1),
           hired: date = date(2020, 1, 1), education: str = "大专", name: str | None = None,
           cs_start: date | None = None, supervisor: Employee | None = None) -> Employee:
    emp = Employee.objects.create(employee_no=no, name=name or f"员工{no}", education=education, hired_on=hired,
                                  department=dept, confirmed_on=hired, cs_start_on=cs_start, supervisor=supervisor)
    if level is not None:
        Position.objects.create(employee=emp, level=level, start_on=since, reason="入职")
    return emp


def make_senior_ready(emp: Employee, *, exam: float = 80, appraisal: float = 80, tickets: int = 520) -> None:
    """Facts that make an intermediate eligible for senior on AS_OF, with the given E and A."""
    for code in ("office_ppt_functions", "learning_adaptability"):
        ev.Attestation.objects.create(employee=emp, competency=code, date=date(2026, 2, 1))
    mentee = Employee.objects.create(employee_no=f"{emp.employee_no}-M", name="新人", education="大专",
                                     hired_on=date(2026, 1, 5), department=emp.department)
    ev.Mentorship.objects.create(mentor=emp, mentee=mentee, start_on=date(2026, 1, 5),
                                 independent_on=date(2026, 4, 1))
    ev.Praise.objects.create(employee=emp, date=date(2026, 3, 1), source="customer", customer="顺丰客户")
    ev.Praise.objects.create(employee=emp, date=date(2026, 3, 2), source="internal")
    ev.Training.objects.create(employee=emp, program="储备干部培训", date=date(2026, 5, 10), result="passed")
    for m in range(1, 13):
        ev.MetricMonth.objects.create(employee=emp, month=date(2026, m, 1), values={"tickets": tickets})
    ev.Appraisal.objects.create(employee=emp, year=2026, score=appraisal)
    ev.Exam.objects.create(employee=emp, exam="技术评定考试", date=date(2026, 6, 1), score=exam, passed=True)


def make_intermediate_ready(emp: Employee, *, tickets: int = 300, exam: float = 75) -> None:
    """Facts that make a junior eligible for intermediate on AS_OF (no workload criterion: B varies)."""
    for code in ("independent_operation", "routine_exceptions"):
        ev.Attestation.objects.create(employee=emp, competency=code, date=date(2026, 1, 5))
    mentee = Employee.objects.create(employee_no=f"{emp.employee_no}-M", name="新人", education="大专",
                                     hired_on=date(2026, 1, 5), department=emp.department)
    ev.Mentorship.objects.create(mentor=emp, mentee=mentee, start_on=date(2026, 1, 5),
                                 independent_on=date(2026, 4, 1))
    ev.Praise.objects.create(employee=emp, date=date(2026, 3, 1), source="internal")
    ev.Exam.objects.create(employee=emp, exam="技术评定考试", date=date(2026, 6, 1), score=exam, passed=True)
    for m in range(1, 7):
        ev.MetricMonth.objects.create(employee=emp, month=date(2026, m, 1), values={"tickets": tickets})


@dataclass
class World:
    region: Department  # 华东客服部, parent of east
    east: Department  # 华东客服一部
    south: Department  # 华南客服部
    people: dict[str, Employee] = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def api(self, who: str) -> Api:
        return Api(self.users[who])


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    settings.CAREERPATH_TODAY = OPENED
    calendar_seed(years=[2025, 2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    region = Department.objects.create(name="华东客服部")
    east = Department.objects.create(name="华东客服一部", parent=region)
    south = Department.objects.create(name="华南客服部")
    w = World(region, east, south)
    w.people["M0"] = person("M0", region, level="deputy_director", since=date(2019, 1, 1), hired=date(2010, 1, 1),
                            name="区域总监", education="本科")
    w.people["M1"] = person("M1", east, level="manager", since=date(2020, 1, 1), name="王经理", education="本科")
    w.people["M2"] = person("M2", south, level="manager", since=date(2020, 1, 1), name="陈经理", education="本科")
    w.users = {
        "hr": make_user("hr", "hr"),
        "committee": make_user("committee", "committee"),
        "vp": make_user("vp", "vp"),
        "mgr0": make_user("mgr0", "manager", "employee", employee=w.people["M0"]),
        "mgr1": make_user("mgr1", "manager", "employee", employee=w.people["M1"]),
        "mgr2": make_user("mgr2", "manager", "employee", employee=w.people["M2"]),
    }
    return w


def senior_candidates(w: World, specs: dict[str, tuple[Department, float, float]]) -> None:
    """Create intermediates ready for senior: 工号 → (department, exam E, appraisal A)."""
    for no, (dept, exam, appraisal) in specs.items():
        w.people[no] = person(no, dept, level="intermediate", since=date(2025, 1, 1), name=f"候选{no}")
        make_senior_ready(w.people[no], exam=exam, appraisal=appraisal)
