"""The all-or-nothing, idempotent import of a standard workbook (set-based, one transaction)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from careerpath.audit.services import audit_record
from careerpath.core import facts as f
from careerpath.core.policy import Policy
from careerpath.evidence import models as m
from careerpath.people.models import Department, Employee, Position

if TYPE_CHECKING:
    from careerpath.workbook.limits import ReadLimits
    from careerpath.workbook.reader import WorkbookData

_CREATE_BATCH = 2_000
_INSERT_BATCH = 20_000
_UPDATE_BATCH = 500

# Sheet names as users know them, for the printed summary.
KIND_LABELS: dict[str, str] = {
    "employees": "员工",
    "departments": "部门",
    "positions": "任职记录",
    "praises": "书面表扬",
    "mentorships": "带教",
    "trainings": "培训",
    "leaves": "请假",
    "metrics": "月度指标",
    "exams": "考试",
    "appraisals": "年度考评",
    "attestations": "能力认定",
    "incidents": "事故",
}


@dataclass(slots=True)
class KindCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(slots=True)
class ImportResult:
    batch_id: int
    file_name: str
    sha256: str
    counts: dict[str, KindCount] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Human summary, one line per sheet, in Chinese."""
        out = [f"导入 {self.file_name}（批次 #{self.batch_id}）"]
        for kind, c in self.counts.items():
            out.append(
                f"  {KIND_LABELS.get(kind, kind)}：共 {c.total} 条（新增 {c.created}，更新 {c.updated}，"
                f"未变 {c.unchanged}）"
            )
        return out


