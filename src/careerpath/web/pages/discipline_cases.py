"""Pages: demotion cases (降级案件) — the list, one case with its evidence packet and the record of its steps,
the form of each step for whoever holds it, opening a case, and the packet's documents.

Every step calls the service the REST API calls (``discipline.services``); the page offers a step only to
someone the service would accept it from (``discipline.casework.case_steps``). The position changes on the
effective date by the daily job (``careerpath apply-effective``), never from a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careerpath.accounts.permissions import require_scope
from careerpath.accounts.selectors import user_roles
from careerpath.attachments import attachment_response, sniff_type
from careerpath.clock import today
from careerpath.discipline import services
from careerpath.discipline.casework import (
    DESK_ROLES,
    CaseFilter,
    CaseSteps,
    case_list,
    case_steps,
    departments_in_scope,
    desk_allowed,
)
from careerpath.discipline.models import DemotionCase
from careerpath.discipline.selectors import case_documents, case_get, document_get
from careerpath.discipline.workflow import FINAL, CaseState, case_label
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from careerpath.evidence.models import Incident
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.labels import code_label, date_label
from careerpath.people.models import Employee
from careerpath.people.selectors import employee_get, position_current
from careerpath.web.links import url_or_none
from careerpath.web.pages.discipline_forms import (
    ApproveForm,
    CaseFilterForm,
    CaseOpenForm,
    DocumentForm,
    NotesForm,
    ReasonForm,
    ReviewForm,
    error_text,
    incident_choice_label,
)

PER_PAGE = 50


def _problem(request: HttpRequest, error: ServiceError, case: DemotionCase | None = None) -> HttpResponse:
    """A refusal (403), a missing case (404) or a stale step (409) in the product's look."""
    status = error.status if error.status in (403, 404, 409) else 400
    links = [(reverse("web:discipline_cases"), _("返回降级案件"))] if desk_allowed(user=request.user) else []
    if case is not None and status == 409:
        links.insert(0, (reverse("web:discipline_case", args=[case.pk]), _("查看案件的最新状态")))
    title = _("无法执行") if status == 409 else (_("找不到") if status == 404 else _("无权操作"))
    return render(request, "web/approvals/problem.html", {
        "error": {"message": error_text(error)}, "status": status, "links": links, "title": title}, status=status)


# ---------------------------------------------------------------------------------------------------
# The list


@login_required
def case_index(request: HttpRequest) -> HttpResponse:
    if not desk_allowed(user=request.user):
        raise PermissionDenied
    departments = departments_in_scope(user=request.user)
    form = CaseFilterForm(request.GET or None, departments=departments)
    status = 400 if request.GET and not form.is_valid() else 200
    f = CaseFilter(which=form.value("which") or "open", department_id=form.value("dept"),
                   q=(form.value("q") or "").strip())
    page = Paginator(case_list(user=request.user, f=f), PER_PAGE).get_page(request.GET.get("page"))
    lang = engine_lang()
    policy = policy_get()
    names = {code: lv.name.get(lang) for code, lv in policy.levels.items()}
    rows = [{"case": c, "from": names.get(c.from_level, c.from_level), "to": names.get(c.to_level, c.to_level),
             "proposal": case_label("proposal", c.proposal, lang), "opened": date_label(c.created_at),
             "effective": date_label(c.effective_on)} for c in page.object_list]
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(request, "web/discipline/cases.html", {
        "form": form, "rows": rows, "page": page, "which": f.which, "query": urlencode(query),
        "can_open": True,
    }, status=status)


# ---------------------------------------------------------------------------------------------------
# One case


def _load(request: HttpRequest, pk: int) -> DemotionCase:
    """The case if the user may read it (the API's rule: their data scope); NotFound / Forbidden raised."""
    return case_get(user=request.user, pk=pk)


def _actor_name(user: Any, names: dict[int, str]) -> str:
    """Who took a step, by the name colleagues know them by (their employee record), else the login."""
    if user is None:
        return _("系统（每日任务）")
    return names.get(user.pk) or user.get_full_name() or user.get_username()


