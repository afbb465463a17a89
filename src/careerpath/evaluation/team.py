"""The team overview: who in a supervisor's, manager's or HR's scope is eligible now, soon, or blocked by what.

Evaluating a 2,000-person department takes about a second (load + engine), too slow for every page
view, so the per-person summary is cached and reused for as long as that person's facts are unchanged.

How "unchanged" is known, without trusting any write path to announce itself: one SQL statement
(:func:`_fingerprints`) reads, per person in scope, the count, the sum of ids and the sum of the
``updated_at`` of each of their fact tables (positions, every evidence kind, their employee row), plus
the same aggregates company-wide for what every verdict shares (positions and employees decide the
vacancies, the headcount plans, the active policy version, the department tree). An insert, a delete
or a save changes one of them (ids are never reused, ``updated_at`` is set on every save and every
bulk update of these tables: a ``QuerySet.update`` on them must set it too, as the import does). On each request only the people whose fingerprint changed are evaluated again, through
the one evaluation path (:mod:`careerpath.evaluation.selectors`); everything shared (the as-of date,
the language, the policy, the company-wide part) is part of the cache key, so a change there
evaluates the scope afresh. A read that races a write can only store newer facts under an older
fingerprint, which the next request sees as changed: the page never shows a verdict older than the
facts it read. The summaries live in this process (:class:`_Store`); the navigation's count is the
last overview's, shown only while the same statement finds nothing changed (:func:`team_nav_count`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.core.dates import add_months, completed_months
from careerpath.core.engine import level_run_start
from careerpath.core.facts import current_position
from careerpath.core.policy import Policy
from careerpath.core.results import MoveResult
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.evidence import models as em
from careerpath.org.models import HeadcountPlan
from careerpath.people.models import Department, Employee, EmployeeStatus, Position
from careerpath.people.selectors import department_subtree_ids
from careerpath.policy_versions.models import PolicyVersion

SOON_MONTHS = 3  # "will be eligible within 3 months"
TEAM_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ADMIN})
_ALL_ROLES = frozenset({Role.HR, Role.ADMIN})  # the whole company, with a department filter
_PARTIAL_LIMIT = 500  # beyond this many changed people, reload the scope instead of listing ids
# The navigation checks its count on every page; past this many people that check (one statement over
# all their facts) costs more than a badge is worth, and the badge is left out.
_NAV_LIMIT = 5_000


class TeamStatus(StrEnum):
    ELIGIBLE = "eligible"  # eligible now for at least one move
    SOON = "soon"  # not now, but a move's projected date is within SOON_MONTHS
    BLOCKED = "blocked"  # something new is needed (or the date is further away)
    NONE = "none"  # no move is open from the current level


@dataclass(frozen=True, slots=True)
class MoveBrief:
    move_id: str
    target_level: str
    move: str  # "promotion" | "lateral"
    appointed: bool
    eligible: bool
    projected_on: date | None
    missing: tuple[str, ...]  # the failing criteria's shortfall, in words
    # Passing criteria that stop passing before the failing ones are met: (label, date). They are why
    # a move whose gaps all have dates may still have no projected date.
    lapsing: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True, slots=True)
class TeamRow:
    employee_id: int
    employee_no: str
    name: str
    department_id: int | None
    level: str | None
    months_in_level: int | None
    status: TeamStatus
    projected_on: date | None  # as-of when eligible; else the earliest projected date of a move
    moves: tuple[MoveBrief, ...]

    @property
    def eligible_moves(self) -> list[MoveBrief]:
        return [m for m in self.moves if m.eligible]

    @property
    def soon_moves(self) -> list[MoveBrief]:
        return [m for m in self.moves if not m.eligible and m.projected_on is not None]

    @property
    def closest_blocked(self) -> MoveBrief | None:
        """The move that is nearest: the earliest date, else the fewest things missing."""
        blocked = [m for m in self.moves if not m.eligible]
        if not blocked:
            return None
        return min(blocked, key=lambda m: (m.projected_on or date.max, len(m.missing)))


@dataclass(slots=True)
class _Entry:
    """One scope's cache entry: each person's fingerprint and summary."""

    fingerprints: dict[int, tuple] = field(default_factory=dict)
    rows: dict[int, TeamRow] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------
# Scope


@dataclass(frozen=True, slots=True)
class TeamScope:
    key: str  # stable name of the scope, part of the cache key
    employees: QuerySet[Employee]  # active people in scope (the viewer excluded)
    company_wide: bool  # HR: everyone, narrowed by a department filter
    default: bool = True  # the viewer's whole team (what the navigation counts)
    department_ids: tuple[int, ...] | None = None  # a manager's department subtree


def _scope_queryset(user: AbstractBaseUser | AnonymousUser, roles: frozenset[Role],
                    department_ids: Sequence[int] | None) -> QuerySet[Employee]:
    # Built from the user id and the department ids alone, so the navigation can rebuild it from a
    # cache record without a query of its own.
    active = Employee.objects.filter(status=EmployeeStatus.ACTIVE).exclude(user_id=user.pk)
    if roles & _ALL_ROLES:
        return active if department_ids is None else active.filter(department_id__in=department_ids)
    scope = Q(pk__in=[])
    if Role.SUPERVISOR in roles:
        scope |= Q(supervisor__user_id=user.pk)
    if Role.MANAGER in roles and department_ids:
        scope |= Q(department_id__in=department_ids)
    return active.filter(scope)


def team_scope(*, user: AbstractBaseUser | AnonymousUser, department_id: int | None = None) -> TeamScope | None:
    """The people whose overview ``user`` may see, or None when they may see none (not a team role).

    A supervisor sees their direct reports; a department manager their department and the departments
    below it (both when they hold both roles); HR and admin everyone, or one department subtree. The
    viewer is never in their own team.
    """
    roles = user_roles(user=user)
    if not roles & TEAM_ROLES:
        return None
    if roles & _ALL_ROLES:
        if department_id is not None:
            ids = tuple(department_subtree_ids(root_id=department_id))
            return TeamScope(f"d{department_id}", _scope_queryset(user, roles, ids), True, False, ids)
        return TeamScope("all", _scope_queryset(user, roles, None), True)
    ids: tuple[int, ...] | None = None
    if Role.MANAGER in roles:
        me = user_employee(user=user)
        if me is not None and me.department_id is not None:
            ids = tuple(department_subtree_ids(root_id=me.department_id))
    return TeamScope(f"u{user.pk}", _scope_queryset(user, roles, ids), False, True, ids)


# ---------------------------------------------------------------------------------------------------
# Fingerprints: one statement, whatever the size of the scope

# (model, owner column): the fact tables whose rows belong to one person.
_PER_PERSON: tuple[tuple[type, str], ...] = (
    (Position, "employee_id"), (em.Praise, "employee_id"), (em.Mentorship, "mentor_id"),
    (em.Training, "employee_id"), (em.Leave, "employee_id"), (em.MetricMonth, "employee_id"),
    (em.Exam, "employee_id"), (em.Appraisal, "employee_id"), (em.Attestation, "employee_id"),
    (em.Incident, "employee_id"),
)


def _stamp(column: str) -> str:
    """``column`` (a datetime) as whole microseconds, so a sum of them is exact on both backends."""
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"
    return f"CAST((julianday({column}) - 2440587.5) * 86400000000 AS INTEGER)"


def _fingerprints(scope: QuerySet[Employee]) -> tuple[dict[int, tuple], tuple]:
    """(per person: their tables' aggregates, company-wide: what every verdict shares).

    Per table: the number of rows, the sum of their ids and the sum of their ``updated_at``. An insert
    or a delete changes the first two, any save the third, also when two transactions race (a later
    commit of an earlier timestamp still changes a sum, where it would not change a maximum). Per
    person the tables are folded into three numbers in the database (each table weighted by its own
    factor), so one row per person travels, not one per table.
    """
    sub_sql, sub_params = scope.order_by().values("pk").query.sql_with_params()
    inner: list[str] = []
    params: list[object] = []
    emp = Employee._meta.db_table
    inner.append(f"SELECT id AS owner, 1 AS w, 1 AS n, COALESCE(department_id, 0) AS ids, "
                 f"{_stamp('updated_at')} AS stamps FROM {emp} WHERE id IN ({sub_sql})")
    params.extend(sub_params)
    for i, (model, owner) in enumerate(_PER_PERSON, start=2):
        t = model._meta.db_table
        inner.append(f"SELECT {owner}, {i}, COUNT(*), SUM(id), SUM({_stamp('updated_at')}) FROM {t} "
                     f"WHERE {owner} IN ({sub_sql}) GROUP BY {owner}")
        params.extend(sub_params)
    parts = ["SELECT 0 AS part, owner, SUM(n * w), SUM(ids * w), SUM(stamps) FROM ("
             + " UNION ALL ".join(inner) + ") AS facts GROUP BY owner"]
    # Company-wide: current positions and employee status decide the vacancies; then the plans, the
    # active policy version and the department tree.
    for i, (table, last, where) in enumerate((
        (Position._meta.db_table, f"SUM({_stamp('updated_at')})", ""),
        (emp, f"SUM({_stamp('updated_at')})", ""),
        (HeadcountPlan._meta.db_table, f"SUM({_stamp('updated_at')})", ""),
        (PolicyVersion._meta.db_table, "MAX(id)", " WHERE is_active = %s"),
        (Department._meta.db_table, "SUM(COALESCE(parent_id, 0))", ""),  # the tree decides a manager's scope
    ), start=100):
        parts.append(f"SELECT {i}, NULL, COUNT(*), SUM(id), {last} FROM {table}{where}")
        if where:
            params.append(True)
    per: dict[int, tuple] = {}
    shared: list[tuple] = []
    with connection.cursor() as cur:
        cur.execute(" UNION ALL ".join(parts), params)
        for part, owner, n, total, stamps in cur.fetchall():
            row = (int(n or 0), int(total or 0), int(stamps or 0))
            if owner is None:
                shared.append((part, *row))
            else:
                per[owner] = row
    return per, tuple(sorted(shared))


# ---------------------------------------------------------------------------------------------------
# Where the summaries are kept


class _Store:
    """The summaries of this process, least recently used out first.

    A plain dictionary, not Django's cache: every read is checked against the facts anyway (the
    fingerprints), so a process-local store is as correct as a shared one, and it hands back the
    objects themselves where a cache would unpickle a megabyte per request. Entries are never changed
    once stored (a changed scope stores a new entry), so concurrent requests never see half an update.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: str, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_STORE = _Store(size=64)


