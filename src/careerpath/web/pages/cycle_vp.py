"""The VP's approval of a cycle's selection (评选审批): approve, or send it back to the committee with a reason."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts.models import Role
from careerpath.cycles import services
from careerpath.cycles.models import Cycle, CycleState
from careerpath.cycles.screens import scoring_sheet
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.web.pages.cycle_common import load_cycle, require, text_field

APPROVERS = frozenset({Role.VP, Role.ADMIN})
VP_READERS = frozenset({Role.VP, Role.HR, Role.COMMITTEE, Role.ADMIN})


class ApproveForm(forms.Form):
    note = text_field(gettext_lazy("审批意见（选填）"), required=False)


class ReturnForm(forms.Form):
    reason = text_field(gettext_lazy("退回原因（评定小组会看到）"), required=True)


@login_required
def approval_current(request: HttpRequest) -> HttpResponse:
    require(request, VP_READERS)
    cycle = (Cycle.objects.filter(state=CycleState.COMMITTEE).order_by("-year").first()
             or Cycle.objects.order_by("-year").first())
    if cycle is None:
        return redirect("web:cycle_list")
    return redirect("web:cycle_approval", year=cycle.year)


@login_required
def cycle_approval(request: HttpRequest, year: int) -> HttpResponse:
    cycle, roles = load_cycle(request, year, VP_READERS)
    approve, back, status = ApproveForm(prefix="approve"), ReturnForm(prefix="return"), 200
    waiting = cycle.state == CycleState.COMMITTEE
    if request.method == "POST":
        require(request, APPROVERS)
        deciding = request.POST.get("decision")
        try:
            if deciding == "approve":
                approve = ApproveForm(request.POST, prefix="approve")
                if approve.is_valid():
                    services.cycle_vp_approve(actor=request.user, cycle=cycle, note=approve.cleaned_data["note"])
                    messages.success(request, _("已审批同意。下一步：人力资源部发布公示。"))
                    return redirect("web:cycle_approval", year=year)
            elif deciding == "return":
                back = ReturnForm(request.POST, prefix="return")
                if back.is_valid():
                    services.cycle_vp_return(actor=request.user, cycle=cycle, reason=back.cleaned_data["reason"])
                    messages.success(request, _("已退回评定小组重新评议。"))
                    return redirect("web:cycle_approval", year=year)
        except InvalidInput as exc:
            (back if deciding == "return" else approve).add_error("reason" if deciding == "return" else "note",
                                                                  exc.message)
        except (Conflict, Forbidden) as exc:
            messages.error(request, exc.message)
            return redirect("web:cycle_approval", year=year)
        status = 400
    sheet = scoring_sheet(cycle=cycle)
    return render(request, "web/cycle/approval.html", {
        "cycle": cycle, "sheet": sheet, "approve": approve, "back": back, "waiting": waiting,
        "can_approve": bool(roles & APPROVERS) and waiting,
    }, status=status)
