"""Finding 9: login throttling on the site, the admin and API token creation, with an HR/admin unlock."""

from __future__ import annotations

import base64
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.audit.models import AuditEvent
from tests.apiclient import Api

pytestmark = pytest.mark.django_db

PASSWORD = "right-pw-12345"
LIMIT = 10


@pytest.fixture(autouse=True)
def _throttle(settings) -> None:
    # The limit a production site runs with; the DB handler keeps attempts in the test's own transaction.
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def agent():  # noqa: ANN201
    return user_upsert(username="agent", password=PASSWORD, roles=[Role.EMPLOYEE])


@pytest.fixture
def boss():  # noqa: ANN201
    return user_upsert(username="boss", password=PASSWORD, roles=[Role.ADMIN], superuser=True)


def _site_login(client: Client, username: str, password: str):  # noqa: ANN201
    return client.post("/accounts/login/", {"username": username, "password": password})


def _admin_login(client: Client, username: str, password: str):  # noqa: ANN201
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password,
                                                      "next": "/admin/"})


def _basic(username: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {raw}"}


def _token_create(client: Client, username: str, password: str):  # noqa: ANN201
    return client.post("/api/tokens", json.dumps({"name": "script"}), content_type="application/json",
                       **_basic(username, password))


DOORS = [_site_login, _admin_login, _token_create]


@pytest.mark.parametrize("door", DOORS, ids=["site", "admin", "api-token"])
def test_it_refuses_the_right_password_after_thirty_wrong_ones(door, boss) -> None:  # noqa: ANN001
    # given thirty wrong passwords
    client = Client()
    for _ in range(30):
        door(client, "boss", "wrong-password")
    # when the right one comes
    res = door(client, "boss", PASSWORD)
    # then the account is locked, with a message saying how long and who unlocks
    assert res.status_code == 429
    body = res.content.decode()
    assert "15" in body and "分钟" in body and "minutes" in body
    assert "人事" in body and "HR" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("door", DOORS, ids=["site", "admin", "api-token"])
def test_it_still_logs_in_below_the_limit(door, boss) -> None:  # noqa: ANN001
    client = Client()
    for _ in range(LIMIT - 1):
        door(client, "boss", "wrong-password")
    res = door(client, "boss", PASSWORD)
    assert res.status_code in (201, 302)


def test_it_answers_the_api_lockout_in_json(agent) -> None:
    client = Client()
    for _ in range(LIMIT):
        _token_create(client, "agent", "wrong-password")
    res = _token_create(client, "agent", PASSWORD)
    assert res.status_code == 429
    assert res.json()["code"] == "locked_out"
    assert "分钟" in res.json()["message"]
    assert int(res["Retry-After"]) == 15 * 60


def test_it_creates_a_token_with_username_and_password(agent) -> None:
    res = _token_create(Client(), "agent", PASSWORD)
    assert res.status_code == 201
    token = res.json()["token"]
    me = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/me")
    assert me.json()["username"] == "agent"


def test_it_locks_one_account_only(agent, boss) -> None:
    client = Client()
    for _ in range(LIMIT):
        _site_login(client, "agent", "wrong-password")
    assert _site_login(Client(), "boss", PASSWORD).status_code == 302


def _lock(username: str) -> None:
    client = Client()
    for _ in range(LIMIT):
        _site_login(client, username, "wrong-password")
    assert _site_login(client, username, PASSWORD).status_code == 429


def test_hr_unlocks_a_user_through_the_api(agent) -> None:
    # given a locked-out agent and an HR user
    _lock("agent")
    hr = user_upsert(username="hr", password=PASSWORD, roles=[Role.HR])
    # when HR unlocks them
    res = Api(hr).post("/users/agent/unlock")
    # then the right password works again, and the unlock is audited
    assert res.status_code == 200, res.content
    assert res.json() == {"username": "agent", "unlocked": True}
    assert _site_login(Client(), "agent", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="user.unlock", actor=hr).count() == 1


def test_an_employee_cannot_unlock_anyone(agent) -> None:
    _lock("agent")
    other = user_upsert(username="other", password=PASSWORD, roles=[Role.EMPLOYEE])
    res = Api(other).post("/users/agent/unlock")
    assert res.status_code == 403
    assert _site_login(Client(), "agent", PASSWORD).status_code == 429


def test_unlocking_an_unknown_user_is_404(boss) -> None:
    assert Api(boss).post("/users/nobody/unlock").status_code == 404


def test_the_command_line_unlocks_a_user(agent) -> None:
    _lock("agent")
    out = StringIO()
    call_command("user", "unlock", "agent", stdout=out)
    assert "agent" in out.getvalue()
    assert _site_login(Client(), "agent", PASSWORD).status_code == 302


def test_the_admin_lists_the_lockout_and_deleting_it_unlocks(agent, boss) -> None:
    # given a locked-out agent
    _lock("agent")
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="agent")
    admin = Client()
    admin.force_login(boss)
    # when the admin deletes the attempt in axes' admin
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "agent" in listing.content.decode()
    res = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    # then the agent logs in again
    assert res.status_code == 302
    assert _site_login(Client(), "agent", PASSWORD).status_code == 302


def test_hr_gets_axes_permissions_in_the_admin() -> None:
    from careerpath.accounts.services import roles_ensure_groups

    groups = roles_ensure_groups()
    codenames = set(groups[Role.HR].permissions.values_list("codename", flat=True))
    assert {"view_accessattempt", "delete_accessattempt"} <= codenames
