"""The team overview: who in a supervisor's, manager's or HR's scope is eligible now, soon, or blocked by what.

Evaluating a 2,000-person department takes over a second (load + engine), too slow for a page view, so
the per-person verdicts come from the stored eligibility (:mod:`careerpath.evaluation.store`): each view
refreshes its scope first — one fingerprint statement finds the people whose facts, context or date no
longer match their stored row, and only they are evaluated again, through the one evaluation path — then
reads the rows. The first view after a restart is as fast as any other; a view after one change evaluates
that one person. A read that races a write can only store newer facts under an older fingerprint, which
the next view sees as changed: the page never shows a verdict older than the facts it read.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.core.policy import Policy
from careerpath.evaluation.models import EligibilityStatus, PersonEligibility
from careerpath.evaluation.store import (
    SOON_MONTHS,
    StoredRow,
    eligibility_context,
    eligibility_refresh,
    fingerprints,
)
from careerpath.evaluation.team_stored import (
    LIVE_LIMIT,
    StoredRows,
    stored_counts,
    stored_queryset,
    stored_since,
    stored_sorted,
)
from careerpath.people.models import Department, Employee, EmployeeStatus
from careerpath.people.selectors import department_subtree_ids
from careerpath.requestscope import request_memo

__all__ = ["SOON_MONTHS"]

TEAM_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.HR, Role.ADMIN})
_ALL_ROLES = frozenset({Role.HR, Role.ADMIN})  # the whole company, with a department filter


TeamStatus = EligibilityStatus  # eligible now / within SOON_MONTHS / blocked / no move open


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
    viewer is never in their own team. Looked up once per request (the page and its navigation count).
    """
    memo = request_memo()
    key = f"team_scope:{user.pk}:{department_id}"
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    scope = _team_scope(user=user, department_id=department_id)
    if memo is not None:
        memo[key] = scope
    return scope


def _team_scope(*, user: AbstractBaseUser | AnonymousUser, department_id: int | None) -> TeamScope | None:
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
# The rows: refreshed, then read from the store


def row_of(r: StoredRow, lang: str) -> TeamRow:
    """A stored row as the overview shows it, in ``lang``."""
    moves = tuple(MoveBrief(
        m["move_id"], m["target_level"], m["move"], m["appointed"], m["eligible"],
        date.fromisoformat(m["projected_on"]) if m["projected_on"] else None,
        tuple(m["missing"].get(lang) or m["missing"]["zh"]),
        tuple((label.get(lang) or label["zh"], date.fromisoformat(on)) for label, on in m["lapsing"]),
    ) for m in r.moves)
    return TeamRow(r.employee_id, r.employee_no, r.name, r.department_id, r.level or None, r.months_in_level,
                   TeamStatus(r.status), r.projected_on, moves)


class _Memo:
    """The rows a scope's last view built, per language, with what they were built from (this process).

    Only a shortcut: a view reads the fingerprints anyway, and reuses the rows only when the scope's
    facts, the context and the date are exactly those they were built from; otherwise it goes to the
    store. Bounded (least recently used out first); entries are replaced, never changed.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple, tuple[str, list[TeamRow]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, digest: str) -> list[TeamRow] | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != digest:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def set(self, key: tuple, digest: str, rows: list[TeamRow]) -> None:
        with self._lock:
            self._items[key] = (digest, rows)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_MEMO = _Memo(size=32)


def team_memo_clear() -> None:
    """Forget this process's shortcuts (tests and benchmarks: reads are checked anyway)."""
    _MEMO.clear()


def team_rows(*, scope: TeamScope, policy: Policy, as_of: date, lang: str,
              user: AbstractBaseUser | AnonymousUser | None = None) -> list[TeamRow]:
    """Every person in ``scope`` with their summary, fresh for the facts on record now.

    The context (two small queries) and the fingerprint statement always; when they match what this
    process last built the scope's rows from, those rows; otherwise the store (one query), after the
    people whose facts changed are evaluated again (a fixed handful of queries, whatever their number).
    """
    del user
    ctx = eligibility_context(policy=policy)
    prints = fingerprints(scope.employees)
    digest = hashlib.sha256(repr((sorted((pk, p.digest) for pk, p in prints.items()), ctx.key,
                                  as_of.isoformat())).encode()).hexdigest()
    memo_key = (scope.key, lang)
    rows = _MEMO.get(memo_key, digest)
    if rows is not None:
        return rows
    done = eligibility_refresh(as_of=as_of, employees=scope.employees, context=ctx, rows=True, prints=prints)
    rows = [row_of(r, lang) for r in (done.rows or {}).values()]
    _MEMO.set(memo_key, digest, rows)
    return rows


