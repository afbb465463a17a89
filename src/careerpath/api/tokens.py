"""Personal API tokens: created by their owner (signed in, or with username and password), listed
without their secret, revoked by their owner or an admin."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import authenticate, user_logged_in
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBasicAuth

from careerpath.api.auth import SessionUserAuth, TokenAuth
from careerpath.api.models import ApiToken
from careerpath.api.selectors import api_tokens_of
from careerpath.api.services import api_token_create, api_token_revoke
from careerpath.api.types import Id, Name, Username

router = Router(tags=["accounts"])


class PasswordAuth(HttpBasicAuth):
    """HTTP Basic with the user's login, for a script that has no token yet (token creation only).

    It goes through ``authenticate`` with the request, so django-axes counts its failures and locks the
    username out exactly as on the login page; a success counts as a login (resets the failures).
    """

    def authenticate(self, request: HttpRequest, username: str, password: str) -> Any:
        user = authenticate(request, username=username, password=password)
        if user is None:
            return None
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        request.user = user
        return user


class TokenIn(Schema):
    name: Name
    expires_days: int | None = Field(None, ge=1, le=3650,
                                     description="有效天数 days until it expires (default from settings)")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    token: str
    expires_at: datetime


class TokenRow(Schema):
    id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    status: str  # active | expired | revoked


def _row(tok: ApiToken, now: datetime) -> dict[str, Any]:
    return {"id": tok.pk, "username": tok.user.get_username(), "name": tok.name, "prefix": tok.prefix,
            "created_at": tok.created_at, "last_used_at": tok.last_used_at, "expires_at": tok.expires_at,
            "status": tok.status_at(now).value}


# Basic comes before the session: ninja's session check answers a failed CSRF check at once.
@router.post("/tokens", response={201: TokenOut}, auth=[TokenAuth(), PasswordAuth(), SessionUserAuth()],
             summary="Create an API token for yourself (signed in, or with HTTP Basic username:password)")
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    tok, raw = api_token_create(actor=request.user, name=payload.name, expires_days=payload.expires_days)
    return Status(201, {"id": tok.pk, "name": tok.name, "prefix": tok.prefix, "token": raw,
                        "expires_at": tok.expires_at})


@router.get("/tokens", response=list[TokenRow],
            summary="Your API tokens, never their secret; ?user=NAME lists someone's (admin)")
def token_list(request: HttpRequest, user: Username | None = None) -> list[dict[str, Any]]:
    now = timezone.now()
    return [_row(t, now) for t in api_tokens_of(actor=request.user, username=user)]


@router.delete("/tokens/{token_id}", response={204: None},
               summary="Revoke an API token: your own, or anyone's (admin)")
def token_revoke(request: HttpRequest, token_id: Id) -> Status:
    api_token_revoke(actor=request.user, token_id=token_id)
    return Status(204, None)
