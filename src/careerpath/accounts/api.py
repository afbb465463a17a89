"""Accounts over REST: the current user; users and roles for HR and admin (list, add, set roles)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import UserRow, user_employee, user_roles, user_rows
from careerpath.accounts.services import roles_parse, user_add, user_get, user_set_roles, user_unlock
from careerpath.api.types import Code, EmployeeNo, Username, paginated, text

router = Router(tags=["users"])


class MeOut(Schema):
    username: str
    roles: list[str]
    employee_no: str | None


@router.get("/me", response=MeOut, tags=["accounts"], summary="Who you are: username, roles, employee")
def me(request: HttpRequest) -> dict[str, Any]:
    emp = user_employee(user=request.user)
    return {"username": request.user.get_username(), "roles": sorted(user_roles(user=request.user)),
            "employee_no": emp.employee_no if emp else None}


class UserOut(Schema):
    username: str
    employee_no: str | None
    employee_name: str | None
    roles: list[str]
    is_staff: bool
    is_active: bool


class UserCreatedOut(UserOut):
    password: str | None  # the generated password, returned once; None when the caller chose one


RoleList = Annotated[list[Code], Field(max_length=20)]


class UserIn(Schema):
    username: Username
    employee_no: EmployeeNo | None = None
    roles: RoleList = []
    password: text(128) | None = None  # the length of Django's password column


class RolesIn(Schema):
    roles: RoleList


def _out(row: UserRow) -> dict[str, Any]:
    return {"username": row.username, "employee_no": row.employee_no, "employee_name": row.employee_name,
            "roles": [r.value for r in row.roles], "is_staff": row.is_staff, "is_active": row.is_active}


def _row(username: str) -> dict[str, Any]:
    return _out(user_rows(username=username)[0])


@router.get("/users", response=list[UserOut], summary="Logins with their employee and roles (HR, admin)")
@paginated(page_size=100)
def users_list(request: HttpRequest) -> Any:
    require_roles(request.user, Role.HR, action="查看用户")
    return [_out(r) for r in user_rows()]


@router.post("/users", response={201: UserCreatedOut},
             summary="Add a login linked to an employee; a generated password is returned once (HR, admin)")
def users_add(request: HttpRequest, payload: UserIn) -> Status:
    added = user_add(actor=request.user, username=payload.username, roles=roles_parse(payload.roles),
                     employee_no=payload.employee_no or None, password=payload.password)
    return Status(201, {**_row(added.user.get_username()), "password": added.generated_password})


@router.put("/users/{username}/roles", response=UserOut, summary="Replace a user's roles (HR, admin)")
def users_set_roles(request: HttpRequest, username: Username, payload: RolesIn) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="设置角色")
    user = user_get(username=username)
    user_set_roles(user=user, roles=roles_parse(payload.roles), actor=request.user)
    return _row(username)


class UnlockOut(Schema):
    username: str
    unlocked: bool  # False when the login was not locked (nothing to clear)


@router.post("/users/{username}/unlock", response=UnlockOut,
             summary="Unlock a login locked out by too many failed passwords (HR, admin)")
def users_unlock(request: HttpRequest, username: Username) -> dict[str, Any]:
    return {"username": username, "unlocked": user_unlock(actor=request.user, username=username)}
