"""Views of mentoring (导师制): the pairs, one pair's plan, the mentors' record, the probation plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.errors import ServiceError
from careerpath.i18n import engine_lang
from careerpath.mentoring import selectors as sel
from careerpath.mentoring import services as s
from careerpath.mentoring.models import Goal, PairPurpose, PairState, ProbationTask
from careerpath.people.models import Employee
from careerpath.web.pages.mentoring_forms import (
    CheckInForm,
    ConfirmForm,
    GoalForm,
    MentorForm,
    PairForm,
    ReasonForm,
    TaskForm,
)


def _error(form: Any, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
def pairs_page(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in PairState.values else ""
    pairs = sel.pairs_list(user=request.user, state=state)
    return render(request, "web/mentoring/pairs.html", {
        "pairs": pairs, "state": state, "states": PairState.choices, "can_arrange": sel.can_arrange(user=request.user),
        "is_hr": bool(user_roles(user=request.user) & {Role.HR, Role.ADMIN})})


@login_required
def pair_new(request: HttpRequest) -> HttpResponse:
    if not sel.can_arrange(user=request.user):
        raise PermissionDenied
    mentees = list(sel.arrangeable_mentees(user=request.user))
    mentors = list(sel.mentor_candidates())
    today = clock.today()
    form = PairForm(request.POST or None, mentees=mentees, mentors=mentors,
                    initial={"started_on": today, "planned_on": today, "mentee": request.GET.get("mentee", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            goals = [(d["goal"], d["goal_due_on"])] if d.get("goal") else []
            try:
                pair = s.pair_create(actor=request.user, mentor=get_object_or_404(Employee, employee_no=d["mentor"]),
                                     mentee=get_object_or_404(Employee, employee_no=d["mentee"]),
                                     started_on=d["started_on"], planned_on=d["planned_on"], purpose=d["purpose"],
                                     goals=goals)
            except ServiceError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("已建立带教，导师和带教对象已收到通知。"))
                return redirect("web:mentoring_pair", pk=pair.pk)
        status = 400
    return render(request, "web/mentoring/pair_new.html", {"form": form}, status=status)


_ACTIONS = {"goal": GoalForm, "checkin": CheckInForm, "confirm": ConfirmForm, "undo": ReasonForm, "end": ReasonForm}


@login_required
def pair_page(request: HttpRequest, pk: int) -> HttpResponse:
    pair = sel.pair_get(user=request.user, pk=pk)
    if pair is None:
        raise Http404
    rights = sel.pair_rights(user=request.user, pair=pair)
    today = clock.today()
    forms: dict[str, Any] = {name: cls(prefix=name, initial={"on": today, "due_on": today})
                             for name, cls in _ACTIONS.items()}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "goal_done":
                goal = get_object_or_404(Goal, pk=request.POST.get("goal") or 0, pair=pair)
                s.goal_set_done(actor=request.user, goal=goal, done_on=None if goal.done_on else today)
                return redirect("web:mentoring_pair", pk=pair.pk)
            if action not in _ACTIONS:
                return HttpResponse(status=400)
            form = forms[action] = _ACTIONS[action](request.POST, prefix=action)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if action == "goal":
                        s.goal_add(actor=request.user, pair=pair, text=d["text"], due_on=d["due_on"])
                        messages.success(request, _("已添加带教目标。"))
                    elif action == "checkin":
                        s.checkin_add(actor=request.user, pair=pair, on=d["on"], note=d["note"])
                        messages.success(request, _("已记录带教反馈。"))
                    elif action == "confirm":
                        s.pair_confirm_independence(actor=request.user, pair=pair, on=d["on"], note=d["note"])
                        messages.success(request, _("已确认独立操作，计入您的带教记录；新人的直接上级已收到通知。"))
                    elif action == "undo":
                        s.pair_undo_independence(actor=request.user, pair=pair, reason=d["reason"])
                        messages.success(request, _("已更正独立操作确认，带教恢复为进行中。"))
                    else:
                        s.pair_end(actor=request.user, pair=pair, reason=d["reason"])
                        messages.success(request, _("带教已终止。"))
                    return redirect("web:mentoring_pair", pk=pair.pk)
                except ServiceError as exc:
                    if exc.status == 403:
                        raise PermissionDenied from None
                    _error(form, exc)
            status = 400
        except ServiceError as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            messages.error(request, exc.message)
            return redirect("web:mentoring_pair", pk=pair.pk)
    goals = list(pair.goals.all())
    return render(request, "web/mentoring/pair.html", {
        "pair": pair, "rights": rights, "forms": forms, "goals": goals, "checkins": list(pair.checkins.all()),
        "goals_done": sum(1 for g in goals if g.done_on), "today": today,
        "new_hire": pair.purpose == PairPurpose.NEW_HIRE, "plans": list(pair.probation_plans.all())}, status=status)


@login_required
def mentors_page(request: HttpRequest) -> HttpResponse:
    if not user_roles(user=request.user) & {Role.HR, Role.ADMIN}:
        raise PermissionDenied
    sort = request.GET.get("sort", "independent")
    sort = sort if sort in sel.MENTOR_SORTS else "independent"
    return render(request, "web/mentoring/mentors.html", {"rows": sel.mentor_records(sort=sort), "sort": sort})


@login_required
def plan_page(request: HttpRequest, application_id: int) -> HttpResponse:
    plan = sel.plan_of_application(application_id=application_id)
    if plan is None or not sel.plan_visible(user=request.user, plan=plan):
        raise Http404
    can = sel.plan_rights(user=request.user, plan=plan)
    mentor_form = MentorForm(prefix="mentor", mentors=list(sel.mentor_candidates().exclude(
        pk=plan.application.employee_id)) if can else [])
    task_forms: dict[int, TaskForm] = {}
    status = 200
    if request.method == "POST":
        if not can:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "mentor":
                mentor_form = MentorForm(request.POST, prefix="mentor", mentors=list(sel.mentor_candidates()))
                if mentor_form.is_valid():
                    try:
                        s.probation_assign_mentor(actor=request.user, plan=plan, mentor=get_object_or_404(
                            Employee, employee_no=mentor_form.cleaned_data["mentor"]))
                    except ServiceError as exc:
                        _error(mentor_form, exc)
                    else:
                        messages.success(request, _("已指定考察期导师。"))
                        return redirect("web:mentoring_plan", application_id=application_id)
            elif action == "task":
                task = get_object_or_404(ProbationTask, pk=request.POST.get("task") or 0, plan=plan)
                form = task_forms[task.pk] = TaskForm(request.POST, prefix=f"t{task.pk}")
                if form.is_valid():
                    try:
                        s.probation_task_record(actor=request.user, task=task, result=form.cleaned_data["result"],
                                                note=form.cleaned_data["note"])
                    except ServiceError as exc:
                        _error(form, exc)
                    else:
                        messages.success(request, _("已记录考核结果。"))
                        return redirect("web:mentoring_plan", application_id=application_id)
            else:
                return HttpResponse(status=400)
        except ServiceError as exc:
            if exc.status == 403:
                raise PermissionDenied from None
            raise
        status = 400
    view = sel.plan_view(plan=plan, lang=engine_lang())
    rows = [(t, task_forms.get(t.task.pk) or TaskForm(prefix=f"t{t.task.pk}", initial={"result": t.task.result,
                                                                                        "note": t.task.note})
             if can and t.task.kind == "assessment" else None) for t in view.tasks]
    return render(request, "web/mentoring/plan.html", {
        "plan": plan, "view": view, "rows": rows, "can": can, "mentor_form": mentor_form, "lang": engine_lang(),
        "app": plan.application}, status=status)
