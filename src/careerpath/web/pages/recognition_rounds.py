"""Award round pages: the rounds (and HR's proposal form), one round (candidates, nomination, approval),
the awards with their certificates, and an employee's own awards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.clock import today
from careerpath.core.awards import Award as AwardDef
from careerpath.core.policy import Policy
from careerpath.errors import ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import request_policy
from careerpath.people.models import Employee
from careerpath.policy_versions.selectors import policy_of
from careerpath.recognition import selectors as sel
from careerpath.recognition import services
from careerpath.recognition.certificate import certificate_pdf
from careerpath.recognition.models import AwardPeriod, AwardRound, RoundState
from careerpath.recognition.workflow import allowed
from careerpath.web.pages.recognition_forms import (
    AddForm,
    IncludeForm,
    LeaveOutForm,
    NoteForm,
    ProposeForm,
    ReasonForm,
)


def _roles(request: HttpRequest) -> frozenset[Role]:
    return user_roles(user=request.user)


def _is_hr(request: HttpRequest) -> bool:
    return bool(_roles(request) & {Role.HR, Role.ADMIN})


def _require_reader(request: HttpRequest) -> None:
    if not sel.can_see_rounds(user=request.user):
        raise PermissionDenied


def _num(value: float, policy: Policy, metric: str) -> str:
    m = policy.metrics.get(metric)
    if m is not None and m.is_rate:
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.2f}"


def rule_text(a: AwardDef, policy: Policy, lang: str) -> str:
    """The award's rule as one sentence in ``lang`` (what the page shows above the candidates)."""
    en = lang == "en"
    r = a.rule

    def name(code: str) -> str:
        m = policy.metrics.get(code)
        return m.name.get(lang) if m else code

    parts = []
    order = (_("最低") if r.order == "asc" else _("最高"))
    scope = _("各部门") if r.per == "department" else _("全公司")
    parts.append(_("%(scope)s%(metric)s%(order)s的前 %(n)s 名") % {
        "scope": scope, "metric": name(r.metric), "order": order, "n": r.top})
    if r.min_workload:
        joiner = " or " if en else "或"
        parts.append(_("月均工作量达到 %(w)s") % {"w": joiner.join(
            f"{name(k)} {_num(v, policy, k)}" for k, v in r.min_workload.items())})
    for k, v in r.max.items():
        parts.append(_("%(metric)s不高于 %(v)s") % {"metric": name(k), "v": _num(v, policy, k)})
    if r.exclude_incident_types:
        names = [policy.evidence.incident_types[t].get(lang) if t in policy.evidence.incident_types else t
                 for t in r.exclude_incident_types]
        parts.append(_("本期无%(types)s") % {"types": (", " if en else "、").join(names)})
    return ("; " if en else "；").join(parts)


# ---------------------------------------------------------------------------------------------------
# The rounds


@login_required
def rounds_page(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    policy = request_policy()
    lang = engine_lang()
    hr = _is_hr(request)
    awards = [(code, a.name.get(lang), a.period) for code, a in policy.awards.items()]
    form = ProposeForm(request.POST or None, awards=awards)
    status = 200
    if request.method == "POST":
        if not hr:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            try:
                r, created = services.round_propose(actor=request.user, award=form.cleaned_data["award"],
                                                    period_start=form.cleaned_data["period_start"], today=today())
            except ServiceError as exc:
                form.add_error("period" if exc.field == "period" else "award", exc.message)
            else:
                if created:
                    messages.success(request, _("已按规则提出候选人，并已通知人力资源部和相关部门负责人提名。"))
                else:
                    messages.info(request, _("该奖项本周期已有评选，未重复提出。"))
                return redirect("web:recognition_round", pk=r.pk)
    rows = list(sel.rounds_list().order_by("-period_start", "award", "-id")[:200])
    for r in rows:
        a = policy_of(r.policy_version).awards.get(r.award)
        r.title = services.round_title(r, lang=lang) if a else r.award  # type: ignore[attr-defined]
    return render(request, "web/recognition/rounds.html", {
        "rounds": rows, "form": form, "hr": hr, "has_awards": bool(awards),
        "award_rules": [(a.name.get(lang), AwardPeriod(a.period).label, rule_text(a, policy, lang),
                         _("分管副总") if a.approver == "vp" else _("人力资源部"), a.counts_as == "internal_praise")
                        for a in policy.awards.values()],
    }, status=status)


def _load(pk: int) -> AwardRound:
    r = sel.round_get(pk=pk)
    if r is None:
        raise Http404
    return r


def _is_approver(request: HttpRequest, a: AwardDef) -> bool:
    roles = _roles(request)
    return Role.ADMIN in roles or (Role.VP in roles if a.approver == "vp" else Role.HR in roles)


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    r = _load(pk)
    lang = engine_lang()
    policy = policy_of(r.policy_version)
    a = services.award_def(r)
    hr = _is_hr(request)
    roles = _roles(request)
    can_adjust = allowed(r.state, "adjust") and bool(roles & {Role.HR, Role.ADMIN, Role.MANAGER})
    approver = _is_approver(request, a)
    forms_: dict[str, Any] = {"leave_out": LeaveOutForm(), "include": IncludeForm(), "add": AddForm(),
                              "nominate": NoteForm(), "approve": NoteForm(), "return": ReasonForm(),
                              "close": ReasonForm()}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms_:
            raise Http404
        form = forms_[action] = type(forms_[action])(request.POST)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                done = _act(request, r, action, d)
            except ServiceError as exc:
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, exc.message)
            else:
                messages.success(request, done)
                return redirect("web:recognition_round", pk=r.pk)
    candidates = sel.candidates_of(round=r, user=request.user)
    for c in candidates:
        c.reason = c.reason_en if lang == "en" else c.reason_zh  # type: ignore[attr-defined]
        c.value_text = _num(c.value, policy, a.rule.metric) if c.value is not None else "—"  # type: ignore[attr-defined]
    awards = list(r.awards.select_related("employee__department").order_by("certificate_no")) \
        if r.state == RoundState.APPROVED else []
    return render(request, "web/recognition/round.html", {
        "r": r, "title": services.round_title(r, lang=lang), "award": a, "rule": rule_text(a, policy, lang),
        "candidates": candidates, "nominated": [c for c in candidates if c.nominated],
        "others": [c for c in candidates if not c.nominated], "awards": awards,
        "hr": hr, "can_adjust": can_adjust, "approver": approver,
        "can_nominate": hr and allowed(r.state, "nominate"), "can_approve": approver and allowed(r.state, "approve"),
        "can_close": hr and allowed(r.state, "close"),
        "approver_label": _("分管副总") if a.approver == "vp" else _("人力资源部"),
        "counts_as_praise": a.counts_as == "internal_praise", "forms": forms_,
    }, status=status)


