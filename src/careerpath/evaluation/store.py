"""Keeping the stored eligibility (:mod:`careerpath.evaluation.models`) true to the facts.

One function writes it, :func:`eligibility_refresh`: for a set of people (a team, one person, the whole
company) it finds the rows that no longer match the facts and evaluates just those people again, through
the one evaluation path (:mod:`careerpath.evaluation.selectors`), in every language the site speaks. A row
no longer matches when

- the person's own facts changed: one SQL statement (:func:`fingerprints`) reads, per person, the count,
  the sum of ids and the sum of the ``updated_at`` of each of their fact tables and their employee row.
  An insert, a delete or a save changes one of them (ids are never reused; ``updated_at`` is set on every
  save and by every bulk update of these tables, as the import does), without trusting any write path
  to announce itself;
- the context changed (:func:`eligibility_context`): the active policy version, or the open posts per
  level (the only fact of other people a verdict reads: a management move's vacancy criterion);
- the as-of date moved on (time-based criteria: tenure, the 12-month window, leave totals), or
- ``stale`` was set (:mod:`careerpath.evaluation.invalidation` sets it on every save or delete of a fact).

Readers pick their freshness: the team overview refreshes its scope on every request (a fingerprint
statement and a handful of queries when nothing changed, so its first view after a restart is as fast as
any other); HR's company-wide pages read the tables as they are and say as of when
(:func:`eligibility_as_of`), and the daily ``careerpath refresh-eligibility`` (idempotent) brings every
row to the new day. Running it twice evaluates nobody the second time.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from careerpath.core.dates import add_months, completed_months
from careerpath.core.engine import level_run_start
from careerpath.core.facts import current_position
from careerpath.core.policy import Policy
from careerpath.core.results import MoveResult
from careerpath.evaluation.models import EligibilityStatus, MoveEligibility, PersonEligibility
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.evidence import models as em
from careerpath.evidence.selectors import policy_get
from careerpath.org.selectors import vacancies_for_population
from careerpath.people.models import Employee, EmployeeStatus, Position

LANGS = ("zh", "en")  # every row carries its sentences in each language the site speaks
SOON_MONTHS = 3  # "will be eligible within 3 months"
CHUNK = 2_000  # people loaded and evaluated at a time (bounded memory on 100,000)

# (model, owner column): the fact tables whose rows belong to one person.
_PER_PERSON: tuple[tuple[type, str], ...] = (
    (Position, "employee_id"), (em.Praise, "employee_id"), (em.Mentorship, "mentor_id"),
    (em.Training, "employee_id"), (em.Leave, "employee_id"), (em.MetricMonth, "employee_id"),
    (em.Exam, "employee_id"), (em.Appraisal, "employee_id"), (em.Attestation, "employee_id"),
    (em.Incident, "employee_id"),
)


# ---------------------------------------------------------------------------------------------------
# What a row was computed from


@dataclass(frozen=True, slots=True)
class Context:
    policy: Policy
    vacancies: dict[str, int] | None  # open posts per level (None: no headcount plan on record)
    key: str  # digest of the policy and the open posts per level


def eligibility_context(*, policy: Policy | None = None) -> Context:
    """The active policy and the digest of what every verdict shares (two small queries).

    A policy is named by its name and version (unique among stored versions: a published text never
    changes), so activating another version changes the key.
    """
    policy = policy if policy is not None else policy_get()
    vacancies = vacancies_for_population()
    shared = (policy.name, policy.version, sorted(vacancies.items()) if vacancies is not None else None)
    return Context(policy, vacancies, hashlib.sha256(repr(shared).encode()).hexdigest()[:32])


def _stamp(column: str) -> str:
    """``column`` (a datetime) as whole microseconds, so a sum of them is exact on both backends."""
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"
    return f"CAST((julianday({column}) - 2440587.5) * 86400000000 AS INTEGER)"


@dataclass(frozen=True, slots=True)
class Print:
    digest: str  # the person's facts, folded (see :func:`fingerprints`)
    employee_no: str
    department_id: int | None


def fingerprints(scope: QuerySet[Employee]) -> dict[int, Print]:
    """Per person in ``scope``: a digest of their facts (one statement, whatever the size of the scope).

    Per table: the number of rows, the sum of their ids and the sum of their ``updated_at``. An insert
    or a delete changes the first two, any save the third, also when two transactions race (a later
    commit of an earlier timestamp still changes a sum, where it would not change a maximum). The
    tables are folded into three numbers per person in the database (each table weighted by its own
    factor), so one row per person travels, not one per table; it carries the person's number and
    department too, which the rows store.
    """
    sub_sql, sub_params = scope.order_by().values("pk").query.sql_with_params()
    inner: list[str] = []
    params: list[object] = []
    emp = Employee._meta.db_table
    inner.append(f"SELECT id AS owner, 1 AS w, 1 AS n, COALESCE(department_id, 0) AS ids, "
                 f"{_stamp('updated_at')} AS stamps, employee_no AS no, department_id AS dept "
                 f"FROM {emp} WHERE id IN ({sub_sql})")
    params.extend(sub_params)
    for i, (model, owner) in enumerate(_PER_PERSON, start=2):
        t = model._meta.db_table
        inner.append(f"SELECT {owner}, {i}, COUNT(*), SUM(id), SUM({_stamp('updated_at')}), NULL, NULL FROM {t} "
                     f"WHERE {owner} IN ({sub_sql}) GROUP BY {owner}")
        params.extend(sub_params)
    sql = ("SELECT owner, SUM(n * w), SUM(ids * w), SUM(stamps), MAX(no), MAX(dept) FROM ("
           + " UNION ALL ".join(inner) + ") AS facts GROUP BY owner")
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return {owner: Print(f"{int(n or 0)}:{int(ids or 0)}:{int(stamps or 0)}", no, dept)
                for owner, n, ids, stamps, no, dept in cur.fetchall()}


# ---------------------------------------------------------------------------------------------------
# Evaluating people into rows


def _briefs(results: Iterable[MoveResult], policy: Policy) -> dict[str, list[dict]]:
    """Per employee number: their moves as stored (one language's sentences)."""
    appointed = {m.id for m in policy.moves if m.appointed}
    out: dict[str, list[dict]] = {}
    for r in results:
        failing = [c for c in r.criteria if not c.passed]
        horizon = max((c.projected_on for c in failing if c.projected_on), default=None)
        lapsing = [[c.label, c.lapses_on.isoformat()] for c in r.criteria
                   if c.passed and c.lapses_on and horizon and c.lapses_on <= horizon]
        out.setdefault(r.employee_no, []).append({
            "move_id": r.move_id, "target_level": r.target_level, "move": r.move,
            "appointed": r.move_id in appointed, "eligible": r.eligible,
            "projected_on": r.projected_on.isoformat() if r.projected_on else None,
            "missing": [c.shortfall or c.label for c in failing], "lapsing": lapsing,
        })
    return out


def _status(moves: list[dict], as_of: date) -> tuple[str, date | None]:
    if not moves:
        return EligibilityStatus.NONE, None
    if any(m["eligible"] for m in moves):
        return EligibilityStatus.ELIGIBLE, as_of
    projected = min((date.fromisoformat(m["projected_on"]) for m in moves if m["projected_on"]), default=None)
    soon = add_months(as_of, SOON_MONTHS)
    return (EligibilityStatus.SOON if projected is not None and projected <= soon else EligibilityStatus.BLOCKED,
            projected)


def _evaluate(pks: Sequence[int], ctx: Context, as_of: date, prints: dict[int, Print],
              now: datetime) -> tuple[list[PersonEligibility], list[MoveEligibility]]:
    people = Employee.objects.filter(pk__in=pks, status=EmployeeStatus.ACTIVE)
    population = population_load(policy=ctx.policy, employees=people, vacancies=ctx.vacancies)
    by_lang = {lang: _briefs(evaluation_run(policy=ctx.policy, as_of=as_of, lang=lang, population=population).results,
                             ctx.policy) for lang in LANGS}
    rows = {prints[pk].employee_no: pk for pk in pks if pk in prints}
    persons: list[PersonEligibility] = []
    moves: list[MoveEligibility] = []
    for no, person in population.people.items():
        if no not in rows:
            continue
        cur = current_position(person)  # None: no position yet, nothing to evaluate (status "none")
        pk = rows[no]
        dept, name = prints[pk].department_id, person.employee.name
        months = (completed_months(level_run_start(person, cur), as_of)
                  if cur is not None and cur.start_on <= as_of else None)
        level = cur.level if cur is not None else ""
        base = by_lang[LANGS[0]].get(no, [])
        merged = []
        for i, m in enumerate(base):
            merged.append({**m, "missing": {lang: by_lang[lang][no][i]["missing"] for lang in LANGS},
                           "lapsing": [[{lang: by_lang[lang][no][i]["lapsing"][j][0] for lang in LANGS}, on]
                                       for j, (_label, on) in enumerate(m["lapsing"])]})
        status, projected = _status(merged, as_of)
        persons.append(PersonEligibility(
            employee=Employee(pk=pk, employee_no=no, name=name, department_id=dept), department_id=dept, level=level, months_in_level=months, status=status,
            projected_on=projected, moves=merged, as_of=as_of, context=ctx.key, fingerprint=prints[pk].digest,
            stale=False, computed_at=now))
        for m in merged:
            moves.append(MoveEligibility(
                employee_id=pk, department_id=dept, move_id=m["move_id"], from_level=level,
                target_level=m["target_level"], kind=m["move"], eligible=m["eligible"],
                projected_on=date.fromisoformat(m["projected_on"]) if m["projected_on"] else None,
                as_of=as_of, computed_at=now))
    return persons, moves


_PERSON_FIELDS = ["department", "level", "months_in_level", "status", "projected_on", "moves", "as_of", "context",
                  "fingerprint", "stale", "computed_at"]  # what an upsert of a row rewrites


def _write(pks: Sequence[int], had_rows: set[int], persons: list[PersonEligibility],
           moves: list[MoveEligibility]) -> None:
    """Replace the rows of ``pks`` (people no longer active lose theirs); ``had_rows``: those with rows now."""
    # No savepoint inside a caller's transaction: a failure here fails the caller, as it should.
    with transaction.atomic(savepoint=False):
        if old := [pk for pk in pks if pk in had_rows]:
            MoveEligibility.objects.filter(employee_id__in=old).delete()
        kept = {p.employee_id for p in persons}
        if gone := [pk for pk in old if pk not in kept]:
            PersonEligibility.objects.filter(employee_id__in=gone).delete()
        PersonEligibility.objects.bulk_create(persons, update_conflicts=True, unique_fields=["employee"],
                                              update_fields=_PERSON_FIELDS, batch_size=500)
        MoveEligibility.objects.bulk_create(moves, batch_size=1000)


# ---------------------------------------------------------------------------------------------------
# The refresh


@dataclass(frozen=True, slots=True)
class StoredRow:
    """A person's stored eligibility as a page reads it (no model instance: thousands per page)."""

    employee_id: int
    employee_no: str
    name: str
    department_id: int | None
    level: str
    months_in_level: int | None
    status: str
    projected_on: date | None
    moves: list[dict]


@dataclass(frozen=True, slots=True)
class RefreshResult:
    people: int  # people in scope
    evaluated: int  # evaluated again (the rest were current)
    removed: int  # rows dropped: people who left or are no longer in scope of any row
    seconds: float
    as_of: date
    rows: dict[int, StoredRow] | None = None  # with ``rows=True``: everyone's current row


Progress = Callable[[int, int], None]  # (done, total) of the people to evaluate

_ROW_FIELDS = ("employee_id", "fingerprint", "context", "as_of", "stale", "employee__name", "department_id", "level",
               "months_in_level", "status", "projected_on")


def _stored(current: QuerySet[PersonEligibility], with_rows: bool) -> tuple[dict[int, tuple], dict[int, StoredRow]]:
    """(pk → what the row was computed from, pk → the row itself when ``with_rows``): one query.

    The moves' JSON travels as text and is decoded in one ``json.loads`` over the whole set (a JSON array
    joined from the rows): a third of the cost of decoding row by row, the largest cost of a team page.
    """
    if not with_rows:
        return ({pk: (fp, ctx_key, on, stale) for pk, fp, ctx_key, on, stale in current.values_list(
            "employee_id", "fingerprint", "context", "as_of", "stale")}, {})
    raw = list(current.annotate(raw=Cast("moves", TextField())).values_list(*_ROW_FIELDS, "employee__employee_no",
                                                                             "raw"))
    decoded = json.loads("[" + ",".join(r[-1] for r in raw) + "]") if raw else []
    stored: dict[int, tuple] = {}
    rows: dict[int, StoredRow] = {}
    for (pk, fp, ctx_key, on, stale, name, dept, level, months, status, projected, no, _raw), moves in zip(
            raw, decoded, strict=True):
        stored[pk] = (fp, ctx_key, on, stale)
        rows[pk] = StoredRow(pk, no, name, dept, level, months, status, projected, moves)
    return stored, rows


def eligibility_refresh(*, as_of: date, employees: QuerySet[Employee] | None = None, context: Context | None = None,
                        force: bool = False, progress: Progress | None = None, rows: bool = False,
                        prints: dict[int, Print] | None = None) -> RefreshResult:
    """Bring the stored eligibility of ``employees`` (default: every active person) up to date.

    Only the people whose row does not match (their facts, the context, the date, or ``stale``) are
    evaluated, ``CHUNK`` at a time, each chunk in its own transaction; ``force`` evaluates everyone.
    Idempotent: a second run evaluates nobody. The whole company's run also drops the rows of people
    who are no longer active. ``rows`` returns the current rows as well (a team page: no second read);
    ``prints`` passes the scope's fingerprints when the caller has just read them.
    """
    started = time.perf_counter()
    ctx = context if context is not None else eligibility_context()
    scope = Employee.objects.filter(status=EmployeeStatus.ACTIVE) if employees is None else employees
    prints = fingerprints(scope) if prints is None else prints
    stored, full = _stored(PersonEligibility.objects.filter(employee__in=scope), rows)
    todo = [pk for pk, fp in prints.items()
            if force or stored.get(pk) != (fp.digest, ctx.key, as_of, False)]
    now = timezone.now()
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start:start + CHUNK]
        persons, moves = _evaluate(chunk, ctx, as_of, prints, now)
        _write(chunk, set(stored), persons, moves)
        if rows:
            for pk in chunk:
                full.pop(pk, None)
            full.update({p.employee_id: StoredRow(
                p.employee_id, p.employee.employee_no, p.employee.name, p.department_id, p.level, p.months_in_level,
                p.status, p.projected_on, p.moves) for p in persons})
        if progress is not None:
            progress(min(start + CHUNK, len(todo)), len(todo))
    removed = 0
    if employees is None:
        removed, _ = PersonEligibility.objects.exclude(employee__in=scope).delete()
        MoveEligibility.objects.exclude(employee__in=scope).delete()
    return RefreshResult(len(prints), len(todo), removed, time.perf_counter() - started, as_of,
                         {pk: full[pk] for pk in prints if pk in full} if rows else None)


