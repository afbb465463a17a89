"""The talent reserve pool (人才储备库) and internal competition (内部竞聘) over REST: the same services."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.api.types import Code, Id, Note, Percent, paginated
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.people.models import Department
from careerpath.promotions.review_report import Interview, ReviewReport
from careerpath.talent import selectors as sel
from careerpath.talent import services as s
from careerpath.talent.models import Candidate, Posting

router = Router(tags=["talent"])


class ReadinessOut(Schema):
    move_id: str
    target_level: str
    move: str
    eligible: bool
    projected_on: date | None
    criteria: list[dict[str, Any]]


class PoolMemberOut(Schema):
    employee_no: str
    name: str
    department: str | None
    level: str
    since: date
    readiness: list[ReadinessOut]


@router.get("/talent/pool", response=list[PoolMemberOut],
            summary="Talent reserve pool: members (derived from positions) with readiness per management post")
@paginated(page_size=100)
def pool_list(request: HttpRequest, department_id: Id | None = None, level: Code | None = None) -> Any:
    view = sel.pool_view(user=request.user, policy=policy_get(), as_of=clock.today(), lang=engine_lang(),
                         department_id=department_id, level=level or None)
    return [{"employee_no": m.employee_no, "name": m.name, "department": m.department, "level": m.level, "since": m.since,
             "readiness": [{"move_id": r.move_id, "target_level": r.target_level, "move": r.move,
                            "eligible": r.eligible, "projected_on": r.projected_on,
                            "criteria": [c.to_dict() for c in r.criteria]} for r in m.moves]}
            for m in view.members]


class OpenPostOut(Schema):
    department_id: int | None
    department: str | None
    level: str
    vacant: int
    posted: int
    left: int


@router.get("/talent/vacancies", response=list[OpenPostOut],
            summary="Vacant management posts (headcount plans) and how many are already offered (HR)")
def vacancies_list(request: HttpRequest) -> list[dict[str, Any]]:
    require_roles(request.user, Role.HR, action="查看竞聘空缺")
    return [dataclasses.asdict(p) for p in sel.open_posts(policy=policy_get())]


class PostingOut(Schema):
    id: int
    title: str
    level: str
    department_id: int | None
    department: str | None
    description: str
    posted_on: date
    working_days: int
    closes_on: date
    state: str
    application_id: int | None


def _posting(p: Posting) -> dict[str, Any]:
    return {"id": p.pk, "title": p.title, "level": p.level, "department_id": p.department_id,
            "department": p.department.name if p.department_id else None, "description": p.description,
            "posted_on": p.posted_on, "working_days": p.working_days, "closes_on": p.closes_on, "state": p.state,
            "application_id": p.application_id}


def _get(pk: int) -> Posting:
    p = sel.posting_get(pk=pk)
    if p is None:
        raise Http404
    return p


class PostingIn(Schema):
    level: Code
    department_id: Id | None = None  # None: a company-wide post
    working_days: int = s.DEFAULT_WORKING_DAYS
    description: Note = ""


@router.get("/talent/postings", response=list[PostingOut], summary="Internal competition postings")
@paginated(page_size=100)
def posting_list(request: HttpRequest, state: Code = "") -> Any:
    return [_posting(p) for p in sel.postings_list(state=state)]


@router.post("/talent/postings", response={201: PostingOut}, summary="Post a vacant management post (HR)")
def posting_create(request: HttpRequest, payload: PostingIn) -> Status:
    dept = get_object_or_404(Department, pk=payload.department_id) if payload.department_id else None
    p = s.posting_create(actor=request.user, level=payload.level, department=dept,
                         working_days=payload.working_days, description=payload.description, today=clock.today())
    return Status(201, _posting(sel.posting_get(pk=p.pk) or p))


@router.get("/talent/postings/{pk}", response=PostingOut)
def posting_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _posting(_get(pk))


class CandidateOut(Schema):
    id: int
    employee_no: str
    name: str
    from_level: str
    move_id: str
    statement: str
    state: str
    score: Decimal | None
    interview_note: str
    review_report: str


def _candidate(c: Candidate) -> dict[str, Any]:
    return {"id": c.pk, "employee_no": c.employee.employee_no, "name": c.employee.name, "from_level": c.from_level,
            "move_id": c.move_id, "statement": c.statement, "state": c.state, "score": c.score,
            "interview_note": c.interview_note, "review_report": c.review_report}


class ApplyIn(Schema):
    statement: Note


@router.post("/talent/postings/{pk}/candidates", response={201: CandidateOut},
             summary="Apply for a posting (the signed-in employee)")
def candidate_apply(request: HttpRequest, pk: Id, payload: ApplyIn) -> Status:
    c = s.candidate_apply(actor=request.user, posting=_get(pk), statement=payload.statement, today=clock.today())
    return Status(201, _candidate(c))


@router.get("/talent/postings/{pk}/candidates", response=list[CandidateOut], summary="Candidates of a posting (HR)")
def candidate_list(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    require_roles(request.user, Role.HR, action="查看竞聘人")
    return [_candidate(c) for c in sel.candidates_of(posting=_get(pk))]


class ScoreIn(Schema):
    held_on: date
    mode: Code
    place: Note = ""
    topics: Note
    employee_view: Note = ""
    performance: Note
    competence: Note
    qualities: Note
    development: Note
    recommendation: Code
    conclusion: Note
    score: Percent


def _candidate_of(posting: Posting, cid: int) -> Candidate:
    c = sel.candidate_get(posting=posting, pk=cid)
    if c is None:
        raise Http404
    return c


@router.post("/talent/postings/{pk}/candidates/{cid}/score", response=CandidateOut,
             summary="Interview and score a candidate with the promotion's review form (HR)")
def candidate_score(request: HttpRequest, pk: Id, cid: Id, payload: ScoreIn) -> dict[str, Any]:
    c = _candidate_of(_get(pk), cid)
    d = payload.dict()
    c = s.candidate_score(
        actor=request.user, candidate=c, score=d["score"], today=clock.today(),
        interview=Interview(held_on=d["held_on"], mode=d["mode"], place=d["place"], topics=d["topics"],
                            employee_view=d["employee_view"]),
        report=ReviewReport(performance=d["performance"], competence=d["competence"], qualities=d["qualities"],
                            development=d["development"], recommendation=d["recommendation"],
                            conclusion=d["conclusion"]))
    return _candidate(c)


class SelectIn(Schema):
    candidate_id: Id
    note: Note = ""


@router.post("/talent/postings/{pk}/select", response=PostingOut,
             summary="Select one scored candidate: opens and submits their promotion application (HR)")
def posting_select(request: HttpRequest, pk: Id, payload: SelectIn) -> dict[str, Any]:
    p = _get(pk)
    p = s.posting_select(actor=request.user, posting=p, candidate=_candidate_of(p, payload.candidate_id),
                         today=clock.today(), note=payload.note)
    return _posting(sel.posting_get(pk=p.pk) or p)


class CancelIn(Schema):
    reason: Note


@router.post("/talent/postings/{pk}/cancel", response=PostingOut, summary="Cancel an open posting (HR)")
def posting_cancel(request: HttpRequest, pk: Id, payload: CancelIn) -> dict[str, Any]:
    p = s.posting_cancel(actor=request.user, posting=_get(pk), reason=payload.reason)
    return _posting(sel.posting_get(pk=p.pk) or p)


@router.post("/talent/postings/{pk}/reopen", response=PostingOut,
             summary="Reopen a posting whose selected person's application was rejected or withdrawn (HR)")
def posting_reopen(request: HttpRequest, pk: Id, payload: CancelIn) -> dict[str, Any]:
    p = s.posting_reopen(actor=request.user, posting=_get(pk), reason=payload.reason)
    return _posting(sel.posting_get(pk=p.pk) or p)
