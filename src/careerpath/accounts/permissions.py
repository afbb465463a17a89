"""Permission checks used inside services, so no entry point can skip them."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_view_employee, user_roles
from careerpath.errors import Forbidden, NotFound
from careerpath.people.models import Employee

ROLE_NAMES = {r: str(r.label) for r in Role}
M = TypeVar("M", bound=Model)


def require_roles(user: AbstractBaseUser | AnonymousUser | None, *roles: Role, action: str = "") -> frozenset[Role]:
    """Return the user's roles, or raise Forbidden unless they hold one of ``roles`` (admin always may)."""
    have = user_roles(user=user) if user is not None else frozenset()
    if Role.ADMIN in have or have & set(roles):
        return have
    need = "、".join(ROLE_NAMES[r] for r in roles)
    raise Forbidden(f"无权限：{action or '此操作'}需要角色 {need} (requires role: {', '.join(roles)})",
                    code="forbidden_role")


def require_scope(user: AbstractBaseUser | AnonymousUser | None, employee: Employee, *, action: str = "") -> None:
    """Raise Forbidden when ``employee`` is outside the user's data scope (self / team / department / all)."""
    if user is None or not can_view_employee(user=user, employee=employee):
        raise Forbidden(f"无权限：{employee.employee_no} 不在您的数据范围内 {action}".strip() +
                        " (out of your data scope)", code="out_of_scope")


def require_visible(visible: QuerySet[M], pk: int, *, within: QuerySet[M], who: str, not_found: str) -> M:
    """Return row ``pk`` of ``visible`` (the user's scope of ``within``).

    A row that exists in ``within`` but outside the scope is refused as ``out_of_scope`` (``who`` names it),
    so a manager learns it is not theirs rather than that it does not exist; a missing one is ``not_found``.
    """
    row = visible.filter(pk=pk).first()
    if row is None:
        if within.filter(pk=pk).exists():
            raise Forbidden(f"无权限：{who}不在您的数据范围内 (out of your scope)", code="out_of_scope")
        raise NotFound(not_found)
    return row
