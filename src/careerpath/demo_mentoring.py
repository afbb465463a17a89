"""The demo's mentoring (导师制) and a probation plan.

Called once from :func:`careerpath.demo_procedures.demo_procedures_load`, after the approvals demo made some
promotions effective (each effective promotion got its probation plan from the policy then):

- the demo login ``mentor`` mentors a new hire in an active pair arranged by HR: goals (one reached) and
  check-ins, waiting for the mentor's confirmation of independent operation;
- the demo login ``supervisor`` mentored another new hire to independent operation (a completed pair: the
  mentorship record carries the date, so the mentors' record shows it);
- the newest probation has its mentor assigned by HR; its assessment is still open.

Everything goes through the services, as on the pages; running it again changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from careerpath.core.policy import Policy
from careerpath.core.workflow import State
from careerpath.evidence.models import Mentorship
from careerpath.mentoring import services as ms
from careerpath.mentoring.models import Pair, ProbationPlan
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import positions_current_queryset


def _new_hire(exclude: set[int]) -> Employee | None:
    """An active assistant nobody mentors yet (the newest first)."""
    assistants = positions_current_queryset().filter(level="assistant").values_list("employee_id", flat=True)
    mentored = Mentorship.objects.values("mentee_id")
    return (Employee.objects.filter(pk__in=assistants, status=EmployeeStatus.ACTIVE, user__isnull=True)
            .exclude(pk__in=mentored).exclude(pk__in=exclude).order_by("-hired_on", "employee_no").first())


def demo_mentoring_load(*, today: date, hr: Any, policy: Policy) -> list[str]:
    if Pair.objects.exists():
        return ["导师带教演示数据已存在 (mentoring demo already loaded)"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["mentor", "supervisor"])}
    out: list[str] = []
    before = getattr(settings, "CAREERPATH_TODAY", None)
    settings.CAREERPATH_TODAY = today.isoformat()  # the services read clock.today()
    try:
        mentor = Employee.objects.filter(user=users.get("mentor")).first()
        mentee = _new_hire(set()) if mentor is not None else None
        if mentor is not None and mentee is not None:
            start = max(mentee.hired_on, today - timedelta(days=35))
            pair = ms.pair_create(actor=hr, mentor=mentor, mentee=mentee, started_on=start,
                                  planned_on=start + timedelta(days=60), goals=[
                                      ("熟悉订单系统与常用查询", start + timedelta(days=10)),
                                      ("独立处理退换货与改址", start + timedelta(days=30)),
                                      ("独立处理 A 级客户投诉", start + timedelta(days=55))])
            first = pair.goals.order_by("due_on").first()
            ms.goal_set_done(actor=users["mentor"], goal=first, done_on=start + timedelta(days=9))
            ms.checkin_add(actor=users["mentor"], pair=pair, on=start + timedelta(days=7),
                           note="已熟悉订单系统的查询与备注，下周开始跟听退换货来电。")
            ms.checkin_add(actor=users["mentor"], pair=pair, on=min(today, start + timedelta(days=28)),
                           note="退换货流程基本掌握，改址仍需提醒核对时效；下一步在旁听下独立接听投诉。")
            out.append(f"导师带教：{mentor.name}（登录 mentor）带教 {mentee.name}，3 个目标已完成 1 个，待确认独立操作")
        sup = Employee.objects.filter(user=users.get("supervisor")).first()
        mentee2 = _new_hire({mentee.pk} if mentee else set()) if sup is not None else None
        if sup is not None and mentee2 is not None:
            start = max(mentee2.hired_on, today - timedelta(days=80))
            pair2 = ms.pair_create(actor=hr, mentor=sup, mentee=mentee2, started_on=start,
                                   planned_on=start + timedelta(days=60),
                                   goals=[("独立完成日常订单跟踪", start + timedelta(days=30))])
            ms.goal_set_done(actor=users["supervisor"], goal=pair2.goals.get(), done_on=start + timedelta(days=28))
            ms.checkin_add(actor=users["supervisor"], pair=pair2, on=start + timedelta(days=20),
                           note="订单跟踪与异常登记已能独立完成，投诉处理需继续观察。")
            on = min(today, start + timedelta(days=45))
            ms.pair_confirm_independence(actor=users["supervisor"], pair=pair2, on=on,
                                         note="已能独立操作系统、独立服务客户，常规异常处理准确。")
            out.append(f"导师带教：{sup.name}（登录 supervisor）带出新人 {mentee2.name}，{(on - start).days} 天达到独立操作")
        plan = (ProbationPlan.objects.filter(application__state=State.IN_PROBATION, pair__isnull=True)
                .select_related("application__employee").order_by("-application__effective_on", "-pk").first())
        if plan is not None:
            emp = plan.application.employee
            colleague = (Employee.objects.filter(department_id=emp.department_id, status=EmployeeStatus.ACTIVE)
                         .exclude(pk=emp.pk).exclude(user__isnull=False)
                         .filter(pk__in=positions_current_queryset().filter(level__in=["senior", "expert", "supervisor"])
                                 .values("employee_id")).order_by("employee_no").first())
            if colleague is not None:
                ms.probation_assign_mentor(actor=hr, plan=plan, mentor=colleague)
                out.append(f"考察期计划：{emp.name} 的考察期导师为 {colleague.name}，{plan.tasks.count()} 项任务，"
                           f"{plan.due_on} 截止")
    finally:
        settings.CAREERPATH_TODAY = before
    return out
