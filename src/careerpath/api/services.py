"""Writes for personal API tokens: create (the secret is shown once) and revoke."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.api.models import ApiToken, token_hash
from careerpath.audit.services import audit_record
from careerpath.errors import InvalidInput, NotFound


@transaction.atomic
def api_token_create(*, actor: AbstractBaseUser, name: str,
                     expires_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the row and the token text (never stored).

    It expires after ``expires_days`` (default ``API_TOKEN_EXPIRY_DAYS``, at most ``API_TOKEN_MAX_EXPIRY_DAYS``).
    """
    if not name.strip():
        raise InvalidInput("令牌名称不能为空 name is required", field="name")
    longest = settings.API_TOKEN_MAX_EXPIRY_DAYS
    days = settings.API_TOKEN_EXPIRY_DAYS if expires_days is None else expires_days
    if not 1 <= days <= longest:
        raise InvalidInput(f"有效天数应为 1–{longest} expires_days must be 1–{longest}", code="invalid_expiry",
                           field="expires_days")
    raw = "cp_" + secrets.token_urlsafe(32)
    now = timezone.now()
    tok = ApiToken.objects.create(user=actor, name=name.strip(), prefix=raw[:10], key_hash=token_hash(raw),
                                  created_at=now, expires_at=now + timedelta(days=days))
    audit_record(actor=actor, action="api_token.create", target=tok,
                 data={"name": tok.name, "prefix": tok.prefix, "expires_at": tok.expires_at.isoformat()})
    return tok, raw


@transaction.atomic
def api_token_revoke(*, actor: AbstractBaseUser | None, token_id: int) -> ApiToken:
    """Revoke a token: its owner or an admin (``actor`` None is the command line). Revoking twice is fine.

    Someone else's token is reported as not found, so ids do not tell who holds a token.
    """
    tokens = ApiToken.objects.select_for_update()
    if actor is not None and Role.ADMIN not in user_roles(user=actor):
        tokens = tokens.filter(user=actor)
    tok = tokens.filter(pk=token_id).first()
    if tok is None:
        raise NotFound(f"未找到令牌 no token {token_id}", code="token_not_found")
    if not tok.revoked:
        tok.revoked = True
        tok.revoked_at = timezone.now()
        tok.save(update_fields=["revoked", "revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", target=tok,
                     data={"name": tok.name, "prefix": tok.prefix, "owner": tok.user.get_username()})
    return tok