def team_store_clear() -> None:
    """Forget every summary of this process (tests; nothing else needs it: reads are always checked)."""
    _STORE.clear()


# ---------------------------------------------------------------------------------------------------
# Summaries


def _summaries(results: Iterable[MoveResult], policy: Policy, as_of: date,
               ids: dict[str, tuple[int, int | None]], level_info: dict[str, tuple[str | None, int | None]],
               names: dict[str, str]) -> dict[int, TeamRow]:
    appointed = {m.id for m in policy.moves if m.appointed}
    soon = add_months(as_of, SOON_MONTHS)
    by_person: dict[str, list[MoveBrief]] = {no: [] for no in ids}
    for r in results:
        failing = [c for c in r.criteria if not c.passed]
        horizon = max((c.projected_on for c in failing if c.projected_on), default=None)
        lapsing = tuple((c.label, c.lapses_on) for c in r.criteria
                        if c.passed and c.lapses_on and horizon and c.lapses_on <= horizon)
        by_person.setdefault(r.employee_no, []).append(MoveBrief(
            r.move_id, r.target_level, r.move, r.move_id in appointed, r.eligible, r.projected_on,
            tuple(c.shortfall or c.label for c in failing), lapsing,
        ))
    rows: dict[int, TeamRow] = {}
    for no, moves in by_person.items():
        if no not in ids:
            continue
        pk, dept = ids[no]
        level, months = level_info.get(no, (None, None))
        if not moves:
            status, projected = TeamStatus.NONE, None
        elif any(m.eligible for m in moves):
            status, projected = TeamStatus.ELIGIBLE, as_of
        else:
            projected = min((m.projected_on for m in moves if m.projected_on), default=None)
            status = TeamStatus.SOON if projected is not None and projected <= soon else TeamStatus.BLOCKED
        rows[pk] = TeamRow(pk, no, names[no], dept, level, months, status, projected, tuple(moves))
    return rows


