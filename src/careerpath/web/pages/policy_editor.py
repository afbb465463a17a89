"""The policy editor (HR): a draft's YAML with its problems at their lines, the policy in words, the diff
against the active version, and publishing with the 劳动合同法 第4条 record."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.clock import today
from careerpath.core.loader import PolicyError, parse_policy
from careerpath.core.policy_readable import readable
from careerpath.core.yamlbounds import DEFAULT_LIMITS
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.i18n import engine_lang
from careerpath.policy_versions import drafts
from careerpath.policy_versions.models import PolicyDraft, Simulation
from careerpath.web.links import url_or_none
from careerpath.web.pages.approvals_common import date_field, text_field


def hr_only(request: HttpRequest, action: str) -> None:
    try:
        require_roles(request.user, Role.HR, action=action)
    except Forbidden:
        raise PermissionDenied from None


def load_draft(request: HttpRequest, pk: int, action: str) -> PolicyDraft:
    hr_only(request, action)
    return get_object_or_404(PolicyDraft.objects.select_related("published_version", "updated_by"), pk=pk)


class DraftForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("草稿名称"), max_length=drafts.TITLE_MAX, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    yaml_text = forms.CharField(
        label=gettext_lazy("策略 YAML"), max_length=DEFAULT_LIMITS.max_bytes, strip=False,
        error_messages={"required": gettext_lazy("策略文本不能为空")},
        widget=forms.Textarea(attrs={"class": "form-control font-monospace policy-yaml", "rows": 30,
                                     "spellcheck": "false", "aria-describedby": "policy-problems-heading"}))


def _tabs(draft: PolicyDraft, current: str) -> dict[str, object]:
    return {"draft": draft, "tab": current}


# ---------------------------------------------------------------------------------------------------
# Entry and drafts


@login_required
def policy_editor(request: HttpRequest) -> HttpResponse:
    """The editor's entry: the latest open draft, or a page to start one from the active version."""
    hr_only(request, "编辑晋升办法")
    if request.method == "POST":
        try:
            draft = drafts.policy_draft_create(actor=request.user)
        except Forbidden:
            raise PermissionDenied from None
        messages.success(request, _("已根据现行版本新建草稿。"))
        return redirect("web:policy_draft", pk=draft.pk)
    latest = drafts.open_drafts().first()
    if latest is not None and "new" not in request.GET:
        return redirect("web:policy_draft", pk=latest.pk)
    active, _text = drafts.active_text()
    return render(request, "web/policy/start.html", {"active": active, "open_drafts": list(drafts.open_drafts()[:20]),
                                                      "versions_url": url_or_none("web:policy_versions")})


@login_required
def policy_draft(request: HttpRequest, pk: int) -> HttpResponse:
    draft = load_draft(request, pk, "编辑晋升办法")
    status = 200
    if request.method == "POST":
        form = DraftForm(request.POST)
        if form.is_valid():
            try:
                draft = drafts.policy_draft_save(actor=request.user, draft=draft, title=form.cleaned_data["title"],
                                                 yaml_text=form.cleaned_data["yaml_text"])
            except Conflict as exc:
                form.add_error("yaml_text", exc.message)
                status = 409
            else:
                if draft.problems:
                    messages.warning(request, _("草稿已保存，但还有 %(n)d 处问题需要修正。") % {"n": len(draft.problems)})
                else:
                    messages.success(request, _("草稿已保存，校验通过。"))
                return redirect("web:policy_draft", pk=draft.pk)
        else:
            status = 400
    else:
        form = DraftForm(initial={"title": draft.title, "yaml_text": draft.yaml_text})
    problems = [{"path": p, "line": line, "message": m} for p, line, m in draft.problems]
    return render(request, "web/policy/editor.html", {
        **_tabs(draft, "edit"), "form": form, "problems": problems,
        "others": [d for d in drafts.open_drafts()[:10] if d.pk != draft.pk],
        "last_simulation": Simulation.objects.filter(draft=draft).first(),
    }, status=status)


