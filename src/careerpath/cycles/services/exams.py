"""Exams (技能考试, 资质考试): entered one by one or imported from the 考试 sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core.dates import window_start
from careerpath.core.policy import Policy
from careerpath.cycles.exam_sheet import read_exam_sheet
from careerpath.cycles.models import Candidate, Cycle
from careerpath.cycles.services._common import (
    User,
    _activity,
    _lock,
    _not_about_themself,
    _policy,
)
from careerpath.errors import InvalidInput
from careerpath.evidence.models import Exam
from careerpath.people.models import Employee
from careerpath.workbook.reader import WorkbookInvalid


def _exam_context(actor: User, cycle: Cycle, what: str) -> tuple[Policy, tuple[date, date], dict[str, int]]:
    require_roles(actor, Role.COMMITTEE, Role.HR, action=what)
    _activity(cycle, "record_exam", what)
    policy = _policy(cycle)
    window = (window_start(cycle.as_of, policy.evidence.window_months), cycle.as_of)
    candidates = dict(Candidate.objects.filter(cycle=cycle, selectable=True)
                      .values_list("employee__employee_no", "employee_id"))
    return policy, window, candidates


@transaction.atomic
def candidate_exam_record(*, actor: User, cycle: Cycle, employee_no: str, exam: str, on: date,
                          passed: bool, score: float | None = None) -> Exam:
    """Enter one exam result of a candidate (committee or HR); a second entry for the same exam and day corrects it."""
    c = _lock(cycle)
    policy, (first, last), candidates = _exam_context(actor, c, "录入考试成绩")
    if employee_no not in candidates:
        raise InvalidInput(f"工号 '{employee_no}' 不是本次评选的候选人 (not a candidate)", field="employee_no")
    if exam not in policy.evidence.exam_types:
        raise InvalidInput(f"未知的考试 '{exam}'（可选：{'、'.join(policy.evidence.exam_types)}）", field="exam")
    if not first <= on <= last:
        raise InvalidInput(f"考试日期 {on} 不在评定期 {first} 至 {last} 内，不能计入本次评选", field="date")
    if score is not None and not 0 <= score <= 100:
        raise InvalidInput(f"分数应在 0–100 之间 (score out of range): {score}", field="score")
    emp_id = candidates[employee_no]
    _not_about_themself(actor, Employee.objects.filter(pk=emp_id), "录入考试成绩")
    row = Exam.objects.select_for_update().filter(employee_id=emp_id, exam=exam, date=on).first()
    before = None if row is None else {"score": row.score, "passed": row.passed, "source": row.source_label}
    if row is None:
        row = Exam(employee_id=emp_id, exam=exam, date=on)
    row.score, row.passed, row.created_by, row.source_file, row.source_row = score, passed, actor, "", None
    row.save()
    audit_record(actor=actor, action="exam.record", target=row, data={
        "cycle": c.year, "employee_no": employee_no, "exam": exam, "date": on.isoformat(), "score": score,
        "passed": passed, "before": before})
    return row


@dataclass(frozen=True, slots=True)
class ExamImportResult:
    file_name: str
    rows: int
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def cycle_exams_import(*, actor: User, cycle: Cycle, path: str | Path, file_name: str | None = None
                       ) -> ExamImportResult:
    """Import the 考试 sheet: every row is validated first; one error and nothing is written.

    Rows become evidence ``Exam`` records with their source (file and row), matched on the natural key
    (工号 + 考试 + 日期), so importing the same file again changes nothing.
    """
    c = _lock(cycle)
    policy, window, candidates = _exam_context(actor, c, "导入考试成绩")
    name = file_name or Path(path).name
    try:
        rows = read_exam_sheet(path, policy=policy, window=window, candidates=candidates.keys(),
                               limits=settings.CAREERPATH_WORKBOOK_LIMITS)
    except WorkbookInvalid as exc:
        raise InvalidInput(exc.summary(), code="workbook_invalid", details=exc.as_details()) from None
    _not_about_themself(actor, Employee.objects.filter(employee_no__in={r.employee_no for r in rows}), "导入考试成绩")
    # The candidates as a subquery, not a list of ids: the statement stays the same size for any cycle.
    cand_ids = Candidate.objects.filter(cycle=c, selectable=True).values("employee_id")
    existing = {(e.employee_id, e.exam, e.date): e for e in Exam.objects.select_for_update().filter(
        employee_id__in=cand_ids, date__gte=window[0], date__lte=window[1])}
    new, changed, same = [], [], 0
    for r in rows:
        emp_id = candidates[r.employee_no]
        e = existing.get((emp_id, r.exam, r.date))
        if e is None:
            new.append(Exam(employee_id=emp_id, exam=r.exam, date=r.date, score=r.score, passed=r.passed,
                            source_file=name, source_row=r.row, created_by=actor))
        elif (e.score, e.passed) != (r.score, r.passed):
            e.score, e.passed, e.source_file, e.source_row = r.score, r.passed, name, r.row
            e.updated_at = timezone.now()  # bulk_update does not run auto_now
            changed.append(e)
        else:
            same += 1
    Exam.objects.bulk_create(new)
    Exam.objects.bulk_update(changed, ["score", "passed", "source_file", "source_row", "updated_at"])
    result = ExamImportResult(name, len(rows), len(new), len(changed), same)
    audit_record(actor=actor, action="exam.import", target=c, data={
        "file": name, "rows": len(rows), "created": len(new), "updated": len(changed), "unchanged": same})
    return result
