"""A small company for the evidence pages: a department with a manager, a supervisor and two agents, a
second department whose supervisor has the agent's mentee, and HR. The agent (E1) is a junior who meets
every junior → intermediate criterion on AS_OF except the praise and the mentee brought to independence,
so a confirmed submission visibly changes what the engine says.

    from tests.web.evidence_company import company_fixture, login, upload  # noqa: F401 (the fixture "company")
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

AS_OF = date(2026, 9, 28)


def png(size: tuple[int, int] = (40, 30), colour: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    """A real PNG image (Pillow comes with WeasyPrint)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def upload(content: bytes | None = None, name: str = "letter.png", content_type: str = "image/png"
           ) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png() if content is None else content, content_type=content_type)


def _employee(no: str, name: str, level: str, *, dept: Department, supervisor: Employee | None = None,
              since: date = date(2021, 1, 1), hired: date = date(2019, 1, 1)) -> Employee:
    e = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=hired, department=dept,
                                supervisor=supervisor, confirmed_on=hired)
    Position.objects.create(employee=e, level=level, start_on=since, reason="入职")
    return e


@dataclass
class Company:
    dept: Department
    manager: Employee  # M1
    supervisor: Employee  # S1, supervisor of E1 and E2
    agent: Employee  # E1, junior, mentor of N1
    colleague: Employee  # E2, another of S1's agents
    far_supervisor: Employee  # S2 in another department, supervisor of N1
    mentee: Employee  # N1, assistant
    mentorship: ev.Mentorship
    users: dict

    def user(self, name: str):  # noqa: ANN201
        return self.users[name]


@pytest.fixture(name="company")
def company_fixture(db, settings, tmp_path: Path) -> Company:  # noqa: ANN001
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    d = Department.objects.create(name="华东客服一部")
    south = Department.objects.create(name="华南客服部")
    m1 = _employee("M1", "王经理", "manager", dept=d, since=date(2020, 1, 1), hired=date(2015, 1, 1))
    s1 = _employee("S1", "李主管", "supervisor", dept=d, supervisor=m1)
    e1 = _employee("E1", "张三", "junior", dept=d, supervisor=s1, since=date(2025, 6, 1), hired=date(2023, 3, 1))
    e2 = _employee("E2", "钱七", "junior", dept=d, supervisor=s1, since=date(2025, 6, 1), hired=date(2023, 3, 1))
    s2 = _employee("S2", "周主管", "supervisor", dept=south)
    n1 = _employee("N1", "新人小王", "assistant", dept=south, supervisor=s2, since=date(2026, 6, 1),
                   hired=date(2026, 6, 1))
    for code in ("independent_operation", "routine_exceptions"):
        ev.Attestation.objects.create(employee=e1, competency=code, date=date(2026, 1, 5))
    ev.Exam.objects.create(employee=e1, exam="技术评定考试", date=date(2026, 6, 1), score=86, passed=True)
    mentorship = ev.Mentorship.objects.create(mentor=e1, mentee=n1, start_on=date(2026, 6, 5))
    users = {
        "agent": make_user("agent", "employee", "mentor", employee=e1),
        "colleague": make_user("colleague", "employee", employee=e2),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=s1),
        "manager": make_user("manager", "manager", "employee", employee=m1),
        "far": make_user("far", "supervisor", "employee", employee=s2),
        "mentee": make_user("mentee", "employee", employee=n1),
        "hr": make_user("hr", "hr"),
    }
    return Company(d, m1, s1, e1, e2, s2, n1, mentorship, users)


def login(client, user) -> None:  # noqa: ANN001
    client.force_login(user)


def stored_files(settings) -> list[Path]:  # noqa: ANN001
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def user_named(name: str):  # noqa: ANN201
    return get_user_model().objects.get(username=name)
