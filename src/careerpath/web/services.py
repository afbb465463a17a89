"""Writes for the demo: a synthetic company loaded through the real import, and one login per role."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db.models import Q

from careerpath.accounts.models import Role
from careerpath.accounts.services import roles_ensure_groups, user_upsert
from careerpath.core.policy import Policy
from careerpath.evidence.models import Mentorship
from careerpath.evidence.services import ImportResult, workbook_import
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import positions_current_queryset

DEMO_PASSWORD = "demo12345"
DEMO_FILE_PREFIX = "demo-company-"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    role: Role
    employee: Employee | None
    superuser: bool = False


@dataclass(frozen=True, slots=True)
class DemoResult:
    as_of: date
    imported: ImportResult
    logins: list[DemoLogin]


def demo_file_name(as_of: date) -> str:
    # The as-of date is part of the name so a later run can find it again (see demo_previous_as_of).
    return f"{DEMO_FILE_PREFIX}{as_of.isoformat()}.xlsx"


def demo_load(*, employees: int, seed: int, as_of: date, policy: Policy) -> DemoResult:
    """Synthesize a company, import it like any workbook (idempotent), and create the demo logins."""
    from careerpath.workbook.synth import synth
    from careerpath.workbook.writer import write_workbook

    data = synth(employees, seed=seed, as_of=as_of, policy=policy)
    with tempfile.TemporaryDirectory(prefix="careerpath-demo-") as tmp:
        path = Path(tmp) / demo_file_name(as_of)
        write_workbook(path, data)
        imported = workbook_import(path=path, policy=policy)
    logins = _demo_users(policy=policy)
    return DemoResult(as_of=as_of, imported=imported, logins=logins)


def _current_level_holders(levels: list[str]) -> list[Employee]:
    """Active employees whose open position is one of ``levels``, in 工号 order."""
    ids = positions_current_queryset().filter(level__in=levels).values("employee_id")
    return list(
        Employee.objects.filter(pk__in=ids, status=EmployeeStatus.ACTIVE)
        .select_related("department", "supervisor")
        .order_by("employee_no")
    )


def _demo_users(*, policy: Policy) -> list[DemoLogin]:
    roles_ensure_groups()
    active = Employee.objects.filter(status=EmployeeStatus.ACTIVE).select_related("department", "supervisor")

    # The employee: an agent on the shared trunk with an active supervisor, so the supervisor and
    # manager logins below can see them; intermediate agents have the richest next steps.
    trunk = [c for c in ("intermediate", "junior", "assistant") if c in policy.levels]
    candidates = [
        e
        for e in _current_level_holders(trunk)
        if e.supervisor is not None and e.supervisor.status == EmployeeStatus.ACTIVE and e.department_id
    ]
    employee = candidates[0] if candidates else active.order_by("employee_no").first()
    if employee is None:
        raise ValueError("demo company has no active employee")
    supervisor = employee.supervisor
    taken = {employee.pk, supervisor.pk if supervisor else None}

    management = [c for c in policy.management_levels if policy.levels[c].tier >= 3]
    managers = [e for e in _current_level_holders(management) if e.pk not in taken]
    manager = next((e for e in managers if e.department_id == employee.department_id), None)
    if manager is None:
        # No manager-level post in that department: a colleague in the department stands in.
        manager = active.filter(department_id=employee.department_id).exclude(pk__in=taken).first()
    taken.add(manager.pk if manager else None)

    mentor_ids = Mentorship.objects.values("mentor_id")
    mentor = active.filter(pk__in=mentor_ids).exclude(Q(pk__in=[t for t in taken if t])).first()

    wanted = [
        DemoLogin("employee", Role.EMPLOYEE, employee),
        DemoLogin("mentor", Role.MENTOR, mentor),
        DemoLogin("supervisor", Role.SUPERVISOR, supervisor),
        DemoLogin("manager", Role.MANAGER, manager),
        DemoLogin("committee", Role.COMMITTEE, None),
        DemoLogin("vp", Role.VP, None),
        DemoLogin("hr", Role.HR, None),
        DemoLogin("admin", Role.ADMIN, None, superuser=True),
    ]
    for login in wanted:
        # Everyone linked to an employee is also an employee: they see their own page.
        roles = {login.role} | ({Role.EMPLOYEE} if login.employee else set())
        user_upsert(
            username=login.username,
            password=DEMO_PASSWORD,
            roles=roles,
            employee=login.employee,
            superuser=login.superuser,
        )
    return wanted
