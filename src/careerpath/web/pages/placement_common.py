"""What the placement and organisation pages share: who may open them, refusals in the reader's language,
the problem page (403/409) and the forms' widgets."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.core.policy import Policy
from careerpath.errors import ServiceError
from careerpath.evidence.selectors import policy_get
from careerpath.requestscope import request_memo

HR_ROLES = frozenset({Role.HR, Role.ADMIN})
# Who opens the placement pages: HR runs and confirms, a department manager reviews their department.
PLACEMENT_ROLES = frozenset({Role.HR, Role.ADMIN, Role.MANAGER})
# Who reads the headcount plans and vacancies (management posts are filled when a post is vacant).
HEADCOUNT_ROLES = frozenset({Role.HR, Role.ADMIN, Role.VP, Role.COMMITTEE})


def roles_of(request: HttpRequest) -> frozenset[Role]:
    return user_roles(user=request.user)


def require(request: HttpRequest, allowed: frozenset[Role]) -> frozenset[Role]:
    """The user's roles, or a 403 unless they hold one of ``allowed``."""
    roles = roles_of(request)
    if not roles & allowed:
        raise PermissionDenied
    return roles


def refusal(exc: ServiceError) -> str:
    """A service's refusal in the reader's language (the services' messages carry both in one sentence)."""
    nos = "、".join((exc.details or {}).get("employee_nos", [])) if isinstance(exc.details, dict) else ""
    words = {
        "already_placed": (_("以下人员已初评，初评每人只进行一次：%(nos)s") % {"nos": nos} if nos
                           else _("所有在职员工均已初评，初评每人只进行一次。")),
        "run_open": _("已有进行中的初评，请先完成（确认）它，再发起新的初评。"),
        "no_active_policy": _("人力资源部尚未发布生效的晋升办法，暂不能发起初评。"),
        "calendar_missing": _("工作日历缺少所需年份，请先录入该年的放假安排。"),
        "review_closed": _("部门复核期已结束，不能再复核。"),
        "review_running": _("部门复核期尚未结束：各部门享有完整的复核期，截止日之后才能结束复核。"),
        "management_post": _("管理岗位人员保留原岗位，不参加初评调整。"),
        "self_decision": _("不能复核或确认本人的初评职级，须由他人决定。"),
        "out_of_scope": _("该员工不在您的部门，不能复核。"),
        "forbidden_role": _("您的角色不能执行此操作。"),
        "invalid_transition": _("初评的状态已变化，此操作现在不可用。请刷新页面查看最新状态。"),
        "reason_required": _("调整建议职级须写明理由。"),
        "unknown_level": _("未知职级。"),
        "invalid_planned": _("编制人数应为非负整数。"),
        "concurrent_change": _("该编制刚被他人修改，请重试。"),
    }
    if exc.code == "invalid" and exc.field == "level":
        return _("初评只能定为基础通道或技能通道的职级。")
    if exc.code == "invalid" and exc.field == "employee_nos":
        unknown = "、".join((exc.details or {}).get("employee_nos", []))
        return _("以下工号不存在或不在职：%(nos)s") % {"nos": unknown}
    return words.get(exc.code, exc.message)


def problem(request: HttpRequest, exc: ServiceError, *, back: str | None = None) -> HttpResponse:
    """A refusal (403) or a stale state (409) in the product's look, with the way back."""
    status = exc.status if exc.status in (403, 404, 409) else 400
    links = []
    if back:
        links.append((back, _("返回")))
    links.append((reverse("web:placement_runs"), _("返回初评列表")))
    return render(request, "web/placement/problem.html", {
        "message": refusal(exc), "status": status, "links": links,
        "title": _("无法执行") if status == 409 else _("无权操作")}, status=status)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"})


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%Y-%m-%d"], required=required,
                           help_text=help_text,
                           error_messages={"invalid": gettext_lazy("请按 年-月-日 填写日期"),
                                           "required": gettext_lazy("此项必填")})


def text_field(label: str, *, required: bool, rows: int = 3, max_length: int = 2000,
               help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": rows}),
                           error_messages={"required": gettext_lazy("此项必填"),
                                           "max_length": gettext_lazy("太长了，请精简")})


def show_error(form: forms.Form, exc: ServiceError) -> None:
    """A service's refusal beside the field it names (when the form has it), else above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, refusal(exc))


def page_policy() -> Policy:
    """The active policy, looked up once per request and shared with the labels (``careerpath.labels``
    keeps it in the request's memo under this key), so a page labelling levels asks the database once."""
    memo = request_memo()
    if memo is None:
        return policy_get()
    if "active_policy" not in memo:
        memo["active_policy"] = policy_get()
    return memo["active_policy"]
