"""What changed since submission: the stored eligibility snapshot next to today's evaluation.

``Application.snapshot`` keeps what the engine decided at submission and the facts it decided on
(``promotions.services.application_evaluate``). A reviewer weeks later needs both sides: did a criterion
that passed then fail now (a praise left the window, an incident was recorded), what evidence was recorded
or removed since, did the person's record change. Both sides have the same shape, so the comparison is
criterion by criterion (matched by the criterion's path of ids) and record by record (matched by the
record's id, e.g. ``praise:42``).

The snapshot is the record and is never recomputed for a decision. Its wording is in the language of the
submission (Chinese); to show it on an English page, :func:`snapshot_result` evaluates the stored facts
again in English and uses that wording only when it reaches exactly the stored outcome, criterion by
criterion — otherwise the stored text is shown as it was recorded.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from careerpath.core import facts as f
from careerpath.core.engine import evaluate
from careerpath.core.policy import Policy

Json = Mapping[str, Any]

# The employee's own fields a reviewer should hear about when they changed since submission.
EMPLOYEE_FIELDS = ("name", "department", "supervisor_no", "education", "confirmed_on", "system_account", "status")

_RECORD_TYPES: dict[str, type] = {
    "positions": f.Position, "praises": f.Praise, "mentorships": f.Mentorship, "trainings": f.Training,
    "leaves": f.Leave, "metrics": f.MetricMonth, "exams": f.Exam, "appraisals": f.Appraisal,
    "attestations": f.Attestation, "incidents": f.Incident,
}


# ---------------------------------------------------------------------------------------------------
# The stored result in the page's language


def _decode(cls: type, data: Json) -> Any:
    """A facts dataclass from its JSON form (``application_evaluate`` wrote dates as ISO strings)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for fld in dataclasses.fields(cls):
        if fld.name not in data:
            continue
        value = data[fld.name]
        if isinstance(value, str) and "date" in str(hints.get(fld.name, "")):
            value = date.fromisoformat(value)
        kwargs[fld.name] = value
    return cls(**kwargs)


def snapshot_facts(snapshot: Json) -> f.PersonFacts | None:
    """The person's facts as stored in the snapshot (None when the snapshot has none or cannot be read)."""
    stored = snapshot.get("facts") or {}
    try:
        person = f.PersonFacts(employee=_decode(f.Employee, stored["employee"]))
        for kind, cls in _RECORD_TYPES.items():
            getattr(person, kind).extend(_decode(cls, r) for r in stored.get(kind, ()))
    except (KeyError, TypeError, ValueError):
        return None
    return person


def _outcomes(criteria: Sequence[Json], prefix: str = "") -> dict[str, bool]:
    out: dict[str, bool] = {}
    for c in criteria:
        path = f"{prefix}{c['id']}"
        out[path] = bool(c["passed"])
        out.update(_outcomes(c.get("children", ()), path + "/"))
    return out


def snapshot_result(*, snapshot: Json, policy: Policy, move_id: str, lang: str) -> Json | None:
    """The snapshot's move result with its wording in ``lang``; the stored one when that cannot be had."""
    stored = snapshot.get("result")
    if not stored or lang == "zh":
        return stored
    person = snapshot_facts(snapshot)
    as_of = snapshot.get("as_of")
    if person is None or not as_of:
        return stored
    population = f.Population(people={person.employee.employee_no: person}, vacancies=snapshot.get("vacancies"))
    ev = evaluate(population, policy, date.fromisoformat(as_of), lang=lang, employee_no=person.employee.employee_no)
    again = next((r.to_dict() for r in ev.results if r.move_id == move_id), None)
    if again is None or _outcomes(again["criteria"]) != _outcomes(stored.get("criteria", ())):
        return stored  # the engine reads these facts differently now: show what was recorded
    return again


# ---------------------------------------------------------------------------------------------------
# The comparison


class Change:
    SAME = "same"
    NOW_FAILS = "now_fails"  # passed at submission, fails today
    NOW_PASSES = "now_passes"  # failed at submission, passes today
    NEW = "new"  # not evaluated at submission
    GONE = "gone"  # not evaluated today


@dataclass(frozen=True, slots=True)
class CriterionChange:
    path: str
    depth: int
    label: str
    required: str
    then_passed: bool | None  # None: the criterion was not evaluated at submission
    then_actual: str
    now_passed: bool | None  # None: not evaluated today
    now_actual: str

    @property
    def change(self) -> str:
        if self.then_passed is None:
            return Change.NEW
        if self.now_passed is None:
            return Change.GONE
        if self.then_passed and not self.now_passed:
            return Change.NOW_FAILS
        if self.now_passed and not self.then_passed:
            return Change.NOW_PASSES
        return Change.SAME


