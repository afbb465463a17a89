"""The demo employee's own journey: something to see on the first visit to 我的晋升 and 我的申请.

The demo company picks an agent on the shared trunk for the ``employee`` login (web/services.py). When the
synthetic data makes them eligible for a move, that is the demo: the page shows the 申请晋升 button and the
form. When it does not, a draft application is opened for their first move through the real service, so
我的申请 is not empty and the draft's page shows what is still missing. Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from careerpath.core.policy import Policy
from careerpath.evaluation.selectors import evaluation_run
from careerpath.people.models import Employee
from careerpath.promotions.models import Application
from careerpath.promotions.services import application_create


def demo_journey_load(*, today: date, policy: Policy) -> list[str]:
    user = get_user_model().objects.filter(username="employee").first()
    employee = Employee.objects.filter(user=user).first() if user is not None else None
    if user is None or employee is None:
        return []
    if Application.objects.filter(employee=employee).exists():
        return []
    results = evaluation_run(policy=policy, as_of=today, employee_no=employee.employee_no).results
    names = {c: lv.name.zh for c, lv in policy.levels.items()}
    eligible = [r for r in results if r.eligible]
    if eligible:
        return [f"我的晋升：{employee.name} 已满足 {names[eligible[0].target_level]} 的全部条件，可登录 employee 提交申请"]
    if not results:
        return []
    first = results[0]
    application_create(actor=user, employee=employee, to_level=first.target_level,
                       statement="（草稿）我希望晋升为" + names[first.target_level] + "，待条件满足后提交。")
    missing = sum(1 for c in first.criteria if not c.passed)
    return [f"我的申请：{employee.name} 有一份 {names[first.target_level]} 的草稿，还差 {missing} 项条件"]
