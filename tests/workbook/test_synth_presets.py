"""A synthetic company follows whichever preset it is made for: its targets, its programs, its ladder."""

from __future__ import annotations

from collections import Counter
from datetime import date
from statistics import mean

import pytest

from careerpath.core.engine import evaluate
from careerpath.core.loader import load_policy
from careerpath.workbook.synth import synth

AS_OF = date(2026, 12, 31)
PRESETS = ["logistics-dual-track", "ecommerce-three-levels"]


@pytest.fixture(scope="module", params=PRESETS)
def made(request):  # noqa: ANN001, ANN201
    policy = load_policy(request.param)
    return policy, synth(300, seed=1, as_of=AS_OF, policy=policy)


def test_its_volumes_follow_the_policys_business_targets(made) -> None:  # noqa: ANN001
    policy, data = made
    # given the policy's monthly targets (500票/60万, or 1,200 hotline calls)
    assert policy.process.business_targets
    for metric, target in policy.process.business_targets.items():
        # then a usual month of an agent lands near the target, not near a generic default
        values = [m.values[metric] for m in data.metrics if metric in m.values]
        assert 0.95 <= mean(values) / target <= 1.2, (metric, mean(values), target)


def test_it_trains_people_in_the_programs_the_policy_counts(made) -> None:  # noqa: ANN001
    policy, data = made
    held = Counter(t.program for t in data.trainings)
    assert policy.evidence.training_programs
    counted = [p for p in policy.evidence.training_programs if p != "新员工入职培训"]
    assert counted and all(held[p] > 0 for p in counted)


def test_it_evaluates_and_places_with_the_preset(made) -> None:  # noqa: ANN001
    policy, data = made
    ev = evaluate(data.population(), policy, AS_OF, placements=True)
    eligible = Counter(r.move_id for r in ev.results if r.eligible)
    entry = next(iter(policy.levels))
    # someone at the entry level is ready for the first promotion
    assert any(eligible[m.id] for m in policy.moves_from(entry)), eligible
    # placement proposes levels of the trunk and skill track only, and more than the entry level
    proposed = Counter(p.proposed_level for p in ev.placements if not p.kept_management_post)
    assert set(proposed) <= set(policy.placement_levels)
    assert len(proposed) >= 3, proposed
    kept = {p.proposed_level for p in ev.placements if p.kept_management_post}
    assert kept and kept <= set(policy.management_levels)
