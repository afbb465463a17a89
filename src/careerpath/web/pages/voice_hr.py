"""HR's pages of employee voice: the surveys (draft, questions, open, close), a survey's results as
charts with table views and downloads (aggregated and suppressed only), and the suggestion box."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.clock import today
from careerpath.errors import Conflict, InvalidInput, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import request_policy
from careerpath.people.models import Department
from careerpath.voice import services
from careerpath.voice.models import Question, Suggestion, SuggestionStatus, SurveyState
from careerpath.voice.results import named_responses, survey_results
from careerpath.voice.selectors import suggestions_visible_to, survey_get, surveys_list
from careerpath.web.pages.insight_views import table_response
from careerpath.web.pages.voice_charts import GroupNames, survey_charts
from careerpath.web.pages.voice_forms import QuestionForm, ReplyForm, SurveyForm


def _require_hr(request: HttpRequest) -> None:
    if not user_roles(user=request.user) & {Role.HR, Role.ADMIN}:
        raise PermissionDenied


def _survey(pk: int) -> Any:
    s = survey_get(pk=pk)
    if s is None:
        raise Http404
    return s


@login_required
def surveys_page(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    rows = list(surveys_list().annotate(n_questions=Count("questions", distinct=True),
                                        n_answered=Count("participations", distinct=True))[:200])
    return render(request, "web/voice/surveys.html", {"surveys": rows, "today": today()})


def _survey_form(request: HttpRequest, initial: dict[str, Any] | None = None) -> SurveyForm:
    policy = request_policy()
    now = today()
    return SurveyForm(request.POST or None, initial=initial or {"opens_on": now, "closes_on": now},
                      departments=list(Department.objects.order_by("name").values_list("pk", "name")),
                      levels=[(c, lv.name.get(engine_lang())) for c, lv in policy.levels.items()])


@login_required
def survey_new(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    form = _survey_form(request)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                s = services.survey_create(
                    actor=request.user, title=d["title"], description=d["description"], anonymous=d["anonymous"],
                    audience=d["audience"], departments=Department.objects.filter(pk__in=d["departments"]),
                    levels=d["levels"], known_levels=list(request_policy().levels), opens_on=d["opens_on"],
                    closes_on=d["closes_on"])
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已创建问卷草稿，请添加题目后发布。"))
                return redirect("web:voice_survey", pk=s.pk)
    return render(request, "web/voice/survey_new.html", {"form": form}, status=status)


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    s = _survey(pk)
    if s.state != SurveyState.DRAFT:
        messages.error(request, _("问卷已发布，不能再修改。"))
        return redirect("web:voice_survey", pk=s.pk)
    form = _survey_form(request, initial={
        "title": s.title, "description": s.description, "anonymous": "1" if s.anonymous else "0",
        "audience": s.audience, "departments": [d.pk for d in s.departments.all()],
        "levels": list(s.target_levels.values_list("level", flat=True)), "opens_on": s.opens_on,
        "closes_on": s.closes_on})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.survey_update(
                    actor=request.user, survey=s, title=d["title"], description=d["description"],
                    anonymous=d["anonymous"], audience=d["audience"],
                    departments=Department.objects.filter(pk__in=d["departments"]), levels=d["levels"],
                    known_levels=list(request_policy().levels), opens_on=d["opens_on"], closes_on=d["closes_on"])
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except Conflict as exc:
                messages.error(request, _problem(exc))
                return redirect("web:voice_survey", pk=s.pk)
            else:
                messages.success(request, _("已保存问卷设置。"))
                return redirect("web:voice_survey", pk=s.pk)
    return render(request, "web/voice/survey_new.html", {"form": form, "s": s}, status=status)


@login_required
def survey_page(request: HttpRequest, pk: int) -> HttpResponse:
    _require_hr(request)
    s = _survey(pk)
    qform = QuestionForm(initial={"kind": "single", "required": True})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        status = 400
        try:
            if action == "add":
                qform = QuestionForm(request.POST)
                if qform.is_valid():
                    d = qform.cleaned_data
                    services.question_add(actor=request.user, survey=s, kind=d["kind"], text=d["text"],
                                          options=qform.option_list(), required=d["required"])
                    messages.success(request, _("已添加题目。"))
                    return redirect("web:voice_survey", pk=s.pk)
            elif action == "remove":
                q = Question.objects.filter(survey=s, pk=request.POST.get("question") or 0).first()
                if q is None:
                    raise Http404
                services.question_remove(actor=request.user, question=q)
                messages.success(request, _("已删除题目。"))
                return redirect("web:voice_survey", pk=s.pk)
            elif action == "open":
                services.survey_open(actor=request.user, survey=s, today=today())
                messages.success(request, _("问卷已发布，已通知调查对象。"))
                return redirect("web:voice_survey", pk=s.pk)
            elif action == "close":
                services.survey_close(actor=request.user, survey=s)
                messages.success(request, _("问卷已结束，不再接受填写。"))
                return redirect("web:voice_survey", pk=s.pk)
        except InvalidInput as exc:
            if action == "add":
                qform.add_error(exc.field if exc.field in qform.fields else None, exc.message)
            else:
                messages.error(request, _problem(exc))
                return redirect("web:voice_survey", pk=s.pk)
        except Conflict as exc:
            messages.error(request, _problem(exc))
            return redirect("web:voice_survey", pk=s.pk)
    return render(request, "web/voice/survey.html", {
        "s": s, "questions": list(s.questions.order_by("order")), "qform": qform,
        "departments": list(s.departments.order_by("name")), "levels": list(s.target_levels.order_by("level")),
        "answered": s.participations.count(), "draft": s.state == SurveyState.DRAFT, "today": today()},
        status=status)


def _problem(exc: ServiceError) -> str:
    return {
        "no_questions": _("问卷还没有题目，请先添加题目。"),
        "invalid_period": _("截止日期已过，不能发布。"),
        "not_draft": _("问卷已发布，不能再修改。"),
        "invalid_transition": _("问卷的状态已变化，您的操作没有执行。"),
    }.get(exc.code, exc.message)


def _results(request: HttpRequest, pk: int) -> tuple[Any, Any, dict[str, Any]]:
    _require_hr(request)
    s = _survey(pk)
    by = request.GET.get("by", "department")
    res = survey_results(survey=s, by=by)
    names = GroupNames(request_policy(), engine_lang(), dict(Department.objects.values_list("pk", "name")))
    return s, res, survey_charts(res, names)


@login_required
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    s, res, charts = _results(request, pk)
    blocks = []
    for q in res.questions:
        key = f"q{q.question.order}"
        blocks.append({"q": q, "chart": charts.get(key), "by_chart": charts.get(f"{key}-{res.by}")})
    return render(request, "web/voice/results.html", {"s": s, "res": res, "rate": charts["rate"], "blocks": blocks})


@login_required
def named_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A named survey's answers person by person (HR). An anonymous survey has no such page."""
    _require_hr(request)
    s = _survey(pk)
    if s.anonymous:
        raise Http404
    return render(request, "web/voice/named.html", {
        "s": s, "questions": list(s.questions.order_by("order")), "rows": named_responses(survey=s)})


