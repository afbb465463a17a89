"""The demo's training: four programs, past sessions whose results are evidence, upcoming sessions with seats.

Called once from :func:`careerpath.demo_procedures.demo_procedures_load`. HR keeps the programs and plans the
sessions; the demo login ``mentor`` teaches the 储备干部培训 sessions and records their results, so those
results become the 储备干部培训 trainings the promotion criteria count. The demo logins ``employee`` and
``senior`` are enrolled in upcoming sessions; the team members of ``supervisor`` still lacking the training see
(and their supervisor sees, on their page) the upcoming 储备干部培训 session with seats. Everything goes through
the services (the past sessions are enrolled "on" a date before they ran).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from careerpath.core.policy import Policy
from careerpath.errors import ServiceError
from careerpath.people.models import Employee, EmployeeStatus, Position
from careerpath.training import services as ts
from careerpath.training.models import Program

PROGRAMS = [
    # name, English, evidence key, prepares for, description
    ("储备干部培训", "Reserve cadre training", "储备干部培训", "senior",
     "面向中级、高级客服专员的管理基础课程：班组管理、排班与异常处理、沟通与辅导。结业即计入“储备干部参训”。"),
    ("客服基础培训", "Basic customer service training", "客服基础培训", "junior",
     "新入职客服的基础技能：系统操作、服务规范、常见问题处理。"),
    ("沟通技巧", "Communication skills", "沟通技巧", "",
     "投诉处理与情绪管理、电话与在线沟通的表达技巧。"),
    ("产品知识", "Product knowledge", "产品知识", "",
     "物流产品与服务时效、收费标准、理赔规则。"),
]


def demo_training_load(*, today: date, hr: Any, policy: Policy) -> list[str]:
    if Program.objects.exists():
        return ["培训演示数据已存在 (training demo already loaded)"]
    users = get_user_model().objects
    trainer = users.filter(username="mentor").first() or hr
    levels = set(policy.levels)
    programs = {}
    for name, en, key, level, text in PROGRAMS:
        programs[name] = ts.program_create(actor=hr, name=name, name_en=en, evidence_program=key,
                                           prepares_for=level if level in levels else "", description=text)
    out = [f"培训项目：{'、'.join(programs)}"]

    # Past sessions: people at the middle levels (not the demo logins), enrolled before, results recorded after.
    current = Position.objects.filter(end_on__isnull=True, level__in=["intermediate", "senior"]).values("employee_id")
    people = list(Employee.objects.filter(pk__in=current, status=EmployeeStatus.ACTIVE, user__isnull=True)
                  .order_by("department_id", "employee_no")[:10])
    plan = [("储备干部培训", 45, "总部三楼培训室", trainer, people[:6],
             ["passed", "passed", "passed", "failed", "passed", None]),
            ("沟通技巧", 20, "客服中心二楼会议室", trainer, people[4:10],
             ["attended", "attended", "attended", None, "attended", "attended"])]
    recorded = 0
    for name, days_ago, place, teacher, who, results in plan:
        on = today - timedelta(days=days_ago)
        s = ts.session_create(actor=hr, program=programs[name], starts_on=on, place=place, capacity=20,
                              time="09:00–17:00", trainer=teacher)
        for e in who:
            try:
                ts.enrolment_create(actor=hr, session=s, employee=e, today=on - timedelta(days=10))
            except ServiceError:
                continue
        lines = [ts.ResultInput(e.employee_no, "attended" if r else "absent", r or "",
                                (88.0 if r == "passed" else 52.0 if r == "failed" else None))
                 for e, r in zip(who, results, strict=False)]
        summary = ts.session_results_record(actor=teacher, session=s, lines=lines, today=today)
        ts.session_close(actor=teacher, session=s, today=today)
        recorded += summary.recorded
    out.append(f"已结束的培训场次：2 场，培训记录 {recorded} 条（计入晋升条件）")

    # Upcoming sessions with seats; the demo logins enrolled.
    upcoming = [("储备干部培训", 14, "总部三楼培训室", trainer, 12),
                ("沟通技巧", 7, "客服中心二楼会议室", trainer, 16),
                ("产品知识", 21, "线上（企业微信会议）", hr, 30),
                ("客服基础培训", 10, "客服中心一楼培训室", hr, 20)]
    made = {}
    for name, days, place, teacher, seats in upcoming:
        made[name] = ts.session_create(actor=hr, program=programs[name], starts_on=today + timedelta(days=days),
                                       place=place, capacity=seats, time="14:00–17:30", trainer=teacher)
    out.append(f"即将开始的培训场次：{len(made)} 场，均有空余名额")
    for login, program in (("employee", "沟通技巧"), ("senior", "储备干部培训")):
        user = users.filter(username=login).select_related("employee").first()
        employee = getattr(user, "employee", None) if user else None
        if employee is None:
            continue
        try:
            ts.enrolment_create(actor=user, session=made[program], employee=employee, today=today)
        except ServiceError:
            continue
        out.append(f"培训报名：{employee.name}（登录 {login}）已报名 {program}")
    return out
