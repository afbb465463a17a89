"""Page: recording evidence for one of my people (/employees/<工号>/record/): internal praise, competency
attestations, incidents. The direct supervisor (their team), a department manager (their department)
and HR; nobody about themself. Incidents go through ``discipline.services.incident_record``, which
deducts the allowance or opens a demotion case: the page says what it did."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts.selectors import can_list_employees
from careerpath.discipline.services import IncidentOutcome, incident_record
from careerpath.errors import ServiceError
from careerpath.evidence.selectors import policy_get
from careerpath.evidence.services import attestation_record, internal_praise_record
from careerpath.evidence.services.recording import recording_check
from careerpath.evidence.submission_selectors import recorded_evidence
from careerpath.i18n import engine_lang
from careerpath.labels import code_label, date_label
from careerpath.people.selectors import employee_get, position_current
from careerpath.web.pages.evidence_forms import AttestationForm, IncidentForm, InternalPraiseForm, StyledForm


def _incident_lines(out: IncidentOutcome) -> list[str]:
    """What recording the incident did, in the page's language."""
    lines = [_("已登记事故：%(type)s，%(date)s。") % {"type": code_label("incident_type", out.incident.type),
                                                   "date": date_label(out.incident.date)}]
    if out.deduction is not None:
        lines.append(_("已扣减 %(month)s 的高级/资深津贴 %(amount)s 元。") % {
            "month": f"{out.deduction.month:%Y-%m}", "amount": out.deduction.amount})
    if out.case is not None:
        text = _("已立降级案件 #%(pk)s，待直接上级审核。") if out.case_opened else \
            _("已并入进行中的降级案件 #%(pk)s 作为证据。")
        lines.append(text % {"pk": out.case.pk})
    lines.extend(out.notes)  # why a consequence did not apply (the service's own words)
    return lines


@login_required
def evidence_record(request: HttpRequest, employee_no: str) -> HttpResponse:
    employee = employee_get(employee_no=employee_no)
    if employee is None:
        if can_list_employees(user=request.user):
            raise Http404
        raise PermissionDenied
    try:
        recording_check(actor=request.user, employee=employee)
    except ServiceError as exc:
        raise PermissionDenied(exc.message) from None
    policy = policy_get()
    recorded = recorded_evidence(employee=employee)
    held = frozenset(a.competency for a in recorded.attestations)
    forms: dict[str, StyledForm] = {
        "praise": InternalPraiseForm(),
        "attest": AttestationForm(policy=policy, held=held),
        "incident": IncidentForm(policy=policy),
    }
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which not in forms:
            return HttpResponse(status=400)
        form: StyledForm
        if which == "praise":
            form = InternalPraiseForm(request.POST)
        elif which == "attest":
            form = AttestationForm(request.POST, policy=policy, held=held)
        else:
            form = IncidentForm(request.POST, policy=policy)
        forms[which] = form
        if not form.is_valid():
            status = 400
        else:
            data: dict[str, Any] = form.cleaned_data
            try:
                if which == "praise":
                    internal_praise_record(actor=request.user, employee=employee, date=data["date"],
                                           note=data["note"], policy=policy)
                    messages.success(request, _("已记录内部书面表扬。"))
                elif which == "attest":
                    attestation_record(actor=request.user, employee=employee, competency=data["competency"],
                                       date=data["date"], note=data["note"], policy=policy)
                    messages.success(request, _("已记录能力认定：%(label)s。") % {
                        "label": code_label("competency", data["competency"])})
                else:
                    out = incident_record(actor=request.user, employee=employee, date=data["date"],
                                          type=data["type"], note=data["note"])
                    for line in _incident_lines(out):
                        messages.warning(request, line)
            except ServiceError as exc:
                form.add_error(exc.field, exc.message)
                status = exc.status
            else:
                return redirect("web:evidence_record", employee_no=employee.employee_no)
    position = position_current(employee=employee)
    lang = engine_lang()
    # Labels from the policy already loaded (code_label would read the active policy once per row).
    labels = {kind: dict(policy.code_choices(kind, lang)) for kind in ("competency", "incident_type", "praise_source")}
    context = {"employee": employee, "forms": forms, "recorded": recorded, "labels": labels,
               "level": code_label("level", position.level, policy=policy) if position else ""}
    return render(request, "web/evidence/record.html", context, status=status)
