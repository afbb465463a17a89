"""Page: the mentor's mentees (我的徒弟), from the 带教 records: start dates, the independence date once
reached, and the mentor's confirmation that a mentee now works independently (独立操作).

The mentor's confirmation is sent to the mentee's direct supervisor (or HR) to countersign: the record
counts for the mentor's own promotion, so it counts once someone other than the mentor agrees
(``evidence.services.submissions``).

The mentor's mentoring pairs (导师制, ``careerpath.mentoring``) are listed here too, each linking to its plan:
a 带教 record that belongs to a pair is confirmed on the pair's page (the pair was arranged by the mentee's
supervisor or HR, who are told of the confirmation and may correct it), not reported from this list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts.selectors import user_employee
from careerpath.errors import ServiceError
from careerpath.evidence.services import mentee_independence_report
from careerpath.evidence.submission_selectors import mentees_of, mentorship_of
from careerpath.mentoring.selectors import pairs_of_mentor
from careerpath.web.pages.evidence_forms import MenteeReportForm


@login_required
def mentees(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    rows = mentees_of(mentor=me) if me is not None else []
    bound: MenteeReportForm | None = None
    bound_pk: int | None = None
    status = 200
    if request.method == "POST" and me is not None:
        try:
            bound_pk = int(request.POST.get("mentorship", ""))
        except ValueError:
            return HttpResponse(status=400)
        mentorship = mentorship_of(mentor=me, pk=bound_pk)
        if mentorship is None:
            return HttpResponse(status=404)
        bound = MenteeReportForm(request.POST, mentorship_pk=bound_pk)
        if bound.is_valid():
            try:
                mentee_independence_report(actor=request.user, mentorship=mentorship, date=bound.cleaned_data["date"],
                                           note=bound.cleaned_data["note"])
            except ServiceError as exc:
                bound.add_error(exc.field, exc.message)
                status = exc.status
            else:
                messages.success(request, _("已确认 %(name)s 独立操作，已提交其直接上级复核；复核后计入您的带教记录。")
                                 % {"name": mentorship.mentee.name})
                return redirect("web:mentees")
        else:
            status = 400
    pairs = pairs_of_mentor(mentor=me) if me is not None else []
    paired = {p.mentorship_id: p for p in pairs if p.mentorship_id is not None}
    forms = {r.mentorship.pk: (bound if r.mentorship.pk == bound_pk and bound is not None
                               else MenteeReportForm(mentorship_pk=r.mentorship.pk))
             for r in rows if r.can_report and r.mentorship.pk not in paired}
    # A mentorship of a pair is shown in the pairs' list above, with its plan.
    items = [(r, forms.get(r.mentorship.pk)) for r in rows if r.mentorship.pk not in paired]
    waiting = sum(1 for r in rows if r.can_report)
    return render(request, "web/evidence/mentees.html", {"me": me, "items": items, "waiting": waiting,
                                                         "pairs": pairs}, status=status)
