"""POST /api/policies: hostile or invalid YAML answers 400, a duplicate version 409, never a 500 (issue 7, 3 and 8)."""

from __future__ import annotations

import threading
from importlib import resources

import pytest
from django.db import connection, connections

from careerpath.audit.models import AuditEvent
from careerpath.policy_versions.models import PolicyVersion
from tests.apiclient import Api, make_user

from . import bombs

PRESET = (resources.files("careerpath.policies") / "ecommerce-three-levels.yaml").read_text(encoding="utf-8")


def with_version(version: str) -> str:
    assert '\nversion: "2026.3"\n' in PRESET
    return PRESET.replace('\nversion: "2026.3"\n', f"\nversion: '{version}'\n", 1)


@pytest.fixture
def hr(db) -> Api:  # noqa: ANN001
    return Api(make_user("hr", "hr"))


@pytest.mark.parametrize(("text", "where"), [
    (bombs.alias_bomb(), "line 5, column 5"),
    (bombs.deep_nesting(), "line 2, column"),
    ("name: x\nlevels: []\n", "levels"),
    ("name: [unclosed\n", "line 2, column 1"),
])
def test_it_answers_400_with_the_problems_and_stores_nothing(hr: Api, text: str, where: str) -> None:
    # given whatever versions the first start installed
    before = PolicyVersion.objects.count(), AuditEvent.objects.filter(action="policy.create").count()
    # when
    res = hr.post("/policies", {"yaml_text": text})
    # then
    assert res.status_code == 400, res.content[:500]
    body = res.json()
    assert body["code"] == "policy_invalid" and body["message"].startswith("策略无效 invalid policy")
    assert any(p.startswith(where) for p, _ in body["details"]["problems"]), body
    assert len(res.content) < 100_000
    assert (PolicyVersion.objects.count(), AuditEvent.objects.filter(action="policy.create").count()) == before


def test_a_second_invalid_draft_is_a_400_like_the_first(hr: Api) -> None:
    # given an invalid draft already sent (it used to be stored as "invalid"/"draft")
    assert hr.post("/policies", {"yaml_text": "name: x\nlevels: []\n"}).status_code == 400
    # when another one comes
    res = hr.post("/policies", {"yaml_text": "name: y\nlevels: []\n"})
    # then it is refused the same way, not a 500 on UNIQUE(name, version)
    assert res.status_code == 400 and res.json()["code"] == "policy_invalid"


def test_a_duplicate_name_and_version_is_a_409(hr: Api) -> None:
    # given a stored version
    before = PolicyVersion.objects.count()
    first = hr.post("/policies", {"yaml_text": with_version("2027.1")})
    assert first.status_code == 201, first.content
    # when the same name and version comes again, even with another text
    res = hr.post("/policies", {"yaml_text": with_version("2027.1") + "# changed\n"})
    # then
    assert res.status_code == 409 and res.json()["code"] == "version_exists"
    assert hr.post("/policies", {"yaml_text": with_version("2027.2")}).status_code == 201
    assert PolicyVersion.objects.count() == before + 2


@pytest.mark.parametrize(("field", "text"), [
    ("version", with_version("v" * 33)),
    ("name", PRESET.replace("name: ecommerce-three-levels", "name: " + "n" * 101, 1)),
])
def test_a_name_or_version_longer_than_its_column_is_a_400(hr: Api, field: str, text: str) -> None:
    res = hr.post("/policies", {"yaml_text": text})
    assert res.status_code == 400 and res.json()["field"] == field


def test_a_text_beyond_the_size_limit_is_a_400_before_parsing(hr: Api) -> None:
    res = hr.post("/policies", {"yaml_text": "#" * 300_000})
    assert res.status_code == 400 and res.json()["code"] == "validation_error"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writes are proven on PostgreSQL")
def test_two_simultaneous_creates_of_one_version_give_201_and_409() -> None:
    # given two HR clients sending the same name and version at the same moment
    clients = [Api(make_user("hr1", "hr")), Api(make_user("hr2", "hr"))]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def create(api: Api) -> None:
        try:
            barrier.wait()
            codes.append(api.post("/policies", {"yaml_text": with_version("2027.9")}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # then exactly one is stored, the other told so
    assert sorted(codes) == [201, 409]
    assert PolicyVersion.objects.filter(version="2027.9").count() == 1


def test_publishing_through_the_api_returns_the_record_the_law_requires(hr: Api, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-12-01"
    draft = hr.post("/policies", {"yaml_text": with_version("2027.9")})
    assert draft.status_code == 201, draft.content[:300]
    res = hr.post(f"/policies/{draft.json()['id']}/publish", {
        "published_on": "2026-12-01", "consultation_note": "职工代表大会讨论通过", "announcement_note": "内网公告",
        "consulted_with": "职工代表大会", "consulted_on": "2026-11-20", "announced_on": "2026-11-25",
        "effective_from": "2027-01-01", "activate": False})
    assert res.status_code == 200, res.content[:300]
    body = res.json()
    assert (body["consulted_with"], body["consulted_on"], body["announced_on"], body["effective_from"]) == (
        "职工代表大会", "2026-11-20", "2026-11-25", "2027-01-01")
    assert body["consultation_note"] == "职工代表大会讨论通过" and body["is_active"] is False
