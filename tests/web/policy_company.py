"""A small company for the policy editor and the what-if simulation, where the winners and losers are known.

On AS_OF (2026-09-28; window 2025-09-29 … 2026-09-28), junior → intermediate under the shipped policy
(level tenure ≥ 12 months; customer praise ≥ 1 or internal praise ≥ 1; …):

- P1 张一 (华东客服部): 16 months in level, 1 customer + 1 internal praise: eligible, stays eligible;
- P2 李二 (华东客服部): 10 months in level, otherwise complete: NOT eligible; GAINS when the draft
  lowers the level tenure to 9 months (``DRAFT_TENURE_9``);
- P3 王三 (华南客服部): 16 months, only 1 internal praise: eligible; LOSES when the draft asks for
  2 internal praises (``DRAFT_PRAISE_2``);
- P4 赵四 (华南客服部): 7 months in level: not eligible under either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careerpath.calendars.services import calendar_seed
from careerpath.core.loader import read_policy_source
from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

AS_OF = date(2026, 9, 28)
PASSWORD = "pw-12345"
PRESET = "logistics-dual-track"

TENURE_12 = "- {id: level_tenure, kind: tenure, of: level, months: 12}\n      - {id: attested, kind: attested, " \
            "competencies: [independent_operation, routine_exceptions]}"
INTERNAL_1 = "- {id: internal, kind: count, evidence: praises, where: {source: 内部}, min: 1}\n      - {id: skill_exam"


def preset_text() -> str:
    return read_policy_source(PRESET)[0]


def bump(text: str, version: str = "2026.9") -> str:
    return text.replace('version: "2026.3"', f'version: "{version}"', 1)


def draft_tenure(months: int | str, text: str | None = None) -> str:
    t = text if text is not None else preset_text()
    assert TENURE_12 in t
    return t.replace(TENURE_12, TENURE_12.replace("months: 12", f"months: {months}"), 1)


def draft_internal_praise(n: int, text: str | None = None) -> str:
    t = text if text is not None else preset_text()
    assert INTERNAL_1 in t
    return t.replace(INTERNAL_1, INTERNAL_1.replace("min: 1", f"min: {n}"), 1)


def junior(no: str, name: str, dept: Department, *, level_start: date, customer: int = 1,
           internal: int = 1) -> Employee:
    emp = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2023, 3, 1),
                                  department=dept, confirmed_on=date(2023, 6, 1))
    Position.objects.create(employee=emp, level="junior", start_on=level_start, reason="晋升")
    for code in ("independent_operation", "routine_exceptions"):
        ev.Attestation.objects.create(employee=emp, competency=code, date=date(2026, 1, 5))
    mentee = Employee.objects.create(employee_no=f"{no}-M", name=f"{name}的新人", education="大专",
                                     hired_on=date(2026, 1, 1), department=dept, status="left")
    ev.Mentorship.objects.create(mentor=emp, mentee=mentee, start_on=date(2026, 1, 5), independent_on=date(2026, 4, 1))
    for i in range(customer):
        ev.Praise.objects.create(employee=emp, date=date(2026, 3, 1 + i), source="customer", customer="客户甲")
    for i in range(internal):
        ev.Praise.objects.create(employee=emp, date=date(2026, 4, 1 + i), source="internal")
    ev.Exam.objects.create(employee=emp, exam="技术评定考试", date=date(2026, 6, 1), score=86, passed=True)
    return emp


@dataclass
class PolicyCompany:
    active: PolicyVersion
    people: dict[str, Employee]
    users: dict


def build_policy_company(settings) -> PolicyCompany:  # noqa: ANN001
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    settings.CAREERPATH_SIMULATION_INLINE = True
    calendar_seed(years=[2026])
    active = policy_version_install_preset(actor=None, name=PRESET, published_on=date(2026, 1, 1))
    east = Department.objects.create(name="华东客服部")
    south = Department.objects.create(name="华南客服部")
    people = {
        "P1": junior("P1", "张一", east, level_start=date(2025, 5, 1)),
        "P2": junior("P2", "李二", east, level_start=date(2025, 11, 20)),
        "P3": junior("P3", "王三", south, level_start=date(2025, 5, 1), customer=0),
        "P4": junior("P4", "赵四", south, level_start=date(2026, 2, 20)),
    }
    users = {
        "hr": make_user("hr", "hr"),
        "manager": make_user("manager", "manager"),
        "employee": make_user("employee", "employee", employee=people["P1"]),
    }
    return PolicyCompany(active, people, users)