def _evaluate(people: QuerySet[Employee], policy: Policy, as_of: date, lang: str) -> dict[int, TeamRow]:
    population = population_load(policy=policy, employees=people)
    evaluation = evaluation_run(policy=policy, as_of=as_of, lang=lang, population=population)
    ids = {no: (pk, dept) for no, pk, dept in people.order_by().values_list("employee_no", "pk", "department_id")}
    level_info: dict[str, tuple[str | None, int | None]] = {}
    names: dict[str, str] = {}
    for no, person in population.people.items():
        names[no] = person.employee.name
        cur = current_position(person)
        if cur is not None and cur.start_on <= as_of:
            level_info[no] = (cur.level, completed_months(level_run_start(person, cur), as_of))
        else:
            level_info[no] = (cur.level if cur else None, None)
    ids = {no: v for no, v in ids.items() if no in names}
    return _summaries(evaluation.results, policy, as_of, ids, level_info, names)


def team_rows(*, scope: TeamScope, policy: Policy, as_of: date, lang: str,
              user: AbstractBaseUser | AnonymousUser | None = None) -> list[TeamRow]:
    """Every person in ``scope`` with their summary, fresh for the facts on record now.

    One fingerprint statement and one cache read when nothing changed; the people whose facts changed
    are loaded and evaluated again (a fixed handful of queries, whatever their number).
    """
    per_person, shared = _fingerprints(scope.employees)
    key = _cache_key(scope.key, as_of, lang, policy, shared)
    entry: _Entry | None = _STORE.get(key)
    old = entry or _Entry()
    stale = [pk for pk, fp in per_person.items() if old.fingerprints.get(pk) != fp]
    if stale or entry is None or len(old.fingerprints) != len(per_person):
        # A new entry: the stored one stays as it was for any request still reading it.
        entry = _Entry({pk: fp for pk, fp in old.fingerprints.items() if pk in per_person},
                       {pk: row for pk, row in old.rows.items() if pk in per_person})
        if stale:
            # The vacancies are recomputed with the facts; they are the entry's as long as the
            # company-wide part of the key is unchanged (a racing change only makes them newer).
            people = scope.employees if len(stale) > _PARTIAL_LIMIT else Employee.objects.filter(pk__in=stale)
            rows = _evaluate(people, policy, as_of, lang)
            for pk in stale:
                entry.fingerprints[pk] = per_person[pk]
                if pk in rows:
                    entry.rows[pk] = rows[pk]
                else:  # no position yet: nothing to evaluate
                    entry.rows.pop(pk, None)
        _STORE.set(key, entry)
    rows = [entry.rows[pk] for pk in per_person if pk in entry.rows]
    if scope.default and user is not None:
        # What the navigation shows until a fact changes: the number eligible now, with the
        # fingerprint it was counted under; and, for the rest of this request, the number itself.
        eligible = sum(r.status == TeamStatus.ELIGIBLE for r in rows)
        _STORE.set(_nav_key(user, as_of, lang), _NavRecord(_digest(per_person, shared, None), eligible,
                                                           scope.department_ids, len(per_person)))
        user._careerpath_team_eligible = (as_of, lang, eligible)  # type: ignore[union-attr]
    return rows


