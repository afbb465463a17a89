"""Reads for initial placement: runs, the proposals in a user's data scope, who was placed before."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from careerpath.accounts.selectors import employees_visible_to
from careerpath.errors import NotFound
from careerpath.people.models import Position, PositionReason
from careerpath.placement.models import PlacementProposal, PlacementRun, RunState


def run_get(*, pk: int) -> PlacementRun:
    run = PlacementRun.objects.select_related("policy_version").filter(pk=pk).first()
    if run is None:
        raise NotFound(f"初评 #{pk} 不存在 (no such placement run)")
    return run


def proposals_visible_to(*, user: AbstractBaseUser | AnonymousUser, run: PlacementRun) -> QuerySet[PlacementProposal]:
    """A manager reviews their department's proposals; HR sees all."""
    return (PlacementProposal.objects.filter(run=run, employee__in=employees_visible_to(user=user))
            .select_related("employee").order_by("department_name", "employee__employee_no"))


def already_placed_ids(employee_ids: QuerySet | Sequence[int] | None = None) -> set[int]:
    """Employees placed before: a position with reason 初评, or a proposal of a confirmed run.

    ``employee_ids`` narrows the check; pass a ``values("employee_id")`` queryset for large sets, so the
    database gets one subquery rather than a list of ids.
    """
    pos = Position.objects.filter(reason=PositionReason.PLACEMENT)
    prop = PlacementProposal.objects.filter(run__state=RunState.CONFIRMED)
    if employee_ids is not None:
        pos, prop = pos.filter(employee_id__in=employee_ids), prop.filter(employee_id__in=employee_ids)
    return set(pos.values_list("employee_id", flat=True)) | set(prop.values_list("employee_id", flat=True))
