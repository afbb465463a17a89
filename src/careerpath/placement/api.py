"""Initial placement (初评) over REST: start, department review, close, confirm."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from careerpath.accounts.permissions import require_visible
from careerpath.api.types import Code, Day, EmployeeNo, Id, Name, Note, paginated
from careerpath.placement import services as s
from careerpath.placement.models import PlacementProposal, PlacementRun
from careerpath.placement.selectors import proposals_visible_to, run_get

router = Router(tags=["placement"])


class RunIn(Schema):
    as_of: Day
    effective_on: Day | None = None
    employee_nos: Annotated[list[EmployeeNo], Field(max_length=100_000)] | None = None


class RunOut(Schema):
    id: int
    policy_version: str
    as_of: date
    effective_on: date
    started_on: date
    review_deadline: date
    state: str
    state_label: str
    skipped_already_placed: int
    counts: dict[str, int]


def _run(r: PlacementRun) -> dict[str, Any]:
    counts = PlacementProposal.objects.filter(run=r).aggregate(
        proposals=Count("pk"), reviewed=Count("pk", filter=Q(reviewed_at__isnull=False)),
        adjusted=Count("pk", filter=~Q(adjusted_level="")),
        kept_management_post=Count("pk", filter=Q(kept_management_post=True)),
        confirmed=Count("pk", filter=Q(confirmed=True)))
    return {"id": r.pk, "policy_version": str(r.policy_version), "as_of": r.as_of, "effective_on": r.effective_on,
            "started_on": r.started_on, "review_deadline": r.review_deadline, "state": r.state,
            "state_label": r.get_state_display(), "skipped_already_placed": r.skipped_already_placed,
            "counts": counts}


class ProposalOut(Schema):
    id: int
    employee_no: str
    name: str
    department: str
    current_level: str
    proposed_level: str
    adjusted_level: str
    final_level: str
    adjust_reason: str
    kept_management_post: bool
    reviewed: bool
    confirmed: bool


class ProposalDetail(ProposalOut):
    standards: list[dict[str, Any]]


def _proposal(p: PlacementProposal) -> dict[str, Any]:
    return {"id": p.pk, "employee_no": p.employee.employee_no, "name": p.employee.name,
            "department": p.department_name, "current_level": p.current_level, "proposed_level": p.proposed_level,
            "adjusted_level": p.adjusted_level, "final_level": p.final_level, "adjust_reason": p.adjust_reason,
            "kept_management_post": p.kept_management_post, "reviewed": p.reviewed_at is not None,
            "confirmed": p.confirmed}


def _scoped(request: HttpRequest, run: PlacementRun, pk: int) -> PlacementProposal:
    return require_visible(proposals_visible_to(user=request.user, run=run), pk,
                           within=PlacementProposal.objects.filter(run=run), who="该人员",
                           not_found=f"初评建议 #{pk} 不存在 (no such proposal)")


@router.post("/placement-runs", response={201: RunOut}, summary="Start 初评: a proposed level for every active employee")
def run_start(request: HttpRequest, payload: RunIn) -> Status:
    r = s.placement_run_start(actor=request.user, as_of=payload.as_of, effective_on=payload.effective_on,
                              employee_nos=payload.employee_nos)
    return Status(201, _run(r))


@router.get("/placement-runs", response=list[RunOut])
@paginated(page_size=20)
def run_list(request: HttpRequest) -> Any:
    return [_run(r) for r in PlacementRun.objects.select_related("policy_version").order_by("-id")]


@router.get("/placement-runs/{pk}", response=RunOut)
def run_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _run(run_get(pk=pk))


@router.get("/placement-runs/{pk}/proposals", response=list[ProposalOut],
            summary="Proposals in your data scope (a manager reviews their department)")
@paginated(page_size=100)
def proposal_list(request: HttpRequest, pk: Id, department: Name = "", adjusted: bool | None = None) -> Any:
    qs = proposals_visible_to(user=request.user, run=run_get(pk=pk))
    if department:
        qs = qs.filter(department_name=department)
    if adjusted is not None:
        qs = qs.exclude(adjusted_level="") if adjusted else qs.filter(adjusted_level="")
    return [_proposal(p) for p in qs]


@router.get("/placement-runs/{pk}/proposals/{pid}", response=ProposalDetail)
def proposal_detail(request: HttpRequest, pk: Id, pid: Id) -> dict[str, Any]:
    p = _scoped(request, run_get(pk=pk), pid)
    return {**_proposal(p), "standards": p.standards}


class ReviewIn(Schema):
    level: Code | None = None  # none or the proposed level: agree; another level: adjust (reason needed)
    reason: Note = ""


@router.post("/placement-runs/{pk}/proposals/{pid}/review", response=ProposalOut,
             summary="Agree with or adjust a proposed level before the deadline (manager/HR)")
def proposal_review(request: HttpRequest, pk: Id, pid: Id, payload: ReviewIn) -> dict[str, Any]:
    p = _scoped(request, run_get(pk=pk), pid)
    p = s.placement_proposal_review(actor=request.user, proposal=p, level=payload.level, reason=payload.reason)
    return _proposal(p)


@router.post("/placement-runs/{pk}/close-review", response=RunOut, summary="Close the review after its deadline (HR)")
def run_close_review(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _run(s.placement_review_close(actor=request.user, run=run_get(pk=pk)))


@router.post("/placement-runs/{pk}/confirm", response=RunOut,
             summary="Confirm: positions with reason 初评 are created (HR)")
def run_confirm(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _run(s.placement_run_confirm(actor=request.user, run=run_get(pk=pk)))
