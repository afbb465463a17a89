"""The probation plan (考察期计划): created when a promotion becomes effective from the policy's
``process.probation_plan`` for the new level, a mentor assigned, training tasks completed by the training
records, assessments recorded; HR's confirm/revert stays the decision; the API."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence import models as ev
from careerpath.mentoring import selectors as sel
from careerpath.mentoring import services as s
from careerpath.mentoring.models import Pair, PairPurpose, PairState, ProbationPlan, ProbationTask
from careerpath.promotions import services as ps
from careerpath.promotions.models import Notification
from tests.apiclient import Api
from tests.web.approvals_world import EFFECTIVE_ON, PROBATION_ENDS, World, advance, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


@pytest.fixture
def plan(world, django_capture_on_commit_callbacks) -> ProbationPlan:  # noqa: ANN001
    with django_capture_on_commit_callbacks(execute=True):
        app = advance(world, world.agents[:1], State.IN_PROBATION)[0]
    return ProbationPlan.objects.get(application=app)


def test_the_effective_date_creates_the_plan_with_the_policy_s_tasks_due_at_the_probation_end(world, plan):
    assert plan.due_on == PROBATION_ENDS == plan.application.probation_ends_on
    assert [(t.kind, t.name_zh, t.name_en) for t in plan.tasks.all()] == [
        ("assessment", "考察期业务考核", "Probation performance assessment")]
    assert Notification.objects.filter(user=world.users["agent"], url=s.plan_url(plan)).exists()
    assert Notification.objects.filter(user=world.users["supervisor"], url=s.plan_url(plan)).exists()
    # a second effective run changes nothing
    assert s.probation_plan_create(application=plan.application) == plan and plan.tasks.count() == 1


def test_a_training_task_completes_from_a_training_on_or_after_the_effective_date(world, plan):
    ProbationTask.objects.create(plan=plan, seq=2, kind="training", program="储备干部培训", name_zh="储备干部培训",
                                 name_en="Reserve cadre training")
    emp = plan.application.employee
    ev.Training.objects.create(employee=emp, program="储备干部培训", date=date(2026, 9, 1), result="passed")
    ev.Training.objects.create(employee=emp, program="储备干部培训", date=date(2026, 11, 2), result="failed")
    view = sel.plan_view(plan=sel.plan_of_application(application_id=plan.application_id))
    assert [t.done for t in view.tasks] == [False, False] and view.open_count == 2
    ev.Training.objects.create(employee=emp, program="储备干部培训", date=date(2026, 11, 20), result="attended")
    view = sel.plan_view(plan=plan)
    assert [(t.done, t.done_on) for t in view.tasks][1] == (True, date(2026, 11, 20)) and view.open_count == 1


def test_the_supervisor_assigns_a_mentor_and_records_the_assessment(world, plan):
    mentor = world.agents[2]
    s.probation_assign_mentor(actor=world.users["supervisor"], plan=plan, mentor=mentor)
    plan.refresh_from_db()
    pair = plan.pair
    assert (pair.mentor, pair.mentee, pair.purpose, pair.planned_on, pair.started_on, pair.mentorship) == (
        mentor, plan.application.employee, PairPurpose.PROBATION, PROBATION_ENDS, EFFECTIVE_ON, None)
    # changing the mentor ends the first pair
    s.probation_assign_mentor(actor=world.users["hr"], plan=plan, mentor=world.agents[3])
    assert Pair.objects.get(pk=pair.pk).state == PairState.ENDED
    task = plan.tasks.get()
    s.probation_task_record(actor=world.users["supervisor"], task=task, result="passed", note="业务指标达标")
    assert sel.plan_view(plan=plan).open_count == 0
    assert AuditEvent.objects.filter(action="mentoring.task_record").exists()


@pytest.mark.parametrize(("who", "result", "error"), [
    ("agent", "passed", Forbidden),  # the employee about themself
    ("agent2", "passed", Forbidden),
    ("supervisor", "maybe", InvalidInput),
])
def test_recording_is_refused_to_others_and_checks_the_result(world, plan, who, result, error):
    with pytest.raises(error):
        s.probation_task_record(actor=world.users[who], task=plan.tasks.get(), result=result, note="说明")


@pytest.mark.parametrize(("passed", "state"), [(True, PairState.COMPLETED), (False, PairState.ENDED)])
def test_the_decision_ends_the_probation_mentor_s_pair(world, plan, passed, state):
    s.probation_assign_mentor(actor=world.users["hr"], plan=plan, mentor=world.agents[2])
    plan.refresh_from_db()
    if passed:
        ps.application_confirm(actor=world.users["hr"], application=plan.application, note="考察合格")
    else:
        ps.application_revert(actor=world.users["hr"], application=plan.application, reason="考核未通过",
                              on=date(2026, 12, 1))
    assert Pair.objects.get(pk=plan.pair_id).state == state


def test_after_the_decision_the_plan_is_closed(world, plan):
    ps.application_confirm(actor=world.users["hr"], application=plan.application, note="考察合格")
    with pytest.raises(Conflict) as exc:
        s.probation_task_record(actor=world.users["hr"], task=plan.tasks.get(), result="passed", note="说明")
    assert exc.value.code == "probation_decided"


def test_the_plan_over_the_api(world, plan):
    sup, me, other = Api(world.users["supervisor"]), Api(world.users["agent"]), Api(world.users["far"])
    url = f"/mentoring/probation/{plan.application_id}"
    body = me.get(url).json()
    assert body["open_tasks"] == 1 and body["due_on"] == PROBATION_ENDS.isoformat() and body["mentor"] is None
    assert other.get(url).status_code == 404
    assert me.post(f"{url}/mentor", {"mentor": "E3"}).status_code == 403
    assert sup.post(f"{url}/mentor", {"mentor": "E3"}).json()["mentor"] == "E3"
    task = body["tasks"][0]["id"]
    assert sup.post(f"/mentoring/probation/tasks/{task}", {"result": "nope", "note": "x"}).status_code == 400
    r = sup.post(f"/mentoring/probation/tasks/{task}", {"result": "passed", "note": "达标"})
    assert r.status_code == 200 and r.json()["open_tasks"] == 0
