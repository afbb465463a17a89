"""Headcount plans (岗位编制) and vacancies over REST."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from careerpath.api.types import Code, Id, Note, Quantity, paginated
from careerpath.org.selectors import HeadcountRow, headcount_overview, vacancies
from careerpath.org.services import headcount_set
from careerpath.people.models import Department
from careerpath.policy_versions.selectors import active_policy

router = Router(tags=["headcount"])


class HeadcountOut(Schema):
    id: int
    department_id: int | None
    department: str | None
    level: str
    level_name: str
    planned: int
    occupied: int
    vacant: int
    note: str


class HeadcountIn(Schema):
    department_id: Id | None = None  # None: a company-wide plan
    level: Code
    planned: Quantity
    note: Note | None = None


def _out(row: HeadcountRow, names: dict[str, str]) -> dict[str, Any]:
    return {"id": row.plan_id, "department_id": row.department_id, "department": row.department,
            "level": row.level, "level_name": names.get(row.level, row.level), "planned": row.planned,
            "occupied": row.occupied, "vacant": row.vacant, "note": row.note}


def _names() -> dict[str, str]:
    return {code: lv.name.zh for code, lv in active_policy().levels.items()}


def _department(pk: int | None) -> Department | None:
    return get_object_or_404(Department, pk=pk) if pk is not None else None


@router.get("/org/headcount", response=list[HeadcountOut], summary="Headcount plans with occupied and vacant posts")
@paginated(page_size=100)
def headcount_list(request: HttpRequest, department_id: Id | None = None) -> Any:
    names = _names()
    return [_out(r, names) for r in headcount_overview(department=_department(department_id))]


@router.put("/org/headcount", response=HeadcountOut, summary="Set the planned posts of a level (HR)")
def headcount_put(request: HttpRequest, payload: HeadcountIn) -> dict[str, Any]:
    dept = _department(payload.department_id)
    plan = headcount_set(actor=request.user, department=dept, level=payload.level, planned=payload.planned,
                         note=payload.note)
    row = next(r for r in headcount_overview(department=dept) if r.plan_id == plan.pk)
    return _out(row, _names())


class VacanciesOut(Schema):
    department_id: int | None
    vacancies: dict[str, int]


@router.get("/org/vacancies", response=VacanciesOut,
            summary="Open posts per level: of a department, or company-wide (the sum over all plans)")
def vacancies_get(request: HttpRequest, department_id: Id | None = None) -> dict[str, Any]:
    return {"department_id": department_id, "vacancies": vacancies(department=_department(department_id))}
