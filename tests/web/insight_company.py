"""A small company whose analysis figures are known in advance (the dashboards' and the fairness tests').

On AS_OF (2026-12-15), in 东区 (with the sub-department 东区夜班) and 西区:

- The 2026 cycle, move junior → intermediate: 23 candidates in 东区, all eligible and nominated.
  10 women (5 aged 25–29, 5 aged 30–34), 2 of them selected (one per band); 10 men (same bands), 8
  selected (four per band); 3 people of 45 or older with no gender on record, none selected.
  Selection by gender: women 20%, men 80% → ratio 0.25, flagged; Fisher's exact p = 0.0230.
  Selection by age: 25–29 5/10 = 30–34 5/10 → no flag; 45+ has 3 people (< 5) → not shown.
  The 10 selected have applications approved by HR; one of them is effective (in probation).
- Positions (current): 23 juniors (东区, since 2025-01-01), a manager in 东区 since 2020-01-01 and
  a supervisor in 东区夜班 since 2026-08-01, 2 seniors in 西区 (since 2022-06-01 and, after a
  demotion from expert, since 2026-05-01). J01 was promoted assistant → junior on 2025-01-01.
- Allowance: seniors 500 each; the December 2026 deduction of 300 for S2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from careerpath.calendars.services import calendar_seed
from careerpath.cycles.models import Candidate, Cycle
from careerpath.discipline.models import AllowanceDeduction
from careerpath.evaluation.models import MoveEligibility, PersonEligibility
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.promotions.models import Application
from tests.apiclient import make_user

AS_OF = date(2026, 12, 15)
PASSWORD = "pw-12345"
MOVE = "junior_to_intermediate"


@dataclass
class InsightCompany:
    east: Department
    night: Department
    west: Department
    cycle: Cycle
    people: dict[str, Employee]
    users: dict


def _person(no: str, dept: Department, gender: str, born: date | None, level: str, since: date,
            reason: str = "") -> Employee:
    emp = Employee.objects.create(employee_no=no, name=f"员工{no}", gender=gender, birth_date=born,
                                  education="大专", hired_on=date(2019, 3, 1), department=dept)
    Position.objects.create(employee=emp, level=level, start_on=since, reason=reason)
    return emp


def build_insight_company(settings) -> InsightCompany:  # noqa: ANN001
    settings.CAREERPATH_TODAY = AS_OF.isoformat()
    calendar_seed(years=[2026])
    pv = policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    east = Department.objects.create(name="东区")
    night = Department.objects.create(name="东区夜班", parent=east)
    west = Department.objects.create(name="西区")
    cycle = Cycle.objects.create(year=2026, as_of=AS_OF, policy_version=pv, opened_on=date(2026, 11, 1),
                                 nomination_deadline=date(2026, 11, 10), effective_on=date(2027, 1, 1),
                                 state="scoring")
    people: dict[str, Employee] = {}
    # (no, gender, birth date, selected)
    plan = []
    for i in range(10):
        band_born = date(1999, 6, 1) if i < 5 else date(1994, 6, 1)  # 27 or 32 on AS_OF
        plan.append((f"F{i:02d}", "F", band_born, i in (0, 5)))
        plan.append((f"M{i:02d}", "M", band_born, i not in (0, 5)))
    plan += [(f"O{i:02d}", "", date(1978, 1, 1), False) for i in range(3)]  # 48: aged 45 and over
    for rank, (no, gender, born, selected) in enumerate(plan, start=1):
        emp = _person(no, east, gender, born, "junior", date(2025, 1, 1))
        people[no] = emp
        app = None
        if selected:
            state = "in_probation" if no == "M01" else "hr_approved"
            app = Application.objects.create(employee=emp, move_id=MOVE, move_type="promotion", from_level="junior",
                                             to_level="intermediate", route="cycle", state=state, policy_version=pv)
        Candidate.objects.create(cycle=cycle, employee=emp, move_id=MOVE, move_type="promotion", from_level="junior",
                                 to_level="intermediate", department=east, department_name=east.name,
                                 eligible=True, nominated=True, rank=rank,
                                 decision="selected" if selected else "not_selected", application=app)
    # J01's history: assistant, then promoted on 2025-01-01 (F00 plays J01).
    f00 = people["F00"]
    Position.objects.create(employee=f00, level="assistant", start_on=date(2024, 1, 1), end_on=date(2024, 12, 31),
                            reason="入职")
    Position.objects.filter(employee=f00, level="junior").update(reason="晋升")
    people["MGR"] = _person("MGR", east, "M", date(1980, 1, 1), "manager", date(2020, 1, 1))
    people["SUP"] = _person("SUP", night, "F", date(1990, 1, 1), "supervisor", date(2026, 8, 1))
    people["S1"] = _person("S1", west, "F", date(1988, 1, 1), "senior", date(2022, 6, 1))
    s2 = _person("S2", west, "M", date(1987, 1, 1), "senior", date(2026, 5, 1), reason="降级")
    Position.objects.create(employee=s2, level="expert", start_on=date(2023, 1, 1), end_on=date(2026, 4, 30),
                            reason="晋升")
    people["S2"] = s2
    AllowanceDeduction.objects.create(employee=s2, month=date(2026, 12, 1), level="senior", amount=Decimal("300"),
                                      reason="重大投诉")
    users = {
        "hr": make_user("hr", "hr"),
        "vp": make_user("vp", "vp"),
        "admin": make_user("admin", "admin"),
        "committee": make_user("committee", "committee"),
        "manager": make_user("manager", "manager", "employee", employee=people["MGR"]),
        "supervisor": make_user("supervisor", "supervisor", "employee", employee=people["SUP"]),
        "employee": make_user("employee", "employee", employee=people["S1"]),
    }
    return InsightCompany(east, night, west, cycle, people, users)


def store_rows(company: InsightCompany) -> None:
    """The eligibility store's rows with known verdicts (see tests/web/test_insight_eligibility.py)."""
    now = timezone.now()
    # Written in place of what the store's refresh computed on each save (the verdicts here are chosen).
    MoveEligibility.objects.all().delete()
    PersonEligibility.objects.all().delete()
    for no, emp in company.people.items():
        PersonEligibility.objects.create(employee=emp, department=emp.department, level="junior", status="blocked",
                                         as_of=AS_OF, context="test", fingerprint="test", computed_at=now)
        if no[0] not in "FMO" or not no[1:].isdigit():
            continue
        i = int(no[1:])
        eligible = (no[0] == "F" and i < 3) or (no[0] == "M" and i < 9)
        projected = (date(2027, 2, 1) if no[0] == "F" and i in (3, 4)
                     else date(2027, 6, 1) if no == "M09" else None)
        MoveEligibility.objects.create(employee=emp, department=emp.department, move_id=MOVE, from_level="junior",
                                       target_level="intermediate", kind="promotion", eligible=eligible,
                                       projected_on=projected, as_of=AS_OF, computed_at=now)
