"""The cycle's states and transitions, the moves it selects for, and quota grouping — pure, no database."""

from __future__ import annotations

import pytest

from careerpath.core.loader import load_policy
from careerpath.cycles import rules
from careerpath.cycles.workflow import (
    ACTIVITIES,
    LABELS,
    TRANSITIONS,
    CycleState,
    InvalidTransition,
    activity_allowed,
    transition_for,
)

S = CycleState


@pytest.mark.parametrize(("state", "action", "target"), [
    (S.OPEN, "refresh_candidates", S.OPEN),
    (S.OPEN, "start_nominations", S.NOMINATING),
    (S.NOMINATING, "close_nominations", S.SCORING),
    (S.SCORING, "score", S.SCORING),
    (S.SCORING, "conclude", S.COMMITTEE),
    (S.COMMITTEE, "vp_approve", S.VP_APPROVED),
    (S.COMMITTEE, "vp_return", S.SCORING),
    (S.VP_APPROVED, "publish_notice", S.IN_NOTICE),
    (S.IN_NOTICE, "hr_approve", S.APPROVED),
    (S.APPROVED, "issue_letters", S.LETTERS_ISSUED),
    (S.LETTERS_ISSUED, "make_effective", S.EFFECTIVE),
])
def test_each_transition_leads_to_its_target(state: S, action: str, target: S) -> None:
    assert transition_for(state, action).target is target


@pytest.mark.parametrize(("state", "action"), [
    (S.OPEN, "score"), (S.NOMINATING, "conclude"), (S.SCORING, "vp_approve"), (S.COMMITTEE, "publish_notice"),
    (S.EFFECTIVE, "make_effective"), (S.NOMINATING, "refresh_candidates"),
])
def test_an_action_out_of_order_is_refused_with_the_state_named(state: S, action: str) -> None:
    with pytest.raises(InvalidTransition) as exc:
        transition_for(state, action)
    assert LABELS[state][0] in str(exc.value)


def test_every_state_but_the_last_can_be_left_and_every_state_is_labelled() -> None:
    sources = {s for t in TRANSITIONS for s in t.sources if t.target is not s}
    assert sources == set(S) - {S.EFFECTIVE}
    assert set(LABELS) == set(S)
    assert {t.action for t in TRANSITIONS if t.needs_reason} == {"vp_return"}


def test_work_inside_a_state_is_declared_too() -> None:
    assert activity_allowed(S.NOMINATING, "nominate") and not activity_allowed(S.SCORING, "nominate")
    assert activity_allowed(S.SCORING, "record_exam") and not activity_allowed(S.COMMITTEE, "record_exam")
    assert ACTIVITIES["decide"] == frozenset({S.SCORING})


def test_the_cycle_selects_the_skill_ladder_and_lists_management_and_lateral_moves() -> None:
    policy = load_policy("logistics-dual-track")
    selected = {m.id for m in policy.moves if rules.selects(m, policy)}
    assert selected == {"assistant_to_junior", "junior_to_intermediate", "intermediate_to_senior", "senior_to_expert"}


N = rules.Nominee


def test_the_nearest_department_quota_wins_and_the_company_quota_covers_the_rest() -> None:
    # departments: 1 (region) ⊃ 2 (east); 3 (south) has no quota of its own
    parents = {1: None, 2: 1, 3: None}
    nominees = [N(10, "m", 2, 1), N(11, "m", 2, 2), N(12, "m", 1, 3), N(13, "m", 3, 4), N(14, "m", 3, 5),
                N(15, "m", 3, None)]
    groups = rules.quota_groups(nominees, [rules.QuotaRule("m", 1, absolute=2),
                                           rules.QuotaRule("m", None, percent=50)], parents)
    sized = {g.department_id: (g.nominated, g.size, [n.key for n in g.proposed]) for g in groups}
    # The region's quota covers east too; the company's 50 % of south's 3 nominees (one unranked) is 1.5 → 2.
    assert sized == {1: (3, 2, [10, 11]), None: (3, 2, [13, 14])}
    assert rules.in_quota(groups) == {10, 11, 13, 14}


def test_without_a_quota_nobody_is_proposed_and_the_group_says_so() -> None:
    groups = rules.quota_groups([N(1, "m", None, 1)], [], {})
    assert [(g.rule, g.size, g.proposed) for g in groups] == [(None, 0, [])]


@pytest.mark.parametrize(("percent", "nominated", "size"), [(50, 5, 3), (50, 3, 2), (12.5, 4, 1), (10, 4, 0),
                                                            (31.25, 8, 3), (100, 7, 7)])
def test_a_percentage_is_rounded_half_up(percent: float, nominated: int, size: int) -> None:
    nominees = [N(i, "m", None, i + 1) for i in range(nominated)]
    (g,) = rules.quota_groups(nominees, [rules.QuotaRule("m", None, percent=percent)], {})
    assert g.size == size
