"""Initial placement (初评) for a department: the review page, and one person's proposal with its explanation.

The department manager agrees with a proposed level or adjusts it with a reason, within the review
period (working days); HR may review too (a department without a manager). The service decides who may.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.clock import today
from careerpath.errors import Forbidden, NotFound, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import code_label
from careerpath.placement import services
from careerpath.placement.models import PlacementProposal, PlacementRun, RunState
from careerpath.placement.selectors import (
    proposal_get,
    proposal_standards,
    proposals_visible_to,
    review_working_days_left,
    run_counts,
    standards_summary,
)
from careerpath.policy_versions.selectors import policy_of
from careerpath.web.pages.placement_common import HR_ROLES, problem, require, show_error, text_field
from careerpath.web.pages.placement_runs import filtered_proposals, load_run

REVIEW_ROLES = frozenset({Role.MANAGER, Role.HR, Role.ADMIN})


class ReviewForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("复核后的职级"),
                              widget=forms.Select(attrs={"class": "form-select"}))
    reason = text_field(gettext_lazy("调整理由（调整职级时必填）"), required=False, rows=3)

    def __init__(self, *args: object, proposal: PlacementProposal, run: PlacementRun, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.proposal = proposal
        policy = policy_of(run.policy_version)
        self.fields["level"].choices = [(c, code_label("level", c, policy=policy)) for c in policy.placement_levels]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("level") and data["level"] != self.proposal.proposed_level and not data.get("reason", "").strip():
            self.add_error("reason", _("调整建议职级须写明理由。"))
        return data


def _review_open(run: PlacementRun) -> bool:
    return run.state == RunState.OPEN and today() <= run.review_deadline


@login_required
def placement_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The department's review page: its people, what waits, and 'agree' in one click per person."""
    roles = require(request, REVIEW_ROLES)
    run = load_run(pk)
    try:
        authority.department_scope(actor=request.user, action="初评复核")
    except Forbidden as exc:
        return problem(request, exc)
    if request.GET.get("show") is None and not request.GET:
        # The review page opens on what waits; "全部" is one click away.
        request.GET = request.GET.copy()
        request.GET["show"] = "to_review"
    form, page, keep, scoped = filtered_proposals(request, run)
    return render(request, "web/placement/review.html", {
        "run": run, "form": form, "page": page, "keep": keep, "is_hr": bool(roles & HR_ROLES),
        "counts": run_counts(run=run, proposals=scoped), "review_open": _review_open(run),
        "days_left": review_working_days_left(run=run, today=today()),
    })


@login_required
def placement_proposal(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """One person's proposal: the standards tried from the top, and the review form while the period runs."""
    roles = require(request, REVIEW_ROLES)
    run = load_run(pk)
    proposal = proposals_visible_to(user=request.user, run=run).select_related("reviewed_by").filter(pk=pid).first()
    if proposal is None:
        try:
            proposal_get(run=run, pk=pid)
        except NotFound:
            raise Http404 from None
        return problem(request, Forbidden("out of scope", code="out_of_scope"),
                       back=reverse("web:placement_review", args=[run.pk]))
    proposal.run = run
    own = authority.is_subject(actor=request.user, subject=proposal.employee)
    can_review = _review_open(run) and not proposal.kept_management_post and not own
    form = ReviewForm(request.POST or None, proposal=proposal, run=run,
                      initial={"level": proposal.final_level, "reason": proposal.adjust_reason})
    status = 200
    if request.method == "POST":
        agree = request.POST.get("decision") == "agree"
        if agree or form.is_valid():
            level = proposal.proposed_level if agree else form.cleaned_data["level"]
            reason = "" if agree else form.cleaned_data["reason"]
            try:
                services.placement_proposal_review(actor=request.user, proposal=proposal, level=level, reason=reason)
            except Forbidden as exc:
                return problem(request, exc, back=reverse("web:placement_review", args=[run.pk]))
            except ServiceError as exc:
                if exc.field in form.fields and not agree:
                    show_error(form, exc)
                    status = 400
                else:
                    return problem(request, exc, back=reverse("web:placement_review", args=[run.pk]))
            else:
                name = proposal.employee.name
                if agree or level == proposal.proposed_level:
                    messages.success(request, _("已同意 %(name)s 的建议职级。") % {"name": name})
                else:
                    messages.success(request, _("已将 %(name)s 的职级调整为 %(level)s。") % {
                        "name": name, "level": code_label("level", level)})
                nxt = request.POST.get("next") or ""
                if nxt.startswith(reverse("web:placement_review", args=[run.pk])):
                    return redirect(nxt)
                return redirect("web:placement_review", pk=run.pk)
        else:
            status = 400
    return render(request, "web/placement/proposal.html", {
        "run": run, "p": proposal, "form": form, "can_review": can_review, "own": own,
        "standards": proposal_standards(proposal=proposal, lang=engine_lang()),
        "why": standards_summary(proposal.standards), "is_hr": bool(roles & HR_ROLES),
        "review_open": _review_open(run), "days_left": review_working_days_left(run=run, today=today()),
    }, status=status)