@login_required
def results_download(request: HttpRequest, pk: int, key: str, fmt: str) -> HttpResponse:
    s, res, charts = _results(request, pk)
    chart = charts.get(key)
    if chart is None:
        raise Http404
    return table_response(headers=chart.headers, rows=chart.rows, name=f"survey{s.pk}-{key}", fmt=fmt,
                          title=f"{s.title} · {chart.title}", as_of=today())


# ---------------------------------------------------------------------------------------------------
# The suggestion box


@login_required
def suggestions_page(request: HttpRequest) -> HttpResponse:
    """HR handles every suggestion; a department manager reads the named ones of their department."""
    roles = user_roles(user=request.user)
    hr = bool(roles & {Role.HR, Role.ADMIN})
    if not hr and Role.MANAGER not in roles:
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in SuggestionStatus.values else ""
    qs = suggestions_visible_to(user=request.user)
    rows = list((qs.filter(status=status) if status else qs)[:200])
    return render(request, "web/voice/suggestions.html", {"rows": rows, "status": status, "hr": hr,
                                                           "statuses": SuggestionStatus.choices})


@login_required
def suggestion_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _require_hr(request)
    sug = Suggestion.objects.select_related("employee", "department", "replied_by").filter(pk=pk).first()
    if sug is None:
        raise Http404
    form = ReplyForm(request.POST or None, initial={"status": sug.status, "reply": sug.reply})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.suggestion_reply(actor=request.user, suggestion=sug, status=form.cleaned_data["status"],
                                          reply=form.cleaned_data["reply"], today=today())
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已保存处理状态与答复。"))
                return redirect("web:voice_suggestions")
    return render(request, "web/voice/suggestion.html", {"sug": sug, "form": form}, status=status)
