"""API authentication: the browser session (with CSRF) or a per-user bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.utils import check_csrf

from careerpath.api.models import ApiToken, token_hash


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        tok = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token), revoked=False,
                                                            expires_at__gt=timezone.now()).first()
        if tok is None or not tok.user.is_active:
            return None
        # Touch at most once a minute: a busy client should not write on every read.
        now = timezone.now()
        if tok.last_used_at is None or (now - tok.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=tok.pk).update(last_used_at=now)
        user = tok.user
        # Roles are read once per request and kept on this request's own user object.
        from careerpath.accounts.selectors import user_roles

        user._careerpath_roles = user_roles(user=user)
        request.user = user
        return user


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class SessionUserAuth(SessionAuth):
    """Django's session, with CSRF enforced for unsafe methods.

    CSRF protects a logged-in browser from a forged request; a request without a logged-in session has
    nothing to forge, so it is simply not authenticated (401) instead of failing the CSRF check (403).
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)


__all__ = ["TokenAuth", "SessionUserAuth", "CsrfFailed", "APIKeyHeader"]
