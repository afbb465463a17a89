"""What the data pages share: the HR/admin gate."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.errors import Forbidden


def require_hr(user: AbstractBaseUser | AnonymousUser, action: str) -> frozenset[Role]:
    """The user's roles if they hold HR or admin (the services' own check); else a 403 page."""
    try:
        return require_roles(user, Role.HR, action=action)
    except Forbidden:
        raise PermissionDenied from None
