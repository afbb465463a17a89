"""Users and roles (HR, admin): the list, a new login linked to an employee, roles, unlock, deactivate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.accounts import services as account_services
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_rows, user_rows_of, users_locked, users_search
from careerpath.accounts.services import roles_parse, user_add, user_get, user_set_active, user_set_roles
from careerpath.errors import NotFound, ServiceError
from careerpath.web.pages.data_common import require_hr

PAGE_SIZE = 50


def _role_choices(roles: frozenset[Role]) -> list[tuple[str, str]]:
    # Only an admin grants the admin role (accounts.services); HR is not offered it.
    return [(r.value, r.label) for r in Role if r != Role.ADMIN or Role.ADMIN in roles]



class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=gettext_lazy("角色"), required=False,
                                      widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))

    def __init__(self, *args: Any, actor_roles: frozenset[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = _role_choices(actor_roles)


class UserCreateForm(RolesForm):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150,
                               widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                               error_messages={"required": gettext_lazy("请填写用户名")})
    employee_no = forms.CharField(label=gettext_lazy("关联员工工号"), max_length=32, required=False,
                                  widget=forms.TextInput(attrs={"class": "form-control"}),
                                  help_text=gettext_lazy("填写后，此账号即该员工本人的账号（可留空，如外部评委）。"))
    password1 = forms.CharField(label=gettext_lazy("初始密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html(),
                                error_messages={"required": gettext_lazy("请设置初始密码")})
    password2 = forms.CharField(label=gettext_lazy("再次输入密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
                                error_messages={"required": gettext_lazy("请再次输入密码")})

    field_order = ["username", "employee_no", "roles", "password1", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            user = get_user_model()(username=data.get("username") or "")
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", [_worded(e) for e in exc.error_list])
        return data


def _worded(error: ValidationError) -> ValidationError:
    # Django's Chinese catalog leaves the length rule in English; say it in the page's language.
    if error.code == "password_too_short":
        return ValidationError(_("密码太短，至少需要 %(min_length)d 个字符。") % error.params, code=error.code)
    return error


class ActiveForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=500,
                             widget=forms.TextInput(attrs={"class": "form-control"}),
                             error_messages={"required": gettext_lazy("请填写原因（记入审计日志）")})


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("用户名、工号或姓名"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
    role = forms.ChoiceField(label=gettext_lazy("角色"), required=False,
                             choices=[("", gettext_lazy("全部"))] + list(Role.choices),
                             widget=forms.Select(attrs={"class": "form-select"}))
    active = forms.ChoiceField(label=gettext_lazy("状态"), required=False,
                               choices=[("", gettext_lazy("全部")), ("1", gettext_lazy("启用")),
                                        ("0", gettext_lazy("已停用"))],
                               widget=forms.Select(attrs={"class": "form-select"}))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "查看用户")
    form = SearchForm(request.GET or None)
    q = role = ""
    active = None
    if form.is_valid():
        q, role = form.cleaned_data["q"], form.cleaned_data["role"]
        active = {"1": True, "0": False}.get(form.cleaned_data["active"])
    page = Paginator(users_search(q=q, role=role, active=active), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = user_rows_of(page.object_list)
    locked = users_locked(usernames=[r.username for r in rows])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/data/users.html", {"form": form, "page": page,
                                                   "rows": [(r, r.username in locked) for r in rows],
                                                   "query": query.urlencode()})


@login_required
def user_new(request: HttpRequest) -> HttpResponse:
    roles = require_hr(request.user, "添加用户")
    form = UserCreateForm(request.POST or None, actor_roles=roles, initial={"roles": [Role.EMPLOYEE.value]})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            added = user_add(actor=request.user, username=d["username"], roles=roles_parse(d["roles"]),
                             employee_no=d["employee_no"].strip() or None, password=d["password1"])
        except ServiceError as exc:
            field = exc.field if exc.field in form.fields else ("password1" if exc.field == "password" else None)
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("已添加用户 %(name)s。") % {"name": added.user.get_username()})
            return redirect("web:data_user", username=added.user.get_username())
    return render(request, "web/data/user_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _row_or_404(username: str) -> Any:
    rows = user_rows(username=username)
    if not rows:
        raise Http404
    return rows[0]


@login_required
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    roles = require_hr(request.user, "查看用户")
    row = _row_or_404(username)
    form = RolesForm(request.POST if request.method == "POST" else None, actor_roles=roles,
                     initial={"roles": [r.value for r in row.roles]})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            wanted = roles_parse(form.cleaned_data["roles"])
            # An admin role held but not offered to HR stays: HR cannot take it away (nor see a box for it).
            if Role.ADMIN in row.roles and Role.ADMIN not in roles:
                wanted.add(Role.ADMIN)
            try:
                user_set_roles(user=user_get(username=username), roles=wanted, actor=request.user)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已更新 %(name)s 的角色。") % {"name": username})
                return redirect("web:data_user", username=username)
        status = 400
    return _detail(request, row, roles_form=form, status=status)


def _detail(request: HttpRequest, row: Any, *, roles_form: RolesForm | None = None,
            active_form: ActiveForm | None = None, status: int = 200) -> HttpResponse:
    roles = require_hr(request.user, "查看用户")
    return render(request, "web/data/user.html", {
        "row": row, "locked": row.username in users_locked(usernames=[row.username]),
        "roles_form": roles_form or RolesForm(actor_roles=roles, initial={"roles": [r.value for r in row.roles]}),
        "active_form": active_form or ActiveForm(), "is_me": row.username == request.user.get_username(),
    }, status=status)


@login_required
@require_POST
def user_unlock(request: HttpRequest, username: str) -> HttpResponse:
    require_hr(request.user, "解锁账号")
    try:
        cleared = account_services.user_unlock(actor=request.user, username=username)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("已解锁 %(name)s。") % {"name": username} if cleared
                     else _("%(name)s 未被锁定，无需解锁。") % {"name": username})
    return redirect("web:data_user", username=username)


@login_required
@require_POST
def user_active(request: HttpRequest, username: str) -> HttpResponse:
    require_hr(request.user, "停用账号")
    row = _row_or_404(username)
    form = ActiveForm(request.POST)
    active = request.POST.get("active") == "1"
    if form.is_valid():
        try:
            user_set_active(actor=request.user, username=username, active=active, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, (_("已启用 %(name)s。") if active else _("已停用 %(name)s，该账号不能再登录。"))
                             % {"name": username})
            return redirect("web:data_user", username=username)
    return _detail(request, row, active_form=form, status=400)
