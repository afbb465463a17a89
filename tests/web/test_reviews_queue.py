"""The review queue (待我评审): what waits for whose review step, by role and scope, oldest first."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.calendars.selectors import work_calendar
from careerpath.core.workflow import STEP_ACTIONS
from careerpath.policy_versions.selectors import active_version
from careerpath.policy_versions.services import policy_version_create
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import (
    application_actions,
    applications_awaiting,
    applications_awaiting_count,
    review_queue,
)
from tests.web.reviews_fixtures import (  # noqa: F401
    AS_OF,
    at_step,
    client_for,
    colleague,
    company,
    other_team,
    raw_application,
)

QUEUE = reverse("web:review_queue")

# state the agent's application is in -> who finds it waiting for them (everyone else does not)
WAITS_FOR = {
    "draft": set(),
    "submitted": {"supervisor", "admin"},
    "supervisor_reviewed": {"manager", "admin"},
    "manager_reviewed": set(),  # the individual chain ends: HR publishes the notice from its own queue
}
ACTORS = ["agent", "supervisor", "supervisor_out", "outsider_supervisor", "manager", "manager_out", "committee", "vp",
          "hr", "admin", "far"]


@pytest.fixture
def actors(company):  # noqa: ANN001, F811
    return {**company.users, **other_team(company)}


@pytest.mark.parametrize("state", sorted(WAITS_FOR))
@pytest.mark.parametrize("actor", ACTORS)
def test_it_lists_an_application_for_whoever_holds_its_pending_step(company, actors, state, actor):  # noqa: F811
    # given the agent's application at this state
    app = at_step(company, state)
    user = actors[actor]
    # when the actor opens the queue
    waiting = list(applications_awaiting(user=user))
    html = client_for(user).get(QUEUE).content.decode()
    # then it is there exactly for the holder of the step, and the navigation counts the same
    expected = actor in WAITS_FOR[state]
    assert (app in waiting) is expected
    assert (f'data-application="{app.pk}"' in html) is expected
    assert applications_awaiting_count(user) == len(waiting)


def test_every_queued_application_is_one_the_reviewer_may_act_on(company, actors):  # noqa: F811
    # given applications at each step, from two teams
    apps = [at_step(company, "submitted"), raw_application(company.other_agent, "supervisor_reviewed")]
    raw_application(company.manager, "supervisor_reviewed", move="manager_to_deputy_director")
    for user in actors.values():
        for app in applications_awaiting(user=user):
            # then the authority agrees: the step action is among what the user may do now
            actions = {t.action for t in application_actions(actor=user, application=app)}
            assert actions & set(STEP_ACTIONS.values()), (user, app)
    assert apps


def test_nobody_finds_their_own_application_waiting_for_them(company):  # noqa: F811
    # given the department manager's own application at the manager's step, in their own department
    own = raw_application(company.manager, "supervisor_reviewed", move="manager_to_deputy_director")
    theirs = at_step(company, "supervisor_reviewed")
    # then their queue holds the agent's, never their own
    waiting = list(applications_awaiting(user=company.users["manager"]))
    assert theirs in waiting and own not in waiting


def test_the_policys_chain_decides_who_is_next(company):  # noqa: F811
    # given a policy version whose individual chain is the supervisor alone before the notice
    pv = active_version()
    text = pv.yaml_text.replace("review_steps: [supervisor, manager, hr]", "review_steps: [supervisor, hr]")
    text = text.replace(f'version: "{pv.version}"', 'version: "2026.9-supervisor-only"')
    assert text != pv.yaml_text
    short = policy_version_create(actor=None, yaml_text=text)
    app = raw_application(company.agent, "supervisor_reviewed")
    app.policy_version = short
    app.save()
    usual = raw_application(colleague(company, "E3"), "supervisor_reviewed")
    # then, reviewed by the supervisor, it waits for HR's notice, not for the manager; under the usual
    # chain the same state waits for the manager
    manager = company.users["manager"]
    assert list(applications_awaiting(user=manager)) == [usual]
    assert applications_awaiting_count(manager) == 1


def _submitted_at(app: Application, moment: datetime) -> None:
    # The audit log is append-only: the queue reads when the application reached its step from it.
    AuditEvent.objects.create(at=moment, actor_label="agent", action="application.submit", target_type="application",
                              target_id=str(app.pk), from_state="draft", to_state="submitted")


def test_it_puts_the_longest_waiting_first_and_counts_working_days(company, settings):  # noqa: F811
    # given two applications stored directly (no audit of their own): the later one submitted first
    tz = ZoneInfo("Asia/Shanghai")
    newer = raw_application(company.agent, "submitted")
    older = raw_application(colleague(company, "E3", name="孙八"), "submitted")
    _submitted_at(older, datetime(2026, 9, 18, 10, 0, tzinfo=tz))  # a Friday
    _submitted_at(newer, datetime(2026, 9, 24, 16, 0, tzinfo=tz))
    # when the supervisor's queue is read on Monday 28 September
    rows = review_queue(user=company.users["supervisor"], today=AS_OF)
    # then the one waiting longest comes first, with the working days since it reached the supervisor
    assert [r.application for r in rows] == [older, newer]
    cal = work_calendar()
    # from the day after: 20 September (a 调休 Sunday) to the 24th, then the 28th; the 25th is 中秋节
    assert rows[0].working_days == cal.working_days_between(AS_OF - timedelta(days=9), AS_OF) == 6
    assert rows[1].working_days == cal.working_days_between(AS_OF - timedelta(days=3), AS_OF) == 1
    html = client_for(company.users["supervisor"]).get(QUEUE).content.decode()
    assert html.index(older.employee.name) < html.index(newer.employee.name)
    assert "6 个工作日" in html and "2026年9月18日" in html


def test_the_navigation_counts_what_waits_for_a_supervisor_and_a_manager(company):  # noqa: F811
    at_step(company, "submitted")
    raw_application(company.other_agent, "supervisor_reviewed")  # another department's
    html = client_for(company.users["supervisor"]).get(reverse("web:home")).content.decode()
    assert 'data-testid="nav-reviews"' in html and re.search(r'data-testid="nav-count-reviews"[^>]*>1<', html)
    html = client_for(company.users["manager"]).get(reverse("web:home")).content.decode()
    assert 'data-testid="nav-reviews"' in html and 'data-testid="nav-count-reviews"' not in html
    html = client_for(company.users["agent"]).get(reverse("web:home")).content.decode()
    assert 'data-testid="nav-reviews"' not in html


def test_an_empty_queue_says_so_in_words(company):  # noqa: F811
    html = client_for(company.users["supervisor"]).get(QUEUE).content.decode()
    assert 'data-testid="empty"' in html and "目前没有等待您评审的申请" in html
    html = client_for(company.users["supervisor"]).get(QUEUE, {"lang": "en"}).content.decode()
    assert "Nothing is waiting for your review" in html


def test_the_queue_shows_labels_never_codes(company):  # noqa: F811
    at_step(company, "submitted")
    html = client_for(company.users["supervisor"]).get(QUEUE).content.decode()
    body = html[html.index('data-testid="review-queue"'):]
    assert "初级客服专员 → 中级客服专员" in body and "待上级评审" in body
    for code in ("junior", "intermediate", "submitted", "promotion"):
        assert f">{code}<" not in body and f" {code} " not in body
    html = client_for(company.users["supervisor"]).get(QUEUE, {"lang": "en"}).content.decode()
    assert "Awaiting supervisor review" in html


@pytest.mark.parametrize("actor", ["supervisor", "manager"])
def test_the_queue_stays_within_its_query_budget(company, actor, django_assert_max_num_queries):  # noqa: F811
    # given a dozen applications waiting for the supervisor and the manager (the layout's navigation counts included)
    for i in range(12):
        raw_application(colleague(company, f"E2{i:02d}", name=f"员工{i}"), "submitted" if i % 2 else "supervisor_reviewed")
    c = client_for(company.users[actor])
    with django_assert_max_num_queries(20):
        res = c.get(QUEUE)
    assert res.status_code == 200 and res.content.decode().count('data-testid="queue-row"') == 6
