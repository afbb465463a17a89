"""The promotion workflow's states and transitions, as declared data."""

from __future__ import annotations

import pytest

from careerpath.core.policy import ProcessSettings
from careerpath.core.workflow import (
    ACTION_LABELS,
    FINAL,
    TRANSITIONS,
    InvalidTransition,
    Route,
    State,
    transition_for,
)

HAPPY_INDIVIDUAL = ["submit", "supervisor_review", "manager_review", "publish_notice", "close_notice",
                    "hr_approve", "issue_letter", "make_effective", "confirm"]
HAPPY_CYCLE = ["submit", "supervisor_review", "manager_review", "committee_decide", "vp_approve",
               "publish_notice", "close_notice", "hr_approve", "issue_letter", "make_effective", "confirm"]


@pytest.mark.parametrize("route,actions", [(Route.INDIVIDUAL, HAPPY_INDIVIDUAL), (Route.CYCLE, HAPPY_CYCLE)])
def test_the_happy_path_ends_confirmed(route: Route, actions: list[str]) -> None:
    state = State.DRAFT
    for a in actions:
        state = transition_for(state, a, route).target
    assert state is State.CONFIRMED


def test_an_individual_application_skips_the_committee() -> None:
    with pytest.raises(InvalidTransition):
        transition_for(State.MANAGER_REVIEWED, "committee_decide", Route.INDIVIDUAL)


def test_a_cycle_application_cannot_go_to_notice_without_the_vp() -> None:
    with pytest.raises(InvalidTransition) as exc:
        transition_for(State.MANAGER_REVIEWED, "publish_notice", Route.CYCLE)
    assert "committee_decide" in str(exc.value)


def test_an_upheld_objection_returns_to_review() -> None:
    t = transition_for(State.IN_NOTICE, "return_to_review", Route.INDIVIDUAL)
    assert t.target is State.SUBMITTED and t.needs_reason


@pytest.mark.parametrize("state", sorted(set(State) - FINAL - {State.IN_PROBATION}))
def test_every_open_state_can_be_withdrawn_with_a_reason(state: State) -> None:
    assert transition_for(state, "withdraw", Route.INDIVIDUAL).needs_reason


@pytest.mark.parametrize("state", sorted(FINAL))
def test_final_states_allow_nothing(state: State) -> None:
    assert not [t for t in TRANSITIONS if state in t.sources]


def test_every_state_is_reachable() -> None:
    reached = {State.DRAFT} | {t.target for t in TRANSITIONS}
    assert reached == set(State)


# return_to_applicant: from the state where a review step is pending, by whoever holds that step, back to the
# draft (the applicant completes and submits it again); never once the chain has ended or after the notice.
RETURNS = [
    (Route.INDIVIDUAL, State.SUBMITTED, {"supervisor"}),
    (Route.INDIVIDUAL, State.SUPERVISOR_REVIEWED, {"manager"}),
    (Route.CYCLE, State.SUBMITTED, {"supervisor"}),
    (Route.CYCLE, State.SUPERVISOR_REVIEWED, {"manager"}),
    (Route.CYCLE, State.MANAGER_REVIEWED, {"committee"}),
    (Route.CYCLE, State.COMMITTEE_REVIEWED, {"vp"}),
]


@pytest.mark.parametrize("route,state,roles", RETURNS, ids=lambda v: getattr(v, "value", None))
def test_the_holder_of_a_review_step_may_return_it_to_the_applicant_with_a_reason(
        route: Route, state: State, roles: set[str]) -> None:
    t = transition_for(state, "return_to_applicant", route)
    assert t.target is State.DRAFT and t.needs_reason
    assert t.roles == frozenset(roles)


NO_RETURN = [(Route.INDIVIDUAL, s) for s in set(State) - {State.SUBMITTED, State.SUPERVISOR_REVIEWED}] + [
    (Route.CYCLE, s) for s in set(State) - {State.SUBMITTED, State.SUPERVISOR_REVIEWED, State.MANAGER_REVIEWED,
                                            State.COMMITTEE_REVIEWED}]


@pytest.mark.parametrize("route,state", sorted(NO_RETURN), ids=lambda v: getattr(v, "value", None))
def test_nothing_returns_to_the_applicant_outside_the_review_chain(route: Route, state: State) -> None:
    with pytest.raises(InvalidTransition):
        transition_for(state, "return_to_applicant", route)


def test_a_return_follows_the_policys_chain() -> None:
    # given a policy whose individual chain is the supervisor alone before the notice
    process = ProcessSettings(review_steps=("supervisor", "hr"))
    # then the supervisor may return a submitted application, and nobody one the supervisor reviewed
    assert transition_for(State.SUBMITTED, "return_to_applicant", Route.INDIVIDUAL, process).roles == {"supervisor"}
    with pytest.raises(InvalidTransition):
        transition_for(State.SUPERVISOR_REVIEWED, "return_to_applicant", Route.INDIVIDUAL, process)
    # and the review steps still run in their order
    assert transition_for(State.SUPERVISOR_REVIEWED, "publish_notice", Route.INDIVIDUAL, process).target is \
        State.IN_NOTICE


def test_every_action_has_a_label_in_both_languages() -> None:
    assert {t.action for t in TRANSITIONS} <= set(ACTION_LABELS)
    assert all(zh and en for zh, en in ACTION_LABELS.values())