@dataclass(frozen=True, slots=True)
class _NavRecord:
    digest: str
    eligible: int
    department_ids: tuple[int, ...] | None
    size: int  # people in the scope


def _nav_key(user: AbstractBaseUser | AnonymousUser, as_of: date, lang: str) -> str:
    roles = ",".join(sorted(user_roles(user=user)))
    return f"careerpath:team:nav:v1:{user.pk}:{roles}:{as_of.isoformat()}:{lang}"


def _digest(per_person: dict[int, tuple], shared: tuple, policy: Policy | None) -> str:
    policy_id = (policy.name, policy.version) if policy is not None else None
    return hashlib.sha256(repr((sorted(per_person.items()), shared, policy_id)).encode()).hexdigest()


def team_nav_count(user: AbstractBaseUser | AnonymousUser, *, as_of: date, lang: str) -> int:
    """How many people in the user's team are eligible now, as the last overview counted them.

    One statement (the fingerprints): the number is shown only while no fact of the team changed
    since; otherwise 0 (the badge hides) until the overview is opened again, never a stale number.
    A team of more than ``_NAV_LIMIT`` people (HR's whole company) gets no badge.
    """
    roles = user_roles(user=user)
    if not roles & TEAM_ROLES:
        return 0
    counted = getattr(user, "_careerpath_team_eligible", None)  # this very request's overview
    if counted is not None and counted[:2] == (as_of, lang):
        return int(counted[2])
    record: _NavRecord | None = _STORE.get(_nav_key(user, as_of, lang))
    if record is None or record.size > _NAV_LIMIT:
        return 0
    per_person, shared = _fingerprints(_scope_queryset(user, roles, record.department_ids))
    # The policy is named by the active version in ``shared``; the preset's name needs no query.
    if _digest(per_person, shared, None) != record.digest:
        return 0
    return record.eligible


