"""Pages: the review queue (待我评审) and the review page of one application.

The supervisor records the interview and the 晋升评审报告, the department manager the second review; any
reviewer holding the pending step may return the application to its applicant or reject it, each with a
reason. What waits for whom comes from the workflow under the policy's chain and ``accounts.authority``
(``promotions.selectors.applications_awaiting``); every step is one service call.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.clock import today
from careerpath.errors import Conflict, Forbidden, InvalidInput, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import code_label
from careerpath.promotions import services
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import applications_awaiting_count, review_queue
from careerpath.web.links import url_or_none
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages.reviews_data import review_page
from careerpath.web.pages.reviews_forms import NoteForm, ReasonForm, SupervisorReviewForm

# Who may open a review page at all: whoever holds a reviewing capacity towards the applicant.
REVIEWERS = frozenset({"supervisor", "manager", "committee", "vp", "hr"})

nav_register(NavEntry("reviews", gettext_lazy("待我评审"), "review_queue", frozenset({Role.SUPERVISOR, Role.MANAGER}),
                      count=applications_awaiting_count, order=30))


@login_required
def review_queue_page(request: HttpRequest) -> HttpResponse:
    rows = review_queue(user=request.user, today=today(), lang=engine_lang())
    return render(request, "web/reviews/queue.html", {"rows": rows, "today": today()})


# ---------------------------------------------------------------------------------------------------
# The review page: one GET; each POST names its action and carries its form


def _form(action: str, data: Any = None, initial: dict[str, Any] | None = None) -> Any:
    """The form for ``action`` (bound to ``data`` when given), prefixed so several share one page."""
    if action == "supervisor_review":
        return SupervisorReviewForm(data, prefix="review", initial={"held_on": today(), **(initial or {})})
    if action == "manager_review":
        return NoteForm(data, prefix="review", initial=initial)
    if action == "return_to_applicant":
        return ReasonForm(data, prefix="return", initial=initial, wording={"reason": (
            gettext_lazy("退回原因"), gettext_lazy("申请人会看到此原因：写明需要补充或修改的内容"))})
    return ReasonForm(data, prefix="reject", initial=initial, wording={"reason": (
        gettext_lazy("驳回原因"), gettext_lazy("申请人会看到此原因；驳回后申请结束"))})


def _take(action: str, actor: Any, app: Application, form: Any) -> Application:
    """Call the one service that performs ``action`` with the form's content."""
    d, seen = form.cleaned_data, form.cleaned_data.get("seen") or None
    if action == "supervisor_review":
        return services.application_supervisor_report(actor=actor, application=app, interview=form.interview(),
                                                      report=form.report(), seen=seen)
    if action == "manager_review":
        return services.application_manager_review(actor=actor, application=app, note=d["note"], seen=seen)
    if action == "return_to_applicant":
        return services.application_return(actor=actor, application=app, reason=d["reason"], seen=seen)
    return services.application_reject(actor=actor, application=app, reason=d["reason"], seen=seen)


_DONE = {
    "supervisor_review": gettext_lazy("已完成 %(name)s 的直接上级评审（面谈记录与晋升评审报告已保存）。"),
    "manager_review": gettext_lazy("已完成 %(name)s 的部门复审。"),
    "return_to_applicant": gettext_lazy("已将 %(name)s 的申请退回申请人修改，并已通知申请人。"),
    "reject": gettext_lazy("已驳回 %(name)s 的晋升申请，并已通知申请人。"),
}


def _conflict_text(exc: ServiceError, app: Application) -> str:
    state = code_label("state", app.state)
    if exc.code == "stale":
        return _("此申请在您打开页面后已有变更（现为「%(state)s」），您刚才的提交没有保存。"
                 "请查看下面的最新内容后再操作。") % {"state": state}
    if exc.code == "invalid_transition":
        return _("此申请现为「%(state)s」，这一步已不能执行（可能已由他人处理），您刚才的提交没有保存。") % {"state": state}
    return exc.message


def _forbidden(request: HttpRequest, exc: Forbidden, app: Application | None = None) -> HttpResponse:
    own = exc.code == "self_decision"
    text = (_("您不能评审自己的晋升申请：任何人都不能就本人的事项作出决定。") if own else
            _("此申请不在您的评审范围内。") if exc.code == "out_of_scope" else _("您没有评审此申请的权限。"))
    # The applicant goes back to their own application (an agent has no review queue to return to).
    back = url_or_none("web:application_detail", [app.pk]) if own and app is not None else None
    return render(request, "web/reviews/forbidden.html", {"message": text, "code": exc.code, "back_url": back},
                  status=403)


@login_required
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    app = (Application.objects.select_related("employee", "employee__department", "employee__supervisor",
                                              "policy_version").filter(pk=pk).first())
    if app is None:
        raise Http404
    # Read once for the request: the capacity check, the page's actions and the layout all ask.
    request.user._careerpath_roles = user_roles(user=request.user)  # type: ignore[union-attr]
    try:
        caps = authority.require_capacity(actor=request.user, subject=app.employee, allowed=REVIEWERS,
                                          action="评审晋升申请")
    except Forbidden as exc:
        return _forbidden(request, exc, app)

    posted, bound, kept = "", None, {}
    alert, status = "", 200
    if request.method == "POST":
        posted = request.POST.get("action", "")
        if posted not in _DONE:
            return render(request, "web/reviews/forbidden.html", {"message": _("未知的操作。")}, status=400)
        form = _form(posted, request.POST)
        if not form.is_valid():
            bound, status = form, 400
        else:
            try:
                done = _take(posted, request.user, app, form)
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                bound, status = form, 400
            except Forbidden as exc:
                return _forbidden(request, exc, app)
            except Conflict as exc:
                app.refresh_from_db()
                alert, status = _conflict_text(exc, app), 409
                # What the reviewer wrote is kept; the form now carries today's version, to decide again on it.
                kept = {k: v for k, v in form.cleaned_data.items() if k != "seen"}
            else:
                messages.success(request, _DONE[posted] % {"name": done.employee.name})
                return redirect("web:review_queue")

    page = review_page(application=app, actor=request.user, capacities=caps, today=today(), lang=engine_lang())

    def form_for(action: str | None) -> Any:
        if action is None or action not in page.actions:
            return None
        if bound is not None and posted == action:
            return bound
        return _form(action, initial={**(kept if posted == action else {}), "seen": page.version})

    context = {
        "page": page, "app": app, "alert": alert,
        "step_form": form_for(page.step_action), "return_form": form_for("return_to_applicant"),
        "reject_form": form_for("reject"),
        "detail_url": url_or_none("web:application_detail", [app.pk]),
        "report_pdf_url": url_or_none("web:application_report_pdf", [app.pk]),
        "employee_url": url_or_none("web:employee_detail", [app.employee.employee_no]),
    }
    return render(request, "web/reviews/review.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("reviews/", review_queue_page, name="review_queue"),
    path("applications/<int:pk>/review/", application_review, name="application_review"),
]
