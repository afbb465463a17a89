"""The models' state choices are derived from the workflow declarations (one list of states and labels)."""

from __future__ import annotations

from careerpath.core.workflow import PROMOTION
from careerpath.cycles.models import CycleState
from careerpath.cycles.workflow import CYCLE
from careerpath.discipline.models import CASE_STATE_CHOICES
from careerpath.discipline.workflow import DEMOTION
from careerpath.placement.models import RunState
from careerpath.placement.workflow import PLACEMENT
from careerpath.promotions.models import Application, ApplicationState


def test_the_model_choices_are_the_declarations() -> None:
    assert ApplicationState.choices == PROMOTION.choices()
    assert CycleState.choices == CYCLE.choices()
    assert CASE_STATE_CHOICES == DEMOTION.choices()
    assert RunState.choices == PLACEMENT.choices()
    assert Application._meta.get_field("state").choices == PROMOTION.choices()
