"""The approval chain comes from the policy: the configured review steps are the steps the workflow runs."""

from __future__ import annotations

import re
from datetime import date

import pytest

from careerpath.core.loader import parse_policy, read_policy_source
from careerpath.core.policy import Policy
from careerpath.core.workflow import InvalidTransition, Route, State, machine_for
from careerpath.cycles import services as cs
from careerpath.cycles.models import Cycle
from careerpath.cycles.workflow import CycleState
from careerpath.cycles.workflow import machine_for as cycle_machine_for
from careerpath.errors import Conflict
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.services import policy_version_create, policy_version_publish
from careerpath.promotions import services as s
from careerpath.promotions.models import Application
from tests.cycles.conftest import senior_candidates

PRESET, _ = read_policy_source("logistics-dual-track")
DEFAULT_CHAIN = re.compile(r"^  review_steps: \[supervisor, manager, hr\].*$", re.M)
DEFAULT_CYCLE_CHAIN = re.compile(r"^  cycle_review_steps: \[supervisor, manager, committee, vp, hr\].*$", re.M)
DEFAULT_NOTICE = re.compile(r"^  notice_working_days: 5\b.*$", re.M)


def _yaml(*, chain: str | None = None, cycle_chain: str | None = None, notice_days: int | None = None) -> str:
    # Only YAML changes: the preset's own lines, rewritten.
    text = PRESET
    assert DEFAULT_CHAIN.search(text) and DEFAULT_CYCLE_CHAIN.search(text) and DEFAULT_NOTICE.search(text)
    if chain is not None:
        text = DEFAULT_CHAIN.sub(f"  review_steps: [{chain}]", text)
    if cycle_chain is not None:
        text = DEFAULT_CYCLE_CHAIN.sub(f"  cycle_review_steps: [{cycle_chain}]", text)
    if notice_days is not None:
        text = DEFAULT_NOTICE.sub(f"  notice_working_days: {notice_days}", text)
    return text.replace('version: "2026.3"', 'version: "2026.2-chain"')


def _policy(**kw: object) -> Policy:
    return parse_policy(_yaml(**kw))  # type: ignore[arg-type]


def _walk(policy: Policy, route: Route, actions: list[str]) -> State:
    m = machine_for(policy.process)
    state = State.SUBMITTED
    for a in actions:
        state = m.transition_for(state, a, route.value).target
    return state


def test_the_preset_declares_the_chain_of_the_seed() -> None:
    # 第四章: supervisor review with interview → manager → 公示 5 working days → HR approval → letter;
    # the annual cycle adds the committee and the VP.
    p = parse_policy(PRESET)
    assert p.process.review_steps == ("supervisor", "manager", "hr")
    assert p.process.cycle_review_steps == ("supervisor", "manager", "committee", "vp", "hr")
    assert p.process.notice_working_days == 5


@pytest.mark.parametrize(("chain", "route", "path"), [
    ("supervisor, manager, hr", Route.INDIVIDUAL, ["supervisor_review", "manager_review"]),
    ("supervisor, hr", Route.INDIVIDUAL, ["supervisor_review"]),
    ("manager, hr", Route.INDIVIDUAL, ["manager_review"]),
])
def test_the_configured_steps_lead_to_the_notice(chain: str, route: Route, path: list[str]) -> None:
    policy = _policy(chain=chain)
    state = _walk(policy, route, [*path, "publish_notice", "close_notice", "hr_approve"])
    assert state is State.HR_APPROVED


@pytest.mark.parametrize(("chain", "state", "refused"), [
    ("supervisor, hr", State.SUPERVISOR_REVIEWED, "manager_review"),
    ("manager, hr", State.SUBMITTED, "supervisor_review"),
    ("supervisor, manager, hr", State.SUPERVISOR_REVIEWED, "publish_notice"),
])
def test_a_step_the_policy_does_not_list_is_refused(chain: str, state: State, refused: str) -> None:
    with pytest.raises(InvalidTransition) as exc:
        machine_for(_policy(chain=chain).process).transition_for(state, refused, Route.INDIVIDUAL.value)
    assert refused in str(exc.value)


def test_a_cycle_chain_without_the_vp_goes_from_the_committee_to_the_notice() -> None:
    policy = _policy(cycle_chain="supervisor, manager, committee, hr")
    assert _walk(policy, Route.CYCLE, ["supervisor_review", "manager_review", "committee_decide",
                                       "publish_notice"]) is State.IN_NOTICE
    m = cycle_machine_for(policy.process)
    assert m.transition_for(CycleState.COMMITTEE, "publish_notice").target is CycleState.IN_NOTICE
    for action in ("vp_approve", "vp_return"):
        with pytest.raises(InvalidTransition):
            m.transition_for(CycleState.COMMITTEE, action)
    # the preset's cycle keeps the VP
    with pytest.raises(InvalidTransition):
        cycle_machine_for(parse_policy(PRESET).process).transition_for(CycleState.COMMITTEE, "publish_notice")


