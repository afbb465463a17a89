"""The one workflow mechanism: four procedures declared on it, one error root, choices from the declarations."""

from __future__ import annotations

import pytest

from careerpath.core import workflow as promotion
from careerpath.core.statemachine import InvalidTransition, WorkflowError
from careerpath.cycles import workflow as cycle
from careerpath.discipline import workflow as demotion
from careerpath.placement import workflow as placement

# workflow -> a refused lookup on it
REFUSALS = {
    "promotion": lambda: promotion.transition_for(promotion.State.DRAFT, "hr_approve", promotion.Route.INDIVIDUAL),
    "cycle": lambda: cycle.transition_for(cycle.CycleState.OPEN, "conclude"),
    "demotion": lambda: demotion.transition_for(demotion.CaseState.PROPOSED, "hr_approve"),
    "placement": lambda: placement.transition_for(placement.RunState.OPEN, "confirm"),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_every_workflow_raises_the_same_error(name: str) -> None:
    with pytest.raises(InvalidTransition) as exc:
        REFUSALS[name]()
    assert isinstance(exc.value, WorkflowError) and exc.value.workflow == name
    assert "allowed:" in str(exc.value)


@pytest.mark.parametrize("wf", [promotion.PROMOTION, cycle.CYCLE, demotion.DEMOTION, placement.PLACEMENT],
                         ids=lambda w: w.name)
def test_every_state_is_labelled_in_both_languages_and_gives_the_choices(wf) -> None:  # noqa: ANN001
    assert [v for v, _ in wf.choices()] == [s.value for s in wf.states]
    assert all(wf.label(s, "zh") and wf.label(s, "en") for s in wf.states)


def test_a_chained_step_has_exactly_one_source_per_route() -> None:
    m = promotion.machine_for()
    for route in promotion.Route:
        for action in ("supervisor_review", "manager_review", "publish_notice"):
            assert len(m.sources_of(action, route.value)) == 1
