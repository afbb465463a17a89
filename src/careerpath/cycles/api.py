"""The annual selection (评选) over REST: open, nominate, exams, score, quotas, committee, VP, notice, letters."""

from __future__ import annotations

import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status, UploadedFile

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles, require_visible
from careerpath.api.types import (
    Code,
    Day,
    EmployeeNo,
    Id,
    Ids,
    MoveId,
    Name,
    Note,
    Percent,
    Quantity,
    Score,
    Title,
    Year,
    paginated,
)
from careerpath.cycles import services as s
from careerpath.cycles.export import cycle_workbook
from careerpath.cycles.models import Candidate, Cycle, Quota
from careerpath.cycles.selectors import (
    candidates_visible_to,
    cycle_get,
    cycle_letters,
    quota_groups_of,
    ranking,
)
from careerpath.errors import NotFound
from careerpath.people.models import Department
from careerpath.policy_versions.models import PolicyVersion
from careerpath.promotions.letters import letters_pdf
from careerpath.uploads import upload_check_size

router = Router(tags=["cycles"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CycleIn(Schema):
    year: Year
    as_of: Day | None = None
    policy_version_id: Id | None = None


class CycleOut(Schema):
    year: int
    as_of: date
    policy_version_id: int
    policy_version: str
    opened_on: date
    nomination_deadline: date
    effective_on: date
    state: str
    state_label: str
    notice_id: int | None
    notice_number: str | None
    counts: dict[str, int]


def _cycle(c: Cycle) -> dict[str, Any]:
    counts = Candidate.objects.filter(cycle=c).aggregate(
        candidates=Count("pk"), selectable=Count("pk", filter=Q(selectable=True)),
        nominated=Count("pk", filter=Q(nominated=True)), ranked=Count("pk", filter=Q(rank__isnull=False)),
        in_quota=Count("pk", filter=Q(in_quota=True)), selected=Count("pk", filter=Q(decision="selected")))
    return {"year": c.year, "as_of": c.as_of, "policy_version_id": c.policy_version_id,
            "policy_version": str(c.policy_version), "opened_on": c.opened_on,
            "nomination_deadline": c.nomination_deadline, "effective_on": c.effective_on, "state": c.state,
            "state_label": c.get_state_display(), "notice_id": c.notice_id,
            "notice_number": c.notice.number if c.notice_id else None, "counts": counts}


class CandidateOut(Schema):
    id: int
    employee_no: str
    name: str
    department: str
    move_id: str
    move_type: str
    from_level: str
    to_level: str
    selectable: bool
    nominated: bool
    nomination_note: str
    eligible_at_scoring: bool | None
    business: Decimal | None
    exam: Decimal | None
    appraisal: Decimal | None
    total: Decimal | None
    months_in_level: int | None
    rank: int | None
    in_quota: bool
    decision: str
    decision_reason: str
    application_id: int | None
    application_state: str | None


class CandidateDetail(CandidateOut):
    snapshot: dict[str, Any]


def _candidate(x: Candidate) -> dict[str, Any]:
    return {"id": x.pk, "employee_no": x.employee.employee_no, "name": x.employee.name,
            "department": x.department_name, "move_id": x.move_id, "move_type": x.move_type,
            "from_level": x.from_level, "to_level": x.to_level, "selectable": x.selectable, "nominated": x.nominated,
            "nomination_note": x.nomination_note, "eligible_at_scoring": x.eligible_at_scoring,
            "business": x.business, "exam": x.exam, "appraisal": x.appraisal, "total": x.total,
            "months_in_level": x.months_in_level, "rank": x.rank, "in_quota": x.in_quota, "decision": x.decision,
            "decision_reason": x.decision_reason, "application_id": x.application_id,
            "application_state": x.application.state if x.application_id else None}


# --- cycles ---------------------------------------------------------------------------------------


@router.post("/cycles", response={201: CycleOut}, summary="Open an annual cycle and compute its candidate lists (HR)")
def cycle_open(request: HttpRequest, payload: CycleIn) -> Status:
    pv = get_object_or_404(PolicyVersion, pk=payload.policy_version_id) if payload.policy_version_id else None
    c = s.cycle_open(actor=request.user, year=payload.year, as_of=payload.as_of, policy_version=pv)
    return Status(201, _cycle(c))


@router.get("/cycles", response=list[CycleOut], summary="Annual cycles, newest first")
@paginated(page_size=20)
def cycle_list(request: HttpRequest) -> Any:
    return [_cycle(c) for c in Cycle.objects.select_related("policy_version", "notice").order_by("-year")]


@router.get("/cycles/{year}", response=CycleOut)
def cycle_detail(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(cycle_get(year=year))


class NoteIn(Schema):
    note: Note = ""
    reason: Note = ""


@router.post("/cycles/{year}/refresh", response=CycleOut, summary="Recompute the candidate lists (HR, before release)")
def cycle_refresh(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(s.cycle_candidates_refresh(actor=request.user, cycle=cycle_get(year=year)))


@router.post("/cycles/{year}/start-nominations", response=CycleOut,
             summary="Release the candidate lists to the departments (HR)")
def cycle_start_nominations(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(s.cycle_nominations_start(actor=request.user, cycle=cycle_get(year=year)))


@router.get("/cycles/{year}/candidates", response=list[CandidateOut],
            summary="Candidate lists in your data scope (a manager sees their department)")
@paginated(page_size=100)
def candidate_list(request: HttpRequest, year: Year, move_id: MoveId = "", department: Name = "",
                   nominated: bool | None = None, selectable: bool | None = None) -> Any:
    qs = candidates_visible_to(user=request.user, cycle=cycle_get(year=year))
    if move_id:
        qs = qs.filter(move_id=move_id)
    if department:
        qs = qs.filter(department_name=department)
    if nominated is not None:
        qs = qs.filter(nominated=nominated)
    if selectable is not None:
        qs = qs.filter(selectable=selectable)
    return [_candidate(x) for x in qs]


@router.get("/cycles/{year}/candidates/{pk}", response=CandidateDetail, summary="A candidate with the criteria snapshot")
def candidate_detail(request: HttpRequest, year: Year, pk: Id) -> dict[str, Any]:
    cycle = cycle_get(year=year)
    x = require_visible(candidates_visible_to(user=request.user, cycle=cycle), pk,
                        within=Candidate.objects.filter(cycle=cycle), who="该候选人",
                        not_found=f"候选人 #{pk} 不存在 (no such candidate)")
    return {**_candidate(x), "snapshot": x.snapshot}


class NominateIn(Schema):
    candidate_ids: Ids
    note: Note = ""


class WithdrawIn(Schema):
    candidate_ids: Ids
    reason: Note


@router.post("/cycles/{year}/nominations", response=list[CandidateOut],
             summary="Nominate candidates (综合评选提报): managers for their department, HR for any")
def cycle_nominate(request: HttpRequest, year: Year, payload: NominateIn) -> list[dict[str, Any]]:
    cands = s.cycle_nominate(actor=request.user, cycle=cycle_get(year=year), candidate_ids=payload.candidate_ids,
                             note=payload.note)
    return [_candidate(x) for x in cands]


@router.post("/cycles/{year}/nominations/withdraw", response=list[CandidateOut],
             summary="Take nominations back before the deadline, with a reason")
def cycle_nomination_withdraw(request: HttpRequest, year: Year, payload: WithdrawIn) -> list[dict[str, Any]]:
    cands = s.cycle_nomination_withdraw(actor=request.user, cycle=cycle_get(year=year),
                                        candidate_ids=payload.candidate_ids, reason=payload.reason)
    return [_candidate(x) for x in cands]


@router.post("/cycles/{year}/close-nominations", response=CycleOut, summary="Close nominations after the deadline (HR)")
def cycle_close_nominations(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(s.cycle_nominations_close(actor=request.user, cycle=cycle_get(year=year)))


# --- exams ----------------------------------------------------------------------------------------


class ExamIn(Schema):
    employee_no: EmployeeNo
    exam: Code
    date: Day
    score: Score | None = None
    passed: bool


@router.post("/cycles/{year}/exams", response={201: dict[str, Any]}, summary="Enter one exam result (committee/HR)")
def exam_record(request: HttpRequest, year: Year, payload: ExamIn) -> Status:
    e = s.candidate_exam_record(actor=request.user, cycle=cycle_get(year=year), employee_no=payload.employee_no,
                                exam=payload.exam, on=payload.date, score=payload.score, passed=payload.passed)
    return Status(201, {"id": e.pk, "employee_no": payload.employee_no, "exam": e.exam, "date": e.date,
                        "score": e.score, "passed": e.passed})


@router.post("/cycles/{year}/exams/import", summary="Import the 考试 sheet of the standard workbook (all or nothing)")
def exam_import(request: HttpRequest, year: Year, file: UploadedFile = File(...)) -> dict[str, Any]:  # noqa: B008
    cycle = cycle_get(year=year)
    upload_check_size(file)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        with path.open("wb") as fh:
            for chunk in file.chunks():
                fh.write(chunk)
        result = s.cycle_exams_import(actor=request.user, cycle=cycle, path=path,
                                      file_name=Path(file.name or "upload.xlsx").name)
    return {"file": result.file_name, "rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged}


# --- scoring, quotas, ranking ---------------------------------------------------------------------


@router.post("/cycles/{year}/score", response=CycleOut, summary="Score and rank the nominated candidates per move")
def cycle_score(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(s.cycle_score(actor=request.user, cycle=cycle_get(year=year)))


class QuotaIn(Schema):
    move_id: MoveId
    department: Name | None = None  # a department name; none = company-wide
    absolute: Quantity | None = None
    percent: Percent | None = None


class QuotaOut(Schema):
    id: int
    move_id: str
    department: str | None
    absolute: int | None
    percent: Decimal | None


def _quota(q: Quota) -> dict[str, Any]:
    return {"id": q.pk, "move_id": q.move_id, "department": q.department.name if q.department_id else None,
            "absolute": q.absolute, "percent": q.percent}


@router.post("/cycles/{year}/quotas", response=QuotaOut, summary="Set a move's 名额, company-wide or per department")
def quota_set(request: HttpRequest, year: Year, payload: QuotaIn) -> dict[str, Any]:
    dept = get_object_or_404(Department, name=payload.department) if payload.department else None
    q = s.cycle_quota_set(actor=request.user, cycle=cycle_get(year=year), move_id=payload.move_id, department=dept,
                          absolute=payload.absolute, percent=payload.percent)
    return _quota(q)


@router.delete("/cycles/{year}/quotas/{pk}", response={204: None}, summary="Remove a quota")
def quota_remove(request: HttpRequest, year: Year, pk: Id) -> Status:
    s.cycle_quota_remove(actor=request.user, quota=get_object_or_404(Quota, pk=pk, cycle=cycle_get(year=year)))
    return Status(204, None)


@router.get("/cycles/{year}/quotas", summary="Quotas and the groups they size (nominated, places)")
def quota_list(request: HttpRequest, year: Year) -> dict[str, Any]:
    require_roles(request.user, Role.HR, Role.COMMITTEE, Role.VP, action="查看名额")
    cycle = cycle_get(year=year)
    dept = dict(Department.objects.values_list("pk", "name"))
    return {"quotas": [_quota(q) for q in Quota.objects.filter(cycle=cycle).select_related("department")],
            "groups": [{"move_id": g.move_id, "department": dept.get(g.department_id) if g.department_id else None,
                        "quota_set": g.rule is not None, "nominated": g.nominated, "size": g.size,
                        "proposed": [n.key for n in g.proposed]} for g in quota_groups_of(cycle)]}


@router.get("/cycles/{year}/ranking", response=list[CandidateOut], summary="Nominees in rank order per move")
@paginated(page_size=100)
def cycle_ranking(request: HttpRequest, year: Year, move_id: MoveId = "") -> Any:
    require_roles(request.user, Role.HR, Role.COMMITTEE, Role.VP, action="查看排名")
    return [_candidate(x) for x in ranking(cycle=cycle_get(year=year), move_id=move_id or None)
            .select_related("application")]


# --- the committee --------------------------------------------------------------------------------


class DecideIn(Schema):
    selected: bool
    reason: Note = ""


@router.post("/cycles/{year}/candidates/{pk}/decide", response=CandidateOut,
             summary="The committee's decision; deviating from the proposal needs a reason")
def candidate_decide(request: HttpRequest, year: Year, pk: Id, payload: DecideIn) -> dict[str, Any]:
    cycle = cycle_get(year=year)
    x = get_object_or_404(Candidate, pk=pk, cycle=cycle)
    x = s.candidate_decide(actor=request.user, candidate=x, selected=payload.selected, reason=payload.reason)
    return _candidate(Candidate.objects.select_related("employee", "application").get(pk=x.pk))


@router.post("/cycles/{year}/accept-proposal", summary="Decide every undecided candidate as proposed (committee)")
def cycle_accept_proposal(request: HttpRequest, year: Year) -> dict[str, int]:
    return {"decided": s.cycle_accept_proposal(actor=request.user, cycle=cycle_get(year=year))}


@router.post("/cycles/{year}/conclude", response=CycleOut,
             summary="Conclude the committee: applications are created for the selected (committee)")
def cycle_conclude(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(s.cycle_conclude(actor=request.user, cycle=cycle_get(year=year)))


# --- VP, notice, HR, letters, effective -----------------------------------------------------------


@router.post("/cycles/{year}/vp-approve", response=CycleOut, summary="分管副总 approves the selection")
def cycle_vp_approve(request: HttpRequest, year: Year, payload: NoteIn) -> dict[str, Any]:
    return _cycle(s.cycle_vp_approve(actor=request.user, cycle=cycle_get(year=year), note=payload.note))


@router.post("/cycles/{year}/vp-return", response=CycleOut, summary="分管副总 returns the selection to the committee")
def cycle_vp_return(request: HttpRequest, year: Year, payload: NoteIn) -> dict[str, Any]:
    return _cycle(s.cycle_vp_return(actor=request.user, cycle=cycle_get(year=year), reason=payload.reason))


class PublishIn(Schema):
    published_on: Day | None = None
    title: Title = ""


@router.post("/cycles/{year}/notice", response={201: CycleOut},
             summary="Publish the cycle's 公示 (HR); objections and closing use /notices")
def cycle_notice(request: HttpRequest, year: Year, payload: PublishIn) -> Status:
    c = s.cycle_notice_publish(actor=request.user, cycle=cycle_get(year=year), published_on=payload.published_on,
                               title=payload.title)
    return Status(201, _cycle(c))


@router.post("/cycles/{year}/hr-approve", response=CycleOut, summary="HR's final approval after the notice closed")
def cycle_hr_approve(request: HttpRequest, year: Year, payload: NoteIn) -> dict[str, Any]:
    return _cycle(s.cycle_hr_approve(actor=request.user, cycle=cycle_get(year=year), note=payload.note))


class LettersIn(Schema):
    issued_on: Day | None = None


@router.post("/cycles/{year}/letters", response={201: list[dict[str, Any]]}, summary="Issue every 晋升通知书 (HR)")
def cycle_letters_issue(request: HttpRequest, year: Year, payload: LettersIn) -> Status:
    letters = s.cycle_letters_issue(actor=request.user, cycle=cycle_get(year=year), issued_on=payload.issued_on)
    return Status(201, [{"application_id": x.application_id, "number": x.number, "issued_on": x.issued_on}
                        for x in letters])


@router.get("/cycles/{year}/letters.pdf", summary="All of the cycle's letters in one PDF (HR)")
def cycle_letters_pdf(request: HttpRequest, year: Year) -> HttpResponse:
    require_roles(request.user, Role.HR, action="打印晋升通知书")
    letters = list(cycle_letters(cycle=cycle_get(year=year)))
    if not letters:
        raise NotFound("尚未发放通知书 no letters yet")
    resp = HttpResponse(letters_pdf(letters), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="letters-{year}.pdf"'
    return resp


@router.post("/cycles/{year}/apply-effective", response=CycleOut,
             summary="Change positions on the effective date now (HR; the daily apply-effective run does the same)")
def cycle_apply_effective(request: HttpRequest, year: Year) -> dict[str, Any]:
    return _cycle(s.cycle_apply_effective(actor=request.user, cycle=cycle_get(year=year)))


@router.get("/cycles/{year}/export.xlsx", summary="Candidate and ranking lists as Excel (HR, committee, VP)")
def cycle_export(request: HttpRequest, year: Year) -> HttpResponse:
    require_roles(request.user, Role.HR, Role.COMMITTEE, Role.VP, action="导出评选名单")
    resp = HttpResponse(cycle_workbook(cycle=cycle_get(year=year)), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="cycle-{year}.xlsx"'
    return resp
