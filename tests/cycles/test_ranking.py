"""Ranking with the documented tie-break and quotas rounded half up, computed through the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from careerpath.cycles import services as s
from careerpath.cycles.models import Candidate, Cycle
from careerpath.errors import Conflict, InvalidInput
from careerpath.evidence import models as ev
from careerpath.people.models import Position
from careerpath.promotions.models import Application

from .conftest import World, make_senior_ready, person


def _tie_world(w: World) -> None:
    """Four pairs with equal totals (B = 100): each pair is separated by the next tie-break key only."""
    def make(no: str, dept, *, exam: float, appraisal: float, since: date = date(2025, 1, 1),  # noqa: ANN001
             hired: date = date(2020, 1, 1)) -> None:
        w.people[no] = person(no, dept, level="intermediate", since=since, hired=hired)
        make_senior_ready(w.people[no], exam=exam, appraisal=appraisal)

    # total 91: the higher appraisal A wins although its 工号 is larger
    make("T01", w.east, exam=90, appraisal=80)
    make("T02", w.east, exam=80, appraisal=90)
    # total 82, same A: more months in the current level wins
    make("T03", w.east, exam=70, appraisal=70, since=date(2025, 6, 1))
    make("T04", w.east, exam=70, appraisal=70, since=date(2025, 1, 1))
    # total 76, same A and months: the earlier company hire date wins
    make("T05", w.south, exam=60, appraisal=60, hired=date(2021, 1, 1))
    make("T06", w.south, exam=60, appraisal=60, hired=date(2019, 1, 1))
    # total 70, identical: 工号 ascending
    make("T07", w.south, exam=50, appraisal=50)
    make("T08", w.south, exam=50, appraisal=50)


def _scored(w: World, *, before_scoring=None) -> Cycle:  # noqa: ANN001
    hr = w.users["hr"]
    c = s.cycle_open(actor=hr, year=2026)
    s.cycle_nominations_start(actor=hr, cycle=c)
    s.cycle_nominate(actor=hr, cycle=c, candidate_ids=list(Candidate.objects.filter(
        cycle=c, selectable=True).values_list("pk", flat=True)))
    s.cycle_nominations_close(actor=hr, cycle=c, today=date(2026, 11, 11))
    if before_scoring is not None:
        before_scoring()
    return s.cycle_score(actor=w.users["committee"], cycle=c)


def _order(c: Cycle) -> list[tuple[str, Decimal, int]]:
    return list(Candidate.objects.filter(cycle=c, rank__isnull=False).order_by("rank").values_list(
        "employee__employee_no", "total", "rank"))


def test_ties_are_broken_by_appraisal_months_in_level_hire_date_then_employee_no(world: World) -> None:
    _tie_world(world)
    c = _scored(world)
    assert _order(c) == [("T02", Decimal("91.00"), 1), ("T01", Decimal("91.00"), 2),
                         ("T04", Decimal("82.00"), 3), ("T03", Decimal("82.00"), 4),
                         ("T06", Decimal("76.00"), 5), ("T05", Decimal("76.00"), 6),
                         ("T07", Decimal("70.00"), 7), ("T08", Decimal("70.00"), 8)]
    t04, t03 = (Candidate.objects.get(cycle=c, employee__employee_no=n) for n in ("T04", "T03"))
    assert (t04.months_in_level, t03.months_in_level) == (23, 18)
    assert (t04.business, t04.exam, t04.appraisal) == (Decimal("100.00"), Decimal("70.00"), Decimal("70.00"))


@pytest.mark.parametrize(("percent", "proposed"), [
    ("31.25", ["T02", "T01", "T04"]),  # 2.5 places round half up to 3 (banker's rounding would give 2)
    ("18.75", ["T02", "T01"]),  # 1.5 → 2
    ("12.5", ["T02"]),  # 1.0 → 1
])
def test_a_percentage_quota_is_rounded_half_up(world: World, percent: str, proposed: list[str]) -> None:
    _tie_world(world)
    c = _scored(world)
    s.cycle_quota_set(actor=world.users["hr"], cycle=c, move_id="intermediate_to_senior", percent=Decimal(percent))
    got = list(Candidate.objects.filter(cycle=c, in_quota=True).order_by("rank").values_list(
        "employee__employee_no", flat=True))
    assert got == proposed


def test_department_quotas_apply_to_their_subtree_and_are_counted_per_department(world: World) -> None:
    _tie_world(world)
    c = _scored(world)
    committee = world.users["committee"]
    # 华东客服部 is the parent of 华东客服一部 (T01–T04): half of its 4 nominees; 华南 (T05–T08): 1 place.
    s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", department=world.region,
                      percent=50)
    s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", department=world.south,
                      absolute=1)
    got = list(Candidate.objects.filter(cycle=c, in_quota=True).order_by("rank").values_list(
        "employee__employee_no", flat=True))
    assert got == ["T02", "T01", "T06"]
    # Changing a quota moves the proposal at once.
    s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", department=world.south,
                      absolute=2)
    assert Candidate.objects.filter(cycle=c, in_quota=True).count() == 4


def test_a_quota_needs_exactly_one_size_and_a_move_the_cycle_selects(world: World) -> None:
    _tie_world(world)
    c = _scored(world)
    hr = world.users["hr"]
    with pytest.raises(InvalidInput):
        s.cycle_quota_set(actor=hr, cycle=c, move_id="intermediate_to_senior", absolute=1, percent=10)
    with pytest.raises(InvalidInput):
        s.cycle_quota_set(actor=hr, cycle=c, move_id="intermediate_to_supervisor", absolute=1)
    with pytest.raises(InvalidInput):
        s.cycle_quota_set(actor=hr, cycle=c, move_id="intermediate_to_senior", percent=120)


def test_the_committee_must_decide_everyone_under_a_quota_before_concluding(world: World) -> None:
    _tie_world(world)
    c = _scored(world)
    committee = world.users["committee"]
    with pytest.raises(Conflict) as exc:
        s.cycle_conclude(actor=committee, cycle=c)
    assert exc.value.code == "decisions_pending"
    t02 = Candidate.objects.get(cycle=c, employee__employee_no="T02")
    s.candidate_decide(actor=committee, candidate=t02, selected=False, reason="本人申请暂缓")  # no quota: not proposed
    with pytest.raises(Conflict) as exc:
        s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", absolute=2)
    assert exc.value.code == "decisions_made"  # quotas and scores are fixed once decisions exist
    with pytest.raises(Conflict) as exc:
        s.cycle_score(actor=committee, cycle=c)
    assert exc.value.code == "decisions_made"
    s.cycle_accept_proposal(actor=committee, cycle=c)
    with pytest.raises(Conflict) as exc:
        s.cycle_conclude(actor=committee, cycle=c)
    assert exc.value.code == "quota_missing"


def test_a_nominee_who_is_no_longer_eligible_is_listed_but_not_ranked(world: World) -> None:
    _tie_world(world)
    # Recorded after the lists were made: scoring reloads the facts and sees it.
    c = _scored(world, before_scoring=lambda: ev.Incident.objects.create(
        employee=world.people["T02"], date=date(2026, 11, 3), type="重大投诉"))
    t02 = Candidate.objects.get(cycle=c, employee__employee_no="T02")
    assert (t02.nominated, t02.eligible_at_scoring, t02.rank, t02.total) == (True, False, None, None)
    assert _order(c)[0][0] == "T01"
    with pytest.raises(Conflict) as exc:
        s.candidate_decide(actor=world.users["committee"], candidate=t02, selected=True, reason="x")
    assert exc.value.code == "not_ranked"


def test_the_vp_may_return_the_selection_and_the_committee_concludes_again(world: World) -> None:
    _tie_world(world)
    c = _scored(world)
    committee, vp = world.users["committee"], world.users["vp"]
    s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", absolute=2)
    s.cycle_accept_proposal(actor=committee, cycle=c)
    s.cycle_conclude(actor=committee, cycle=c)
    first = set(Application.objects.values_list("pk", flat=True))
    assert len(first) == 2
    with pytest.raises(InvalidInput) as exc:
        s.cycle_vp_return(actor=vp, cycle=c, reason="")
    assert exc.value.code == "reason_required"
    c = s.cycle_vp_return(actor=vp, cycle=c, reason="请复核T01的考评分")
    assert c.state == "scoring"
    assert set(Application.objects.filter(pk__in=first).values_list("state", flat=True)) == {"rejected"}
    t01 = Candidate.objects.get(cycle=c, employee__employee_no="T01")
    s.candidate_decide(actor=committee, candidate=t01, selected=False, reason="考评分复核后暂缓")
    t04 = Candidate.objects.get(cycle=c, employee__employee_no="T04")
    s.candidate_decide(actor=committee, candidate=t04, selected=True, reason="递补")
    s.cycle_conclude(actor=committee, cycle=c)
    s.cycle_vp_approve(actor=vp, cycle=c, note="同意")
    live = Application.objects.exclude(pk__in=first)
    assert sorted(live.values_list("employee__employee_no", "state")) == [("T02", "vp_approved"),
                                                                         ("T04", "vp_approved")]


def test_a_selected_candidate_whose_level_changed_since_opening_stops_the_conclusion(world: World) -> None:
    _tie_world(world)
    c = _scored(world)
    committee = world.users["committee"]
    s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", absolute=1)
    s.cycle_accept_proposal(actor=committee, cycle=c)
    Position.objects.filter(employee=world.people["T02"], end_on__isnull=True).update(end_on=date(2026, 11, 30))
    Position.objects.create(employee=world.people["T02"], level="supervisor", start_on=date(2026, 12, 1))
    with pytest.raises(Conflict) as exc:
        s.cycle_conclude(actor=committee, cycle=c)
    assert exc.value.code == "position_changed" and exc.value.details == {"employee_nos": ["T02"]}
    assert not Application.objects.exists()