def _act(request: HttpRequest, r: AwardRound, action: str, d: dict[str, Any]) -> str:
    """Run one action of the round page; returns the success message."""
    user = request.user
    if action in ("leave_out", "include"):
        c = sel.candidate_get(round=r, pk=d["candidate"])
        if c is None:
            raise Http404
        services.candidate_set(actor=user, candidate=c, nominated=action == "include", reason=d.get("reason", ""))
        return _("已提名 %(name)s。") % {"name": c.employee.name} if action == "include" else \
            _("已将 %(name)s 移出提名。") % {"name": c.employee.name}
    if action == "add":
        e = Employee.objects.filter(employee_no=d["employee_no"].strip()).first()
        if e is None:
            raise ServiceError(_("没有此工号的员工。"), field="employee_no", code="not_found")
        services.candidate_add(actor=user, round=r, employee=e, reason=d["reason"])
        return _("已增补提名 %(name)s。") % {"name": e.name}
    if action == "nominate":
        services.round_nominate(actor=user, round=r, today=today(), note=d["note"])
        return _("提名已提交审批。")
    if action == "approve":
        services.round_approve(actor=user, round=r, today=today(), note=d["note"])
        return _("已批准：荣誉证书已生成，获奖人已收到通知。")
    if action == "return":
        services.round_return(actor=user, round=r, reason=d["reason"])
        return _("已退回人力资源部重新提名。")
    services.round_close(actor=user, round=r, reason=d["reason"])
    return _("本轮评选已关闭。")


# ---------------------------------------------------------------------------------------------------
# Awards and certificates


@login_required
def awards_page(request: HttpRequest) -> HttpResponse:
    if not _roles(request) & {Role.HR, Role.ADMIN, Role.VP}:
        raise PermissionDenied
    lang = engine_lang()
    rows = list(sel.awards_list(user=request.user).order_by("-granted_on", "certificate_no")[:300])
    for aw in rows:
        aw.title = services.round_title(aw.round, lang=lang)  # type: ignore[attr-defined]
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _is_hr(request):
            raise PermissionDenied
        status = 400
        target = sel.award_get(user=request.user, pk=int(request.POST.get("award") or 0))
        if target is None:
            raise Http404
        if form.is_valid():
            try:
                services.award_revoke(actor=request.user, award=target, reason=form.cleaned_data["reason"],
                                      today=today())
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已撤销奖项 %(no)s，其内部书面表扬已一并删除。") % {"no": target.certificate_no})
                return redirect("web:recognition_awards")
    return render(request, "web/recognition/awards.html", {"awards": rows, "hr": _is_hr(request), "form": form},
                  status=status)


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    aw = sel.award_get(user=request.user, pk=pk)
    if aw is None:
        raise Http404
    resp = HttpResponse(certificate_pdf(aw), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="certificate-{aw.certificate_no}.pdf"'
    return resp


@login_required
def mine_page(request: HttpRequest) -> HttpResponse:
    me = user_employee(user=request.user)
    if me is None:
        raise Http404
    lang = engine_lang()
    awards = sel.awards_of(user=request.user)
    for aw in awards:
        aw.title = services.round_title(aw.round, lang=lang)  # type: ignore[attr-defined]
    contributions = list(me.contributions.order_by("-proposed_on", "-pk"))
    return render(request, "web/recognition/mine.html", {"awards": awards, "contributions": contributions})
