"""Writes for users and roles."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser, Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from careerpath.accounts.models import STAFF_ROLES, Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound
from careerpath.people.models import Employee

# Apps whose records HR maintains by hand in the admin (imports cover the bulk).
_HR_APPS = ("people", "evidence", "org", "discipline", "calendars", "policy_versions", "promotions", "cycles",
            "placement", "audit")

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def roles_ensure_groups() -> dict[Role, Group]:
    """Create one Group per role (idempotent) and give HR and admin their model permissions."""
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    # Axes' lockout records: HR and admin see them and delete one to unlock a login, nothing more.
    lockouts = Q(content_type__app_label="axes") & (Q(codename__startswith="view_") |
                                                    Q(codename__startswith="delete_"))
    hr_perms = Permission.objects.filter(Q(content_type__app_label__in=_HR_APPS) | lockouts)
    groups[Role.HR].permissions.set(hr_perms)
    groups[Role.ADMIN].permissions.set(
        Permission.objects.filter(Q(content_type__app_label__in=(*_HR_APPS, "auth", "accounts")) | lockouts)
    )
    return groups


def roles_parse(names: Iterable[str]) -> set[Role]:
    """Roles from their codes (``hr``, ``supervisor`` …) or Chinese names; unknown ones are an error."""
    by_name = {r.value: r for r in Role} | {str(r.label): r for r in Role}
    unknown = [n for n in names if n.strip() not in by_name]
    if unknown:
        valid = ", ".join(r.value for r in Role)
        raise InvalidInput(f"未知角色 unknown role: {', '.join(unknown)}（可选 valid: {valid}）", code="unknown_role",
                           field="roles")
    return {by_name[n.strip()] for n in names}


def _require_may_grant(actor: Actor, roles: set[Role], *, action: str) -> None:
    """HR manages users; only an admin grants (or takes away) the admin role."""
    if actor is None:
        return  # the system: the command line run by whoever operates the installation
    have = require_roles(actor, Role.HR, action=action)
    if Role.ADMIN in roles and Role.ADMIN not in have:
        raise Forbidden("无权限：只有系统管理员可以授予 admin 角色 (only an admin grants the admin role)",
                        code="forbidden_role")


def _audit_actor(actor: Actor) -> AbstractBaseUser | None:
    return actor if isinstance(actor, AbstractBaseUser) else None


@transaction.atomic
def user_set_roles(*, user: AbstractUser, roles: Iterable[Role], actor: Actor = None) -> AbstractUser:
    """Replace the user's role groups with ``roles``; HR and admin may use the admin site."""
    wanted = set(roles)
    before = {r for r in Role if r.value in set(user.groups.values_list("name", flat=True))}
    _require_may_grant(actor, wanted ^ before, action="设置角色")
    groups = roles_ensure_groups()
    role_group_ids = [g.pk for g in groups.values()]
    user.groups.remove(*role_group_ids)
    user.groups.add(*(groups[r] for r in wanted))
    staff = bool(wanted & STAFF_ROLES) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    if wanted != before:
        audit_record(actor=_audit_actor(actor), action="user.set_roles", target=user,
                     from_state=",".join(sorted(before)), to_state=",".join(sorted(wanted)),
                     data={"username": user.get_username(), "is_staff": staff})
    return user


@dataclass(frozen=True)
class UserAdded:
    user: AbstractUser
    generated_password: str | None  # shown once to whoever created the user; never stored in clear


