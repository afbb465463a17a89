"""The navigation as data: what each role may open, and how many things wait there for this person.

Every part of the journey registers its entries here (one line each), so base.html renders a loop and no
part edits the layout. How many items wait for the user (applications to review, evidence to confirm, ...)
comes from one of two callables, run once per page:

- ``counts``: returns the querysets whose rows wait (summed). Every such entry of the page is counted in
  ONE statement (a scalar subquery per queryset), so a role with ten entries pays one query, not ten.
  Prefer it.
- ``count``: returns the number itself, for a rule a queryset cannot say; it must be one cheap query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role

Counter = Callable[[AbstractBaseUser], int]
Counts = Callable[[AbstractBaseUser], Sequence[QuerySet]]


@dataclass(frozen=True, slots=True)
class NavEntry:
    key: str  # stable id, also the data-testid of the link ("nav-<key>")
    label: str | Promise
    url_name: str  # a name in the "web" namespace
    roles: frozenset[Role]  # shown to a user holding any of these (empty: everyone logged in)
    count: Counter | None = None
    order: int = 100  # position in the bar, lowest first
    needs_employee: bool = False  # only for logins linked to an employee (their own pages)
    group: str = ""  # a key of NAV_GROUPS: shown inside that group's menu, not on the bar itself
    counts: Counts | None = None  # the querysets of what waits (batched into one statement per page)


@dataclass(frozen=True, slots=True)
class NavLink:
    key: str
    label: str
    url: str
    count: int
    # A group's menu: its entries (then ``url`` is empty and ``count`` their sum).
    children: tuple[NavLink, ...] = ()


# The menus of the HR, committee and VP workspace (issue 9): key -> (label, position in the bar).
NAV_GROUPS: dict[str, tuple[str | Promise, int]] = {
    "growth": (_("成长与发展"), 72),
    "cycle": (_("评选"), 75),
    "org": (_("组织与纪律"), 80),
    "insight": (_("分析"), 85),
    "data": (_("数据与管理"), 95),
}


_REGISTRY: dict[str, NavEntry] = {}


def nav_register(entry: NavEntry) -> NavEntry:
    """Add (or replace, by key) one navigation entry; called at import time by each page module."""
    _REGISTRY[entry.key] = entry
    return entry


def nav_links(*, user: AbstractBaseUser, roles: frozenset[Role], has_employee: bool) -> list[NavLink]:
    """The entries this user may open, in order, each with what waits there (one query per counted entry)."""
    # The page modules register their entries when the URLconf imports them; import it so a page rendered
    # before any URL was resolved (a test rendering a template directly) still sees every entry.
    from careerpath.web import urls  # noqa: F401

    entries = [e for e in sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key))
               if (not e.roles or roles & e.roles) and (not e.needs_employee or has_employee)]
    batched = _batched_counts({e.key: e.counts(user) for e in entries if e.counts is not None})
    top: list[tuple[int, str, NavLink]] = []
    grouped: dict[str, list[NavLink]] = {}
    for entry in entries:
        count = batched.get(entry.key, 0) + (entry.count(user) if entry.count is not None else 0)
        link = NavLink(entry.key, str(entry.label), reverse(f"web:{entry.url_name}"), count)
        if entry.group in NAV_GROUPS:
            grouped.setdefault(entry.group, []).append(link)
        else:
            top.append((entry.order, entry.key, link))
    for key, children in grouped.items():
        label, order = NAV_GROUPS[key]
        top.append((order, key, NavLink(f"group-{key}", str(label), "", sum(c.count for c in children),
                                        tuple(children))))
    return [link for _order, _key, link in sorted(top, key=lambda t: (t[0], t[1]))]


def _batched_counts(querysets: dict[str, Sequence[QuerySet]]) -> dict[str, int]:
    """Count every queryset in one statement: ``SELECT (SELECT COUNT(*) FROM (...)), ...``; sums per key."""
    parts: list[tuple[str, QuerySet]] = [(key, qs) for key, seq in querysets.items() for qs in seq]
    # An empty queryset (``.none()``) cannot compile to SQL and counts nothing: leave it out.
    live: list[tuple[str, QuerySet]] = []
    for key, qs in parts:
        if not qs.query.is_empty():
            live.append((key, qs))
    out = {key: 0 for key in querysets}
    if not live:
        return out
    selects: list[str] = []
    params: list[object] = []
    counted: list[str] = []
    for _key, qs in live:
        try:
            sql, p = qs.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (``pk__in=[]``): counts 0, no SQL
            continue
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS nav{len(counted)})")
        params.extend(p)
        counted.append(_key)
    if not selects:
        return out
    with connection.cursor() as cur:
        cur.execute("SELECT " + ", ".join(selects), params)
        row = cur.fetchone()
    for key, n in zip(counted, row, strict=True):
        out[key] += int(n or 0)
    return out


# The entries of the pages that already exist (web/views.py).
_STAFF = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.COMMITTEE, Role.VP, Role.HR, Role.ADMIN})
nav_register(NavEntry("home", _("我的主页"), "home", frozenset(), order=0))
nav_register(NavEntry("employees", _("员工列表"), "employee_list", _STAFF, order=90))
