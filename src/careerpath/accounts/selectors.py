"""Reads about users: their roles, their employee record, and which employees they may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from careerpath.accounts.models import COMPANY_WIDE_ROLES, Role
from careerpath.people.models import Employee
from careerpath.people.selectors import department_subtree_ids
from careerpath.requestscope import request_scope_active


def user_roles(*, user: AbstractBaseUser | AnonymousUser) -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    # Set by the API's token authentication on a user object loaded for this request only.
    preloaded = getattr(user, "_careerpath_roles", None)
    if preloaded is not None:
        return preloaded
    names = set(user.groups.values_list("name", flat=True))
    roles = {r for r in Role if r.value in names}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    held = frozenset(roles)
    if request_scope_active():
        # Kept on this request's user object (a page asks several times: the view's scope check, the
        # layout, the navigation's counts). Never outside a request: a command or a test may change the
        # roles of a user object it holds and must see the change at once.
        user._careerpath_roles = held  # type: ignore[union-attr]
    return held


def user_employee(*, user: AbstractBaseUser | AnonymousUser) -> Employee | None:
    """The employee record linked to ``user``, kept on the user object for the rest of the request."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_careerpath_employee", _MISSING)
    if cached is not _MISSING and getattr(cached, "user_id", user.pk) == user.pk:
        return cached
    employee = Employee.objects.select_related("department", "supervisor").filter(user=user).first()
    user._careerpath_employee = employee  # type: ignore[union-attr]
    return employee


_MISSING = object()


def employees_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Employee]:
    """Return the employees whose records ``user`` may read (SPEC §2 data scope).

    An employee sees themself; a supervisor also their direct reports; a department manager
    everyone in their department and the departments below it; HR, admin, the committee and
    the VP everyone.
    """
    roles = user_roles(user=user)
    if roles & COMPANY_WIDE_ROLES:
        return Employee.objects.all()
    me = user_employee(user=user)
    if me is None:
        return Employee.objects.none()
    scope = Q(pk=me.pk)
    if Role.SUPERVISOR in roles:
        scope |= Q(supervisor_id=me.pk)
    if Role.MANAGER in roles and me.department_id is not None:
        scope |= Q(department_id__in=department_subtree_ids(root_id=me.department_id))
    return Employee.objects.filter(scope)


def can_view_employee(*, user: AbstractBaseUser | AnonymousUser, employee: Employee) -> bool:
    if user_roles(user=user) & COMPANY_WIDE_ROLES:
        return True  # no query needed: these roles read everyone
    return employees_visible_to(user=user).filter(pk=employee.pk).exists()


def can_list_employees(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user may see more people than themself (the list page)."""
    return bool(user_roles(user=user) & (COMPANY_WIDE_ROLES | {Role.SUPERVISOR, Role.MANAGER}))


@dataclass(frozen=True)
class UserRow:
    username: str
    employee_no: str | None
    employee_name: str | None
    roles: tuple[Role, ...]
    is_staff: bool
    is_superuser: bool
    is_active: bool


def user_rows(*, username: str | None = None) -> list[UserRow]:
    """Every login (or the one named) with its employee and roles, in username order (two queries)."""
    users = (get_user_model().objects.select_related("employee").prefetch_related("groups")
             .order_by("username"))
    if username is not None:
        users = users.filter(username=username)
    order = list(Role)
    rows = []
    for u in users:
        names = {g.name for g in u.groups.all()}
        emp = getattr(u, "employee", None)
        rows.append(UserRow(u.get_username(), emp.employee_no if emp else None, emp.name if emp else None,
                            tuple(r for r in order if r.value in names), u.is_staff, u.is_superuser, u.is_active))
    return rows


def users_search(*, q: str = "", role: str = "", active: bool | None = None) -> QuerySet:
    """Logins matching ``q`` (username, 工号 or name), holding ``role``, in username order.

    A query set, so a page slices one page of it; :func:`user_rows_of` turns that page into rows.
    """
    users = get_user_model().objects.order_by("username")
    q = q.strip()
    if q:
        # Employees matched on their own table, then their logins: no join of every login to every employee.
        matched = Employee.objects.filter(Q(employee_no=q) | Q(name__icontains=q), user__isnull=False)
        users = users.filter(Q(username__icontains=q) | Q(pk__in=matched.values("user_id")))
    if role:
        users = users.filter(groups__name=role) if role != Role.ADMIN else users.filter(
            Q(groups__name=role) | Q(is_superuser=True))
    if active is not None:
        users = users.filter(is_active=active)
    return users.distinct() if role else users


def user_rows_of(users: Iterable[AbstractBaseUser]) -> list[UserRow]:
    """Rows for one page of logins: their employee and roles in two queries."""
    from django.contrib.auth.models import Group

    users = list(users)
    ids = [u.pk for u in users]
    employees = {e.user_id: e for e in Employee.objects.filter(user_id__in=ids).only("user_id", "employee_no", "name")}
    names: dict[int, set[str]] = {}
    for uid, name in Group.objects.filter(user__in=ids).values_list("user", "name"):
        names.setdefault(uid, set()).add(name)
    order = list(Role)
    rows = []
    for u in users:
        emp = employees.get(u.pk)
        held = names.get(u.pk, set()) | ({Role.ADMIN.value} if u.is_superuser else set())
        rows.append(UserRow(u.get_username(), emp.employee_no if emp else None, emp.name if emp else None,
                            tuple(r for r in order if r.value in held), u.is_staff, u.is_superuser, u.is_active))
    return rows


def users_locked(*, usernames: Iterable[str]) -> set[str]:
    """Which of ``usernames`` axes locks out now (one query)."""
    from axes.conf import settings as axes_settings
    from axes.models import AccessAttempt
    from django.utils import timezone

    limit = axes_settings.AXES_FAILURE_LIMIT
    attempts = AccessAttempt.objects.filter(username__in=list(usernames), failures_since_start__gte=limit)
    cooloff = getattr(axes_settings, "AXES_COOLOFF_TIME", None)
    if cooloff is not None and not callable(cooloff):
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    return set(attempts.values_list("username", flat=True))
