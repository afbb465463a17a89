"""A small company for the approvals pages, and a helper that drives applications to any state.

    from tests.web.approvals_world import advance, build_world

    @pytest.fixture
    def world(db, settings):
        return build_world(settings)

Everything goes through the real services on the procedure tests' calendar: reviews on 2026-09-28, a
5-working-day notice 09-28 … 10-09, closed on 10-10, letters issued 10-12, effective 10-16 (probation
until 2027-01-16). Pages are then looked at "today" = 2026-10-12 unless a test moves the clock.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careerpath.calendars.services import calendar_seed
from careerpath.core.workflow import State
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application, Notice
from tests.apiclient import make_user
from tests.procedures.conftest import AS_OF, make_eligible_junior

PASSWORD = "pw-12345"  # tests.apiclient.make_user's
PUBLISHED = AS_OF  # 2026-09-28
NOTICE_LAST_DAY = date(2026, 10, 9)
CLOSED_ON = date(2026, 10, 10)
ISSUED_ON = date(2026, 10, 12)
EFFECTIVE_ON = date(2026, 10, 16)
PROBATION_ENDS = date(2027, 1, 16)
PAGE_DAY = "2026-10-12"

# The order the procedure goes through, from the state the reviews leave the application in.
AFTER_REVIEW = [State.IN_NOTICE, State.NOTICE_CLOSED, State.HR_APPROVED, State.LETTER_ISSUED, State.IN_PROBATION]


@dataclass
class World:
    dept: Department
    manager: Employee
    supervisor: Employee
    agents: list[Employee]
    users: dict[str, Any]
    settings: Any
    notices: list[Notice] = field(default_factory=list)

    def agent(self, i: int) -> Employee:
        return self.agents[i]


def _agent(no: str, name: str, dept: Department, sup: Employee) -> Employee:
    emp = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2023, 3, 1),
                                  department=dept, supervisor=sup, confirmed_on=date(2023, 6, 1), gender="女")
    make_eligible_junior(emp)
    return emp


def build_world(settings: Any) -> World:
    """The company, its calendar and policy, and one login per role (call it from a ``world`` fixture)."""
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    dept = Department.objects.create(name="华东客服一部")
    other = Department.objects.create(name="华南客服部")
    mgr = Employee.objects.create(employee_no="M1", name="王经理", education="本科", hired_on=date(2015, 1, 1),
                                  department=dept)
    sup = Employee.objects.create(employee_no="S1", name="李主管", education="大专", hired_on=date(2018, 1, 1),
                                  department=dept, supervisor=mgr)
    Position.objects.create(employee=mgr, level="manager", start_on=date(2020, 1, 1))
    Position.objects.create(employee=sup, level="supervisor", start_on=date(2021, 1, 1))
    names = ["张三", "陈晓红", "刘洋", "赵敏", "周杰", "吴芳"]
    agents = [_agent(f"E{i + 1}", n, dept, sup) for i, n in enumerate(names)]
    far = Employee.objects.create(employee_no="E9", name="赵六", education="大专", hired_on=date(2023, 3, 1),
                                  department=other)
    Position.objects.create(employee=far, level="junior", start_on=date(2024, 1, 1))
    users = {
        "agent": make_user("agent", "employee", employee=agents[0]),
        "agent2": make_user("agent2", "employee", employee=agents[1]),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=sup),
        "manager": make_user("manager", "manager", "employee", employee=mgr),
        "hr": make_user("hr", "hr"),
        "hr2": make_user("hr2", "hr"),
        "far": make_user("far", "employee", employee=far),
        "admin": make_user("admin", "admin"),
    }
    return World(dept, mgr, sup, agents, users, settings)


def reviewed(w: World, emp: Employee) -> Application:
    """A submitted application, reviewed by the supervisor and the manager (ready for the notice)."""
    w.settings.CAREERPATH_TODAY = AS_OF.isoformat()
    u = w.users
    app = ps.application_create(actor=u["hr"], employee=emp, to_level="intermediate", statement="申请晋升为中级客服专员")
    app = ps.application_submit(actor=u["hr"], application=app, as_of=AS_OF)
    app = ps.application_supervisor_review(actor=u["supervisor"], application=app,
                                           interview_note="面谈：业务熟练，能独立处理常规异常",
                                           review_report="该同志表现稳定，同意晋升")
    return ps.application_manager_review(actor=u["manager"], application=app, note="部门同意")


def advance(w: World, emps: list[Employee], to: State, *, objection: bool = False) -> list[Application]:
    """Drive one application per employee to ``to`` (all through one notice); the clock ends on PAGE_DAY.

    The effective run applies every issued letter due: drive applications to ``IN_PROBATION`` before
    others to ``LETTER_ISSUED`` in the same test.
    """
    u = w.users
    apps = [reviewed(w, e) for e in emps]
    if to == State.MANAGER_REVIEWED:
        w.settings.CAREERPATH_TODAY = PAGE_DAY
        return apps
    notice = ps.notice_publish(actor=u["hr"], applications=apps, published_on=PUBLISHED, effective_on=EFFECTIVE_ON)
    w.notices.append(notice)
    if objection:
        obj = ps.objection_file(actor=u["far"], entry=notice.entries.order_by("id").first(), text="表扬材料存疑",
                                today=PUBLISHED)
        ps.objection_resolve(actor=u["hr"], objection=obj, upheld=False, note="经核实表扬真实有效")
    steps = AFTER_REVIEW[1:AFTER_REVIEW.index(to) + 1]
    for step in steps:
        if step == State.NOTICE_CLOSED:
            ps.notice_close(actor=u["hr"], notice=notice, today=CLOSED_ON)
            apps = [Application.objects.get(pk=a.pk) for a in apps]
        elif step == State.HR_APPROVED:
            apps = [ps.application_hr_approve(actor=u["hr"], application=a, note="同意") for a in apps]
        elif step == State.LETTER_ISSUED:
            for a in apps:
                ps.letter_issue(actor=u["hr"], application=a, issued_on=ISSUED_ON)
        elif step == State.IN_PROBATION:
            ps.apply_effective(today=EFFECTIVE_ON)
    w.settings.CAREERPATH_TODAY = PAGE_DAY
    return [Application.objects.get(pk=a.pk) for a in apps]


def login(client: Any, w: World, who: str) -> Any:
    assert client.login(username=who, password=PASSWORD)
    return w.users[who]


# ---------------------------------------------------------------------------------------------------
# Reading PDFs with poppler (pdftotext, pdfinfo), as a person checking the print would

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                   reason="poppler-utils is not installed (apt-get install poppler-utils)")


def pdf_text(content: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    src = tmp_path / "doc.pdf"
    src.write_bytes(content)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(src), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_pages(content: bytes, tmp_path: Path) -> int:
    src = tmp_path / "pages.pdf"
    src.write_bytes(content)
    out = subprocess.run(["pdfinfo", str(src)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def pdf_words(content: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float, int]]:
    """Every word with its box (text, x_min, y_min, x_max, y_max, page) from ``pdftotext -bbox``."""
    import re

    src = tmp_path / "bbox.pdf"
    src.write_bytes(content)
    html = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(src), "-"], check=True, capture_output=True,
                          text=True).stdout
    words, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', line)
        if m:
            words.append((m.group(5), float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), page))
    return words
