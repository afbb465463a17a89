"""Incidents and their consequences, demotion cases (降级管理) and the allowance sheet over REST.

Endpoints parse, call one service or selector, and render; permissions are checked in the services
(and, for the reads, by the scope selectors).
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles, require_scope
from careerpath.api.types import (
    Code,
    Day,
    EmployeeNo,
    EvidenceNote,
    FileName,
    Id,
    Ids,
    Money,
    Note,
    form_field,
    month_bounded,
    paginated,
    text,
)
from careerpath.core.dates import parse_month
from careerpath.discipline import services as s
from careerpath.discipline.models import AllowanceDeduction, CaseDocument, DemotionCase
from careerpath.discipline.selectors import (
    case_documents,
    case_get,
    cases_visible_to,
    deductions_visible_to,
    document_get,
    monthly_allowances,
)
from careerpath.discipline.workflow import LABELS, PROPOSAL_LABELS, CaseState, Proposal
from careerpath.errors import InvalidInput
from careerpath.evidence.models import Incident
from careerpath.people.models import Employee
from careerpath.policy_versions.selectors import active_policy

router = Router(tags=["discipline"])

MonthText = text(7)  # YYYY-MM


class _LazyRows:
    """A queryset that renders only the page it is sliced to (the paginator counts, then slices)."""

    def __init__(self, qs: Any, render: Any) -> None:
        self.qs, self.render = qs, render

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[dict[str, Any]]:
        return [self.render(x) for x in self.qs[key]]


def _month(text: str, field: str = "month") -> date:
    try:
        return month_bounded(parse_month(text))
    except ValueError:
        raise InvalidInput(f"月份格式应为 YYYY-MM，收到 {text!r} (bad month)", field=field) from None


# --- documents ---------------------------------------------------------------------------------------


class DocumentIn(Schema):
    file_name: FileName
    text: Note = ""
    # Base64 of at most MAX_DOCUMENT_BYTES (4 characters per 3 bytes)
    content_base64: Annotated[str, Field(max_length=s.MAX_DOCUMENT_BYTES * 4 // 3 + 4)] | None = None  # a small file inline; larger ones go through the multipart upload


class DocumentOut(Schema):
    id: int
    file_name: str
    has_file: bool
    size: int
    sha256: str
    text: str
    incident_id: int | None
    uploaded_by: str | None
    uploaded_at: Any


Documents = Annotated[list[DocumentIn], Field(max_length=20)]


def _doc(d: CaseDocument) -> dict[str, Any]:
    return {"id": d.pk, "file_name": d.file_name, "has_file": bool(d.file), "size": d.size, "sha256": d.sha256,
            "text": d.text, "incident_id": d.incident_id,
            "uploaded_by": d.uploaded_by.get_username() if d.uploaded_by_id else None, "uploaded_at": d.uploaded_at}


def _upload_from_json(d: DocumentIn) -> s.DocumentUpload:
    content = None
    if d.content_base64:
        try:
            content = base64.b64decode(d.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(f"「{d.file_name}」的 content_base64 不是有效的 Base64 (invalid base64)",
                               field="documents") from None
    return s.DocumentUpload(file_name=d.file_name, content=content, text=d.text)


def _upload_from_form(file: UploadedFile | None, file_name: str, text: str) -> s.DocumentUpload:
    # Checked here, not in the signature: ninja drops a multipart field's default when its type is bounded.
    file_name, text = form_field(FileName, file_name, "file_name"), form_field(Note, text, "text")
    if file is not None and file.size is not None and file.size > s.MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"文件超过 {s.MAX_DOCUMENT_BYTES // (1024 * 1024)} MB (document too large)",
                           code="document_too_large", field="file")
    content = file.read() if file is not None else None
    return s.DocumentUpload(file_name=file_name or (file.name if file is not None else ""), content=content,
                            text=text)


@router.get("/discipline/documents/{pk}/file", summary="Download a document of an evidence packet")
def document_file(request: HttpRequest, pk: Id) -> FileResponse:
    doc = document_get(user=request.user, pk=pk)
    if not doc.file:
        raise InvalidInput("该材料没有附件，只有文字内容 (this document has no file)", code="no_file")
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name)


# --- incidents ---------------------------------------------------------------------------------------


class IncidentIn(Schema):
    employee_no: EmployeeNo
    date: Day
    type: Code
    note: EvidenceNote = ""
    deduction_amount: Money | None = None  # HR only: a partial deduction instead of the full allowance
    documents: Documents = []


class DeductionOut(Schema):
    id: int
    employee_no: str
    name: str
    month: str
    level: str
    amount: Decimal
    reason: str
    incident_id: int | None


class IncidentOut(Schema):
    id: int
    employee_no: str
    date: date
    type: str
    note: str
    deduction: DeductionOut | None
    case_id: int | None
    case_opened: bool
    documents: list[DocumentOut]
    notes: list[str]


def _deduction(d: AllowanceDeduction) -> dict[str, Any]:
    return {"id": d.pk, "employee_no": d.employee.employee_no, "name": d.employee.name,
            "month": f"{d.month:%Y-%m}", "level": d.level, "amount": d.amount, "reason": d.reason,
            "incident_id": d.incident_id}


@router.post("/discipline/incidents", response={201: IncidentOut},
             summary="Record an incident (事故) and apply its consequences (deduction, demotion case)")
def incident_record(request: HttpRequest, payload: IncidentIn) -> Status:
    emp = get_object_or_404(Employee, employee_no=payload.employee_no)
    out = s.incident_record(actor=request.user, employee=emp, date=payload.date, type=payload.type,
                            note=payload.note, deduction_amount=payload.deduction_amount,
                            documents=[_upload_from_json(d) for d in payload.documents])
    i = out.incident
    return Status(201, {
        "id": i.pk, "employee_no": emp.employee_no, "date": i.date, "type": i.type, "note": i.note,
        "deduction": _deduction(out.deduction) if out.deduction else None,
        "case_id": out.case.pk if out.case else None, "case_opened": out.case_opened,
        "documents": [_doc(d) for d in out.documents], "notes": out.notes,
    })


@router.post("/discipline/incidents/{pk}/documents", response={201: DocumentOut},
             summary="Attach a document to an incident (multipart: file and/or text)")
def incident_document_add(request: HttpRequest, pk: Id, file: File[UploadedFile | None] = None,
                          file_name: Form[str] = "", text: Form[str] = "") -> Status:
    inc = get_object_or_404(Incident.objects.select_related("employee"), pk=pk)
    require_scope(request.user, inc.employee, action="补充事故材料")
    doc = s.incident_document_add(actor=request.user, incident=inc,
                                  upload=_upload_from_form(file, file_name, text))
    return Status(201, _doc(doc))


# --- demotion cases ----------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    employee_no: str
    name: str
    department: str | None
    proposal: str
    proposal_label: str
    reason: str
    from_level: str
    to_level: str
    from_level_name: str
    to_level_name: str
    state: str
    state_label: str
    effective_on: date | None
    opened_by: str | None
    created_at: Any


class DecisionOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor: str
    note: str
    at: Any


class CaseIncidentOut(Schema):
    id: int
    date: date
    type: str
    note: str


class CaseDetail(CaseOut):
    incidents: list[CaseIncidentOut]
    documents: list[DocumentOut]
    decisions: list[DecisionOut]
    new_position_id: int | None


def _case(c: DemotionCase, names: dict[str, str] | None = None) -> dict[str, Any]:
    names = names if names is not None else _level_names()
    e = c.employee
    return {
        "id": c.pk, "employee_no": e.employee_no, "name": e.name,
        "department": e.department.name if e.department_id else None,
        "proposal": c.proposal, "proposal_label": PROPOSAL_LABELS[Proposal(c.proposal)][0], "reason": c.reason,
        "from_level": c.from_level, "to_level": c.to_level,
        "from_level_name": names.get(c.from_level, c.from_level), "to_level_name": names.get(c.to_level, c.to_level),
        "state": c.state, "state_label": LABELS[CaseState(c.state)][0], "effective_on": c.effective_on,
        "opened_by": c.opened_by.get_username() if c.opened_by_id else None, "created_at": c.created_at,
    }


def _case_detail(c: DemotionCase) -> dict[str, Any]:
    d = _case(c)
    d.update({
        "incidents": [{"id": i.pk, "date": i.date, "type": i.type, "note": i.note}
                      for i in c.incidents.order_by("date", "pk")],
        "documents": [_doc(x) for x in case_documents(case=c)],
        "decisions": [{"action": x.action, "from_state": x.from_state, "to_state": x.to_state,
                       "actor": x.actor.get_username() if x.actor_id else "system", "note": x.note, "at": x.at}
                      for x in c.decisions.select_related("actor").order_by("at", "pk")],
        "new_position_id": c.new_position_id,
    })
    return d


def _level_names() -> dict[str, str]:
    return {code: lv.name.zh for code, lv in active_policy().levels.items()}


class CaseIn(Schema):
    employee_no: EmployeeNo
    proposal: Proposal
    reason: Note
    to_level: Code | None = None
    incident_ids: Ids = []
    documents: Documents = []


@router.post("/discipline/cases", response={201: CaseDetail},
             summary="Open a demotion case (supervisor, manager or HR; e.g. sustained under-performance)")
def case_open(request: HttpRequest, payload: CaseIn) -> Status:
    emp = get_object_or_404(Employee, employee_no=payload.employee_no)
    incidents = list(Incident.objects.filter(pk__in=payload.incident_ids))
    missing = set(payload.incident_ids) - {i.pk for i in incidents}
    if missing:
        raise InvalidInput(f"事故不存在 (no such incidents): {sorted(missing)}", field="incident_ids")
    case = s.demotion_case_open(actor=request.user, employee=emp, proposal=payload.proposal, reason=payload.reason,
                                to_level=payload.to_level, incidents=incidents,
                                documents=[_upload_from_json(d) for d in payload.documents])
    return Status(201, _case_detail(case))


@router.get("/discipline/cases", response=list[CaseOut], summary="Demotion cases in your data scope")
@paginated(page_size=50)
def case_list(request: HttpRequest, state: Code = "", employee_no: EmployeeNo = "") -> Any:
    if state and state not in CaseState.__members__.values():
        raise InvalidInput(f"未知状态 {state!r}，应为：{'、'.join(CaseState)} (unknown state)", field="state")
    names = _level_names()
    qs = cases_visible_to(user=request.user, state=state or None, employee_no=employee_no or None)
    return _LazyRows(qs, lambda c: _case(c, names))


@router.get("/discipline/cases/{pk}", response=CaseDetail, summary="A case with its evidence packet and decisions")
def case_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _case_detail(case_get(user=request.user, pk=pk))


@router.post("/discipline/cases/{pk}/documents", response={201: DocumentOut},
             summary="Add a document to a case's evidence packet (multipart: file and/or text)")
def case_document_add(request: HttpRequest, pk: Id, file: File[UploadedFile | None] = None,
                      file_name: Form[str] = "", text: Form[str] = "") -> Status:
    case = case_get(user=request.user, pk=pk)
    doc = s.case_document_add(actor=request.user, case=case, upload=_upload_from_form(file, file_name, text))
    return Status(201, _doc(doc))


class ReviewIn(Schema):
    note: Note
    proposal: Proposal | None = None  # a reviewer may amend the proposal …
    to_level: Code | None = None  # … or the target level


class ApproveIn(Schema):
    effective_on: Day
    note: Note = ""


class ReasonIn(Schema):
    reason: Note


@router.post("/discipline/cases/{pk}/supervisor-review", response=CaseDetail,
             summary="Direct supervisor's review (or a manager standing in)")
def case_supervisor_review(request: HttpRequest, pk: Id, payload: ReviewIn) -> dict[str, Any]:
    case = s.demotion_case_supervisor_review(actor=request.user, case=case_get(user=request.user, pk=pk),
                                             note=payload.note, proposal=payload.proposal, to_level=payload.to_level)
    return _case_detail(case)


@router.post("/discipline/cases/{pk}/manager-review", response=CaseDetail, summary="Department manager's review")
def case_manager_review(request: HttpRequest, pk: Id, payload: ReviewIn) -> dict[str, Any]:
    case = s.demotion_case_manager_review(actor=request.user, case=case_get(user=request.user, pk=pk),
                                          note=payload.note, proposal=payload.proposal, to_level=payload.to_level)
    return _case_detail(case)


@router.post("/discipline/cases/{pk}/approve", response=CaseDetail,
             summary="HR approval with the effective date (refused without evidence)")
def case_approve(request: HttpRequest, pk: Id, payload: ApproveIn) -> dict[str, Any]:
    case = s.demotion_case_approve(actor=request.user, case=case_get(user=request.user, pk=pk),
                                   effective_on=payload.effective_on, note=payload.note)
    return _case_detail(case)


@router.post("/discipline/cases/{pk}/reject", response=CaseDetail, summary="Reject a case, with a reason")
def case_reject(request: HttpRequest, pk: Id, payload: ReasonIn) -> dict[str, Any]:
    case = s.demotion_case_reject(actor=request.user, case=case_get(user=request.user, pk=pk), reason=payload.reason)
    return _case_detail(case)


@router.post("/discipline/cases/{pk}/withdraw", response=CaseDetail, summary="Withdraw a case, with a reason")
def case_withdraw(request: HttpRequest, pk: Id, payload: ReasonIn) -> dict[str, Any]:
    case = s.demotion_case_withdraw(actor=request.user, case=case_get(user=request.user, pk=pk),
                                    reason=payload.reason)
    return _case_detail(case)


# --- deductions and allowances -----------------------------------------------------------------------


@router.get("/discipline/deductions", response=list[DeductionOut], summary="Allowance deductions in your scope")
@paginated(page_size=50)
def deduction_list(request: HttpRequest, month: MonthText = "", employee_no: EmployeeNo = "") -> Any:
    qs = deductions_visible_to(user=request.user, month=_month(month) if month else None,
                               employee_no=employee_no or None)
    return _LazyRows(qs, _deduction)


class AllowanceRowOut(Schema):
    employee_no: str
    name: str
    department: str
    level: str
    level_name: str
    standard: Decimal
    deducted: Decimal
    reasons: list[str]
    net: Decimal


class AllowanceSheetOut(Schema):
    month: str
    count: int
    total_standard: Decimal
    total_deducted: Decimal
    total_net: Decimal
    rows: list[AllowanceRowOut]


@router.get("/discipline/allowances", response=AllowanceSheetOut,
            summary="The monthly allowance sheet with deductions, as for payroll (HR)")
def allowance_sheet(request: HttpRequest, month: MonthText) -> dict[str, Any]:
    # A report, not a list resource: payroll needs the whole month with its totals in one document.
    require_roles(request.user, Role.HR, action="查看津贴表")
    sheet = monthly_allowances(month=_month(month))
    return {"month": f"{sheet.month:%Y-%m}", "count": len(sheet.rows), "total_standard": sheet.total_standard,
            "total_deducted": sheet.total_deducted, "total_net": sheet.total_net,
            "rows": [{"employee_no": r.employee_no, "name": r.name, "department": r.department, "level": r.level,
                      "level_name": r.level_name, "standard": r.standard, "deducted": r.deducted,
                      "reasons": list(r.reasons), "net": r.net} for r in sheet.rows]}