def _install(text: str) -> PolicyVersion:
    pv = policy_version_create(actor=None, yaml_text=text)
    assert not pv.problems, pv.problems
    return policy_version_publish(actor=None, version=pv, published_on=date(2026, 1, 2), consultation_note="职代会",
                                  announcement_note="已公告")


def test_a_company_with_a_supervisor_hr_chain_and_a_3_day_notice_changes_only_yaml(company) -> None:  # noqa: ANN001
    # given a policy whose chain is supervisor → HR and whose notice lasts 3 working days (第十一条)
    _install(_yaml(chain="supervisor, hr", notice_days=3))
    u = company.users
    app = s.application_create(actor=u["agent"], employee=company.agent, to_level="intermediate")
    app = s.application_submit(actor=u["agent"], application=app, as_of=date(2026, 9, 28))
    app = s.application_supervisor_review(actor=u["supervisor"], application=app, interview_note="面谈",
                                          review_report="报告")
    # when the manager tries to review, the workflow refuses: the policy has no manager review
    with pytest.raises(Conflict) as exc:
        s.application_manager_review(actor=u["manager"], application=app, note="同意")
    assert exc.value.code == "invalid_transition"
    # then HR publishes the notice straight after the supervisor's review, for 3 working days:
    # 09-30, then 10-08 and 10-09 after the National Day holiday
    notice = s.notice_publish(actor=u["hr"], applications=[Application.objects.get(pk=app.pk)],
                              published_on=date(2026, 9, 30), effective_on=date(2026, 10, 16))
    assert (notice.working_days, notice.first_day, notice.last_day) == (3, date(2026, 9, 30), date(2026, 10, 9))
    with pytest.raises(Conflict):
        s.notice_close(actor=u["hr"], notice=notice, today=date(2026, 10, 9))
    s.notice_close(actor=u["hr"], notice=notice, today=date(2026, 10, 10))
    app = s.application_hr_approve(actor=u["hr"], application=Application.objects.get(pk=app.pk), note="同意")
    assert app.state == "hr_approved"


def test_the_preset_notice_lasts_5_working_days(company) -> None:  # noqa: ANN001
    app = Application.objects.create(
        employee=company.agent, move_id="junior_to_intermediate", move_type="promotion", from_level="junior",
        to_level="intermediate", state="manager_reviewed", route="individual",
        policy_version=PolicyVersion.objects.get(is_active=True))
    notice = s.notice_publish(actor=company.users["hr"], applications=[app], published_on=date(2026, 9, 30),
                              effective_on=date(2026, 10, 16))
    assert (notice.working_days, notice.last_day) == (5, date(2026, 10, 12))  # SPEC §5's example


def test_a_cycle_without_the_vp_publishes_after_the_committee(world) -> None:  # noqa: ANN001
    # given a policy whose cycle chain has no VP approval
    _install(_yaml(cycle_chain="supervisor, manager, committee, hr"))
    senior_candidates(world, {"C1": (world.east, 90, 90), "C2": (world.east, 80, 80)})
    hr, committee, vp = world.users["hr"], world.users["committee"], world.users["vp"]
    c = cs.cycle_open(actor=hr, year=2026)
    cs.cycle_nominations_start(actor=hr, cycle=c)
    ids = [x.pk for x in c.candidates.filter(selectable=True)]
    cs.cycle_nominate(actor=world.users["mgr1"], cycle=c, candidate_ids=ids)
    cs.cycle_nominations_close(actor=hr, cycle=c, today=date(2026, 11, 11))
    cs.cycle_score(actor=committee, cycle=c)
    cs.cycle_quota_set(actor=hr, cycle=c, move_id="intermediate_to_senior", absolute=1)
    cs.cycle_accept_proposal(actor=committee, cycle=c)
    cs.cycle_conclude(actor=committee, cycle=c)
    assert list(Application.objects.values_list("state", flat=True)) == ["committee_reviewed"]
    # when the VP tries to approve, the workflow refuses: the policy has no VP step
    with pytest.raises(Conflict) as exc:
        cs.cycle_vp_approve(actor=vp, cycle=Cycle.objects.get(pk=c.pk))
    assert exc.value.code == "invalid_transition"
    # then HR publishes the notice right after the committee's decision
    c = cs.cycle_notice_publish(actor=hr, cycle=Cycle.objects.get(pk=c.pk), published_on=date(2026, 12, 1))
    assert c.state == "in_notice"
    assert list(Application.objects.values_list("state", flat=True)) == ["in_notice"]
