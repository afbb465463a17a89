"""Nobody decides about themself: every decision step of the four procedures, by a subject holding every role.

Each row takes one step whose subject is the acting user themself (their application, candidacy,
placement proposal or demotion case). Whatever roles they hold (all of them, with or without admin),
the step is refused with 403 ``self_decision`` and nothing changes: no state, no audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import override_settings

from careerpath.accounts.models import Role
from careerpath.audit.models import AuditEvent
from careerpath.cycles import services as cs
from careerpath.cycles.models import Candidate, Cycle
from careerpath.discipline import services as ds
from careerpath.discipline.models import DemotionCase
from careerpath.errors import Forbidden
from careerpath.people.models import Employee, Position
from careerpath.placement import services as ps
from careerpath.placement.models import PlacementProposal, PlacementRun
from careerpath.policy_versions.selectors import active_version
from careerpath.promotions import services as s
from careerpath.promotions.models import Application
from tests.apiclient import make_user
from tests.cycles.conftest import senior_candidates

ALL_ROLES = [r.value for r in Role]
ROLE_SETS = {"every role": ALL_ROLES, "every role but admin": [r for r in ALL_ROLES if r != Role.ADMIN]}


def _refused(call: Callable[[], Any], snapshot: Callable[[], Any]) -> None:
    before, events = snapshot(), AuditEvent.objects.count()
    with pytest.raises(Forbidden) as exc:
        call()
    assert exc.value.code == "self_decision", exc.value.message
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


# ---------------------------------------------------------------------------------------------------
# Promotion: the department manager's own application


def _application(emp: Employee, state: str, route: str = "individual") -> Application:
    app = Application.objects.create(
        employee=emp, move_id="manager_to_deputy_director", move_type="promotion", from_level="manager",
        to_level="deputy_director", state=state, route=route, policy_version=active_version(),
        effective_on=date(2026, 10, 16))
    if state == "in_probation":
        app.position_after = Position.objects.create(employee=emp, level="deputy_director",
                                                     start_on=date(2026, 10, 16), reason="晋升")
        app.save()
    return app


def _publish(actor, app: Application):  # noqa: ANN001, ANN202
    # On 30 September, the day the notice starts: a notice is never back-dated.
    with override_settings(CAREERPATH_TODAY="2026-09-30"):
        return s.notice_publish(actor=actor, applications=[app], published_on=date(2026, 9, 30),
                                effective_on=date(2026, 10, 16))


def _in_notice(company, emp: Employee) -> Application:  # noqa: ANN001
    app = _application(emp, "manager_reviewed")
    _publish(company.users["hr"], app)
    return Application.objects.get(pk=app.pk)


def _objection(company, emp: Employee):  # noqa: ANN001, ANN202
    app = _in_notice(company, emp)
    entry = app.notice_entries.get()
    return s.objection_file(actor=company.users["agent"], entry=entry, text="异议", today=date(2026, 10, 8))


PROMOTION_STEPS: dict[str, tuple[Callable[[Any, Employee], Any], Callable[[Any, Any], Any]]] = {
    # step -> (set-up returning the object, the call by the subject)
    "supervisor_review": (lambda c, e: _application(e, "submitted"),
                          lambda u, a: s.application_supervisor_review(actor=u, application=a, interview_note="面谈",
                                                                       review_report="报告")),
    "manager_review": (lambda c, e: _application(e, "supervisor_reviewed"),
                       lambda u, a: s.application_manager_review(actor=u, application=a, note="同意")),
    "committee_decide": (lambda c, e: _application(e, "manager_reviewed", "cycle"),
                         lambda u, a: s.application_committee_decide(actor=u, application=a, note="入选")),
    "vp_approve": (lambda c, e: _application(e, "committee_reviewed", "cycle"),
                   lambda u, a: s.application_vp_approve(actor=u, application=a, note="同意")),
    "publish_notice": (lambda c, e: _application(e, "manager_reviewed"),
                       _publish),
    "close_notice": (_in_notice,
                     lambda u, a: s.notice_close(actor=u, notice=a.notice_entries.get().notice,
                                                 today=date(2026, 10, 20))),
    "resolve_objection": (_objection,
                          lambda u, o: s.objection_resolve(actor=u, objection=o, upheld=False, note="不成立")),
    "hr_approve": (lambda c, e: _application(e, "notice_closed"),
                   lambda u, a: s.application_hr_approve(actor=u, application=a, note="同意")),
    "issue_letter": (lambda c, e: _application(e, "hr_approved"),
                     lambda u, a: s.letter_issue(actor=u, application=a, issued_on=date(2026, 10, 9))),
    "confirm": (lambda c, e: _application(e, "in_probation"),
                lambda u, a: s.application_confirm(actor=u, application=a, note="合格")),
    "revert": (lambda c, e: _application(e, "in_probation"),
               lambda u, a: s.application_revert(actor=u, application=a, reason="考核未通过", on=date(2026, 12, 1))),
    "reject": (lambda c, e: _application(e, "submitted"),
               lambda u, a: s.application_reject(actor=u, application=a, reason="条件不足")),
    "return_to_applicant": (lambda c, e: _application(e, "supervisor_reviewed"),
                            lambda u, a: s.application_return(actor=u, application=a, reason="请补充")),
}


@pytest.mark.parametrize("roles", sorted(ROLE_SETS))
@pytest.mark.parametrize("step", sorted(PROMOTION_STEPS))
def test_nobody_takes_a_promotion_step_about_themself(company, settings, step: str, roles: str) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-10-20"
    # given the department manager holding every role, and an application of their own at this step
    me = make_user("omni", *ROLE_SETS[roles], employee=company.manager)
    setup, call = PROMOTION_STEPS[step]
    target = setup(company, company.manager)
    # then the step is refused and nothing changes
    _refused(lambda: call(me, target), lambda: list(Application.objects.values_list("pk", "state")))


def test_the_subject_keeps_their_own_actions(company) -> None:  # noqa: ANN001
    # given a subject holding every role: withdrawing their own application is theirs to do
    me = make_user("omni", *ALL_ROLES, employee=company.manager)
    app = _application(company.manager, "draft")
    assert s.application_withdraw(actor=me, application=app, reason="个人原因").state == "withdrawn"


# ---------------------------------------------------------------------------------------------------
# Annual cycle: a candidate holding every role


@pytest.fixture
def cycle_world(world):  # noqa: ANN001, ANN201
    senior_candidates(world, {"C1": (world.east, 90, 90), "C2": (world.east, 80, 80)})
    return world


def _cycle_at(w, stage: str) -> tuple[Cycle, Candidate]:  # noqa: ANN001
    hr, mgr, committee = w.users["hr"], w.users["mgr1"], w.users["committee"]
    c = cs.cycle_open(actor=hr, year=2026)
    cs.cycle_nominations_start(actor=hr, cycle=c)
    own = Candidate.objects.get(cycle=c, employee__employee_no="C1")
    if stage == "nominating":
        return c, own
    ids = list(Candidate.objects.filter(cycle=c, selectable=True).values_list("pk", flat=True))
    cs.cycle_nominate(actor=mgr, cycle=Cycle.objects.get(pk=c.pk), candidate_ids=ids)
    cs.cycle_nominations_close(actor=hr, cycle=Cycle.objects.get(pk=c.pk), today=date(2026, 11, 11))
    if stage == "scoring":
        return Cycle.objects.get(pk=c.pk), own
    cs.cycle_score(actor=committee, cycle=Cycle.objects.get(pk=c.pk))
    cs.cycle_quota_set(actor=hr, cycle=Cycle.objects.get(pk=c.pk), move_id="intermediate_to_senior", absolute=2)
    if stage == "scored":
        return Cycle.objects.get(pk=c.pk), Candidate.objects.get(pk=own.pk)
    cs.cycle_accept_proposal(actor=committee, cycle=Cycle.objects.get(pk=c.pk))
    if stage == "decided":
        return Cycle.objects.get(pk=c.pk), own
    cs.cycle_conclude(actor=committee, cycle=Cycle.objects.get(pk=c.pk))
    return Cycle.objects.get(pk=c.pk), own


CYCLE_STEPS: dict[str, tuple[str, Callable[[Any, Cycle, Candidate], Any]]] = {
    "nominate": ("nominating", lambda u, c, x: cs.cycle_nominate(actor=u, cycle=c, candidate_ids=[x.pk])),
    "record_own_exam": ("scoring", lambda u, c, x: cs.candidate_exam_record(
        actor=u, cycle=c, employee_no="C1", exam="技术评定考试", on=date(2026, 11, 20), passed=True, score=100)),
    "score": ("scoring", lambda u, c, x: cs.cycle_score(actor=u, cycle=c)),
    "decide": ("scored", lambda u, c, x: cs.candidate_decide(actor=u, candidate=x, selected=True)),
    "accept_proposal": ("scored", lambda u, c, x: cs.cycle_accept_proposal(actor=u, cycle=c)),
    "conclude": ("decided", lambda u, c, x: cs.cycle_conclude(actor=u, cycle=c)),
    "vp_approve": ("concluded", lambda u, c, x: cs.cycle_vp_approve(actor=u, cycle=c, note="同意")),
    "vp_return": ("concluded", lambda u, c, x: cs.cycle_vp_return(actor=u, cycle=c, reason="重议")),
}


def _cycle_snapshot() -> list:
    return [list(Cycle.objects.values_list("pk", "state")),
            list(Candidate.objects.order_by("pk").values_list("pk", "nominated", "decision", "rank")),
            list(Application.objects.values_list("pk", "state"))]


@pytest.mark.parametrize("roles", sorted(ROLE_SETS))
@pytest.mark.parametrize("step", sorted(CYCLE_STEPS))
def test_nobody_takes_a_cycle_step_about_their_own_candidacy(cycle_world, step: str, roles: str) -> None:  # noqa: ANN001
    stage, call = CYCLE_STEPS[step]
    cycle, own = _cycle_at(cycle_world, stage)
    me = make_user("omni", *ROLE_SETS[roles], employee=cycle_world.people["C1"])
    _refused(lambda: call(me, cycle, own), _cycle_snapshot)


# ---------------------------------------------------------------------------------------------------
# Initial placement: HR placed by the run


def _placement(w, stage: str) -> tuple[PlacementRun, PlacementProposal]:  # noqa: ANN001
    hr = w.users["hr"]
    run = ps.placement_run_start(actor=hr, as_of=date(2026, 11, 2), effective_on=date(2026, 12, 1))
    own = PlacementProposal.objects.get(run=run, employee__employee_no="C1")
    if stage == "reviewed":
        run = ps.placement_review_close(actor=hr, run=run, today=date(2026, 11, 11))
    return run, own


PLACEMENT_STEPS: dict[str, tuple[str, Callable[[Any, PlacementRun, PlacementProposal], Any]]] = {
    "adjust_own_level": ("open", lambda u, r, p: ps.placement_proposal_review(actor=u, proposal=p, level="expert",
                                                                               reason="本人认为")),
    "agree_own_level": ("open", lambda u, r, p: ps.placement_proposal_review(actor=u, proposal=p)),
    "confirm_run": ("reviewed", lambda u, r, p: ps.placement_run_confirm(actor=u, run=r)),
}


@pytest.mark.parametrize("roles", sorted(ROLE_SETS))
@pytest.mark.parametrize("step", sorted(PLACEMENT_STEPS))
def test_nobody_places_themself(cycle_world, step: str, roles: str) -> None:  # noqa: ANN001
    stage, call = PLACEMENT_STEPS[step]
    run, own = _placement(cycle_world, stage)
    me = make_user("omni", *ROLE_SETS[roles], employee=cycle_world.people["C1"])
    _refused(lambda: call(me, run, own), lambda: [
        list(PlacementRun.objects.values_list("pk", "state")),
        list(PlacementProposal.objects.order_by("pk").values_list("pk", "adjusted_level", "reviewed_at")),
        Position.objects.count()])


# ---------------------------------------------------------------------------------------------------
# Demotion: the department manager's own case


def _case(company, state: str) -> DemotionCase:  # noqa: ANN001
    case = ds.demotion_case_open(actor=company.users["hr"], employee=company.manager, proposal="one_level_down",
                                 reason="持续未达标")
    DemotionCase.objects.filter(pk=case.pk).update(state=state)
    return DemotionCase.objects.get(pk=case.pk)


DEMOTION_STEPS: dict[str, tuple[str, Callable[[Any, DemotionCase], Any]]] = {
    "supervisor_review": ("proposed", lambda u, c: ds.demotion_case_supervisor_review(actor=u, case=c, note="同意")),
    "manager_review": ("supervisor_reviewed",
                       lambda u, c: ds.demotion_case_manager_review(actor=u, case=c, note="同意")),
    "hr_approve": ("manager_reviewed",
                   lambda u, c: ds.demotion_case_approve(actor=u, case=c, effective_on=date(2026, 11, 1))),
    "reject": ("proposed", lambda u, c: ds.demotion_case_reject(actor=u, case=c, reason="不成立")),
    "withdraw": ("manager_reviewed", lambda u, c: ds.demotion_case_withdraw(actor=u, case=c, reason="撤回")),
    "notes": ("proposed", lambda u, c: ds.demotion_case_notes_set(actor=u, case=c, notes="本人备注")),
}


@pytest.mark.parametrize("roles", sorted(ROLE_SETS))
@pytest.mark.parametrize("step", sorted(DEMOTION_STEPS))
def test_nobody_decides_their_own_demotion(company, step: str, roles: str) -> None:  # noqa: ANN001
    state, call = DEMOTION_STEPS[step]
    case = _case(company, state)
    me = make_user("omni", *ROLE_SETS[roles], employee=company.manager)
    _refused(lambda: call(me, case), lambda: list(DemotionCase.objects.values_list("pk", "state", "notes")))
