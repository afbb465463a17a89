"""What the shared layout shows: the person, their role labels and the links their roles open.

A template context processor, so every page (including the error pages rendered with a request)
gets the same navigation without each view building it. Evaluated lazily: a page that never
renders the layout runs no query for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_list_employees, user_employee, user_roles
from careerpath.promotions.selectors import notifications_unread_count
from careerpath.web.nav import NavLink, nav_links


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    role_labels: tuple[str, ...]
    can_list: bool
    can_admin: bool
    unread: int
    links: tuple[NavLink, ...] = ()
    active: str = ""  # the key of the link (or a menu's entry) the current page belongs to


def active_key(links: tuple[NavLink, ...], path: str) -> str:
    """The entry whose URL is the longest prefix of ``path`` (the home page only for itself).

    So the dashboards' second tab (/insight/selection/) still marks 分析看板 (/insight/), and a cycle's
    scoring page marks 评分与排名 rather than 评选管理.
    """
    best, length = "", 0
    for link in (c for top in links for c in (top.children or (top,))):
        if not link.url:
            continue
        if path == link.url or (link.url != "/" and path.startswith(link.url)):
            if len(link.url) > length:
                best, length = link.key, len(link.url)
    return best


# Display order of the role labels: the person first, the offices after.
_ROLE_ORDER = list(Role)


def layout_for(*, user: AbstractBaseUser | AnonymousUser, path: str = "") -> Layout | None:
    """The layout's facts for ``user`` (a few small queries); None when logged out."""
    if not user.is_authenticated:
        return None
    roles = user_roles(user=user)
    # Kept on this request's user object (as the API's token login does), so the permission
    # check below asks the database once.
    user._careerpath_roles = roles  # type: ignore[union-attr]
    ordered = sorted(roles, key=_ROLE_ORDER.index)
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    links = tuple(nav_links(user=user, roles=roles, has_employee=user_employee(user=user) is not None))
    return Layout(
        name=full_name or user.get_username(),
        role_labels=tuple(str(r.label) for r in ordered),
        can_list=can_list_employees(user=user),
        # The admin site itself admits staff only; HR and admin logins are staff (accounts.services).
        can_admin=bool(getattr(user, "is_staff", False)),
        unread=notifications_unread_count(user=user),
        # The view has usually looked the employee up already (kept on the user object): no new query.
        links=links,
        active=active_key(links, path),
    )


def layout(request: HttpRequest) -> dict[str, object]:
    return {"layout": SimpleLazyObject(lambda: layout_for(user=request.user, path=request.path))}
