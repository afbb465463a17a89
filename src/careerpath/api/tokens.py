"""Personal API tokens: the API package's own model, created by their owner."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from careerpath.api.services import api_token_create
from careerpath.api.types import Name

router = Router(tags=["accounts"])


class TokenIn(Schema):
    name: Name


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    token: str


@router.post("/tokens", response={201: TokenOut}, summary="Create an API token for yourself")
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    tok, raw = api_token_create(actor=request.user, name=payload.name)
    return Status(201, {"id": tok.pk, "name": tok.name, "prefix": tok.prefix, "token": raw})
