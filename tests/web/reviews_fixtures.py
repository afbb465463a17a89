"""Shared by the review pages' tests: the procedures' small company, and applications brought to a step
through the real services.

    from tests.web.reviews_fixtures import AS_OF, company, at_step, review_post  # noqa: F401
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from careerpath.people.models import Employee, Position
from careerpath.policy_versions.selectors import active_version
from careerpath.promotions import services as s
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import application_version
from tests.apiclient import make_user
from tests.procedures.conftest import AS_OF, company  # noqa: F401 - the fixture, re-exported

__all__ = ["AS_OF", "REPORT", "at_step", "client_for", "colleague", "company", "make_user", "review_post", "review_url"]

# A complete supervisor's review as the page posts it (prefix "review").
REPORT = {
    "held_on": AS_OF.isoformat(), "mode": "in_person", "place": "三楼会议室",
    "topics": "回顾近一年工作；晋升后带教新人的要求", "employee_view": "愿意承担带教",
    "performance": "工作量稳定达标，无投诉", "competence": "能独立处理常规异常", "qualities": "沟通耐心，协作积极",
    "development": "参加储备干部培训，导师指导", "recommendation": "recommend", "conclusion": "符合条件，推荐晋升",
}


def at_step(company: Any, state: str, employee: Employee | None = None) -> Application:  # noqa: ANN401
    """The agent's application (or ``employee``'s) brought to ``state`` through the real services."""
    u = company.users
    emp = employee or company.agent
    applicant = emp.user if emp.user_id else u["hr"]
    app = s.application_create(actor=applicant, employee=emp, to_level="intermediate", statement="申请晋升中级")
    if state == "draft":
        return app
    app = s.application_submit(actor=applicant, application=app, as_of=AS_OF)
    if state == "submitted":
        return app
    app = s.application_supervisor_review(actor=u["supervisor"], application=app, interview_note="面谈",
                                          review_report="报告")
    if state == "supervisor_reviewed":
        return app
    app = s.application_manager_review(actor=u["manager"], application=app, note="同意")
    assert state == "manager_reviewed", state
    return app


def raw_application(employee: Employee, state: str, *, move: str = "junior_to_intermediate",
                    route: str = "individual") -> Application:
    """An application stored at ``state`` without going through the steps (for people no service would file)."""
    frm, to = move.split("_to_")
    return Application.objects.create(employee=employee, move_id=move, move_type="promotion", from_level=frm,
                                      to_level=to, state=state, route=route, policy_version=active_version())


def colleague(company: Any, no: str, *, name: str = "钱七") -> Employee:  # noqa: ANN401
    """Another agent of the supervisor's team (a junior), for a second application in the same queue."""
    emp = Employee.objects.create(employee_no=no, name=name, education="大专", hired_on=date(2023, 3, 1),
                                  department=company.dept, supervisor=company.supervisor)
    Position.objects.create(employee=emp, level="junior", start_on=date(2024, 1, 1))
    return emp


def other_team(company: Any) -> dict[str, Any]:  # noqa: ANN401
    """A supervisor of another team in the same department, and a manager of another department."""
    from careerpath.people.models import Department

    south = Department.objects.get(name="华南客服部")
    boss = Employee.objects.create(employee_no="M2", name="陈经理", education="本科", hired_on=date(2015, 1, 1),
                                   department=south)
    lead = Employee.objects.create(employee_no="S2", name="周主管", education="大专", hired_on=date(2018, 1, 1),
                                   department=company.dept)
    for e, lv in ((boss, "manager"), (lead, "supervisor")):
        Position.objects.create(employee=e, level=lv, start_on=date(2020, 1, 1))
    return {"supervisor_out": make_user("sup_out", "supervisor", employee=lead),
            "manager_out": make_user("mgr_out", "manager", employee=boss)}


def client_for(user: Any) -> Client:  # noqa: ANN401
    c = Client()
    c.force_login(user)
    return c


def review_url(app: Application) -> str:
    return reverse("web:application_review", args=[app.pk])


def review_post(client: Client, app: Application, action: str, data: dict[str, str], *,
                seen: str | None = None, lang: str = "zh-hans") -> Any:  # noqa: ANN401
    """Post one of the review page's forms as the browser would: its action, its prefixed fields, its version."""
    prefix = {"return_to_applicant": "return", "reject": "reject"}.get(action, "review")
    body = {f"{prefix}-{k}": v for k, v in data.items()}
    body[f"{prefix}-seen"] = application_version(Application.objects.get(pk=app.pk)) if seen is None else seen
    body["action"] = action
    return client.post(review_url(app) + f"?lang={lang}", body)
