"""Finding 10: API tokens expire, are listed without their secret, and are revoked by their owner or an admin."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.api.models import ApiToken
from careerpath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _session(user) -> Client:  # noqa: ANN001
    c = Client()
    c.force_login(user)
    return c


def _create(user, **body) -> dict:  # noqa: ANN001, ANN003
    res = _session(user).post("/api/tokens", json.dumps({"name": "script", **body}),
                              content_type="application/json")
    assert res.status_code == 201, res.content
    return res.json()


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def agent():  # noqa: ANN201
    return user_upsert(username="agent", password="pw-agent-123", roles=[Role.EMPLOYEE])


@pytest.fixture
def admin_user():  # noqa: ANN201
    return user_upsert(username="root", password="pw-root-123", roles=[Role.ADMIN])


def test_a_new_token_expires_after_the_default_days(agent, settings) -> None:
    settings.API_TOKEN_EXPIRY_DAYS = 90
    before = timezone.now()
    out = _create(agent)
    expires = ApiToken.objects.get(pk=out["id"]).expires_at
    assert timedelta(days=90) <= expires - before < timedelta(days=90, minutes=1)
    assert out["expires_at"]


def test_a_token_may_ask_for_fewer_days(agent) -> None:
    out = _create(agent, expires_days=7)
    tok = ApiToken.objects.get(pk=out["id"])
    assert (tok.expires_at - tok.created_at).days == 7


@pytest.mark.parametrize("days", [0, -1, 100_000])
def test_it_refuses_an_expiry_out_of_bounds(agent, days) -> None:  # noqa: ANN001
    res = _session(agent).post("/api/tokens", json.dumps({"name": "x", "expires_days": days}),
                               content_type="application/json")
    assert res.status_code == 400
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_with_401(agent) -> None:
    out = _create(agent)
    ApiToken.objects.filter(pk=out["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    res = _bearer(out["token"]).get("/api/me")
    assert res.status_code == 401
    assert res.json()["code"] == "unauthorized"


def test_the_owner_lists_their_tokens_without_the_secret(agent, admin_user) -> None:
    # given two tokens of the agent's and one of someone else
    mine = _create(agent)
    _create(agent, name="second")
    _create(admin_user)
    # when the agent lists
    res = _bearer(mine["token"]).get("/api/tokens")
    # then only their own, with name, prefix, dates, never the secret or its hash
    assert res.status_code == 200
    rows = res.json()
    assert sorted(r["name"] for r in rows) == ["script", "second"]
    assert set(rows[0]) >= {"id", "name", "prefix", "created_at", "last_used_at", "expires_at", "status"}
    text = res.content.decode()
    assert mine["token"] not in text and "key_hash" not in text
    assert ApiToken.objects.get(pk=mine["id"]).key_hash not in text


def test_only_an_admin_lists_someone_elses_tokens(agent, admin_user) -> None:
    _create(agent)
    assert _session(agent).get("/api/tokens?user=root").status_code == 403
    res = _session(admin_user).get("/api/tokens?user=agent")
    assert res.status_code == 200
    assert [r["name"] for r in res.json()] == ["script"]


def test_the_owner_revokes_a_token_and_it_stops_working(agent) -> None:
    out = _create(agent)
    assert _bearer(out["token"]).get("/api/me").status_code == 200
    res = _session(agent).delete(f"/api/tokens/{out['id']}")
    assert res.status_code == 204
    assert _bearer(out["token"]).get("/api/me").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=agent).count() == 1
    listed = _session(agent).get("/api/tokens").json()
    assert [r["status"] for r in listed] == ["revoked"]


def test_someone_else_cannot_revoke_a_token(agent) -> None:
    out = _create(agent)
    other = user_upsert(username="other", password="pw-other-123", roles=[Role.HR])
    assert _session(other).delete(f"/api/tokens/{out['id']}").status_code == 404
    assert _bearer(out["token"]).get("/api/me").status_code == 200


def test_an_admin_revokes_anyones_token(agent, admin_user) -> None:
    out = _create(agent)
    assert _session(admin_user).delete(f"/api/tokens/{out['id']}").status_code == 204
    assert _bearer(out["token"]).get("/api/me").status_code == 401


def test_the_command_line_creates_lists_and_revokes(agent) -> None:
    out = StringIO()
    call_command("token", "create", "agent", "--name", "ci", "--expires-days", "30", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    tok = ApiToken.objects.get(name="ci")
    assert (tok.expires_at - tok.created_at).days == 30
    listing = StringIO()
    call_command("token", "list", "agent", stdout=listing)
    assert "ci" in listing.getvalue() and tok.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("token", "revoke", str(tok.pk), stdout=StringIO())
    assert _bearer(raw).get("/api/me").status_code == 401


def test_api_json_keeps_chinese_readable(agent) -> None:
    res = _session(agent).post("/api/tokens", json.dumps({"name": "脚本"}), content_type="application/json")
    assert "脚本".encode() in res.content
    assert b"\\u" not in res.content


@pytest.mark.parametrize("path", ["/api/no-such-endpoint", "/api/tokens/1/nothing"])
def test_error_answers_outside_the_endpoints_keep_chinese_readable_too(agent, path: str) -> None:  # noqa: ANN001
    res = _session(agent).get(path)
    assert res.status_code == 404 and res.json()["code"] == "not_found"
    assert "不存在".encode() in res.content and b"\\u" not in res.content