@transaction.atomic
def user_add(*, actor: Actor, username: str, roles: Iterable[Role], employee_no: str | None = None,
             password: str | None = None) -> UserAdded:
    """Create a login with its roles, linked to the employee ``employee_no``; generate a password if none."""
    wanted = set(roles)
    _require_may_grant(actor, wanted, action="添加用户")
    username = username.strip()
    if not username:
        raise InvalidInput("用户名不能为空 username is required", field="username")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise Conflict(f"用户 {username} 已存在 user {username!r} exists", code="user_exists", field="username")
    employee = None
    if employee_no:
        employee = Employee.objects.select_for_update().filter(employee_no=employee_no).first()
        if employee is None:
            raise NotFound(f"未找到工号 no employee with 工号 {employee_no!r}", code="employee_not_found",
                           field="employee_no")
        if employee.user_id is not None:
            raise Conflict(f"{employee_no} 已关联账号 is already linked to user {employee.user.get_username()!r}",
                           code="employee_linked", field="employee_no")
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    user = User(username=username, first_name=employee.name if employee else "")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput("密码不符合要求 password rejected: " + " ".join(exc.messages), code="weak_password",
                           field="password") from None
    user.set_password(password)
    user.save()
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user", "updated_at"])
    audit_record(actor=_audit_actor(actor), action="user.add", target=user,
                 data={"username": username, "employee_no": employee_no or "", "roles": sorted(wanted)})
    user_set_roles(user=user, roles=wanted, actor=actor)
    return UserAdded(user, generated)


def user_get(*, username: str) -> AbstractUser:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(f"未找到用户 no user {username!r}", code="user_not_found", field="username")
    return user


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    roles: Iterable[Role],
    employee: Employee | None = None,
    superuser: bool = False,
    first_name: str = "",
) -> AbstractUser:
    """Create or reset a login with its roles, linked to ``employee`` when given (demo and tests)."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.is_superuser = superuser
    user.is_staff = superuser
    user.first_name = first_name or (employee.name if employee else "")
    user.save()
    user_set_roles(user=user, roles=roles)
    if employee is not None:
        user_link_employee(user=user, employee=employee)
    return user


@transaction.atomic
def user_link_employee(*, user: AbstractUser, employee: Employee) -> Employee:
    """Link ``user`` to ``employee``, moving the link away from any other employee first."""
    Employee.objects.filter(user=user).exclude(pk=employee.pk).update(user=None)
    if employee.user_id != user.pk:
        employee.user = user
        employee.save(update_fields=["user", "updated_at"])
    return employee


@transaction.atomic
def user_unlock(*, actor: Actor, username: str) -> bool:
    """Clear the failed logins that lock ``username`` out (HR, admin); True when there were any.

    ``actor`` None is the command line. The user must exist, so a typo is reported, not silently done.
    """
    from axes.utils import reset as axes_reset

    if actor is not None:
        require_roles(actor, Role.HR, action="解锁账号")
    user = user_get(username=username)
    cleared = axes_reset(username=user.get_username())
    audit_record(actor=_audit_actor(actor), action="user.unlock", target=user,
                 data={"username": user.get_username(), "cleared_attempts": cleared})
    return cleared > 0


@transaction.atomic
def user_set_active(*, actor: Actor, username: str, active: bool, reason: str = "") -> AbstractUser:
    """Deactivate a login (it can no longer sign in; its history stays) or activate it again (HR, admin).

    Nobody deactivates themself (the last admin would lock everyone out), and only an admin deactivates
    an admin, as only an admin grants that role.
    """
    user = user_get(username=username)
    if actor is not None:
        have = require_roles(actor, Role.HR, action="停用账号" if not active else "启用账号")
        if not active and user.pk == actor.pk:
            raise Conflict("不能停用自己的账号 you cannot deactivate your own login", code="self_deactivate",
                           field="username")
        if (user.is_superuser or user.groups.filter(name=Role.ADMIN.value).exists()) and Role.ADMIN not in have:
            raise Forbidden("无权限：只有系统管理员可以停用或启用管理员账号 (only an admin changes an admin login)",
                            code="forbidden_role")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=_audit_actor(actor), action="user.activate" if active else "user.deactivate", target=user,
                 from_state="inactive" if active else "active", to_state="active" if active else "inactive",
                 reason=reason, data={"username": user.get_username()})
    return user
