"""Reads that turn database rows into the engine's facts (core.facts), set-based.

One query per record type for the whole selection, whatever its size: the engine then works in
memory. Rows are read as tuples (``values_list`` + ``iterator``), not model instances, because at
100,000 employees the instance construction alone would dominate the load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from django.db.models import CharField, F, QuerySet, TextField, Value
from django.db.models.functions import Cast

from careerpath.core import facts as f
from careerpath.core.loader import load_policy
from careerpath.core.policy import Policy
from careerpath.evidence import models as m
from careerpath.people.models import Department, Employee, Position
from careerpath.people.selectors import department_subtree_ids
from careerpath.recognition.models import Contribution, ContributionState

if TYPE_CHECKING:
    from careerpath.workbook.reader import WorkbookData

_CHUNK = 20_000


@lru_cache(maxsize=8)
def _policy_cached(name: str) -> Policy:
    return load_policy(name)


def policy_get(*, name: str | None = None) -> Policy:
    """Return the policy the site runs: the active published version, else ``CAREERPATH_POLICY``.

    A name picks a preset explicitly (parsed once per process).
    """
    if name:
        return _policy_cached(name)
    from careerpath.policy_versions.selectors import active_policy

    return active_policy()


def _rows(qs: QuerySet, *fields: str) -> Iterator[tuple]:
    return qs.values_list(*fields).iterator(chunk_size=_CHUNK)


def _metric_rows(qs: QuerySet) -> Iterator[tuple[int, int, date, dict[str, float]]]:
    """Yield (pk, employee_id, month, values) with the JSON decoded a chunk at a time.

    Metric months are the biggest table (about 13 per person); one ``json.loads`` over a chunk
    joined into an array costs half of one call per row, which was the largest single cost of
    loading 100,000 employees. ``parse_int=float``: the facts promise floats, JSON may hold 500.
    """
    rows = (
        qs.annotate(raw=Cast("values", TextField()))
        .values_list("pk", "employee_id", "month", "raw")
        .iterator(chunk_size=_CHUNK)
    )
    while chunk := list(islice(rows, _CHUNK)):
        decoded = json.loads("[" + ",".join(r[3] for r in chunk) + "]", parse_int=float)
        for (pk, employee_id, month, _raw), values in zip(chunk, decoded, strict=True):
            yield pk, employee_id, month, values


def _none(text: str) -> str | None:
    # Optional text is stored as "" (so natural keys stay unique); the facts use None for unknown.
    return text or None


def _employee_queryset(*, employee_no: str | None, department: str | Department | None,
                       employees: QuerySet[Employee] | None = None) -> QuerySet[Employee]:
    qs = Employee.objects.all() if employees is None else employees
    if employee_no is not None:
        qs = qs.filter(employee_no=employee_no)
    if department is not None:
        if isinstance(department, str):
            dept = Department.objects.filter(name=department).first()
            if dept is None:
                return qs.none()
        else:
            dept = department
        qs = qs.filter(department_id__in=department_subtree_ids(root_id=dept.pk))
    return qs


def fact_records(
    *, employee_no: str | None = None, department: str | Department | None = None,
    employees: QuerySet[Employee] | None = None,
) -> f.Records:
    """Load every fact record of the selected employees (all of them when no filter is given).

    ``employees`` narrows the selection to a queryset (a supervisor's reports, a set of people whose
    facts changed); it is used as a subquery, so the query count stays the same.
    """
    emp_qs = _employee_queryset(employee_no=employee_no, department=department, employees=employees)
    filtered = employee_no is not None or department is not None or employees is not None
    out = f.Records()
    no_by_pk: dict[int, str] = {}

    for (
        pk,
        no,
        name,
        education,
        hired_on,
        gender,
        birth_date,
        dept,
        sup_no,
        cs_start_on,
        confirmed_on,
        account,
        status,
    ) in _rows(
        emp_qs.order_by(),
        "pk",
        "employee_no",
        "name",
        "education",
        "hired_on",
        "gender",
        "birth_date",
        "department__name",
        "supervisor__employee_no",
        "cs_start_on",
        "confirmed_on",
        "system_account",
        "status",
    ):
        no_by_pk[pk] = no
        out.employees.append(
            f.Employee(
                employee_no=no,
                name=name,
                education=education or None,
                hired_on=hired_on,
                gender=gender or None,
                birth_date=birth_date,
                department=dept,
                supervisor_no=sup_no,
                cs_start_on=cs_start_on,
                confirmed_on=confirmed_on,
                system_account=account or None,
                status=status,
            )
        )

    def evidence(model: type, owner: str = "employee_id") -> QuerySet:
        qs = model.objects.order_by()
        # A subquery, not a list of ids: the query count and the SQL size stay the same for any scope.
        return qs.filter(**{f"{owner}__in": emp_qs.values("pk")}) if filtered else qs

    out.positions = [
        f.Position(
            id=f"position:{pk}",
            employee_no=no_by_pk[e],
            level=level,
            start_on=start_on,
            end_on=end_on,
            reason=reason or None,
        )
        for pk, e, level, start_on, end_on, reason in _rows(
            evidence(Position), "pk", "employee_id", "level", "start_on", "end_on", "reason"
        )
    ]
    out.praises = [
        f.Praise(
            id=f"praise:{pk}",
            employee_no=no_by_pk[e],
            date=d,
            source=source,
            customer=_none(customer),
            note=_none(note),
        )
        for pk, e, d, source, customer, note in _rows(
            evidence(m.Praise), "pk", "employee_id", "date", "source", "customer", "note"
        )
    ]
    out.mentorships = [
        f.Mentorship(
            id=f"mentorship:{pk}",
            mentor_no=no_by_pk[e],
            mentee_no=mentee_no,
            start_on=start_on,
            independent_on=independent_on,
        )
        for pk, e, mentee_no, start_on, independent_on in _rows(
            evidence(m.Mentorship, owner="mentor_id"),
            "pk",
            "mentor_id",
            "mentee__employee_no",
            "start_on",
            "independent_on",
        )
    ]
    out.trainings = [
        f.Training(id=f"training:{pk}", employee_no=no_by_pk[e], program=program, date=d, result=result)
        for pk, e, program, d, result in _rows(
            evidence(m.Training), "pk", "employee_id", "program", "date", "result"
        )
    ]
    out.leaves = [
        f.Leave(id=f"leave:{pk}", employee_no=no_by_pk[e], type=type_, start_on=start_on, days=days)
        for pk, e, type_, start_on, days in _rows(
            evidence(m.Leave), "pk", "employee_id", "type", "start_on", "days"
        )
    ]
    out.metrics = [
        f.MetricMonth(id=f"metric:{pk}", employee_no=no_by_pk[e], month=month, values=values)
        for pk, e, month, values in _metric_rows(evidence(m.MetricMonth))
    ]
    out.exams = [
        f.Exam(id=f"exam:{pk}", employee_no=no_by_pk[e], exam=exam, date=d, passed=passed, score=score)
        for pk, e, exam, d, passed, score in _rows(
            evidence(m.Exam), "pk", "employee_id", "exam", "date", "passed", "score"
        )
    ]
    out.appraisals = [
        f.Appraisal(
            id=f"appraisal:{pk}", employee_no=no_by_pk[e], year=year, score=score, grade=grade or None
        )
        for pk, e, year, score, grade in _rows(
            evidence(m.Appraisal), "pk", "employee_id", "year", "score", "grade"
        )
    ]
    out.attestations = [
        f.Attestation(
            id=f"attestation:{pk}",
            employee_no=no_by_pk[e],
            competency=competency,
            date=d,
            attested_by=attested_by or None,
            note=_none(note),
        )
        for pk, e, competency, d, attested_by, note in _rows(
            evidence(m.Attestation), "pk", "employee_id", "competency", "date", "attested_by_no", "note"
        )
    ]
    # Incidents and approved 辅助晋级项 contributions share one statement (UNION ALL, told apart by a tag):
    # contributions are few, and a page that evaluates a team stays within its query budget.
    incidents = evidence(m.Incident).annotate(
        tag=Value("i", output_field=CharField()), d=F("date"), t=F("type"), n=F("note"))
    contributions = evidence(Contribution).filter(state=ContributionState.APPROVED).annotate(
        tag=Value("c", output_field=CharField()), d=F("decided_on"), t=F("kind"), n=F("customer"))
    fields = ("tag", "pk", "employee_id", "d", "t", "n")
    for tag, pk, e, d, type_, note in incidents.values_list(*fields).union(
            contributions.values_list(*fields), all=True).iterator(chunk_size=_CHUNK):
        if tag == "i":
            out.incidents.append(f.Incident(id=f"incident:{pk}", employee_no=no_by_pk[e], date=d, type=type_,
                                            note=_none(note)))
        else:
            out.contributions.append(f.Contribution(id=f"contribution:{pk}", employee_no=no_by_pk[e], date=d,
                                                    kind=type_, customer=note))
    return out


def load_population(
    *,
    policy: Policy | None = None,
    employee_no: str | None = None,
    department: str | Department | None = None,
    employees: QuerySet[Employee] | None = None,
) -> f.Population:
    """Load the facts of the whole company (or one employee / department subtree / queryset) for the engine.

    Left employees are included with status ``left``; the engine skips them. ``policy`` is accepted
    for symmetry with the workbook reader: the database holds codes already, so nothing needs it yet.
    """
    del policy  # the stored codes are policy-independent; kept in the signature for callers' symmetry
    records = fact_records(employee_no=employee_no, department=department, employees=employees)
    # No headcount plan is stored yet, so vacancies stay unknown (the vacancy criterion says so).
    return f.build_population(records.employees, **records.evidence_kwargs())


def workbook_data_from_db(*, source: str = "database") -> WorkbookData:
    """Return every stored record as the workbook's data, for export (ids do not matter there)."""
    from careerpath.workbook.reader import WorkbookData

    records = fact_records()
    return WorkbookData(source=source, employees=records.employees, **records.evidence_kwargs())


def import_batches_recent(*, limit: int = 10, pk: int | None = None) -> list[m.ImportBatch]:
    """The latest workbook imports with who ran them (or the one ``pk``), newest first (one query)."""
    qs = m.ImportBatch.objects.select_related("actor").order_by("-created_at", "-pk")
    if pk is not None:
        qs = qs.filter(pk=pk)
    return list(qs[:limit])
