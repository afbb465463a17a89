"""The promotion workflow's states and transitions, as declared data."""

from __future__ import annotations

import pytest

from careerpath.core.workflow import FINAL, TRANSITIONS, InvalidTransition, Route, State, transition_for

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
