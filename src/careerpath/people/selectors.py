"""Reads about departments, employees and their current position."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from careerpath.people.models import Department, Employee, Position


def department_parents() -> dict[int, int | None]:
    """Each department's parent, read once per web request (departments number in the tens)."""
    from careerpath.requestscope import request_memo

    memo = request_memo()
    parents: dict[int, int | None] | None = memo.get("department_parents") if memo is not None else None
    if parents is None:
        parents = dict(Department.objects.values_list("pk", "parent_id"))
        if memo is not None:
            memo["department_parents"] = parents
    return parents


def department_subtree_ids(*, root_id: int) -> list[int]:
    """Return ``root_id`` and every department below it.

    Departments number in the tens, so one query and a walk in Python beats a recursive CTE that
    SQLite and PostgreSQL spell differently. Inside a web request the tree is read once (every
    navigation count of a manager asks for their subtree).
    """
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in department_parents().items():
        children.setdefault(parent_id, []).append(pk)
    out: list[int] = []
    stack = [root_id]
    while stack:
        pk = stack.pop()
        out.append(pk)
        stack.extend(children.get(pk, ()))
    return out


def department_ancestor_ids(*, department_id: int | None) -> list[int]:
    """``department_id`` and every department above it, nearest first."""
    if department_id is None:
        return []
    parents = department_parents()
    out: list[int] = []
    pk: int | None = department_id
    while pk is not None and pk not in out:
        out.append(pk)
        pk = parents.get(pk)
    return out


def employee_get(*, employee_no: str) -> Employee | None:
    return Employee.objects.select_related("department", "supervisor").filter(employee_no=employee_no).first()


def employee_search(*, queryset: QuerySet[Employee], query: str = "", limit: int = 100) -> list[Employee]:
    """Filter ``queryset`` by 工号 prefix or a part of the name, in 工号 order."""
    qs = queryset.select_related("department")
    q = query.strip()
    if q:
        qs = qs.filter(Q(employee_no__istartswith=q) | Q(name__icontains=q))
    return list(qs.order_by("employee_no")[:limit])


# ---------------------------------------------------------------------------------------------------
# The current position: the open row (no end date) with the latest start (SPEC §7). An import may
# leave an older open row behind; it never counts. Every app reads the current position here.


def positions_current_queryset() -> QuerySet[Position]:
    """Every employee's current position row, as one queryset (filter, group or join it further)."""
    later_open = Position.objects.filter(
        employee_id=OuterRef("employee_id"), end_on__isnull=True, start_on__gt=OuterRef("start_on")
    )
    return Position.objects.filter(end_on__isnull=True).filter(~Exists(later_open))


def position_current(*, employee: Employee, lock: bool = False) -> Position | None:
    """Return ``employee``'s current position (locked for update when ``lock``), or None."""
    qs = Position.objects.filter(employee=employee, end_on__isnull=True).order_by("-start_on", "-pk")
    return (qs.select_for_update() if lock else qs).first()


def positions_current(*, employee_ids: Iterable[int]) -> dict[int, Position]:
    """Return the current position per employee id, in one query, for a set of employees."""
    out: dict[int, Position] = {}
    rows = Position.objects.filter(employee_id__in=list(employee_ids), end_on__isnull=True).order_by(
        "employee_id", "start_on", "pk")
    for p in rows:
        out[p.employee_id] = p  # ordered by start: the latest open row wins
    return out
