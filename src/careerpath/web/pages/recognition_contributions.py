"""辅助晋级项 pages: the contributions, the manager's proposal form, the VP's decision, the finance document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.attachments import attachment_check, attachment_response
from careerpath.clock import today
from careerpath.errors import ServiceError
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.recognition import selectors as sel
from careerpath.recognition import services
from careerpath.web.pages.recognition_forms import ContributionForm, DecideForm


def _proposable(request: HttpRequest) -> list[tuple[str, str]]:
    """The people a manager may propose for: their departments' active employees (not themself)."""
    if Role.MANAGER not in user_roles(user=request.user):
        return []
    scope = authority.department_scope(actor=request.user, action="提报辅助晋级项")
    qs = Employee.objects.filter(status=EmployeeStatus.ACTIVE).exclude(user_id=request.user.pk)
    if scope is not None:
        qs = qs.filter(department_id__in=scope)
    return [(no, f"{name}（{no}）") for no, name in qs.order_by("employee_no").values_list("employee_no", "name")[:500]]


@login_required
def contributions_page(request: HttpRequest) -> HttpResponse:
    roles = user_roles(user=request.user)
    if not roles & {Role.HR, Role.ADMIN, Role.VP, Role.MANAGER}:
        raise PermissionDenied
    people = _proposable(request)
    form = ContributionForm(employees=people, initial={"year": today().year})
    decide = DecideForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        status = 400
        try:
            if action == "propose":
                if not people:
                    raise PermissionDenied
                form = ContributionForm(request.POST, request.FILES, employees=people)
                if form.is_valid():
                    d = form.cleaned_data
                    e = Employee.objects.get(employee_no=d["employee_no"])
                    services.contribution_propose(
                        actor=request.user, employee=e, kind=d["kind"], customer=d["customer"], year=d["year"],
                        amount=d["amount"], percent=d["percent"], description=d["description"],
                        attachment=attachment_check(d["attachment"], field="attachment"), today=today())
                    messages.success(request, _("已提报，等待分管副总审核。"))
                    return redirect("web:recognition_contributions")
            elif action in ("approve", "reject"):
                decide = DecideForm(request.POST)
                if decide.is_valid():
                    c = sel.contribution_get(user=request.user, pk=decide.cleaned_data["contribution"])
                    if c is None:
                        raise Http404
                    services.contribution_decide(actor=request.user, contribution=c, approve=action == "approve",
                                                 note=decide.cleaned_data["note"], today=today())
                    messages.success(request, _("已审核通过。") if action == "approve" else _("已退回：未通过。"))
                    return redirect("web:recognition_contributions")
            else:
                raise Http404
        except ServiceError as exc:
            target = form if action == "propose" else decide
            target.add_error(exc.field if exc.field in target.fields else None, exc.message)
    rows = list(sel.contributions_list(user=request.user)[:300])
    for c in rows:
        c.amount_text = f"{c.amount:,.2f}".removesuffix(".00") if c.amount is not None else ""  # type: ignore[attr-defined]
    return render(request, "web/recognition/contributions.html", {
        "rows": rows, "form": form, "decide": decide, "can_propose": bool(people),
        "can_decide": bool(roles & {Role.VP, Role.ADMIN}),
    }, status=status)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    c = sel.contribution_get(user=request.user, pk=pk)
    if c is None:
        raise Http404
    return attachment_response(c.attachment, file_name=c.attachment_name, content_type=c.attachment_type)
