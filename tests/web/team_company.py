"""A small company for the team overview tests: two departments (one with a sub-department), a manager,
two supervisors, agents who are eligible now, eligible soon and blocked, and HR.

On AS_OF (2026-09-28; evidence window 2025-09-29 … 2026-09-28), for junior → intermediate:
- E1 is eligible now;
- E2 waits only for the tenure in level (started 2025-11-15: met on 2026-11-15, within 3 months);
- E3 lacks the attestation ``routine_exceptions`` (needs something new: blocked);
- E4 (under supervisor S2, in the sub-department) is eligible now;
- E9 (another department, no supervisor) is blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careerpath.calendars.services import calendar_seed
from careerpath.evaluation.team import team_memo_clear
from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

AS_OF = date(2026, 9, 28)
PASSWORD = "pw-12345"


def agent(no: str, name: str, dept: Department, supervisor: Employee | None, *, level_start: date = date(2025, 6, 1),
          attest: tuple[str, ...] = ("independent_operation", "routine_exceptions")) -> Employee:
    """A junior with everything for intermediate except what the arguments leave out."""
    emp = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2023, 3, 1),
                                  department=dept, supervisor=supervisor, confirmed_on=date(2023, 6, 1))
    Position.objects.create(employee=emp, level="junior", start_on=level_start, reason="晋升")
    for code in attest:
        ev.Attestation.objects.create(employee=emp, competency=code, date=date(2026, 1, 5))
    mentee = Employee.objects.create(employee_no=f"{no}-M", name=f"{name}的新人", education="大专",
                                     hired_on=date(2026, 1, 1), department=dept, status="left")
    ev.Mentorship.objects.create(mentor=emp, mentee=mentee, start_on=date(2026, 1, 5), independent_on=date(2026, 4, 1))
    ev.Praise.objects.create(employee=emp, date=date(2026, 3, 1), source="internal")
    ev.Exam.objects.create(employee=emp, exam="技术评定考试", date=date(2026, 6, 1), score=86, passed=True)
    return emp


@dataclass
class TeamCompany:
    dept: Department
    sub: Department
    other: Department
    people: dict[str, Employee]
    users: dict


def build_team_company(settings) -> TeamCompany:  # noqa: ANN001
    """The company; each test module wraps it in its own ``team_company`` fixture (with ``db``)."""
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    team_memo_clear()  # rows another test's view built must not be read here
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    dept = Department.objects.create(name="华东客服一部")
    sub = Department.objects.create(name="华东客服一部·夜班", parent=dept)
    other = Department.objects.create(name="华南客服部")
    mgr = Employee.objects.create(employee_no="M1", name="王经理", education="本科", hired_on=date(2015, 1, 1),
                                  department=dept)
    s1 = Employee.objects.create(employee_no="S1", name="李主管", education="大专", hired_on=date(2018, 1, 1),
                                 department=dept, supervisor=mgr)
    s2 = Employee.objects.create(employee_no="S2", name="周主管", education="大专", hired_on=date(2018, 1, 1),
                                 department=sub, supervisor=mgr)
    for e, level in ((mgr, "manager"), (s1, "supervisor"), (s2, "supervisor")):
        Position.objects.create(employee=e, level=level, start_on=date(2021, 1, 1))
    people = {
        "M1": mgr, "S1": s1, "S2": s2,
        "E1": agent("E1", "张三", dept, s1),
        "E2": agent("E2", "李四", dept, s1, level_start=date(2025, 11, 15)),
        "E3": agent("E3", "王五", dept, s1, attest=("independent_operation",)),
        "E4": agent("E4", "赵六", sub, s2),
        "E9": agent("E9", "钱七", other, None, attest=()),
    }
    users = {
        "agent": make_user("agent", "employee", employee=people["E1"]),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=s1),
        "supervisor2": make_user("supervisor2", "supervisor", "employee", employee=s2),
        "manager": make_user("manager", "manager", "employee", employee=mgr),
        "hr": make_user("hr", "hr"),
        "committee": make_user("committee", "committee"),
    }
    return TeamCompany(dept, sub, other, people, users)


def login(client, company: TeamCompany, who: str):  # noqa: ANN001, ANN201
    client.force_login(company.users[who])
    return company.users[who]


def row_status(html: str) -> dict[str, str]:
    """工号 → the row's status, from the rendered table (data-status on each row)."""
    out = {}
    for chunk in html.split('data-testid="team-row"')[1:]:
        status = chunk.split('data-status="', 1)[1].split('"', 1)[0]
        no = chunk.split('class="muted small">', 1)[1].split(" ", 1)[0]
        out[no] = status
    return out
