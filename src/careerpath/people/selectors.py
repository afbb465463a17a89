"""Reads about departments and employees."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerpath.people.models import Department, Employee


def department_subtree_ids(*, root_id: int) -> list[int]:
    """Return ``root_id`` and every department below it.

    Departments number in the tens, so one query and a walk in Python beats a recursive CTE that
    SQLite and PostgreSQL spell differently.
    """
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Department.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    out: list[int] = []
    stack = [root_id]
    while stack:
        pk = stack.pop()
        out.append(pk)
        stack.extend(children.get(pk, ()))
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
