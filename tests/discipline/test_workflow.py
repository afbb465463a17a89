"""The demotion case's rules as data: target levels from the ladder, transitions, policy settings."""

from __future__ import annotations

import pytest

from careerpath.core.loader import load_policy, parse_policy, read_policy_source
from careerpath.core.policy import Policy
from careerpath.discipline import rules
from careerpath.discipline.workflow import (
    FINAL,
    TRANSITIONS,
    CaseState,
    InvalidTransition,
    Proposal,
    TargetError,
    demotion_target,
    lower_levels,
    position_reason,
    transition_for,
)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("logistics-dual-track")


@pytest.mark.parametrize(("level", "lower"), [
    ("assistant", []),
    ("junior", ["assistant"]),
    ("intermediate", ["junior"]),  # top of the shared trunk: the previous level
    ("senior", ["intermediate"]),
    ("expert", ["senior"]),
    ("supervisor", ["intermediate"]),
    ("project_supervisor", ["intermediate"]),
    ("manager", ["supervisor"]),
    ("project_manager", ["project_supervisor"]),
    ("deputy_director", ["manager", "project_manager"]),
    ("director", ["deputy_director"]),
])
def test_one_level_down_follows_the_promotion_moves_backwards(policy: Policy, level: str, lower: list[str]) -> None:
    assert lower_levels(policy, level) == lower


def test_the_ecommerce_preset_has_its_own_ladder() -> None:
    p = load_policy("ecommerce-three-levels")
    assert lower_levels(p, "supervisor") == ["senior"] and lower_levels(p, "junior") == []


@pytest.mark.parametrize(("from_level", "proposal", "requested", "expected"), [
    ("senior", Proposal.ONE_LEVEL_DOWN, None, "intermediate"),
    ("supervisor", Proposal.REMOVAL, None, "intermediate"),  # 撤职: falls one grade, like a demotion
    ("deputy_director", Proposal.ONE_LEVEL_DOWN, None, "manager"),
    ("deputy_director", Proposal.ONE_LEVEL_DOWN, "project_manager", "project_manager"),
    ("supervisor", Proposal.TRANSFER, "senior", "senior"),  # same tier, other track
    ("manager", Proposal.TRANSFER, "intermediate", "intermediate"),
])
def test_demotion_targets(policy: Policy, from_level: str, proposal: Proposal, requested: str | None,
                          expected: str) -> None:
    assert demotion_target(policy, from_level, proposal, requested) == expected


@pytest.mark.parametrize(("from_level", "proposal", "requested", "code"), [
    ("assistant", Proposal.ONE_LEVEL_DOWN, None, "no_lower_level"),
    ("deputy_director", Proposal.ONE_LEVEL_DOWN, "supervisor", "invalid_target"),  # two grades down
    ("senior", Proposal.TRANSFER, None, "target_required"),
    ("senior", Proposal.TRANSFER, "expert", "invalid_target"),  # a transfer is never a promotion
    ("senior", Proposal.TRANSFER, "senior", "invalid_target"),
    ("senior", Proposal.TRANSFER, "chief", "unknown_level"),
    ("chief", Proposal.ONE_LEVEL_DOWN, None, "unknown_level"),
])
def test_impossible_targets_are_refused(policy: Policy, from_level: str, proposal: Proposal, requested: str | None,
                                        code: str) -> None:
    with pytest.raises(TargetError) as exc:
        demotion_target(policy, from_level, proposal, requested)
    assert exc.value.code == code


def test_position_reason_is_lateral_only_within_a_grade(policy: Policy) -> None:
    assert position_reason(policy, "supervisor", "senior") == "横向"
    assert position_reason(policy, "senior", "intermediate") == "降级"


def test_the_review_chain_runs_in_order_and_final_states_are_final() -> None:
    chain = [("supervisor_review", CaseState.PROPOSED), ("manager_review", CaseState.SUPERVISOR_REVIEWED),
             ("hr_approve", CaseState.MANAGER_REVIEWED), ("make_effective", CaseState.HR_APPROVED)]
    for action, state in chain:
        assert transition_for(state, action).sources == frozenset({state})
    with pytest.raises(InvalidTransition):
        transition_for(CaseState.PROPOSED, "hr_approve")  # no skipping a review
    for state in FINAL:
        assert not [t for t in TRANSITIONS if state in t.sources]
    assert all(t.needs_reason for t in TRANSITIONS if t.action in ("reject", "withdraw"))
    # once both departments have spoken, only HR can still reject
    assert transition_for(CaseState.MANAGER_REVIEWED, "reject").roles == frozenset({"hr"})


def test_the_policy_may_change_whose_allowance_an_incident_withholds() -> None:
    text, _ = read_policy_source("logistics-dual-track")
    text = text.replace("  deduct_allowance_levels: [senior, expert]\n",
                        "  deduct_allowance_levels: [senior, expert, supervisor]\n")
    p = parse_policy(text)
    assert rules.deduct_allowance_levels(p) == frozenset({"senior", "expert", "supervisor"})
    assert rules.deduct_allowance_levels(load_policy("logistics-dual-track")) == frozenset({"senior", "expert"})
    assert rules.demotion_incident_types(p) == frozenset({"触犯高压线"})
    assert str(rules.monthly_allowance(p, "expert")) == "800.00" and str(rules.monthly_allowance(p, None)) == "0.00"


@pytest.mark.parametrize("module", ["workflow", "rules"])
def test_the_rules_modules_stay_pure(module: str) -> None:
    import ast
    from pathlib import Path

    import careerpath.discipline as pkg

    tree = ast.parse((Path(pkg.__file__).parent / f"{module}.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not [m for m in imported if m.split(".")[0] == "django" or m.startswith("careerpath.discipline.models")]