def _row_of(record_id: str | None) -> int | None:
    """Return the sheet row from a workbook evidence id such as ``"书面表扬:12"``."""
    if not record_id:
        return None
    tail = record_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _text(value: str | None) -> str:
    return value or ""


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one record type maps to its model: natural key and compared values, as model attnames."""

    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    values: tuple[str, ...]
    to_row: Callable[[Any, dict[str, int]], dict[str, Any]]  # fact, pk by 工号 -> attname -> value


def _kinds() -> tuple[_Kind, ...]:
    return (
        _Kind(
            "positions",
            Position,
            ("employee_id", "start_on"),
            ("level", "end_on", "reason"),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "start_on": r.start_on,
                "level": r.level,
                "end_on": r.end_on,
                "reason": _text(r.reason),
            },
        ),
        _Kind(
            "praises",
            m.Praise,
            # The note is matched through its digest (see evidence.models): equal digests, equal notes.
            ("employee_id", "date", "source", "customer", "note_sha256"),
            ("note",),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "date": r.date,
                "source": r.source,
                "customer": _text(r.customer),
                "note": _text(r.note),
                "note_sha256": m.note_digest(_text(r.note)),
            },
        ),
        _Kind(
            "mentorships",
            m.Mentorship,
            ("mentor_id", "mentee_id"),
            ("start_on", "independent_on"),
            lambda r, pk: {
                "mentor_id": pk[r.mentor_no],
                "mentee_id": pk[r.mentee_no],
                "start_on": r.start_on,
                "independent_on": r.independent_on,
            },
        ),
        _Kind(
            "trainings",
            m.Training,
            ("employee_id", "program", "date"),
            ("result",),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "program": r.program,
                "date": r.date,
                "result": r.result,
            },
        ),
        _Kind(
            "leaves",
            m.Leave,
            ("employee_id", "type", "start_on"),
            ("days",),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "type": r.type,
                "start_on": r.start_on,
                "days": float(r.days),
            },
        ),
        _Kind(
            "metrics",
            m.MetricMonth,
            ("employee_id", "month"),
            ("values",),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "month": r.month,
                "values": {k: float(v) for k, v in r.values.items()},
            },
        ),
        _Kind(
            "exams",
            m.Exam,
            ("employee_id", "exam", "date"),
            ("score", "passed"),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "exam": r.exam,
                "date": r.date,
                "score": r.score,
                "passed": bool(r.passed),
            },
        ),
        _Kind(
            "appraisals",
            m.Appraisal,
            ("employee_id", "year"),
            ("score", "grade"),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "year": int(r.year),
                "score": float(r.score),
                "grade": _text(r.grade),
            },
        ),
        _Kind(
            "attestations",
            m.Attestation,
            ("employee_id", "competency"),
            ("date", "attested_by_no", "note"),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "competency": r.competency,
                "date": r.date,
                "attested_by_no": _text(r.attested_by),
                "note": _text(r.note),
            },
        ),
        _Kind(
            "incidents",
            m.Incident,
            ("employee_id", "date", "type", "note_sha256"),
            ("note",),
            lambda r, pk: {
                "employee_id": pk[r.employee_no],
                "date": r.date,
                "type": r.type,
                "note": _text(r.note),
                "note_sha256": m.note_digest(_text(r.note)),
            },
        ),
    )


def _upsert(
    *,
    model: type[models.Model],
    key: tuple[str, ...],
    values: tuple[str, ...],
    rows: Iterable[tuple[dict[str, Any], int | None]],
    source_file: str,
    actor: AbstractBaseUser | None,
) -> KindCount:
    """Insert new rows and update changed ones, matched by natural key.

    Existing keys are read in one query; writes go in batches. Provenance (file and row) is
    rewritten only when a value changed, so re-importing a file leaves the table untouched.
    """
    wanted: dict[tuple, tuple[dict[str, Any], int | None]] = {}
    for row, source_row in rows:
        # A key repeated within the file is already an error in the reader; last one wins here.
        wanted[tuple(row[k] for k in key)] = (row, source_row)

    existing: dict[tuple, tuple[int, tuple]] = {}
    for pk, *rest in model.objects.order_by().values_list("pk", *key, *values).iterator(chunk_size=20_000):
        existing[tuple(rest[: len(key)])] = (pk, tuple(rest[len(key) :]))

    count = KindCount()
    columns = (*key, *values)
    to_create: list[tuple] = []
    to_update: list[models.Model] = []
    for k, (row, source_row) in wanted.items():
        found = existing.get(k)
        if found is None:
            to_create.append((*(row[c] for c in columns), source_row))
            continue
        pk, current = found
        if current == tuple(row[v] for v in values):
            count.unchanged += 1
            continue
        # bulk_update skips auto_now, so the time of the change is set here.
        obj = model(pk=pk, **row, source_file=source_file, source_row=source_row, updated_at=timezone.now())
        to_update.append(obj)
        count.updated += 1

    count.created = _insert_rows(
        model=model, columns=(*columns, "source_row"), rows=to_create, source_file=source_file, actor=actor
    )
    if to_update:
        model.objects.bulk_update(
            to_update, [*values, "source_file", "source_row", "updated_at"], batch_size=_UPDATE_BATCH
        )
    return count


def _adapter(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """Return the driver-side conversion of one column, or None when the driver takes the value as is."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):  # before DateField: it is a subclass
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda v: ops.adapt_json_value(v, field.encoder)
    return None


