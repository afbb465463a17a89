"""Reads about headcount: planned posts, who occupies them, and the vacancies left.

Everything is set-based: one query for the plans and one grouped query for the occupied posts,
whatever the size of the company.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from careerpath.org.models import HeadcountPlan
from careerpath.people.models import Department, EmployeeStatus
from careerpath.people.selectors import positions_current_queryset


@dataclass(frozen=True, slots=True)
class HeadcountRow:
    plan_id: int
    department_id: int | None  # None: a company-wide plan
    department: str | None
    level: str
    planned: int
    occupied: int
    vacant: int  # planned − occupied, never negative
    note: str


def occupied_posts() -> dict[tuple[int | None, str], int]:
    """Count active people per (department id, level of their current position) in one query.

    The current position is the open row (no end date) with the latest start (SPEC §7); an older open
    row left behind by an import must not count the person twice.
    """
    rows = (
        positions_current_queryset()
        .filter(employee__status=EmployeeStatus.ACTIVE)
        .values_list("employee__department_id", "level")
        .annotate(n=Count("employee_id", distinct=True))
        .order_by()
    )
    return {(dept, level): n for dept, level, n in rows}


def headcount_overview(*, department: Department | None = None) -> list[HeadcountRow]:
    """Every plan (or the plans of ``department``) with its occupied and vacant posts.

    A company-wide plan (no department) counts the people of its level whose department has no plan of
    its own for that level, so a person always occupies exactly one post.
    """
    plans = list(HeadcountPlan.objects.select_related("department").order_by("department__name", "level", "pk"))
    occupied = occupied_posts()
    planned_departments: dict[str, set[int]] = defaultdict(set)
    for p in plans:
        if p.department_id is not None:
            planned_departments[p.level].add(p.department_id)
    out: list[HeadcountRow] = []
    for p in plans:
        if department is not None and p.department_id != department.pk:
            continue
        if p.department_id is not None:
            n = occupied.get((p.department_id, p.level), 0)
        else:
            covered = planned_departments[p.level]
            n = sum(c for (dept, level), c in occupied.items() if level == p.level and dept not in covered)
        out.append(HeadcountRow(
            plan_id=p.pk, department_id=p.department_id, department=p.department.name if p.department else None,
            level=p.level, planned=p.planned, occupied=n, vacant=max(0, p.planned - n), note=p.note,
        ))
    return out


def vacancies(*, department: Department | None = None) -> dict[str, int]:
    """Open posts per level code: of ``department``'s plans, or company-wide (the sum over all plans).

    An overstaffed department does not cancel another department's vacancy: each plan's vacancy is
    clamped at zero before the sum.
    """
    out: dict[str, int] = {}
    for row in headcount_overview(department=department):
        out[row.level] = out.get(row.level, 0) + row.vacant
    return out


def vacancies_for_population() -> dict[str, int] | None:
    """Company-wide open posts per level, for ``core.facts.Population.vacancies``.

    None when no headcount plan is stored at all, so the engine's vacancy criterion says "no plan on
    record" instead of "0 open".
    """
    rows = headcount_overview()
    if not rows:
        return None
    out: dict[str, int] = {}
    for row in rows:
        out[row.level] = out.get(row.level, 0) + row.vacant
    return out


def headcount_plan_get(*, pk: int) -> HeadcountPlan | None:
    return HeadcountPlan.objects.select_related("department").filter(pk=pk).first()


def headcount_totals(rows: list[HeadcountRow]) -> dict[str, int]:
    """The sums the headcount page shows above its table."""
    return {"planned": sum(r.planned for r in rows), "occupied": sum(r.occupied for r in rows),
            "vacant": sum(r.vacant for r in rows), "plans": len(rows),
            "with_vacancy": sum(1 for r in rows if r.vacant)}