def eligibility_mark_stale(*, employee_ids: Iterable[int] | None = None) -> int:
    """Flag rows for the next refresh (None: everyone's — the active policy changed)."""
    qs = PersonEligibility.objects.filter(stale=False)
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=list(employee_ids))
    return qs.update(stale=True)


# ---------------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class StoreState:
    rows: int
    stale: int  # rows flagged, or computed for an earlier day, or under another context
    oldest: datetime | None  # the oldest computation among the rows
    newest: datetime | None
    as_of: date | None  # the earliest as-of date among the rows
    missing: int  # active people without a row yet


def eligibility_as_of(*, as_of: date, context: Context | None = None) -> StoreState:
    """How current the stored figures are, for the "as of" line of every page that reads them (two queries)."""
    ctx_key = context.key if context is not None else None
    stale_q = Q(stale=True) | ~Q(as_of=as_of)
    if ctx_key is not None:
        stale_q |= ~Q(context=ctx_key)
    agg = PersonEligibility.objects.aggregate(rows=Count("pk"), stale=Count("pk", filter=stale_q),
                                              oldest=Min("computed_at"), newest=Max("computed_at"),
                                              as_of=Min("as_of"))
    active = Employee.objects.filter(status=EmployeeStatus.ACTIVE).count()
    return StoreState(agg["rows"], agg["stale"], agg["oldest"], agg["newest"], agg["as_of"],
                      max(0, active - agg["rows"]))
