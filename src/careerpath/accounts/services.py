"""Writes for users and roles."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction

from careerpath.accounts.models import STAFF_ROLES, Role
from careerpath.people.models import Employee

# Apps whose records HR maintains by hand in the admin (imports cover the bulk).
_HR_APPS = ("people", "evidence", "org", "discipline", "calendars", "policy_versions", "promotions", "cycles",
            "placement", "audit")


@transaction.atomic
def roles_ensure_groups() -> dict[Role, Group]:
    """Create one Group per role (idempotent) and give HR and admin their model permissions."""
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    hr_perms = Permission.objects.filter(content_type__app_label__in=_HR_APPS)
    groups[Role.HR].permissions.set(hr_perms)
    groups[Role.ADMIN].permissions.set(
        Permission.objects.filter(content_type__app_label__in=(*_HR_APPS, "auth", "accounts"))
    )
    return groups


@transaction.atomic
def user_set_roles(*, user: AbstractUser, roles: Iterable[Role]) -> AbstractUser:
    """Replace the user's role groups with ``roles``; HR and admin may use the admin site."""
    wanted = set(roles)
    groups = roles_ensure_groups()
    role_group_ids = [g.pk for g in groups.values()]
    user.groups.remove(*role_group_ids)
    user.groups.add(*(groups[r] for r in wanted))
    staff = bool(wanted & STAFF_ROLES) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
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
    """Create or reset a login with its roles, linked to ``employee`` when given."""
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
