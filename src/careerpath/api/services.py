from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careerpath.api.models import ApiToken, token_hash
from careerpath.audit.services import audit_record
from careerpath.errors import InvalidInput


@transaction.atomic
def api_token_create(*, actor: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the row and the token text (never stored)."""
    if not name.strip():
        raise InvalidInput("令牌名称不能为空 name is required", field="name")
    raw = "cp_" + secrets.token_urlsafe(32)
    tok = ApiToken.objects.create(user=actor, name=name.strip(), prefix=raw[:10], key_hash=token_hash(raw))
    audit_record(actor=actor, action="api_token.create", target=tok)
    return tok, raw
