"""A notice's objection period never starts before it is published in the system (SPEC §5; issue 7, finding 5).

Back-dating would let a notice open and close at once — approved, letter issued, nobody able to object.
Scheduling a later start is fine.
"""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.cycles import services as cs
from careerpath.cycles.models import Cycle
from careerpath.errors import InvalidInput
from careerpath.policy_versions.models import PolicyVersion
from careerpath.promotions import services as s
from careerpath.promotions.models import Application, DocumentCounter, Notice
from tests.cycles.conftest import senior_candidates
from tests.procedures.conftest import Api


def _ready_for_notice(company) -> Application:  # noqa: ANN001
    return Application.objects.create(
        employee=company.agent, move_id="junior_to_intermediate", move_type="promotion", from_level="junior",
        to_level="intermediate", state="manager_reviewed", route="individual",
        policy_version=PolicyVersion.objects.get(is_active=True))


@pytest.mark.parametrize(("today", "published_on"), [
    ("2026-12-01", "2026-11-02"),  # the finding: a month back, the period long over
    ("2026-09-28", "2026-09-25"),  # last Friday: the period would already be half over
    ("2026-09-28", "2026-09-27"),  # yesterday (a Sunday) still starts the count before publication
])
def test_it_refuses_a_back_dated_notice(company, settings, today, published_on) -> None:  # noqa: ANN001
    # given an application ready for its notice
    settings.CAREERPATH_TODAY = today
    app = _ready_for_notice(company)
    # when HR publishes it dated before today
    res = Api(company.users["hr"]).post("/notices", {"application_ids": [app.pk], "published_on": published_on,
                                                     "effective_on": "2027-01-01"})
    # then it is refused, saying why, and nothing changed: no notice, no number taken, no audit event
    assert res.status_code == 400, res.json()
    body = res.json()
    assert (body["code"], body["field"]) == ("notice_backdated", "published_on")
    assert published_on in body["message"] and today in body["message"]
    assert Application.objects.get(pk=app.pk).state == "manager_reviewed"
    assert not Notice.objects.exists() and not DocumentCounter.objects.filter(kind="notice").exists()
    assert not AuditEvent.objects.filter(action__in=["notice.publish", "application.publish_notice"]).exists()


@pytest.mark.parametrize(("published_on", "first_day", "last_day"), [
    (date(2026, 9, 28), date(2026, 9, 28), date(2026, 10, 9)),  # today: 09-28, 09-29, 09-30, 10-08, 10-09
    (date(2026, 9, 30), date(2026, 9, 30), date(2026, 10, 12)),  # scheduled: SPEC §5's example
    (date(2026, 10, 3), date(2026, 10, 8), date(2026, 10, 13)),  # scheduled into the holiday: next working day
])
def test_it_publishes_a_notice_dated_today_or_later(company, published_on, first_day, last_day) -> None:  # noqa: ANN001
    # given today 2026-09-28 (the company fixture's clock)
    app = _ready_for_notice(company)
    notice = s.notice_publish(actor=company.users["hr"], applications=[app], published_on=published_on,
                              effective_on=date(2026, 11, 1))
    # then the whole period lies at or after the moment of publication
    assert (notice.first_day, notice.last_day) == (first_day, last_day)
    assert notice.first_day >= date(2026, 9, 28)


def test_the_service_refuses_a_back_dated_notice_whoever_calls_it(company) -> None:  # noqa: ANN001
    app = _ready_for_notice(company)
    with pytest.raises(InvalidInput) as exc:
        s.notice_publish(actor=company.users["hr"], applications=[app], published_on=date(2026, 9, 1),
                         effective_on=date(2026, 11, 1))
    assert exc.value.code == "notice_backdated"


def _cycle_approved_by_the_vp(world) -> Cycle:  # noqa: ANN001
    senior_candidates(world, {"C1": (world.east, 90, 90), "C2": (world.east, 80, 80)})
    hr, committee = world.users["hr"], world.users["committee"]
    c = cs.cycle_open(actor=hr, year=2026)
    cs.cycle_nominations_start(actor=hr, cycle=c)
    cs.cycle_nominate(actor=world.users["mgr1"], cycle=c,
                      candidate_ids=[x.pk for x in c.candidates.filter(selectable=True)])
    cs.cycle_nominations_close(actor=hr, cycle=c, today=date(2026, 11, 11))
    cs.cycle_score(actor=committee, cycle=c)
    cs.cycle_quota_set(actor=hr, cycle=c, move_id="intermediate_to_senior", absolute=1)
    cs.cycle_accept_proposal(actor=committee, cycle=c)
    cs.cycle_conclude(actor=committee, cycle=c)
    return cs.cycle_vp_approve(actor=world.users["vp"], cycle=Cycle.objects.get(pk=c.pk), note="同意")


def test_it_refuses_a_back_dated_cycle_notice(world, settings) -> None:  # noqa: ANN001
    # given a cycle approved by the VP, and today 1 December
    c = _cycle_approved_by_the_vp(world)
    assert c.state == "vp_approved"
    settings.CAREERPATH_TODAY = "2026-12-01"
    hr = world.api("hr")
    # when HR publishes the cycle's notice dated the day the cycle opened
    res = hr.post("/cycles/2026/notice", {"published_on": "2026-11-02"})
    # then it is refused and the cycle and its applications stay where they were
    assert res.status_code == 400, res.json()
    assert res.json()["code"] == "notice_backdated"
    assert Cycle.objects.get(pk=c.pk).state == "vp_approved"
    assert set(Application.objects.values_list("state", flat=True)) == {"vp_approved"}
    assert not Notice.objects.exists()
    # and published today, the notice runs its five working days from today
    res = hr.post("/cycles/2026/notice", {})
    assert res.status_code == 201, res.json()
    notice = Notice.objects.get()
    assert (notice.published_on, notice.first_day, notice.last_day) == (
        date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 7))
