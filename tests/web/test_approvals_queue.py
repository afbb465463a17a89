"""HR's queue (/hr/): one section per step after the reviews, with counts, and the navigation's badge."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from careerpath.core.workflow import State
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application
from tests.web.approvals_world import PROBATION_ENDS, World, advance, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)

URL = "/hr/"


def _count(html: str, key: str) -> int:
    return int(re.search(rf'data-testid="count-{key}">(\d+)<', html).group(1))


def _section(html: str, key: str) -> str:
    start = html.index(f'data-testid="section-{key}"')
    return html[start:html.index("</section>", start)]


def test_it_is_reversed_as_the_contract_names_it():
    assert reverse("web:hr_queue") == URL


@pytest.mark.parametrize(("state", "section"), [
    (State.MANAGER_REVIEWED, "ready"),
    (State.IN_NOTICE, "in_notice"),
    (State.NOTICE_CLOSED, "to_approve"),
    (State.HR_APPROVED, "to_letter"),
    (State.LETTER_ISSUED, "to_effect"),
    (State.IN_PROBATION, "probation"),
])
def test_it_counts_an_application_in_the_section_of_its_state(client, world, state, section):
    # given two applications in this state
    apps = advance(world, world.agents[:2], state)
    login(client, world, "hr")
    # when HR opens the queue
    html = client.get(URL).content.decode()
    # then that section counts and lists both, and every other section is empty
    assert _count(html, section) == 2
    for key in ("ready", "in_notice", "to_approve", "to_letter", "to_effect", "probation", "recent"):
        if key != section:
            assert _count(html, key) == 0, key
    body = _section(html, section)
    assert all(a.employee.name in body for a in apps)
    assert "初级客服专员 → 中级客服专员" in body


def test_each_row_links_to_the_page_that_takes_the_next_step(client, world):
    closed = advance(world, world.agents[:1], State.NOTICE_CLOSED)[0]
    approved = advance(world, world.agents[1:2], State.HR_APPROVED)[0]
    login(client, world, "hr")
    html = client.get(URL).content.decode()
    assert reverse("web:application_approve", args=[closed.pk]) in _section(html, "to_approve")
    assert reverse("web:application_letter", args=[approved.pk]) in _section(html, "to_letter")
    # the notice number HR approves after is shown with the row
    assert "客服公示〔2026〕1号" in _section(html, "to_approve")


def test_letters_awaiting_their_date_show_it_and_flag_a_date_that_has_come(client, world, settings):
    app = advance(world, world.agents[:1], State.LETTER_ISSUED)[0]
    login(client, world, "hr")
    body = _section(client.get(URL).content.decode(), "to_effect")
    assert "2026年10月16日" in body and "客服晋字〔2026〕1号" in body
    assert 'data-testid="effect-due"' not in body
    # on the effective date, before the daily run has applied it
    settings.CAREERPATH_TODAY = "2026-10-16"
    body = _section(client.get(URL).content.decode(), "to_effect")
    assert 'data-testid="effect-due"' in body
    assert Application.objects.get(pk=app.pk).state == State.LETTER_ISSUED


def test_probation_lists_the_end_date_ending_soonest_first_and_marks_due_and_soon(client, world, settings):
    apps = advance(world, world.agents[:2], State.IN_PROBATION)
    # the second one took effect later: its probation ends later
    Application.objects.filter(pk=apps[1].pk).update(probation_ends_on=date(2027, 3, 1))
    login(client, world, "hr")
    settings.CAREERPATH_TODAY = "2027-01-01"  # 15 days before the first one ends
    body = _section(client.get(URL).content.decode(), "probation")
    assert body.index(apps[0].employee.name) < body.index(apps[1].employee.name)
    assert "2027年1月16日" in body and 'data-testid="probation-soon"' in body
    assert 'data-testid="probation-due"' not in body
    settings.CAREERPATH_TODAY = PROBATION_ENDS.isoformat()
    body = _section(client.get(URL).content.decode(), "probation")
    assert body.count('data-testid="probation-due"') == 1


def test_confirmed_and_reverted_show_in_the_recent_section(client, world):
    a, b = advance(world, world.agents[:2], State.IN_PROBATION)
    ps.application_confirm(actor=world.users["hr"], application=a, note="合格")
    ps.application_revert(actor=world.users["hr"], application=b, reason="考核未通过", on=date(2026, 12, 1))
    login(client, world, "hr")
    html = client.get(URL).content.decode()
    assert _count(html, "recent") == 2 and _count(html, "probation") == 0
    body = _section(html, "recent")
    assert "考察期通过，已确认" in body and "考察期未通过，已恢复原职级" in body


def test_the_navigation_counts_what_waits_for_hr_and_only_hr_sees_it(client, world, settings):
    # given one to approve, one awaiting its letter, one whose probation has ended, one still in notice
    advance(world, world.agents[:1], State.IN_PROBATION)
    advance(world, world.agents[1:2], State.NOTICE_CLOSED)
    advance(world, world.agents[2:3], State.HR_APPROVED)
    advance(world, world.agents[3:4], State.IN_NOTICE)
    settings.CAREERPATH_TODAY = PROBATION_ENDS.isoformat()
    login(client, world, "hr")
    html = client.get(reverse("web:notifications")).content.decode()
    assert re.search(r'data-testid="nav-count-hr_queue"[^>]*>3<', html)
    assert "人事审批" in html
    client.logout()
    login(client, world, "manager")
    html = client.get(reverse("web:notifications")).content.decode()
    assert 'data-testid="nav-hr_queue"' not in html


def test_the_badge_leaves_out_hrs_own_application(client, world):
    # an HR person who is also an employee: their own application is not theirs to decide
    hr_person = world.agents[4]
    hr_person.user = world.users["hr2"]
    hr_person.save(update_fields=["user"])
    advance(world, [hr_person], State.NOTICE_CLOSED)  # the other HR person publishes and closes
    login(client, world, "hr2")
    html = client.get(reverse("web:notifications")).content.decode()
    assert 'data-testid="nav-count-hr_queue"' not in html
    assert _count(client.get(URL).content.decode(), "to_approve") == 1  # still listed


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager"])
def test_it_refuses_anyone_but_hr(client, world, who):
    login(client, world, who)
    assert client.get(URL).status_code == 403


def test_it_asks_to_log_in_first(client, world):
    res = client.get(URL)
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


def test_it_renders_in_english_without_raw_codes(client, world):
    advance(world, world.agents[:1], State.NOTICE_CLOSED)
    login(client, world, "hr")
    html = client.get(URL, {"lang": "en"}).content.decode()
    assert "HR approvals" in html and "Notice closed, to approve" in html
    assert "Junior CS" in html or "Junior" in html
    for code in ("notice_closed", "intermediate<", ">junior"):
        assert code not in html


def test_it_renders_under_the_query_budget_with_every_section_filled(client, world,
                                                                        django_assert_max_num_queries):
    advance(world, world.agents[:2], State.IN_PROBATION)
    advance(world, world.agents[2:3], State.LETTER_ISSUED)
    advance(world, world.agents[3:4], State.HR_APPROVED)
    advance(world, world.agents[4:5], State.NOTICE_CLOSED)
    advance(world, world.agents[5:6], State.IN_NOTICE)
    login(client, world, "hr")
    with django_assert_max_num_queries(29):
        res = client.get(URL)
    assert res.status_code == 200
