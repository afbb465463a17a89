"""Recognition over REST: award rounds (propose, nominate, approve), awards with certificates, and 辅助晋级项
contributions. The same services as the pages; bad input is a 4xx JSON answer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status, UploadedFile

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.api.types import Code, Day, Id, Note, Title, Year, form_field, paginated
from careerpath.attachments import attachment_check, attachment_response
from careerpath.errors import Forbidden
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee
from careerpath.recognition import selectors as sel
from careerpath.recognition import services as s
from careerpath.recognition.certificate import certificate_pdf
from careerpath.recognition.models import Award, AwardRound, Candidate, Contribution

router = Router(tags=["recognition"])


def _require_round_reader(request: HttpRequest) -> None:
    if not sel.can_see_rounds(user=request.user):
        raise Forbidden("无权限：评优评选需要人力资源部、分管副总或部门负责人 (not allowed)", code="forbidden_role")


class RoundOut(Schema):
    id: int
    award: str
    title: str
    period: str
    period_start: date
    period_end: date
    state: str
    proposed_on: date
    nominated_on: date | None
    decided_on: date | None
    nomination_note: str
    decision_note: str


def _round(r: AwardRound) -> dict[str, Any]:
    return {"id": r.pk, "award": r.award, "title": s.round_title(r, lang=engine_lang()), "period": r.period,
            "period_start": r.period_start, "period_end": r.period_end, "state": r.state,
            "proposed_on": r.proposed_on, "nominated_on": r.nominated_on, "decided_on": r.decided_on,
            "nomination_note": r.nomination_note, "decision_note": r.decision_note}


def _get_round(pk: int) -> AwardRound:
    r = sel.round_get(pk=pk)
    if r is None:
        raise Http404
    return r


@router.get("/recognition/rounds", response=list[RoundOut], summary="Award rounds (HR, VP, managers)")
@paginated(page_size=100)
def round_list(request: HttpRequest, state: Code = "") -> Any:
    _require_round_reader(request)
    return [_round(r) for r in sel.rounds_list(state=state)]


class ProposeIn(Schema):
    award: Code
    period_start: Day  # any day of the month (monthly awards) or of the year (yearly awards)


@router.post("/recognition/rounds", response={201: RoundOut, 200: RoundOut},
             summary="Propose the candidates of an award for a period that is over (HR; idempotent)")
def round_propose(request: HttpRequest, payload: ProposeIn) -> Status:
    r, created = s.round_propose(actor=request.user, award=payload.award, period_start=payload.period_start,
                                 today=clock.today())
    return Status(201 if created else 200, _round(r))


@router.get("/recognition/rounds/{pk}", response=RoundOut)
def round_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    _require_round_reader(request)
    return _round(_get_round(pk))


class CandidateOut(Schema):
    id: int
    employee_no: str
    name: str
    department: str | None
    source: str
    proposed: bool
    nominated: bool
    value: float | None
    rank: int | None
    reason: str
    nomination_reason: str


def _candidate(c: Candidate) -> dict[str, Any]:
    return {"id": c.pk, "employee_no": c.employee.employee_no, "name": c.employee.name,
            "department": c.employee.department.name if c.employee.department_id else None, "source": c.source,
            "proposed": c.proposed, "nominated": c.nominated, "value": c.value, "rank": c.rank,
            "reason": c.reason_en if engine_lang() == "en" else c.reason_zh, "nomination_reason": c.nomination_reason}


@router.get("/recognition/rounds/{pk}/candidates", response=list[CandidateOut],
            summary="A round's candidates with the metric value, rank and reason (a manager: their departments)")
def candidate_list(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    _require_round_reader(request)
    return [_candidate(c) for c in sel.candidates_of(round=_get_round(pk), user=request.user)]


class CandidateSetIn(Schema):
    nominated: bool
    reason: Note = ""


@router.post("/recognition/rounds/{pk}/candidates/{cid}", response=CandidateOut,
             summary="Nominate or leave out a candidate (HR or the department's manager; a reason when deviating)")
def candidate_set(request: HttpRequest, pk: Id, cid: Id, payload: CandidateSetIn) -> dict[str, Any]:
    c = sel.candidate_get(round=_get_round(pk), pk=cid)
    if c is None:
        raise Http404
    c = s.candidate_set(actor=request.user, candidate=c, nominated=payload.nominated, reason=payload.reason)
    return _candidate(sel.candidate_get(round=c.round, pk=c.pk) or c)


class CandidateAddIn(Schema):
    employee_no: Code
    reason: Note


@router.post("/recognition/rounds/{pk}/candidates", response={201: CandidateOut},
             summary="Add someone the rule did not propose (HR or the department's manager), with a reason")
def candidate_add(request: HttpRequest, pk: Id, payload: CandidateAddIn) -> Status:
    e = get_object_or_404(Employee, employee_no=payload.employee_no)
    c = s.candidate_add(actor=request.user, round=_get_round(pk), employee=e, reason=payload.reason)
    return Status(201, _candidate(sel.candidate_get(round=c.round, pk=c.pk) or c))


class NoteIn(Schema):
    note: Note = ""


class ReasonIn(Schema):
    reason: Note


@router.post("/recognition/rounds/{pk}/nominate", response=RoundOut, summary="Submit the nomination (HR)")
def round_nominate(request: HttpRequest, pk: Id, payload: NoteIn) -> dict[str, Any]:
    return _round(s.round_nominate(actor=request.user, round=_get_round(pk), today=clock.today(), note=payload.note))


@router.post("/recognition/rounds/{pk}/approve", response=RoundOut,
             summary="Approve the nomination: awards, certificates, internal praise (the policy's approver)")
def round_approve(request: HttpRequest, pk: Id, payload: NoteIn) -> dict[str, Any]:
    return _round(s.round_approve(actor=request.user, round=_get_round(pk), today=clock.today(), note=payload.note))


@router.post("/recognition/rounds/{pk}/return", response=RoundOut, summary="Send the nomination back (approver)")
def round_return(request: HttpRequest, pk: Id, payload: ReasonIn) -> dict[str, Any]:
    return _round(s.round_return(actor=request.user, round=_get_round(pk), reason=payload.reason))


@router.post("/recognition/rounds/{pk}/close", response=RoundOut, summary="Close a round without an award (HR)")
def round_close(request: HttpRequest, pk: Id, payload: ReasonIn) -> dict[str, Any]:
    return _round(s.round_close(actor=request.user, round=_get_round(pk), reason=payload.reason))


class AwardOut(Schema):
    id: int
    round_id: int
    title: str
    employee_no: str
    name: str
    certificate_no: str
    granted_on: date
    praise_id: int | None
    revoked_on: date | None
    revoked_reason: str


def _award(a: Award) -> dict[str, Any]:
    return {"id": a.pk, "round_id": a.round_id, "title": s.round_title(a.round, lang=engine_lang()),
            "employee_no": a.employee.employee_no, "name": a.employee.name, "certificate_no": a.certificate_no,
            "granted_on": a.granted_on, "praise_id": a.praise_id, "revoked_on": a.revoked_on,
            "revoked_reason": a.revoked_reason}


@router.get("/recognition/awards", response=list[AwardOut],
            summary="Awards (HR/VP: all; a manager: their departments'; anyone: their own)")
@paginated(page_size=100)
def award_list(request: HttpRequest) -> Any:
    return [_award(a) for a in sel.awards_list(user=request.user).order_by("-granted_on", "certificate_no")]


def _get_award(request: HttpRequest, pk: int) -> Award:
    a = sel.award_get(user=request.user, pk=pk)
    if a is None:
        raise Http404
    return a


@router.get("/recognition/awards/{pk}/certificate", summary="The certificate (荣誉证书) as PDF")
def award_certificate(request: HttpRequest, pk: Id) -> HttpResponse:
    a = _get_award(request, pk)
    resp = HttpResponse(certificate_pdf(a), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="certificate-{a.certificate_no}.pdf"'
    return resp


@router.post("/recognition/awards/{pk}/revoke", response=AwardOut, summary="Revoke an award and its praise (HR)")
def award_revoke(request: HttpRequest, pk: Id, payload: ReasonIn) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="撤销奖项")
    a = s.award_revoke(actor=request.user, award=_get_award(request, pk), reason=payload.reason, today=clock.today())
    return _award(a)


class ContributionOut(Schema):
    id: int
    employee_no: str
    name: str
    kind: str
    customer: str
    year: int
    amount: Decimal | None
    percent: Decimal | None
    description: str
    attachment_name: str
    state: str
    proposed_on: date
    decided_on: date | None
    decision_note: str


def _contribution(c: Contribution) -> dict[str, Any]:
    return {"id": c.pk, "employee_no": c.employee.employee_no, "name": c.employee.name, "kind": c.kind,
            "customer": c.customer, "year": c.year, "amount": c.amount, "percent": c.percent,
            "description": c.description, "attachment_name": c.attachment_name, "state": c.state,
            "proposed_on": c.proposed_on, "decided_on": c.decided_on, "decision_note": c.decision_note}


@router.get("/recognition/contributions", response=list[ContributionOut],
            summary="辅助晋级项 contributions (HR/VP: all; a manager: their departments'; anyone: their own)")
@paginated(page_size=100)
def contribution_list(request: HttpRequest) -> Any:
    return [_contribution(c) for c in sel.contributions_list(user=request.user)]


@router.post("/recognition/contributions", response={201: ContributionOut},
             summary="Propose a contribution with its finance document (multipart; the department's manager)")
def contribution_propose(request: HttpRequest, employee_no: Form[str], kind: Form[str], customer: Form[str],
                         year: Form[str], description: Form[str], amount: Form[str] = "", percent: Form[str] = "",
                         file: File[UploadedFile | None] = None) -> Status:
    form_field(Code, employee_no, "employee_no")
    form_field(Title, customer, "customer")
    form_field(Note, description, "description")
    y = int(form_field(Year, year, "year"))
    e = get_object_or_404(Employee, employee_no=employee_no)
    checked = attachment_check(file, field="file") if file is not None else None
    c = s.contribution_propose(actor=request.user, employee=e, kind=kind, customer=customer, year=y,
                               description=description, attachment=checked, today=clock.today(),
                               amount=amount or None, percent=percent or None)
    return Status(201, _contribution(c))


class DecideIn(Schema):
    approve: bool
    note: Note = ""


def _get_contribution(request: HttpRequest, pk: int) -> Contribution:
    c = sel.contribution_get(user=request.user, pk=pk)
    if c is None:
        raise Http404
    return c


@router.post("/recognition/contributions/{pk}/decide", response=ContributionOut,
             summary="Approve or reject a contribution (the VP; a reason when rejecting)")
def contribution_decide(request: HttpRequest, pk: Id, payload: DecideIn) -> dict[str, Any]:
    c = s.contribution_decide(actor=request.user, contribution=_get_contribution(request, pk),
                              approve=payload.approve, note=payload.note, today=clock.today())
    return _contribution(c)


@router.get("/recognition/contributions/{pk}/attachment", summary="The finance document of a contribution")
def contribution_attachment(request: HttpRequest, pk: Id) -> HttpResponse:
    c = _get_contribution(request, pk)
    return attachment_response(c.attachment, file_name=c.attachment_name, content_type=c.attachment_type)
