"""The 晋升通知书: preview (样稿) and issue one, download it, issue and print many at once."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.clock import today
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.i18n import engine_lang
from careerpath.promotions import services
from careerpath.promotions.documents import letter_draft_pdf, letters_pdf
from careerpath.promotions.hr_selectors import application_file, letters_issued, letters_to_issue, level_name
from careerpath.promotions.models import Application, Letter
from careerpath.web.links import url_or_none
from careerpath.web.pages.approvals_common import (
    Refused,
    date_field,
    load_application,
    pdf_response,
    problem_page,
    stale,
)

# Who may read a letter: HR, the person it is addressed to, and their department's manager.
LETTER_READERS = frozenset({"hr", "self", "manager"})


class IssueForm(forms.Form):
    issued_on = date_field(gettext_lazy("发文日期"))


@login_required
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        loaded = load_application(request, pk, allowed=LETTER_READERS, action="查看晋升通知书")
    except Refused as r:
        return problem_page(request, r.error)
    app, caps = loaded.application, loaded.capacities
    hr = "hr" in caps
    form = IssueForm(initial={"issued_on": today()})
    status = 200
    if request.method == "POST":
        if not hr:
            return problem_page(request, Forbidden(_("只有人力资源部可以发放晋升通知书。"), code="forbidden_role"),
                                application=app)
        if app.state != State.HR_APPROVED:
            return stale(request, app, expected=_("人力资源部已审批，待发通知书"))
        form = IssueForm(request.POST)
        if form.is_valid():
            issued_on = form.cleaned_data["issued_on"]
            if request.POST.get("decision") == "preview":
                # The 样稿 takes no number: nothing is written until HR issues the letter.
                return pdf_response(letter_draft_pdf(app, issued_on=issued_on), f"letter-{app.pk}-draft.pdf")
            try:
                letter = services.letter_issue(actor=request.user, application=app, issued_on=issued_on)
            except InvalidInput as exc:
                form.add_error("issued_on", exc.message)
            except (Conflict, Forbidden) as exc:
                app.refresh_from_db(fields=["state"])
                return problem_page(request, exc, application=app)
            else:
                messages.success(request, _("已发放晋升通知书 %(number)s。") % {"number": letter.number})
                return redirect("web:application_letter", pk=app.pk)
        status = 400
    lang = engine_lang()
    f = application_file(application=app, lang=lang)
    return render(request, "web/approvals/letter.html", {
        "app": app, "file": f, "letter": f.letter, "form": form, "hr": hr, "own": "self" in caps,
        "can_issue": hr and app.state == State.HR_APPROVED,
        "probation_url": reverse("web:application_probation", args=[app.pk])
        if app.state in (State.IN_PROBATION, State.CONFIRMED, State.REVERTED) and caps & {"hr", "manager"} else "",
        "detail_url": url_or_none("web:application_detail", [app.pk]),
    }, status=status)


@login_required
def application_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        app = load_application(request, pk, allowed=LETTER_READERS, action="下载晋升通知书").application
    except Refused as r:
        return problem_page(request, r.error)
    letter = Letter.objects.filter(application=app).first()
    if letter is None:
        raise Http404
    letter.application = app  # already loaded with what the document needs
    return pdf_response(letters_pdf([letter]), f"letter-{app.pk}.pdf", attachment=True)


# ---------------------------------------------------------------------------------------------------
# Batch: issue the letters of many approved applications and print them as one PDF


class BatchForm(forms.Form):
    issued_on = date_field(gettext_lazy("发文日期"))
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.filter(state=State.HR_APPROVED), label=gettext_lazy("待发放的申请"),
        error_messages={"required": gettext_lazy("请至少选择一份申请"),
                        "invalid_choice": gettext_lazy("所选申请 %(value)s 已不在待发通知书状态，请刷新页面"),
                        "invalid_pk_value": gettext_lazy("无效的申请编号")})


def _print_url(letter_ids: list[int]) -> str:
    return reverse("web:letters_print") + "?" + "&".join(f"letter={i}" for i in letter_ids)


def _parse_ids(values: list[str]) -> list[int]:
    try:
        return sorted({int(v) for v in values})
    except ValueError:
        return []


@login_required
def letters(request: HttpRequest) -> HttpResponse:
    try:
        require_roles(request.user, Role.HR, action="发放晋升通知书")
    except Forbidden:
        raise PermissionDenied from None
    form = BatchForm(initial={"issued_on": today()})
    status = 200
    if request.method == "POST":
        form = BatchForm(request.POST)
        if form.is_valid():
            try:
                issued = services.letters_issue_batch(actor=request.user, applications=form.cleaned_data["applications"],
                                                      issued_on=form.cleaned_data["issued_on"])
            except InvalidInput as exc:
                form.add_error("issued_on" if exc.field == "issued_on" else None, exc.message)
            except (Conflict, Forbidden) as exc:
                # All or nothing: one refused letter (someone else issued it, a self-decision) issues none.
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, ngettext("已发放 %(n)d 份晋升通知书。", "已发放 %(n)d 份晋升通知书。",
                                                   len(issued)) % {"n": len(issued)})
                return redirect(reverse("web:letters") + "?issued=" + ",".join(str(x.pk) for x in issued))
        status = status if status != 200 else 400
    lang = engine_lang()
    pending = [(a, level_name(a, a.from_level, lang), level_name(a, a.to_level, lang)) for a in letters_to_issue()]
    recent = [(x, level_name(x.application, x.application.from_level, lang),
               level_name(x.application, x.application.to_level, lang)) for x in letters_issued()]
    just_issued = _parse_ids(request.GET.get("issued", "").split(",")) if request.GET.get("issued") else []
    selected = {int(v) for v in form["applications"].value() or [] if str(v).isdigit()}
    return render(request, "web/approvals/letters.html", {
        "form": form, "pending": pending, "recent": recent, "selected": selected,
        "just_issued": just_issued, "print_url": _print_url(just_issued) if just_issued else "",
    }, status=status)


@login_required
def letters_print(request: HttpRequest) -> HttpResponse:
    """The chosen issued letters as one PDF, one page per letter, in number order (HR)."""
    try:
        require_roles(request.user, Role.HR, action="打印晋升通知书")
    except Forbidden:
        raise PermissionDenied from None
    ids = _parse_ids(request.GET.getlist("letter"))
    chosen = list(letters_issued(ids=ids)) if ids else []
    if not chosen:
        messages.error(request, _("请先选择要打印的通知书。"))
        return redirect("web:letters")
    return pdf_response(letters_pdf(chosen), f"letters-{today().isoformat()}.pdf", attachment=True)