def _insert_rows(
    *,
    model: type[models.Model],
    columns: tuple[str, ...],
    rows: list[tuple],
    source_file: str,
    actor: AbstractBaseUser | None,
) -> int:
    """Insert plain tuples (values for ``columns``, by attname) and stamp their provenance.

    This bypasses model instances and the ORM's INSERT compiler, which took four fifths of the
    import time at 100,000 employees: PostgreSQL gets COPY, SQLite one prepared executemany.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    now = timezone.now()
    opts = model._meta
    stamp_names = ("source_file", "created_by_id", "created_at", "updated_at")
    fields = [opts.get_field(c) for c in (*columns, *stamp_names)]
    adapters = [_adapter(f, connection) for f in fields[: len(columns)]]
    # The provenance columns are the same for every row: adapted once.
    stamps = tuple(
        v if a is None else a(v)
        for a, v in zip(
            [_adapter(f, connection) for f in fields[len(columns) :]],
            (source_file, actor.pk if actor is not None else None, now, now),
            strict=True,
        )
    )
    table = connection.ops.quote_name(opts.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def prepared() -> Iterator[tuple]:
        for row in rows:
            yield (*(v if a is None else a(v) for a, v in zip(adapters, row, strict=True)), *stamps)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
            batch: list[tuple] = []
            for row in prepared():
                batch.append(row)
                if len(batch) == _INSERT_BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return len(rows)


_EMPLOYEE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "education",
    "department_id",
    "hired_on",
    "cs_start_on",
    "confirmed_on",
    "system_account",
    "status",
)


def _departments_ensure(names: set[str]) -> tuple[dict[str, int], KindCount]:
    existing = dict(Department.objects.filter(name__in=names).values_list("name", "pk"))
    missing = sorted(names - existing.keys())
    Department.objects.bulk_create([Department(name=n) for n in missing], batch_size=_CREATE_BATCH)
    if missing:
        existing.update(Department.objects.filter(name__in=missing).values_list("name", "pk"))
    return existing, KindCount(created=len(missing), unchanged=len(names) - len(missing))


def _employees_upsert(
    *,
    employees: list[f.Employee],
    source_file: str,
    actor: AbstractBaseUser | None,
) -> tuple[dict[str, int], KindCount, KindCount]:
    """Upsert employees by 工号 and link supervisors; return the pk of every 工号 and the counts."""
    from careerpath.workbook.reader import WorkbookError, WorkbookInvalid

    existing: dict[str, tuple[int, tuple]] = {}
    for pk, no, *rest in (
        Employee.objects.order_by()
        .values_list("pk", "employee_no", *_EMPLOYEE_FIELDS, "supervisor_id")
        .iterator(chunk_size=20_000)
    ):
        existing[no] = (pk, tuple(rest))

    # The reader cannot know who is already in the database, so a supervisor who is neither on the
    # sheet nor stored is caught here, before the first write.
    on_sheet = {e.employee_no for e in employees}
    unknown = sorted({e.supervisor_no for e in employees if e.supervisor_no} - on_sheet - existing.keys())
    if unknown:
        raise WorkbookInvalid(
            [
                WorkbookError(
                    "员工", None, "直接上级工号", f"直接上级工号 '{no}' 既不在「员工」表中，也不在系统中"
                )
                for no in unknown
            ]
        )

    dept_pk, dept_count = _departments_ensure({e.department for e in employees if e.department})

    def values(e: f.Employee) -> dict[str, Any]:
        return {
            "name": e.name,
            "gender": _text(e.gender),
            "birth_date": e.birth_date,
            "education": _text(e.education),
            "department_id": dept_pk[e.department] if e.department else None,
            "hired_on": e.hired_on,
            "cs_start_on": e.cs_start_on,
            "confirmed_on": e.confirmed_on,
            "system_account": _text(e.system_account),
            "status": e.status,
        }

    count = KindCount()
    pk_by_no = {no: found[0] for no, found in existing.items()}
    inserted_supervisor: dict[str, int | None] = {}
    pending = [e for e in employees if e.employee_no not in existing]
    count.created = len(pending)
    # New people go in waves, supervisors before their reports, so each row is inserted with its
    # supervisor already set; the waves number the depth of the hierarchy, not the headcount.
    while pending:
        wave = [e for e in pending if not e.supervisor_no or e.supervisor_no in pk_by_no]
        if not wave:  # a loop of supervisors (A reports to B, B to A): linked by the update below
            wave = pending
        rows = []
        for e in wave:
            inserted_supervisor[e.employee_no] = pk_by_no.get(e.supervisor_no) if e.supervisor_no else None
            v = values(e)
            rows.append(
                (e.employee_no, *(v[k] for k in _EMPLOYEE_FIELDS), inserted_supervisor[e.employee_no], None)
            )
        _insert_rows(
            model=Employee,
            columns=("employee_no", *_EMPLOYEE_FIELDS, "supervisor_id", "source_row"),
            rows=rows,
            source_file=source_file,
            actor=actor,
        )
        pk_by_no = dict(
            Employee.objects.order_by().values_list("employee_no", "pk").iterator(chunk_size=20_000)
        )
        pending = [e for e in pending if e.employee_no not in pk_by_no]

    to_update = []
    for e in employees:
        row = {**values(e), "supervisor_id": pk_by_no[e.supervisor_no] if e.supervisor_no else None}
        found = existing.get(e.employee_no)
        if found is None:
            if inserted_supervisor[e.employee_no] != row["supervisor_id"]:
                to_update.append(
                    Employee(
                        pk=pk_by_no[e.employee_no], **row, source_file=source_file, updated_at=timezone.now()
                    )
                )
        elif found[1] != tuple(row[k] for k in (*_EMPLOYEE_FIELDS, "supervisor_id")):
            to_update.append(
                Employee(
                    pk=found[0], **row, source_file=source_file, source_row=None, updated_at=timezone.now()
                )
            )
            count.updated += 1
        else:
            count.unchanged += 1
    if to_update:
        Employee.objects.bulk_update(
            to_update,
            [*_EMPLOYEE_FIELDS, "supervisor_id", "source_file", "source_row", "updated_at"],
            batch_size=_UPDATE_BATCH,
        )
    return pk_by_no, count, dept_count


# Any fixed number: the key of the PostgreSQL advisory lock that serializes imports.
_IMPORT_LOCK_KEY = 0x63617265  # "care"


def _lock_imports() -> None:
    """Let one import at a time run its read-compare-write, until its transaction ends.

    Two imports reading the same existing keys would both insert the same new rows and the slower
    one would die on a unique constraint. SQLite already serializes writers (transactions begin
    IMMEDIATE, see settings); PostgreSQL gets a transaction-scoped advisory lock.
    """
    connection = connections[router.db_for_write(Employee)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def workbook_import(
    *, path: str | Path, actor: AbstractBaseUser | None = None, policy: Policy, limits: ReadLimits | None = None,
    source_file: str | None = None, dry_run: bool = False,
) -> ImportResult:
    """Import a standard workbook: validate it all, then write it all in one transaction.

    Raises ``WorkbookInvalid`` (from the reader) before anything is written. Records are matched
    by their natural key (the workbook's duplicate key), so importing the same file again changes
    nothing; records missing from the file are kept, because a workbook may be a partial update.

    ``source_file`` names the upload (default: the file's own name). With ``dry_run`` everything is
    validated and written, counted, then rolled back: the counts say what a real import would change.
    """
    from django.conf import settings

    from careerpath.workbook.reader import read_workbook  # the reader validates everything

    path = Path(path)
    data = read_workbook(path, policy, limits=limits or settings.CAREERPATH_WORKBOOK_LIMITS)
    return records_import(data=data, source_file=source_file or path.name, sha256=_sha256(path), actor=actor,
                          policy=policy, dry_run=dry_run)


def records_import(
    *,
    data: WorkbookData,
    source_file: str,
    sha256: str = "",
    actor: AbstractBaseUser | None = None,
    policy: Policy,
    dry_run: bool = False,
) -> ImportResult:
    """Write already validated workbook records (the reader's output) in one transaction.

    The write half of :func:`workbook_import`, for callers that hold the records in memory
    already (the benchmark loads 100,000 synthetic employees this way, skipping the .xlsx file).
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        _lock_imports()
        pk_by_no, emp_count, dept_count = _employees_upsert(
            employees=list(data.employees),
            source_file=source_file,
            actor=actor,
        )
        counts: dict[str, KindCount] = {"departments": dept_count, "employees": emp_count}
        for kind in _kinds():
            records = getattr(data, kind.name)
            counts[kind.name] = _upsert(
                model=kind.model,
                key=kind.key,
                values=kind.values,
                rows=((kind.to_row(r, pk_by_no), _row_of(r.id)) for r in records),
                source_file=source_file,
                actor=actor,
            )
        batch = m.ImportBatch.objects.create(
            file_name=source_file,
            sha256=sha256,
            policy=f"{policy.name}@{policy.version}",
            actor=actor,
            counts={
                k: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
                for k, c in counts.items()
            },
        )
        # One audit event per import: each record keeps its own file + row as its source.
        audit_record(actor=actor, action="evidence.import", target=batch, reason=source_file,
                     data={"sha256": sha256, "counts": batch.counts})
        if dry_run:
            # The same writes as a real import, so the counts are exactly what it would do; then undone.
            transaction.set_rollback(True)
    return ImportResult(batch_id=0 if dry_run else batch.pk, file_name=source_file, sha256=sha256, counts=counts)


