"""The printable documents as PDF downloads, each behind the check of who may read it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from careerpath.accounts.permissions import require_scope
from careerpath.errors import Forbidden
from careerpath.promotions.documents import application_form_pdf as form_pdf
from careerpath.promotions.documents import application_report_pdf as report_pdf
from careerpath.promotions.documents import notice_pdf as notice_document
from careerpath.promotions.hr_selectors import application_for_hr
from careerpath.promotions.models import Notice
from careerpath.web.pages.approvals_common import Refused, load_application, pdf_response, problem_page

# The review report is the reviewers' and HR's paper: the applicant reads its outcome, not the report.
REPORT_READERS = frozenset({"supervisor", "manager", "committee", "vp", "hr"})


@login_required
def application_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """晋升申请表: anyone whose scope holds the applicant (the applicant, their supervisor, manager, HR)."""
    app = application_for_hr(pk=pk)
    if app is None:
        raise Http404
    try:
        require_scope(request.user, app.employee, action="查看晋升申请表")
    except Forbidden as exc:
        return problem_page(request, exc)
    return pdf_response(form_pdf(app), f"application-{app.pk}.pdf")


@login_required
def application_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        app = load_application(request, pk, allowed=REPORT_READERS, action="查看晋升评审报告").application
    except Refused as r:
        return problem_page(request, r.error)
    return pdf_response(report_pdf(app), f"review-report-{app.pk}.pdf")


@login_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 公示 as posted on the board: public to everyone logged in, like the board itself."""
    notice = Notice.objects.filter(pk=pk).first()
    if notice is None:
        raise Http404
    return pdf_response(notice_document(notice), f"notice-{notice.year}-{notice.seq}.pdf")