def _actor_names(case: DemotionCase) -> dict[int, str]:
    ids = {d.actor_id for d in case.decisions.all() if d.actor_id}
    return dict(Employee.objects.filter(user_id__in=ids).values_list("user_id", "name")) if ids else {}


_TRACK = ("open", "supervisor_review", "manager_review", "hr_approve", "make_effective")
# The state a case is in while each step of the track waits, and who holds it.
_WAITING = {CaseState.PROPOSED: ("supervisor_review", "supervisor"),
            CaseState.SUPERVISOR_REVIEWED: ("manager_review", "manager"),
            CaseState.MANAGER_REVIEWED: ("hr_approve", "hr"),
            CaseState.HR_APPROVED: ("make_effective", "system")}


def _track(case: DemotionCase, names: dict[int, str]) -> list[dict[str, Any]]:
    """The steps of the procedure in order: done (who, when, the note), waiting now (for whom), or later."""
    done = {d.action: d for d in case.decisions.all()}
    waiting = _WAITING.get(case.state_enum)
    out = []
    passed_current = False
    for action in _TRACK:
        d = done.get(action)
        if d is not None:
            out.append({"action": action, "status": "done", "who": _actor_name(d.actor, names), "at": d.at,
                        "note": d.note})
        elif waiting is not None and waiting[0] == action:
            out.append({"action": action, "status": "current", "holder": code_label("capacity", waiting[1])})
            passed_current = True
        else:
            out.append({"action": action, "status": "skipped" if case.state_enum in FINAL and not passed_current
                        else "later"})
    return out


def _detail(request: HttpRequest, case: DemotionCase, *, bound: dict[str, forms.Form] | None = None,
            status: int = 200) -> HttpResponse:
    steps: CaseSteps = case_steps(user=request.user, case=case)
    policy = policy_get()
    lang = engine_lang()
    forms_: dict[str, forms.Form] = {
        "review": ReviewForm(policy=policy),
        "approve": ApproveForm(initial={"effective_on": _next_month(today())}),
        "reject": ReasonForm(prefix="reject"),
        "withdraw": ReasonForm(prefix="withdraw"),
        "document": DocumentForm(),
        "notes": NotesForm(initial={"notes": case.notes}),
    }
    forms_.update(bound or {})
    incidents = sorted(case.incidents.all(), key=lambda i: (i.date, i.pk))
    documents = case_documents(case=case)
    position = None
    if case.state_enum is CaseState.EFFECTIVE and case.new_position_id:
        position = case.new_position
    names = _actor_names(case)
    decisions = [{"action": d.action, "who": _actor_name(d.actor, names), "at": d.at, "note": d.note,
                  "to_state": d.to_state} for d in case.decisions.all()]
    levels = {code: lv.name.get(lang) for code, lv in policy.levels.items()}
    review_step = next((a for a in ("supervisor_review", "manager_review") if a in steps.actions), None)
    return render(request, "web/discipline/case.html", {
        "case": case, "steps": steps, "forms": forms_, "track": _track(case, names), "decisions": decisions,
        "incidents": [{"i": i, "type": code_label("incident_type", i.type, policy=policy)} for i in incidents],
        "documents": documents, "from_level": levels.get(case.from_level, case.from_level),
        "to_level": levels.get(case.to_level, case.to_level) if case.to_level else "",
        "proposal": case_label("proposal", case.proposal, lang), "review_step": review_step,
        "department": case.employee.department.name if case.employee.department_id else "",
        "person_url": url_or_none("web:employee_detail", [case.employee.employee_no]),
        "position": position, "due": bool(case.state_enum is CaseState.HR_APPROVED and case.effective_on
                                          and case.effective_on <= today()),
        "desk": desk_allowed(user=request.user), "evidence_empty": not incidents and not documents,
    }, status=status)


def _next_month(d: Any) -> Any:
    return d.replace(year=d.year + (d.month == 12), month=d.month % 12 + 1, day=1)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = _load(request, pk)
    except NotFound:
        raise Http404 from None
    except Forbidden as exc:
        return _problem(request, exc)
    return _detail(request, case)


