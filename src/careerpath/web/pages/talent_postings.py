"""Internal competition pages: HR's postings and new posting, a posting's page (apply / candidates /
select), and a candidate's interview and scoring with the promotion's review form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.calendars.selectors import work_calendar
from careerpath.clock import today
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, InvalidInput, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import code_label, date_label, request_policy
from careerpath.people.models import Department
from careerpath.policy_versions.selectors import policy_of
from careerpath.talent import services
from careerpath.talent.models import CandidateState, PostingState
from careerpath.talent.selectors import (
    candidacy_of,
    candidate_get,
    candidates_of,
    move_readiness,
    open_posts,
    posting_eligibility,
    posting_get,
    posting_is_open,
    posting_working_days_left,
    postings_list,
)
from careerpath.web.links import url_or_none
from careerpath.web.pages.talent_forms import (
    ApplyForm,
    CancelForm,
    PostingForm,
    ReopenForm,
    ScoreForm,
    SelectForm,
    post_key,
)


def _is_hr(request: HttpRequest) -> bool:
    return bool(user_roles(user=request.user) & {Role.HR, Role.ADMIN})


def _require_hr(request: HttpRequest) -> None:
    if not _is_hr(request):
        raise PermissionDenied


# Why someone may not apply, in the reader's language (the selectors' stable codes).
def _why_not(code: str) -> str:
    return {
        "closed": _("该竞聘不在报名期内。"),
        "inactive": _("仅在职员工可以报名。"),
        "other_department": _("该岗位仅限本部门（含下属部门）人员竞聘。"),
        "no_position": _("没有任职记录，无法确定当前职级，请联系人力资源部。"),
        "not_a_move": _("从您当前的职级不能竞聘该岗位：须逐级晋升，不得跨级。"),
        "not_eligible": _("您还不符合该岗位晋升路径的全部条件，请先补齐下面标 ✗ 的条件。"),
        "already_open": _("您已有一份进行中的晋升申请，结束后才能报名竞聘。"),
        "already_applied": _("您已报名该竞聘。"),
    }.get(code, code)


# ---------------------------------------------------------------------------------------------------
# HR: the postings and the vacancies


@login_required
def postings_page(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    policy = request_policy()
    rows = list(postings_list().order_by("-posted_on", "-id")[:200])
    cal = work_calendar()
    now = today()
    for p in rows:
        p.days_left = posting_working_days_left(p, today=now, calendar=cal)  # type: ignore[attr-defined]
    return render(request, "web/talent/postings.html", {
        "postings": rows, "posts": [p for p in open_posts(policy=policy) if p.left > 0], "today": now})


@login_required
def posting_new(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    policy = request_policy()
    posts = {post_key(p): p for p in open_posts(policy=policy) if p.left > 0}
    choices = [(k, _("%(dept)s · %(level)s（空缺 %(n)s 个）") % {
        "dept": p.department or _("全公司"), "level": code_label("level", p.level, policy=policy), "n": p.left})
        for k, p in posts.items()]
    initial = {"post": request.GET.get("post", "")}
    form = PostingForm(request.POST or None, posts=choices, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            post = posts[form.cleaned_data["post"]]
            dept = Department.objects.filter(pk=post.department_id).first() if post.department_id else None
            try:
                p = services.posting_create(actor=request.user, level=post.level, department=dept,
                                            working_days=form.cleaned_data["working_days"],
                                            description=form.cleaned_data["description"], today=today())
            except InvalidInput as exc:
                form.add_error("working_days" if exc.field == "working_days" else
                               "description" if exc.field == "description" else "post", exc.message)
            except Conflict as exc:
                form.add_error("post", _("该岗位已没有空缺（可能刚被他人发布竞聘），请重新选择。")
                               if exc.code == "no_vacancy" else exc.message)
            else:
                n = p.invitations.count()
                messages.success(request, _("已发布竞聘，报名截止 %(d)s；已通知人才储备库成员 %(n)s 人。") % {
                    "d": date_label(p.closes_on), "n": n})
                return redirect("web:talent_posting", pk=p.pk)
    return render(request, "web/talent/posting_new.html", {"form": form, "has_posts": bool(posts),
                                                           "headcount_url": url_or_none("admin:org_headcountplan_changelist")},
                  status=status)


# ---------------------------------------------------------------------------------------------------
# One posting: the employee applies; HR sees the candidates, selects one, or cancels


def _load(pk: int) -> Any:
    p = posting_get(pk=pk)
    if p is None:
        raise Http404
    return p


@login_required
def posting_page(request: HttpRequest, pk: int) -> HttpResponse:
    p = _load(pk)
    hr = _is_hr(request)
    now = today()
    policy = policy_of(p.policy_version)
    me = user_employee(user=request.user)
    mine = candidacy_of(posting=p, employee=me)
    apply_form, select_form, cancel_form = ApplyForm(), SelectForm(), CancelForm()
    reopen_form = ReopenForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        status = 400
        try:
            if action == "apply":
                apply_form = ApplyForm(request.POST)
                if apply_form.is_valid():
                    services.candidate_apply(actor=request.user, posting=p, statement=apply_form.cleaned_data["statement"],
                                             today=now)
                    messages.success(request, _("已报名。人力资源部将安排面试，结果会通知您。"))
                    return redirect("web:talent_posting", pk=p.pk)
            elif action == "withdraw" and mine is not None:
                services.candidate_withdraw(actor=request.user, candidate=mine)
                messages.success(request, _("已撤回报名。"))
                return redirect("web:talent_posting", pk=p.pk)
            elif action == "select":
                _require_hr(request)
                select_form = SelectForm(request.POST)
                if select_form.is_valid():
                    cand = candidate_get(posting=p, pk=select_form.cleaned_data["candidate"])
                    if cand is None:
                        raise Http404
                    p = services.posting_select(actor=request.user, posting=p, candidate=cand, today=now,
                                                note=select_form.cleaned_data["note"])
                    messages.success(request, _("已选定 %(name)s，晋升申请 #%(n)s 已提交，进入直接上级评审。") % {
                        "name": cand.employee.name, "n": p.application_id})
                    return redirect("web:talent_posting", pk=p.pk)
            elif action == "cancel":
                _require_hr(request)
                cancel_form = CancelForm(request.POST)
                if cancel_form.is_valid():
                    services.posting_cancel(actor=request.user, posting=p, reason=cancel_form.cleaned_data["reason"])
                    messages.success(request, _("已取消该竞聘，报名人已收到通知。"))
                    return redirect("web:talent_posting", pk=p.pk)
            elif action == "reopen":
                _require_hr(request)
                reopen_form = ReopenForm(request.POST)
                if reopen_form.is_valid():
                    services.posting_reopen(actor=request.user, posting=p, reason=reopen_form.cleaned_data["reason"])
                    messages.success(request, _("已重新开放，可在其余已评分的竞聘人中选定一人。"))
                    return redirect("web:talent_posting", pk=p.pk)
            else:
                status = 400
        except InvalidInput as exc:
            target = {"apply": apply_form, "select": select_form, "cancel": cancel_form,
                      "reopen": reopen_form}.get(action or "", apply_form)
            field = exc.field if exc.field in target.fields else None
            target.add_error(field, _why_not(exc.code) if exc.code in ("not_eligible", "not_a_move",
                                                                        "other_department") else exc.message)
        except Forbidden as exc:
            return render(request, "web/talent/problem.html", {"error": exc, "posting": p}, status=403)
        except Conflict as exc:
            messages.error(request, _why_not(exc.code) if exc.code in ("closed", "already_open", "already_applied")
                           else _conflict(exc))
            return redirect("web:talent_posting", pk=p.pk)
    ctx: dict[str, Any] = {
        "p": p, "hr": hr, "mine": mine, "apply_form": apply_form, "select_form": select_form,
        "cancel_form": cancel_form, "reopen_form": reopen_form, "is_open": posting_is_open(p, today=now), "today": now,
        "days_left": posting_working_days_left(p, today=now, calendar=work_calendar()),
        "application_url": url_or_none("web:application_detail", [p.application_id]) if p.application_id else None,
    }
    if hr:
        cands = candidates_of(posting=p)
        ctx["candidates"] = cands
        ctx["can_select"] = p.state == PostingState.OPEN and now > p.closes_on
        ctx["waiting"] = sum(1 for c in cands if c.state == CandidateState.APPLIED)
        ctx["invited"] = p.invitations.count()
        # The selected person's promotion ended without effect: the post is still vacant.
        ctx["can_reopen"] = (p.state == PostingState.SELECTED and p.application is not None
                             and p.application.state in (State.REJECTED.value, State.WITHDRAWN.value))
    if me is not None and mine is None and p.state == PostingState.OPEN and not hr:
        verdict = posting_eligibility(posting=p, employee=me, policy=policy, as_of=now, lang=engine_lang())
        ctx["verdict"], ctx["why_not"] = verdict, _why_not(verdict.code) if verdict.code else ""
    return render(request, "web/talent/posting.html", ctx, status=status)


def _conflict(exc: ServiceError) -> str:
    return {
        "already_selected": _("该竞聘已选定人选或已取消，您的操作没有执行。"),
        "posting_running": _("报名期尚未结束，截止后才能选定人选。"),
        "invalid_transition": _("该竞聘的状态已变化，您的操作没有执行。"),
    }.get(exc.code, exc.message)


# ---------------------------------------------------------------------------------------------------
# One candidate: HR's interview and scoring with the promotion's review form


@login_required
def candidate_page(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    cand = candidate_get(posting=pk, pk=cid)
    if cand is None:
        raise Http404
    p = cand.posting
    try:
        authority.require_capacity(actor=request.user, subject=cand.employee, allowed={"hr"}, action="竞聘面试评分")
    except Forbidden as exc:
        return render(request, "web/talent/problem.html", {"error": exc, "posting": p}, status=403)
    now = today()
    form = ScoreForm(request.POST or None, prefix="review", initial={"held_on": now})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.candidate_score(actor=request.user, candidate=cand, interview=form.interview(),
                                         report=form.report(), score=form.cleaned_data["score"], today=now)
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except Conflict as exc:
                messages.error(request, _conflict(exc))
                return redirect("web:talent_posting", pk=p.pk)
            else:
                messages.success(request, _("已保存 %(name)s 的面试记录与评分。") % {"name": cand.employee.name})
                return redirect("web:talent_posting", pk=p.pk)
    result = move_readiness(employee=cand.employee, policy=policy_of(p.policy_version), to_level=p.level,
                            as_of=now, lang=engine_lang())
    return render(request, "web/talent/candidate.html", {
        "p": p, "c": cand, "form": form, "result": result,
        "can_score": p.state == PostingState.OPEN and cand.state in (CandidateState.APPLIED, CandidateState.SCORED),
    }, status=status)
