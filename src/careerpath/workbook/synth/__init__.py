"""Generate a realistic synthetic company for demos, tests and benchmarks.

The data is plausible rather than tuned: careers follow the policy's ladder with dwell times and
stalls, supervisors hold the management levels, evidence arrives at believable rates (praise letters,
mentoring new hires, yearly exams and appraisals, leave of every kind, monthly workload). About 30
rows per employee in total. The output is deterministic for a seed (no set or hash ordering is used).

Record ids are the rows the standard writer will put them on (``"书面表扬:12"``), so synth → write →
read gives back equal records.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from careerpath.core.facts import (
    Appraisal,
    Attestation,
    Employee,
    Exam,
    Incident,
    Leave,
    Mentorship,
    MetricMonth,
    Position,
    Praise,
    Training,
)
from careerpath.core.policy import Policy
from careerpath.workbook.reader import WorkbookData, paused_gc
from careerpath.workbook.schema import standard_sheets
from careerpath.workbook.synth.company import _Synth
from careerpath.workbook.synth.evidence import _Evidence

__all__ = ["synth"]


def synth(n_employees: int, *, seed: int = 7, as_of: date, policy: Policy) -> WorkbookData:
    """Generate a company of ``n_employees`` with its evidence, deterministic for ``seed``."""
    if n_employees < 1:
        raise ValueError("n_employees must be at least 1")
    # Hundreds of thousands of long-lived records and no reference cycles: the cyclic collector
    # would only walk them again and again (a third of the run time at 10,000 employees).
    with paused_gc():
        return _synth(n_employees, seed, as_of, policy)


def _synth(n_employees: int, seed: int, as_of: date, policy: Policy) -> WorkbookData:
    s = _Synth(n_employees, seed, as_of, policy)
    s.organise()
    s.careers()
    s.numbering()
    ev = _Evidence(s)
    ev.run()
    sheets = {sh.kind: sh.zh for sh in standard_sheets(policy)}
    data = WorkbookData(source=f"synth-{n_employees}-seed{seed}")
    no_of = {p.key: p.employee_no for p in s.people}
    data.employees = [
        Employee(
            employee_no=p.employee_no,
            name=p.name,
            education=p.education,
            hired_on=p.hired_on,
            gender=p.gender,
            birth_date=p.birth,
            department=p.department,
            supervisor_no=no_of[p.supervisor] if p.supervisor is not None else None,
            cs_start_on=p.cs_start_on,
            confirmed_on=p.confirmed_on,
            system_account=p.system_account,
            status="left" if p.left_on else "active",
        )
        for p in s.people
    ]

    def build(kind: str, cls: type, sort_key: Callable[[tuple[Any, ...]], Any]) -> list[Any]:
        rows = sorted(ev.rows[kind], key=sort_key)
        prefix = sheets[kind] + ":"
        # Row 1 is the header, so the n-th record (from 0) sits on Excel row n + 2. Rows are in the
        # field order of the record types.
        return [cls(prefix + str(i + 2), *r) for i, r in enumerate(rows)]

    data.positions = build("positions", Position, lambda r: (r[0], r[2]))
    data.praises = build("praises", Praise, lambda r: (r[0], r[1], r[2], r[3] or "", r[4] or ""))
    data.mentorships = build("mentorships", Mentorship, lambda r: (r[0], r[2], r[1]))
    data.trainings = build("trainings", Training, lambda r: (r[0], r[2], r[1]))
    data.leaves = build("leaves", Leave, lambda r: (r[0], r[2], r[1]))
    data.metrics = build("metrics", MetricMonth, lambda r: (r[0], r[1]))
    data.exams = build("exams", Exam, lambda r: (r[0], r[2], r[1]))
    data.appraisals = build("appraisals", Appraisal, lambda r: (r[0], r[1]))
    data.attestations = build("attestations", Attestation, lambda r: (r[0], r[2], r[1]))
    data.incidents = build("incidents", Incident, lambda r: (r[0], r[1], r[2]))
    return data