def team_nav_queryset(user: AbstractBaseUser | AnonymousUser, *, as_of: date, lang: str) -> list[QuerySet]:
    """The people in the user's team stored as eligible now: the navigation counts them.

    The stored rows are refreshed by every overview and right after every change of a person's facts
    (:mod:`careerpath.evaluation.invalidation`); a row flagged stale or of an earlier day is not
    counted, so the badge may undercount until the overview or the daily refresh runs, never count a
    verdict known to be out of date.
    """
    roles = user_roles(user=user)
    if not roles & TEAM_ROLES:
        return []
    scope = team_scope(user=user)
    if scope is None:
        return []
    del lang  # the rows hold every language
    return [PersonEligibility.objects.filter(employee__in=scope.employees, status=TeamStatus.ELIGIBLE,
                                             as_of=as_of, stale=False)]


# ---------------------------------------------------------------------------------------------------
# The overview: the rows of a scope, the departments to filter by, and the rows picked by the filters


@dataclass(frozen=True, slots=True)
class TeamPick:
    counts: TeamCounts  # of the people the filters other than the status leave
    rows: Sequence[TeamRow]  # filtered and sorted (a list, or the store read a page at a time)


@dataclass(frozen=True, slots=True)
class StoredScope:
    """A scope above ``LIVE_LIMIT``: read from the store as it is, and how current that is."""

    employees: QuerySet[Employee]
    size: int
    not_current: int  # rows flagged stale, of an earlier day, or under another policy / open posts
    oldest: datetime | None  # the oldest computation among the rows
    lang: str


@dataclass(frozen=True, slots=True)
class TeamOverview:
    rows: list[TeamRow]  # everyone in scope (empty when ``stored``: read a page at a time)
    company_wide: bool
    departments: list[tuple[int, str]]  # the department filter's choices
    department_names: dict[int, str]  # every department's name
    subtrees: dict[int, list[int]]  # each department with those below it
    policy: Policy
    stored: StoredScope | None = None

    @property
    def total(self) -> int:
        return self.stored.size if self.stored is not None else len(self.rows)

    def pick(self, *, status: str = "", level: str = "", department: int | None = None, query: str = "",
             sort: str = "status") -> TeamPick:
        inside = set(self.subtrees.get(department, [department])) if department is not None else None
        if self.stored is not None:
            qs = stored_queryset(employees=self.stored.employees, level=level or None, departments=inside, query=query)
            n = stored_counts(qs)
            counts = TeamCounts(n.get(TeamStatus.ELIGIBLE, 0), n.get(TeamStatus.SOON, 0), n.get(TeamStatus.BLOCKED, 0))
            if status:
                qs = qs.filter(status=status)
            return TeamPick(counts, StoredRows(stored_sorted(qs, sort=sort or "status", policy=self.policy),
                                               self.stored.lang))
        rows = team_filter(self.rows, level=level or None, departments=inside, query=query)
        counts = team_counts(rows)
        if status:
            rows = [r for r in rows if r.status == status]
        return TeamPick(counts, team_sort(rows, sort=sort or "status", policy=self.policy))


def team_overview(*, user: AbstractBaseUser | AnonymousUser, policy: Policy, as_of: date, lang: str,
                  department_id: int | None = None) -> TeamOverview | None:
    """The overview of ``user``'s team (None: not a team role); HR's ``department_id`` narrows the scope.

    A manager's department filter does not narrow what is evaluated (their team is one scope, cached
    once); it is applied by :meth:`TeamOverview.pick`. A scope of more than ``LIVE_LIMIT`` people (HR's
    whole company) is read from the store as it is, not refreshed on the request.
    """
    base = team_scope(user=user)
    if base is None:
        return None
    scope = base
    if base.company_wide and department_id is not None:
        scope = team_scope(user=user, department_id=department_id) or base
    stored: StoredScope | None = None
    rows: list[TeamRow] = []
    size = scope.employees.count() if scope.company_wide else 0  # only HR's scopes can be that big
    if size > LIVE_LIMIT:
        not_current, oldest = stored_since(stored_queryset(employees=scope.employees), as_of=as_of,
                                           context_key=eligibility_context(policy=policy).key)
        stored = StoredScope(scope.employees, size, not_current, oldest, lang)
    else:
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
    return TeamOverview(rows, base.company_wide, [(pk, names[pk]) for pk in shown], names, subtrees, policy, stored)


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
