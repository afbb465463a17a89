"""The probation after the effective date (/applications/<pk>/probation/): confirm or revert, with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import State
from careerpath.people.models import Position
from careerpath.promotions.models import Application
from tests.web.approvals_world import EFFECTIVE_ON, World, advance, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _url(app: Application) -> str:
    return reverse("web:application_probation", args=[app.pk])


@pytest.fixture
def probation(world) -> Application:  # noqa: ANN001
    return advance(world, world.agents[:1], State.IN_PROBATION)[0]


def test_it_shows_the_effective_date_the_policys_months_and_the_end(client, world, probation):
    login(client, world, "hr")
    html = client.get(_url(probation)).content.decode()
    assert "2026年10月16日" in html and "3 个月" in html and "2027年1月16日" in html
    assert "初级客服专员 → 中级客服专员" in html and "客服晋字〔2026〕1号" in html
    assert 'data-testid="confirm-form"' in html and 'data-testid="revert-form"' in html


@pytest.mark.parametrize(("decision", "data", "field"), [
    ("confirm", {"confirm-note": " "}, "confirm-note"),
    ("revert", {"revert-reason": "", "revert-on": "2026-12-01"}, "revert-reason"),
    ("revert", {"revert-reason": "考核未通过", "revert-on": ""}, "revert-on"),
])
def test_each_decision_needs_its_reason_shown_beside_the_field(client, world, probation, decision, data, field):
    login(client, world, "hr")
    res = client.post(_url(probation), {"decision": decision, **data})
    assert res.status_code == 400
    assert f'id="id_{field}_error"' in res.content.decode()
    assert Application.objects.get(pk=probation.pk).state == State.IN_PROBATION


@pytest.mark.parametrize("who", ["hr", "manager"])
def test_hr_or_the_manager_confirms_with_a_note_and_it_is_audited(client, world, probation, who):
    login(client, world, who)
    res = client.post(_url(probation), {"decision": "confirm", "confirm-note": "培训与考核均已完成，考核合格"})
    assert res.status_code == 302
    app = Application.objects.get(pk=probation.pk)
    assert app.state == State.CONFIRMED and app.probation_note == "培训与考核均已完成，考核合格"
    event = AuditEvent.objects.get(action="application.confirm", target_id=str(app.pk))
    assert event.actor == world.users[who] and event.reason == "培训与考核均已完成，考核合格"
    html = client.get(_url(app)).content.decode()
    assert 'data-testid="outcome"' in html and "考察期通过，已确认" in html and 'data-testid="confirm-form"' not in html


def test_hr_reverts_with_a_reason_and_a_date_and_the_position_goes_back(client, world, probation):
    login(client, world, "hr")
    res = client.post(_url(probation), {"decision": "revert", "revert-reason": "考核未达标",
                                        "revert-on": "2026-12-01"})
    assert res.status_code == 302
    app = Application.objects.get(pk=probation.pk)
    assert app.state == State.REVERTED and app.probation_note == "考核未达标"
    rows = list(Position.objects.filter(employee=app.employee).order_by("start_on")
                .values_list("level", "start_on", "end_on"))
    assert rows[-2:] == [("intermediate", EFFECTIVE_ON, date(2026, 11, 30)), ("junior", date(2026, 12, 1), None)]
    assert AuditEvent.objects.filter(action="application.revert", target_id=str(app.pk), reason="考核未达标").exists()


def test_a_revert_date_before_the_new_position_is_refused_beside_the_date(client, world, probation):
    login(client, world, "hr")
    res = client.post(_url(probation), {"decision": "revert", "revert-reason": "考核未达标",
                                        "revert-on": "2026-10-01"})
    assert res.status_code == 400
    assert 'id="id_revert-on_error"' in res.content.decode()
    assert Application.objects.get(pk=probation.pk).state == State.IN_PROBATION


def test_the_manager_may_confirm_but_not_revert(client, world, probation):
    login(client, world, "manager")
    html = client.get(_url(probation)).content.decode()
    assert 'data-testid="revert-form"' not in html
    res = client.post(_url(probation), {"decision": "revert", "revert-reason": "x", "revert-on": "2026-12-01"})
    assert res.status_code == 403
    assert Application.objects.get(pk=probation.pk).state == State.IN_PROBATION


@pytest.mark.parametrize("who", ["agent", "supervisor", "far"])
def test_others_may_not_open_it(client, world, probation, who):
    login(client, world, who)
    assert client.get(_url(probation)).status_code == 403


def test_before_the_effective_date_it_says_when_the_position_changes(client, world):
    app = advance(world, world.agents[:1], State.LETTER_ISSUED)[0]
    login(client, world, "hr")
    html = client.get(_url(app)).content.decode()
    assert 'data-testid="not-yet"' in html and "2026年10月16日" in html and 'data-testid="confirm-form"' not in html
    res = client.post(_url(app), {"decision": "confirm", "confirm-note": "合格"})
    assert res.status_code == 409


def test_a_decided_probation_cannot_be_decided_again(client, world, probation):
    login(client, world, "hr")
    client.post(_url(probation), {"decision": "confirm", "confirm-note": "合格"})
    res = client.post(_url(probation), {"decision": "revert", "revert-reason": "x", "revert-on": "2026-12-01"})
    assert res.status_code == 409
    assert Application.objects.get(pk=probation.pk).state == State.CONFIRMED


def test_it_renders_under_the_query_budget(client, world, probation, django_assert_max_num_queries):
    login(client, world, "hr")
    with django_assert_max_num_queries(29):
        assert client.get(_url(probation)).status_code == 200
