"""Reads for personal API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.services import user_get
from careerpath.api.models import ApiToken


def api_tokens_of(*, actor: AbstractBaseUser | None, username: str | None = None) -> QuerySet[ApiToken]:
    """The tokens of ``actor`` or, for an admin (or the command line, ``actor`` None), of ``username``."""
    if username is None and actor is not None:
        owner = actor
    else:
        if actor is not None:
            require_roles(actor, Role.ADMIN, action="查看他人的令牌")
        owner = user_get(username=username or "")
    return ApiToken.objects.filter(user=owner).select_related("user").order_by("-created_at", "-pk")