def _cache_key(scope_key: str, as_of: date, lang: str, policy: Policy, shared: tuple) -> str:
    digest = hashlib.sha256(repr((policy.name, policy.version, shared)).encode()).hexdigest()[:24]
    return f"careerpath:team:v1:{scope_key}:{as_of.isoformat()}:{lang}:{digest}"


# ---------------------------------------------------------------------------------------------------
# The overview: the rows of a scope, the departments to filter by, and the rows picked by the filters


@dataclass(frozen=True, slots=True)
class TeamPick:
    counts: TeamCounts  # of the people the filters other than the status leave
    rows: list[TeamRow]  # filtered and sorted


@dataclass(frozen=True, slots=True)
class TeamOverview:
    rows: list[TeamRow]  # everyone in scope
    company_wide: bool
    departments: list[tuple[int, str]]  # the department filter's choices
    department_names: dict[int, str]  # every department's name
    subtrees: dict[int, list[int]]  # each department with those below it
    policy: Policy

    def pick(self, *, status: str = "", level: str = "", department: int | None = None, query: str = "",
             sort: str = "status") -> TeamPick:
        inside = set(self.subtrees.get(department, [department])) if department is not None else None
        rows = team_filter(self.rows, level=level or None, departments=inside, query=query)
        counts = team_counts(rows)
        if status:
            rows = [r for r in rows if r.status == status]
        return TeamPick(counts, team_sort(rows, sort=sort or "status", policy=self.policy))


