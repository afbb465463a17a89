"""The demo's training (demo_training): four programs, past sessions whose results are evidence, upcoming
sessions with seats, a demo login enrolled; and it runs once."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.demo_training import demo_training_load
from careerpath.evidence.models import Training
from careerpath.people.models import Employee, Position
from careerpath.policy_versions.selectors import active_policy
from careerpath.training.models import Enrolment, Program, Session
from careerpath.training.selectors import open_sessions
from tests.apiclient import make_user
from tests.training.world import TODAY, build_training

pytestmark = pytest.mark.django_db


def test_the_demo_has_sessions_results_as_evidence_and_runs_once(settings) -> None:  # noqa: ANN001
    w = build_training(settings)
    Session.objects.all().delete()
    Program.objects.all().delete()
    for i in range(6):
        e = Employee.objects.create(employee_no=f"D{i}", name=f"演示{i}", education="本科", hired_on=date(2020, 1, 1),
                                    department=w.dept, supervisor=w.supervisor)
        Position.objects.create(employee=e, level="intermediate", start_on=date(2023, 1, 1))
    make_user("employee", "employee", employee=w.e2)
    make_user("mentor", "mentor", "employee")
    lines = demo_training_load(today=TODAY, hr=w.users["hr"], policy=active_policy())
    assert set(Program.objects.values_list("name", flat=True)) == {"储备干部培训", "客服基础培训", "沟通技巧", "产品知识"}
    past = Session.objects.filter(starts_on__lt=TODAY)
    assert past.count() == 2 and all(s.state == "closed" and s.trainer.username == "mentor" for s in past)
    # The results are the evidence: one training row per attended enrolment, linked from it.
    attended = Enrolment.objects.filter(state="attended")
    assert attended.count() == Training.objects.filter(enrolment__isnull=False).count() > 0
    assert Training.objects.filter(program="储备干部培训", result="passed").count() == 4
    assert len(open_sessions(today=TODAY)) == 4
    assert Enrolment.objects.filter(employee=w.e2, state="enrolled", session__program__name="沟通技巧").exists()
    assert any("即将开始的培训场次" in line for line in lines)
    assert demo_training_load(today=TODAY, hr=w.users["hr"], policy=active_policy()) == [
        "培训演示数据已存在 (training demo already loaded)"]
    assert Session.objects.count() == 6