def _step(request: HttpRequest, pk: int, key: str, make: Callable[[], forms.Form],
          act: Callable[[DemotionCase, dict[str, Any]], Any], done: str, *, field_map: dict[str, str]) -> HttpResponse:
    """Run one step posted from the case page: the form, then the service; errors beside the field."""
    try:
        case = _load(request, pk)
    except NotFound:
        raise Http404 from None
    except Forbidden as exc:
        return _problem(request, exc)
    form = make()
    if form.is_valid():
        try:
            act(case, form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(field_map.get(exc.field or "", None) if exc.field in field_map else None, error_text(exc))
        except (Conflict, Forbidden) as exc:
            if isinstance(exc, Conflict) and exc.code == "level_changed":
                form.add_error(None, error_text(exc))
            else:
                return _problem(request, exc, case)
        else:
            messages.success(request, done)
            return redirect("web:discipline_case", pk=case.pk)
    case = _load(request, pk)  # nothing changed; shown as it is now
    return _detail(request, case, bound={key: form}, status=400)


@login_required
@require_POST
def case_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor's or the manager's review, whichever the case waits for."""
    policy = policy_get()

    def act(case: DemotionCase, data: dict[str, Any]) -> Any:
        kw = {"note": data["note"], "proposal": data.get("proposal") or None, "to_level": data.get("to_level") or None}
        if case.state_enum is CaseState.SUPERVISOR_REVIEWED:
            return services.demotion_case_manager_review(actor=request.user, case=case, **kw)
        return services.demotion_case_supervisor_review(actor=request.user, case=case, **kw)

    return _step(request, pk, "review", lambda: ReviewForm(request.POST, policy=policy), act,
                 _("审核意见已提交，案件进入下一步。"),
                 field_map={"note": "note", "proposal": "proposal", "to_level": "to_level"})


@login_required
@require_POST
def case_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: DemotionCase, data: dict[str, Any]) -> Any:
        return services.demotion_case_approve(actor=request.user, case=case, effective_on=data["effective_on"],
                                              note=data["note"])

    return _step(request, pk, "approve", lambda: ApproveForm(request.POST), act,
                 _("已批准降级。到生效日，每日任务会调整此人的任职。"),
                 field_map={"effective_on": "effective_on", "note": "note"})


@login_required
@require_POST
def case_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: DemotionCase, data: dict[str, Any]) -> Any:
        return services.demotion_case_reject(actor=request.user, case=case, reason=data["reason"])

    return _step(request, pk, "reject", lambda: ReasonForm(request.POST, prefix="reject"), act,
                 _("案件已驳回。"), field_map={"reason": "reason"})


@login_required
@require_POST
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: DemotionCase, data: dict[str, Any]) -> Any:
        return services.demotion_case_withdraw(actor=request.user, case=case, reason=data["reason"])

    return _step(request, pk, "withdraw", lambda: ReasonForm(request.POST, prefix="withdraw"), act,
                 _("案件已撤回。"), field_map={"reason": "reason"})


@login_required
@require_POST
def case_notes(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: DemotionCase, data: dict[str, Any]) -> Any:
        return services.demotion_case_notes_set(actor=request.user, case=case, notes=data["notes"])

    return _step(request, pk, "notes", lambda: NotesForm(request.POST), act, _("备注已保存。"),
                 field_map={"notes": "notes"})


def _upload(form: DocumentForm) -> services.DocumentUpload:
    data = form.cleaned_data
    checked = data.get("file")
    title = (data.get("file_name") or "").strip()
    name = checked.name if checked is not None else title
    if checked is not None and title:
        # The title names the document; the stored name keeps the file's real type as its suffix.
        name = title if title.lower().endswith(checked.suffix) else f"{title}{checked.suffix}"
    return services.DocumentUpload(file_name=name, content=checked.content if checked is not None else None,
                                   text=data.get("text") or "")


@login_required
@require_POST
def case_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: DemotionCase, data: dict[str, Any]) -> Any:
        return services.case_document_add(actor=request.user, case=case, upload=_upload(form))

    form = DocumentForm(request.POST, request.FILES)
    return _step(request, pk, "document", lambda: form, act, _("证据材料已添加。"),
                 field_map={"documents": "file", "file_name": "file_name", "file": "file"})


@login_required
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A document of an evidence packet, to the people who may read the case (or the incident's person)."""
    try:
        doc = document_get(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    except Forbidden as exc:
        return _problem(request, exc)
    if not doc.file:
        raise Http404
    with doc.file.open("rb") as fh:
        head = fh.read(16)
    content_type = sniff_type(head)
    if content_type is not None:
        return attachment_response(doc.file, file_name=doc.file_name, content_type=content_type)
    # Uploaded through the API (any type): handed over as a download, never shown by the browser.
    response = FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file_name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------------
# Opening a case


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    if not (user_roles(user=request.user) & DESK_ROLES):
        raise PermissionDenied
    number = (request.GET.get("employee") or request.POST.get("employee") or "").strip()[:32]
    employee = employee_get(employee_no=number) if number else None
    context: dict[str, Any] = {"number": number, "employee": None}
    status = 200
    if number and employee is None:
        context["lookup_error"] = _("找不到工号 %(no)s。") % {"no": number}
        status = 400 if request.method == "POST" else 404
    if employee is not None:
        try:
            require_scope(request.user, employee, action="提出降级")
        except Forbidden as exc:
            return _problem(request, exc)
    if employee is None:
        return render(request, "web/discipline/case_new.html", context, status=status)

    policy = policy_get()
    own = list(Incident.objects.filter(employee=employee).order_by("-date", "-pk"))
    choices = [(str(i.pk), incident_choice_label(date_label(i.date), i.type, i.note)) for i in own]
    picked = [v for v in request.GET.getlist("incident") if v in {c for c, _l in choices}]
    form = CaseOpenForm(request.POST or None, policy=policy, incident_choices=choices,
                        initial={"incidents": picked})
    doc = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        valid = form.is_valid() & doc.is_valid() if _has_document(request) else form.is_valid()
        if valid:
            data = form.cleaned_data
            chosen = [i for i in own if str(i.pk) in set(data["incidents"])]
            uploads = [_upload(doc)] if _has_document(request) else []
            try:
                case = services.demotion_case_open(actor=request.user, employee=employee, proposal=data["proposal"],
                                                   reason=data["reason"], to_level=data["to_level"] or None,
                                                   incidents=chosen, documents=uploads)
            except InvalidInput as exc:
                target = {"to_level": "to_level", "reason": "reason", "proposal": "proposal"}.get(exc.field or "")
                if exc.field in ("documents", "file_name"):
                    doc.add_error("file", error_text(exc))
                else:
                    form.add_error(target, error_text(exc))
            except (Conflict, Forbidden) as exc:
                if exc.code == "case_already_open":
                    form.add_error(None, error_text(exc))
                else:
                    return _problem(request, exc)
            else:
                messages.success(request, _("已提出降级案件，待直接上级审核。"))
                return redirect("web:discipline_case", pk=case.pk)
        status = 400
    current = position_current(employee=employee)
    open_case = DemotionCase.objects.filter(employee=employee).exclude(
        state__in=[s.value for s in FINAL]).values_list("pk", flat=True).first()
    context.update({
        "employee": employee, "form": form, "doc": doc, "open_case": open_case,
        "level": code_label("level", current.level, policy=policy) if current else "",
        "department": employee.department.name if employee.department_id else "",
    })
    return render(request, "web/discipline/case_new.html", context, status=status)


def _has_document(request: HttpRequest) -> bool:
    """Whether the opener attached something: the document form is optional as a whole."""
    return bool(request.FILES.get("doc-file") or (request.POST.get("doc-text") or "").strip()
                or (request.POST.get("doc-file_name") or "").strip())