@dataclass(frozen=True, slots=True)
class RecordChange:
    kind: str  # an evidence kind (core.facts.EVIDENCE_KINDS)
    id: str
    change: str  # "added" | "removed" | "changed"
    then: Json | None
    now: Json | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    then: Any
    now: Any


@dataclass(slots=True)
class SnapshotComparison:
    then_as_of: date | None
    now_as_of: date
    then_eligible: bool | None
    now_eligible: bool
    criteria: list[CriterionChange] = field(default_factory=list)
    records: list[RecordChange] = field(default_factory=list)
    employee: list[FieldChange] = field(default_factory=list)

    @property
    def now_failing(self) -> list[CriterionChange]:
        return [c for c in self.criteria if c.change == Change.NOW_FAILS]

    @property
    def now_passing(self) -> list[CriterionChange]:
        return [c for c in self.criteria if c.change == Change.NOW_PASSES]

    @property
    def added(self) -> list[RecordChange]:
        return [r for r in self.records if r.change == "added"]

    @property
    def new_incidents(self) -> list[RecordChange]:
        return [r for r in self.records if r.change == "added" and r.kind == "incidents"]

    def change_of(self, kind: str, record_id: str) -> str:
        """"added" / "changed" when today's record ``record_id`` is new or different since submission, else ""."""
        return next((r.change for r in self.records if r.kind == kind and r.id == record_id), "")

    @property
    def changed(self) -> bool:
        return bool(self.now_failing or self.now_passing or self.records or self.employee
                    or self.then_eligible != self.now_eligible
                    or any(c.change in (Change.NEW, Change.GONE) for c in self.criteria))


def _flatten(criteria: Sequence[Json], prefix: str = "", depth: int = 0) -> list[tuple[str, int, Json]]:
    out = []
    for c in criteria:
        path = f"{prefix}{c['id']}"
        out.append((path, depth, c))
        out.extend(_flatten(c.get("children", ()), path + "/", depth + 1))
    return out


def _records(stored: Json) -> dict[tuple[str, str], Json]:
    return {(kind, r["id"]): r for kind in f.EVIDENCE_KINDS for r in stored.get(kind, ()) if "id" in r}


def snapshot_compare(*, then: Json | None, now: Json, then_facts: Json | None, now_facts: Json,
                     then_as_of: date | None, now_as_of: date, then_eligible: bool | None) -> SnapshotComparison:
    """Compare a stored move result and facts (``then``) with today's (``now``), criterion and record wise.

    ``then``/``now`` are move results as ``MoveResult.to_dict()`` gives them (``then`` None when the
    application was never submitted); the facts are ``application_evaluate``'s ``facts``.
    """
    cmp = SnapshotComparison(then_as_of=then_as_of, now_as_of=now_as_of, then_eligible=then_eligible,
                             now_eligible=bool(now.get("eligible")))
    old = {path: c for path, _, c in _flatten((then or {}).get("criteria", ()))}
    seen = set()
    for path, depth, c in _flatten(now.get("criteria", ())):
        before = old.get(path)
        seen.add(path)
        cmp.criteria.append(CriterionChange(
            path=path, depth=depth, label=c["label"], required=c["required"],
            then_passed=None if before is None else bool(before["passed"]),
            then_actual="" if before is None else before["actual"],
            now_passed=bool(c["passed"]), now_actual=c["actual"]))
    for path, depth, c in _flatten((then or {}).get("criteria", ())):
        if path not in seen:
            cmp.criteria.append(CriterionChange(path=path, depth=depth, label=c["label"], required=c["required"],
                                                then_passed=bool(c["passed"]), then_actual=c["actual"],
                                                now_passed=None, now_actual=""))
    if then_facts is not None:
        before_records, now_records = _records(then_facts), _records(now_facts)
        for key, rec in now_records.items():
            if key not in before_records:
                cmp.records.append(RecordChange(key[0], key[1], "added", None, rec))
            elif before_records[key] != rec:
                cmp.records.append(RecordChange(key[0], key[1], "changed", before_records[key], rec))
        for key, rec in before_records.items():
            if key not in now_records:
                cmp.records.append(RecordChange(key[0], key[1], "removed", rec, None))
        before_emp, now_emp = then_facts.get("employee") or {}, now_facts.get("employee") or {}
        cmp.employee = [FieldChange(name, before_emp.get(name), now_emp.get(name)) for name in EMPLOYEE_FIELDS
                        if before_emp.get(name) != now_emp.get(name)]
    return cmp
