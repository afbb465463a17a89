"""Evidence a supervisor, a department manager or HR records for their people (SPEC §2): internal
written praise and competency attestations. Incidents have consequences and are recorded by
``discipline.services.incident_record``.

Both go through :func:`evidence_add`, so the import's checks, the natural keys and the audit are the
same as for any record; only who may write differs: the person's direct supervisor, a manager of their
department, or HR — never about themself.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.selectors import user_employee
from careerpath.core.policy import Policy
from careerpath.errors import Conflict, InvalidInput
from careerpath.evidence import models as m
from careerpath.evidence.services.records import evidence_add
from careerpath.people.models import Employee

User = AbstractBaseUser

# Capacities towards the person (accounts.authority): their team, their department, the company.
RECORDERS = frozenset({"supervisor", "manager", "hr"})


def recording_check(*, actor: User | None, employee: Employee) -> frozenset[str]:
    """Raise Forbidden unless ``actor`` may record evidence for ``employee``; return their capacities."""
    return authority.require_capacity(actor=actor, subject=employee, allowed=RECORDERS, action="录入证据")


def _date(value: date | None, label: str) -> date:
    if value is None:
        raise InvalidInput(f"{label}：必填项为空 (required)", code="required", field="date")
    if value > clock.today():
        raise InvalidInput(f"{label} {value} 晚于今天 (the date is in the future)", code="future_date",
                           field="date")
    return value


def internal_praise_record(*, actor: User, employee: Employee, date: date | None, note: str = "",
                           policy: Policy | None = None) -> m.Praise:
    """Record an internal written praise (内部书面表扬) for one of the actor's people."""
    recording_check(actor=actor, employee=employee)
    return evidence_add(actor=actor, kind="praise", employee=employee, date=_date(date, "表扬日期"),
                        source=m.PraiseSource.INTERNAL.value, customer="", note=note or "",
                        reason="直接上级/部门录入", policy=policy, allowed=RECORDERS)  # type: ignore[return-value]


def attestation_record(*, actor: User, employee: Employee, competency: str, date: date | None, note: str,
                       policy: Policy | None = None) -> m.Attestation:
    """Attest one of the policy's competencies (能力认定) for one of the actor's people, with the proof."""
    recording_check(actor=actor, employee=employee)
    if not (note or "").strip():
        raise InvalidInput("请写明认定依据（能力体现）(the proof is required)", code="required", field="note")
    held = m.Attestation.objects.filter(employee=employee, competency=competency).first()
    if held is not None:
        raise Conflict(f"{employee.name} 已于 {held.date} 获得该能力认定 (already attested)", code="duplicate_record",
                       field="competency")
    me = user_employee(user=actor)
    return evidence_add(actor=actor, kind="attestation", employee=employee, competency=competency or "",
                        date=_date(date, "认定日期"), attested_by_no=me.employee_no if me else "", note=note,
                        reason="直接上级/部门录入", policy=policy, allowed=RECORDERS)  # type: ignore[return-value]
