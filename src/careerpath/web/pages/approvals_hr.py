"""HR's queue, the final approval after the notice, and the probation that follows the effective date."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.clock import today
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.i18n import engine_lang
from careerpath.promotions import services
from careerpath.promotions.hr_selectors import application_file, level_name
from careerpath.promotions.hr_selectors import hr_queue as hr_queue_get
from careerpath.web.links import url_or_none
from careerpath.web.pages.approvals_common import (
    Refused,
    date_field,
    load_application,
    problem_page,
    stale,
    text_field,
)

# ---------------------------------------------------------------------------------------------------
# The queue


@login_required
def hr_queue(request: HttpRequest) -> HttpResponse:
    try:
        queue = hr_queue_get(user=request.user, today=today(), lang=engine_lang())
    except Forbidden:
        raise PermissionDenied from None
    return render(request, "web/approvals/hr_queue.html", {
        "queue": queue, "s": queue.sections, "notice_new_url": url_or_none("web:notice_new"),
    })


# ---------------------------------------------------------------------------------------------------
# Final approval (or rejection) after the notice


class ApproveForm(forms.Form):
    note = text_field(gettext_lazy("审批意见（选填）"), required=False, rows=2)


class RejectForm(forms.Form):
    reason = text_field(gettext_lazy("驳回原因（申请人会看到）"), required=True, rows=2)


@login_required
def application_approve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        app = load_application(request, pk, allowed={"hr"}, action="审批晋升申请").application
    except Refused as r:
        return problem_page(request, r.error)
    if app.state != State.NOTICE_CLOSED:
        return stale(request, app, expected=_("公示结束，待人力资源部审批"))
    approve, reject, status = ApproveForm(prefix="approve"), RejectForm(prefix="reject"), 200
    if request.method == "POST":
        deciding = request.POST.get("decision")
        try:
            if deciding == "approve":
                approve = ApproveForm(request.POST, prefix="approve")
                if approve.is_valid():
                    services.application_hr_approve(actor=request.user, application=app,
                                                    note=approve.cleaned_data["note"])
                    messages.success(request, _("已审批通过。下一步：发放晋升通知书。"))
                    return redirect("web:application_letter", pk=app.pk)
            elif deciding == "reject":
                reject = RejectForm(request.POST, prefix="reject")
                if reject.is_valid():
                    services.application_reject(actor=request.user, application=app,
                                                reason=reject.cleaned_data["reason"])
                    messages.success(request, _("已驳回该申请，申请人会收到通知。"))
                    return redirect("web:hr_queue")
        except InvalidInput as exc:
            (approve if deciding == "approve" else reject).add_error(
                "reason" if deciding == "reject" else "note", exc.message)
        except (Conflict, Forbidden) as exc:
            app.refresh_from_db(fields=["state"])
            return problem_page(request, exc, application=app)
        status = 400
    lang = engine_lang()
    return render(request, "web/approvals/approve.html", {
        "app": app, "file": application_file(application=app, lang=lang), "approve": approve, "reject": reject,
        "detail_url": url_or_none("web:application_detail", [app.pk]),
    }, status=status)


# ---------------------------------------------------------------------------------------------------
# Probation: confirm (HR or the manager) or revert (HR) with a reason


class ConfirmForm(forms.Form):
    note = text_field(gettext_lazy("考察结论"), required=True, rows=2)


class RevertForm(forms.Form):
    reason = text_field(gettext_lazy("未通过的原因"), required=True, rows=2)
    on = date_field(gettext_lazy("恢复原职级的日期"))


@login_required
def application_probation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        loaded = load_application(request, pk, allowed={"hr", "manager"}, action="处理考察期")
    except Refused as r:
        return problem_page(request, r.error)
    app, caps = loaded.application, loaded.capacities
    confirm = ConfirmForm(prefix="confirm")
    revert = RevertForm(prefix="revert", initial={"on": today()})
    status = 200
    if request.method == "POST":
        if app.state != State.IN_PROBATION:
            return stale(request, app, expected=_("已生效，考察期中"))
        deciding = request.POST.get("decision")
        try:
            if deciding == "confirm":
                confirm = ConfirmForm(request.POST, prefix="confirm")
                if confirm.is_valid():
                    services.application_confirm(actor=request.user, application=app,
                                                 note=confirm.cleaned_data["note"])
                    messages.success(request, _("考察期已确认通过。"))
                    return redirect("web:application_probation", pk=app.pk)
            elif deciding == "revert":
                revert = RevertForm(request.POST, prefix="revert")
                if revert.is_valid():
                    services.application_revert(actor=request.user, application=app,
                                                reason=revert.cleaned_data["reason"], on=revert.cleaned_data["on"])
                    messages.success(request, _("已恢复原职级。"))
                    return redirect("web:application_probation", pk=app.pk)
        except InvalidInput as exc:
            form = confirm if deciding == "confirm" else revert
            form.add_error(_FIELDS.get(exc.field or "", None) if deciding == "revert" else "note", exc.message)
        except Conflict as exc:
            if exc.field == "start_on" and deciding == "revert":
                # The date clashes with the position history: a wrong input, shown beside the date.
                revert.add_error("on", exc.message)
            else:
                app.refresh_from_db(fields=["state"])
                return problem_page(request, exc, application=app)
        except Forbidden as exc:
            return problem_page(request, exc, application=app)
        status = 400
    lang = engine_lang()
    f = application_file(application=app, lang=lang)
    before = app.position_before
    from careerpath.mentoring.selectors import plan_of_application, plan_view

    plan = plan_of_application(application_id=app.pk)
    return render(request, "web/approvals/probation.html", {
        "app": app, "file": f, "confirm": confirm, "revert": revert, "can_revert": "hr" in caps,
        "in_probation": app.state == State.IN_PROBATION, "before_level": level_name(app, before.level, lang)
        if before else "", "detail_url": url_or_none("web:application_detail", [app.pk]),
        "due": bool(app.probation_ends_on and app.probation_ends_on <= today()),
        "outcome_step": f.steps.get("confirm") or f.steps.get("revert"),
        "plan_view": plan_view(plan=plan, lang=lang) if plan is not None else None, "plan_lang": lang,
    }, status=status)


# A service error's field → the form's field.
_FIELDS = {"reason": "reason", "start_on": "on", "on": "on"}