@login_required
@require_POST
def policy_lint(request: HttpRequest) -> JsonResponse:
    """The editor's live check: the problems of the posted text with their lines (nothing is saved)."""
    hr_only(request, "校验晋升办法")
    text = request.POST.get("yaml_text", "")
    if len(text.encode("utf-8", "replace")) > DEFAULT_LIMITS.max_bytes:
        return JsonResponse({"problems": [{"line": None, "column": None, "path": "$",
                                           "message": _("策略文本过大")}]})
    _policy, located = drafts.policy_text_check(text)
    return JsonResponse({"problems": [{"line": p.line, "column": p.column, "path": p.path, "message": p.message}
                                      for p in located]})


# ---------------------------------------------------------------------------------------------------
# Reading: the policy in words, and the diff


@login_required
def policy_draft_read(request: HttpRequest, pk: int) -> HttpResponse:
    draft = load_draft(request, pk, "查看晋升办法草稿")
    try:
        policy = parse_policy(draft.yaml_text, source="draft")
    except PolicyError:
        policy = None
    return render(request, "web/policy/read.html", {
        **_tabs(draft, "read"), "r": readable(policy, engine_lang()) if policy else None,
    })


@login_required
def policy_draft_diff(request: HttpRequest, pk: int) -> HttpResponse:
    draft = load_draft(request, pk, "查看晋升办法草稿")
    diff = drafts.draft_diff(draft)
    return render(request, "web/policy/diff.html", {**_tabs(draft, "diff"), "diff": diff,
                                                     "counts": diff.summary.counts()})


# ---------------------------------------------------------------------------------------------------
# Publishing


class PublishForm(forms.Form):
    consulted_with = forms.CharField(
        label=gettext_lazy("协商对象（职工代表大会、工会或全体职工）"), max_length=200,
        error_messages={"required": gettext_lazy("此项必填")}, widget=forms.TextInput(attrs={"class": "form-control"}))
    consulted_on = date_field(gettext_lazy("协商日期"))
    consultation_note = text_field(gettext_lazy("协商记录（讨论经过、提出的意见及处理）"), required=True, rows=3)
    announced_on = date_field(gettext_lazy("公示日期"))
    announcement_note = text_field(gettext_lazy("公示告知方式（公告栏、内网、邮件等）"), required=True, rows=2)
    effective_from = date_field(gettext_lazy("生效日期"))

    def clean(self) -> dict:
        data = super().clean() or {}
        c, a, e = data.get("consulted_on"), data.get("announced_on"), data.get("effective_from")
        if c and c > today():
            self.add_error("consulted_on", _("协商日期不能晚于今天"))
        if c and a and a < c:
            self.add_error("announced_on", _("公示日期不能早于协商日期"))
        if a and e and e < a:
            self.add_error("effective_from", _("生效日期不能早于公示日期"))
        return data


@login_required
def policy_draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = load_draft(request, pk, "发布晋升办法")
    status = 200
    if request.method == "POST" and draft.is_open:
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                pv = drafts.policy_draft_publish(actor=request.user, draft=draft, **form.cleaned_data)
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                if pv.is_active:
                    messages.success(request, _("已发布并启用 %(v)s。") % {"v": pv})
                else:
                    messages.success(request, _("已发布 %(v)s，将于 %(d)s 生效；到期后请在版本列表中启用。")
                                     % {"v": pv, "d": pv.effective_from})
                return redirect(url_or_none("web:policy_versions") or "web:policy_editor")
        status = 400
    else:
        form = PublishForm(initial={"effective_from": today(), "announced_on": today()})
    _policy, located = drafts.policy_text_check(draft.yaml_text)
    summary = drafts.draft_diff(draft).summary if not located else None
    return render(request, "web/policy/publish.html", {
        **_tabs(draft, "publish"), "form": form, "problems": located, "summary": summary,
        "last_simulation": Simulation.objects.filter(draft=draft).first(),
    }, status=status)
