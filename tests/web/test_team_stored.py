"""HR's whole-company overview above LIVE_LIMIT people: read from the stored eligibility in SQL (filters,
counts, sorting and paging the same as the live overview), never evaluated on the request, and saying as
of when its figures are."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careerpath.evaluation import team as team_module
from careerpath.evaluation.store import eligibility_refresh
from careerpath.evidence import models as ev

from .team_company import AS_OF, build_team_company, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_company(db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


def _order(html: str) -> list[str]:
    return [chunk.split('class="muted small">', 1)[1].split(" ", 1)[0]
            for chunk in html.split('data-testid="team-row"')[1:]]


@pytest.mark.parametrize("params", [
    {}, {"sort": "name"}, {"sort": "-name"}, {"sort": "level"}, {"sort": "-months"}, {"sort": "projected"},
    {"sort": "-projected"}, {"status": "blocked"}, {"q": "张"}, {"level": "junior", "sort": "-status"},
])
def test_the_stored_path_shows_what_the_live_path_shows(client, team_company, monkeypatch, params):
    login(client, team_company, "hr")
    live = client.get(reverse("web:team"), params).content.decode()
    monkeypatch.setattr(team_module, "LIVE_LIMIT", 3)
    stored = client.get(reverse("web:team"), params).content.decode()
    assert 'data-testid="team-as-of"' in stored and 'data-testid="team-as-of"' not in live
    assert _order(stored) == _order(live)
    for key in ("team-count-eligible", "team-count-soon", "team-count-blocked", "team-shown"):
        if key in live:
            assert live.split(f'data-testid="{key}"', 1)[1][:80] == stored.split(f'data-testid="{key}"', 1)[1][:80]


def test_the_stored_path_evaluates_nobody_and_says_who_waits_for_a_refresh(client, team_company, monkeypatch):
    eligibility_refresh(as_of=AS_OF)
    monkeypatch.setattr(team_module, "LIVE_LIMIT", 3)
    ev.Praise.objects.create(employee=team_company.people["E3"], date=date(2026, 9, 1), source="internal")
    login(client, team_company, "hr")
    with CaptureQueriesContext(connection) as q:
        html = client.get(reverse("web:team")).content.decode()
    assert not [x for x in q.captured_queries if "evidence_praise" in x["sql"]]  # no facts loaded, no engine
    assert "1 人待刷新" in html
    assert len(q.captured_queries) < 30
