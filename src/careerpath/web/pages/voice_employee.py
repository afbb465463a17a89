"""The employee's pages of employee voice: their surveys and suggestions (/voice/), answering a survey,
and dropping a suggestion into the box (an anonymous one gets a receipt code, shown once)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts.selectors import user_employee
from careerpath.clock import today
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.people.models import Employee
from careerpath.voice import services
from careerpath.voice.models import Participation, Suggestion, Survey
from careerpath.voice.selectors import (
    suggestions_of,
    survey_answered,
    survey_get,
    surveys_for_employee_queryset,
    surveys_waiting_queryset,
)
from careerpath.web.pages.voice_forms import AnswerForm, ReceiptForm, SuggestionForm


def _me(request: HttpRequest) -> Employee:
    me = user_employee(user=request.user)
    if me is None:
        raise PermissionDenied
    return me


def surveys_waiting_for(employee: Employee | None) -> list[Survey]:
    """The home page's block: open surveys waiting for this employee (one query)."""
    if employee is None:
        return []
    return list(surveys_waiting_queryset(employee=employee, today=today()).order_by("closes_on", "pk")[:10])


@login_required
def my_voice(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    done = Participation.objects.filter(survey_id=OuterRef("pk"), employee_id=me.pk)
    surveys = list(surveys_for_employee_queryset(employee=me, today=today()).annotate(done=Exists(done))
                   .order_by("done", "closes_on", "pk")[:50])
    receipt = ReceiptForm(request.GET if "code" in request.GET else None)
    found: Suggestion | None = None
    if receipt.is_bound and receipt.is_valid():
        found = Suggestion.objects.filter(receipt_hash=services.receipt_hash(receipt.cleaned_data["code"])).first()
        if found is None:
            receipt.add_error("code", _("没有找到这个回执码对应的建议，请核对后再试。"))
    return render(request, "web/voice/mine.html", {
        "surveys": surveys, "suggestions": list(suggestions_of(employee=me)[:50]), "receipt_form": receipt,
        "found": found}, status=400 if receipt.errors else 200)


@login_required
def answer_page(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    survey = survey_get(pk=pk)
    now = today()
    # Not for this person (or not open): as if it did not exist.
    if survey is None or not surveys_for_employee_queryset(employee=me, today=now).filter(pk=pk).exists():
        raise Http404
    if survey_answered(survey=survey, employee=me):
        return render(request, "web/voice/answered.html", {"survey": survey})
    questions = list(survey.questions.order_by("order"))
    form = AnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.survey_answer(actor=request.user, survey=survey, answers=form.answers(), today=now)
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except (Conflict, Forbidden) as exc:
                messages.error(request, _("您已填写过该问卷。") if exc.code == "already_answered" else exc.message)
                return redirect("web:voice_mine")
            else:
                messages.success(request, _("已提交，感谢您的参与！") if not survey.anonymous
                                 else _("已匿名提交，感谢您的参与！您的答卷不记录填写人。"))
                return redirect("web:voice_mine")
    return render(request, "web/voice/answer.html", {"survey": survey, "form": form}, status=status)


@login_required
def suggest_page(request: HttpRequest) -> HttpResponse:
    _me(request)
    form = SuggestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                done = services.suggestion_submit(actor=request.user, today=today(), **form.cleaned_data)
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if done.suggestion.anonymous:
                    # The code is shown once, on this response; nothing keeps it but its hash.
                    return render(request, "web/voice/receipt.html", {"receipt": done.receipt})
                messages.success(request, _("已提交。人力资源部答复后会通知您。"))
                return redirect("web:voice_mine")
    return render(request, "web/voice/suggest.html", {"form": form}, status=status)
