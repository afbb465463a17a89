"""A small company for the discipline pages, built through the real services.

    from tests.web.discipline_world import build_world

    @pytest.fixture
    def world(db, settings, tmp_path):
        return build_world(settings, tmp_path)

华东客服一部: 王经理 (M1, manager), 李主管 (S1, supervisor of E1–E3), 张三 (E1, senior), 钱七 (E2, expert),
孙八 (E3, intermediate); 华南客服部: 周主管 (S2), 赵六 (E9, junior). "Today" is 2026-11-27; documents go to a
temporary MEDIA_ROOT. ``world.deduction`` is 张三's 重大投诉 this month (the senior allowance withheld);
``world.case`` is the demotion case 孙八's 触犯高压线 opened (proposed, waiting for the supervisor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from careerpath.discipline import services as ds
from careerpath.discipline.models import AllowanceDeduction, DemotionCase
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

PASSWORD = "pw-12345"  # tests.apiclient.make_user's
TODAY = "2026-11-27"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class World:
    east: Department
    south: Department
    people: dict[str, Employee]
    users: dict[str, Any]
    deduction: AllowanceDeduction
    case: DemotionCase

    def __getitem__(self, no: str) -> Employee:
        return self.people[no]


def _employee(no: str, name: str, level: str, dept: Department, sup: Employee | None = None) -> Employee:
    e = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2020, 1, 1),
                                department=dept, supervisor=sup)
    Position.objects.create(employee=e, level=level, start_on=date(2024, 1, 1), reason="入职")
    return e


def build_world(settings: Any, tmp_path: Path) -> World:
    settings.CAREERPATH_TODAY = TODAY
    settings.MEDIA_ROOT = str(tmp_path / "media")
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    east = Department.objects.create(name="华东客服一部")
    south = Department.objects.create(name="华南客服部")
    m1 = _employee("M1", "王经理", "manager", east)
    s1 = _employee("S1", "李主管", "supervisor", east, m1)
    people = {"M1": m1, "S1": s1,
              "E1": _employee("E1", "张三", "senior", east, s1),
              "E2": _employee("E2", "钱七", "expert", east, s1),
              "E3": _employee("E3", "孙八", "intermediate", east, s1)}
    people["S2"] = _employee("S2", "周主管", "supervisor", south)
    people["E9"] = _employee("E9", "赵六", "junior", south, people["S2"])
    users = {
        "hr": make_user("hr", "hr"),
        "admin": make_user("admin", "admin"),
        "manager": make_user("manager", "manager", "employee", employee=m1),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=s1),
        "south": make_user("south", "supervisor", "employee", employee=people["S2"]),
        "senior": make_user("senior", "employee", employee=people["E1"]),
        "vp": make_user("vp", "vp"),
    }
    out = ds.incident_record(actor=users["supervisor"], employee=people["E1"], date=date(2026, 11, 20),
                             type="重大投诉", note="客户重大投诉：多次未按时回电")
    red = ds.incident_record(actor=users["supervisor"], employee=people["E3"], date=date(2026, 11, 18),
                             type="触犯高压线", note="违规泄露客户信息")
    assert out.deduction is not None and red.case is not None
    return World(east, south, people, users, out.deduction, red.case)


def login(client: Any, w: World, who: str) -> Any:
    assert client.login(username=who, password=PASSWORD)
    return w.users[who]


def drive(w: World, case: DemotionCase, to: str) -> DemotionCase:
    """Take ``case`` through the services up to the state ``to`` (supervisor_reviewed, manager_reviewed,
    hr_approved)."""
    order = ["supervisor_reviewed", "manager_reviewed", "hr_approved"]
    for state in order[:order.index(to) + 1]:
        if state == "supervisor_reviewed":
            case = ds.demotion_case_supervisor_review(actor=w.users["supervisor"], case=case, note="情况属实，同意降级")
        elif state == "manager_reviewed":
            case = ds.demotion_case_manager_review(actor=w.users["manager"], case=case, note="部门同意")
        else:
            case = ds.demotion_case_approve(actor=w.users["hr"], case=case, effective_on=date(2026, 12, 1),
                                            note="证据充分")
    return DemotionCase.objects.get(pk=case.pk)