def team_overview(*, user: AbstractBaseUser | AnonymousUser, policy: Policy, as_of: date, lang: str,
                  department_id: int | None = None) -> TeamOverview | None:
    """The overview of ``user``'s team (None: not a team role); HR's ``department_id`` narrows the scope.

    A manager's department filter does not narrow what is evaluated (their team is one scope, cached
    once); it is applied by :meth:`TeamOverview.pick`.
    """
    base = team_scope(user=user)
    if base is None:
        return None
    scope = base
    if base.company_wide and department_id is not None:
        scope = team_scope(user=user, department_id=department_id) or base
    rows = team_rows(scope=scope, policy=policy, as_of=as_of, lang=lang, user=user)
    # Departments number in the tens: one query and a walk in Python (as department_subtree_ids does).
    tree: dict[int | None, list[int]] = {}
    names: dict[int, str] = {}
    for pk, name, parent in Department.objects.order_by("name").values_list("pk", "name", "parent_id"):
        names[pk] = name
        tree.setdefault(parent, []).append(pk)
    subtrees: dict[int, list[int]] = {}
    for pk in names:
        out, stack = [], [pk]
        while stack:
            d = stack.pop()
            out.append(d)
            stack.extend(tree.get(d, ()))
        subtrees[pk] = out
    if base.company_wide:
        shown = list(names)
    else:  # the departments holding someone of the team, and those above them within it
        present = {r.department_id for r in rows if r.department_id is not None}
        shown = [pk for pk in names if present & set(subtrees[pk])]
    return TeamOverview(rows, base.company_wide, [(pk, names[pk]) for pk in shown], names, subtrees, policy)


# ---------------------------------------------------------------------------------------------------
# Filtering, counting and sorting the rows (pure: the page's GET parameters)

SORTS = ("name", "level", "months", "status", "projected")
_STATUS_ORDER = {TeamStatus.ELIGIBLE: 0, TeamStatus.SOON: 1, TeamStatus.BLOCKED: 2, TeamStatus.NONE: 3}


@dataclass(frozen=True, slots=True)
class TeamCounts:
    eligible: int
    soon: int
    blocked: int


def team_filter(rows: Sequence[TeamRow], *, level: str | None = None, departments: set[int] | None = None,
                query: str = "") -> list[TeamRow]:
    q = query.strip().lower()
    out = []
    for r in rows:
        if level and r.level != level:
            continue
        if departments is not None and r.department_id not in departments:
            continue
        if q and q not in r.name.lower() and q not in r.employee_no.lower():
            continue
        out.append(r)
    return out


def team_counts(rows: Sequence[TeamRow]) -> TeamCounts:
    n = {s: 0 for s in TeamStatus}
    for r in rows:
        n[r.status] += 1
    return TeamCounts(n[TeamStatus.ELIGIBLE], n[TeamStatus.SOON], n[TeamStatus.BLOCKED])


def team_sort(rows: Sequence[TeamRow], *, sort: str, policy: Policy) -> list[TeamRow]:
    """Sort by one of :data:`SORTS` (``-name`` for descending); people without a value go last."""
    desc = sort.startswith("-")
    field_ = sort.lstrip("-")
    order = {code: i for i, code in enumerate(policy.levels)}
    if field_ not in SORTS:
        field_, desc = "status", False

    def key(r: TeamRow) -> tuple:
        if field_ == "name":
            return (r.name, r.employee_no)
        if field_ == "level":
            return (order.get(r.level or "", len(order)),)
        if field_ == "months":
            return (r.months_in_level if r.months_in_level is not None else -1,)
        if field_ == "projected":
            return (r.projected_on or date.max,)
        return (_STATUS_ORDER[r.status], r.projected_on or date.max)

    # Ties stay in name order whichever the direction (sorting is stable).
    by_name = sorted(rows, key=lambda r: (r.name, r.employee_no))
    if field_ not in ("months", "projected", "level") or not desc:
        return sorted(by_name, key=key, reverse=desc)
    # Descending, but people without a value stay at the end.
    have = [r for r in by_name if _has_value(r, field_)]
    return sorted(have, key=key, reverse=True) + [r for r in by_name if not _has_value(r, field_)]


def _has_value(r: TeamRow, field_: str) -> bool:
    if field_ == "months":
        return r.months_in_level is not None
    if field_ == "projected":
        return r.projected_on is not None
    return r.level is not None
