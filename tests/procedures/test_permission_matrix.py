"""Every role × workflow action × in-scope / out-of-scope, stated as an explicit table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from careerpath.errors import Forbidden
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.selectors import active_version
from careerpath.promotions import services as s
from careerpath.promotions.models import Application

from .conftest import AS_OF, Api, make_user

ACTORS = ["self", "colleague", "supervisor_in", "supervisor_out", "manager_in", "manager_out", "committee", "vp",
          "hr", "admin"]

# action -> (starting state, route, who may, service call)
Call = Callable[[object, Application], object]
ACTIONS: dict[str, tuple[str, str, set[str], Call]] = {
    "submit": ("draft", "individual", {"self", "hr", "admin"},
               lambda u, a: s.application_submit(actor=u, application=a, as_of=AS_OF)),
    "supervisor_review": ("submitted", "individual", {"supervisor_in", "admin"},
                          lambda u, a: s.application_supervisor_review(actor=u, application=a, interview_note="面谈",
                                                                       review_report="报告")),
    "manager_review": ("supervisor_reviewed", "individual", {"manager_in", "admin"},
                       lambda u, a: s.application_manager_review(actor=u, application=a, note="同意")),
    "committee_decide": ("manager_reviewed", "cycle", {"committee", "admin"},
                         lambda u, a: s.application_committee_decide(actor=u, application=a, note="入选")),
    "vp_approve": ("committee_reviewed", "cycle", {"vp", "admin"},
                   lambda u, a: s.application_vp_approve(actor=u, application=a, note="同意")),
    "hr_approve": ("notice_closed", "individual", {"hr", "admin"},
                   lambda u, a: s.application_hr_approve(actor=u, application=a, note="同意")),
    "confirm": ("in_probation", "individual", {"manager_in", "hr", "admin"},
                lambda u, a: s.application_confirm(actor=u, application=a, note="合格")),
    "revert": ("in_probation", "individual", {"hr", "admin"},
               lambda u, a: s.application_revert(actor=u, application=a, reason="考核未通过", on=date(2026, 12, 1))),
    "reject": ("submitted", "individual", {"supervisor_in", "manager_in", "committee", "vp", "hr", "admin"},
               lambda u, a: s.application_reject(actor=u, application=a, reason="条件不足")),
    "withdraw": ("manager_reviewed", "individual", {"self", "hr", "admin"},
                 lambda u, a: s.application_withdraw(actor=u, application=a, reason="个人原因")),
    # Returned to the applicant by whoever holds the pending review step, at each step of the chain.
    "return_to_applicant": ("submitted", "individual", {"supervisor_in", "admin"},
                            lambda u, a: s.application_return(actor=u, application=a, reason="请补充带教材料")),
    "return_to_applicant at the manager's step": (
        "supervisor_reviewed", "individual", {"manager_in", "admin"},
        lambda u, a: s.application_return(actor=u, application=a, reason="请补充带教材料")),
    "return_to_applicant at the committee's step": (
        "manager_reviewed", "cycle", {"committee", "admin"},
        lambda u, a: s.application_return(actor=u, application=a, reason="请补充带教材料")),
}
# Those denied although they hold the right role: the person is outside their team or department.
OUT_OF_SCOPE = {("supervisor_out", "supervisor_review"), ("supervisor_out", "reject"), ("manager_out", "manager_review"),
                ("manager_out", "confirm"), ("manager_out", "reject"), ("supervisor_out", "return_to_applicant"),
                ("manager_out", "return_to_applicant at the manager's step")}
READERS = {"self", "supervisor_in", "manager_in", "committee", "vp", "hr", "admin"}


@pytest.fixture
def actors(company) -> dict:  # noqa: ANN001
    south = Department.objects.get(name="华南客服部")
    boss = Employee.objects.create(employee_no="M2", name="陈经理", education="本科", hired_on=date(2015, 1, 1),
                                   department=south)
    lead = Employee.objects.create(employee_no="S2", name="周主管", education="大专", hired_on=date(2018, 1, 1),
                                   department=company.dept)
    for e, lv in ((boss, "manager"), (lead, "supervisor")):
        Position.objects.create(employee=e, level=lv, start_on=date(2020, 1, 1))
    u = company.users
    return {"self": u["agent"], "colleague": u["far"], "supervisor_in": u["supervisor"],
            "supervisor_out": make_user("sup_out", "supervisor", employee=lead), "manager_in": u["manager"],
            "manager_out": make_user("mgr_out", "manager", employee=boss), "committee": u["committee"], "vp": u["vp"],
            "hr": u["hr"], "admin": u["admin"]}


def _application(company, state: str, route: str) -> Application:  # noqa: ANN001
    app = Application.objects.create(
        employee=company.agent, move_id="junior_to_intermediate", move_type="promotion", from_level="junior",
        to_level="intermediate", state=state, route=route, policy_version=active_version(),
        effective_on=date(2026, 10, 16))
    if state == "in_probation":
        app.position_after = Position.objects.create(employee=company.agent, level="intermediate",
                                                     start_on=date(2026, 10, 16), reason="晋升")
        app.save()
    return app


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_workflow_permissions(company, actors, action: str, actor: str) -> None:  # noqa: ANN001
    state, route, allowed, call = ACTIONS[action]
    app = _application(company, state, route)
    if actor in allowed:
        result = call(actors[actor], app)
        assert result.state != state
    else:
        with pytest.raises(Forbidden) as exc:
            call(actors[actor], app)
        # The applicant is refused every step but their own: nobody decides about themself.
        expected = ("self_decision" if actor == "self" else
                    "out_of_scope" if (actor, action) in OUT_OF_SCOPE else "forbidden_role")
        assert exc.value.code == expected
        assert Application.objects.get(pk=app.pk).state == state


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_an_application_follows_the_data_scope(company, actors, actor: str) -> None:  # noqa: ANN001
    app = _application(company, "submitted", "individual")
    res = Api(actors[actor]).get(f"/applications/{app.pk}")
    assert res.status_code == (200 if actor in READERS else 403)


@pytest.mark.parametrize("actor", ACTORS)
def test_creating_an_application(company, actors, actor: str) -> None:  # noqa: ANN001
    res = Api(actors[actor]).post("/applications", {"employee_no": "E1", "to_level": "intermediate"})
    assert res.status_code == (201 if actor in {"self", "hr", "admin"} else 403)


@pytest.mark.parametrize("actor", ACTORS)
def test_notices_are_published_and_closed_by_hr_only(company, actors, actor: str, settings) -> None:  # noqa: ANN001
    settings.CAREERPATH_TODAY = "2026-09-30"  # published on the day it starts, closed on 10-20
    app = _application(company, "manager_reviewed", "individual")
    if actor not in {"hr", "admin"}:
        with pytest.raises(Forbidden) as exc:
            s.notice_publish(actor=actors[actor], applications=[app], published_on=date(2026, 9, 30),
                             effective_on=date(2026, 10, 16))
        assert exc.value.code == "forbidden_role"
        return
    notice = s.notice_publish(actor=actors[actor], applications=[app], published_on=date(2026, 9, 30),
                              effective_on=date(2026, 10, 16))
    assert s.notice_close(actor=actors[actor], notice=notice, today=date(2026, 10, 20)).state == "closed"


@pytest.mark.parametrize("actor", ACTORS)
def test_anyone_may_object_but_only_hr_mediates(company, actors, actor: str) -> None:  # noqa: ANN001
    app = _application(company, "manager_reviewed", "individual")
    notice = s.notice_publish(actor=actors["hr"], applications=[app], published_on=date(2026, 9, 30),
                              effective_on=date(2026, 10, 16))
    entry = notice.entries.get()
    objection = s.objection_file(actor=actors[actor], entry=entry, text="异议", today=date(2026, 10, 8))
    if actor in {"hr", "admin"}:
        assert s.objection_resolve(actor=actors[actor], objection=objection, upheld=False, note="不成立").state == \
            "dismissed"
    else:
        with pytest.raises(Forbidden):
            s.objection_resolve(actor=actors[actor], objection=objection, upheld=False, note="不成立")
