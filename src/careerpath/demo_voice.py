"""The demo's employee voice: an open anonymous survey with enough answers for its results to show, a
closed one, and suggestions with HR's replies.

Called once from :func:`careerpath.demo_procedures.demo_procedures_load`. The answers are seeded for
employees without a login (as if they had answered); the demo logins have not answered the open survey,
so ``employee`` finds it waiting on their home page. Everything goes through the services.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from careerpath.core.policy import Policy
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.voice import services as vs
from careerpath.voice.models import Question, QuestionKind, Suggestion, Survey

OPEN_TITLE = "2026年度员工晋升通道满意度调查"
CLOSED_TITLE = "2026年上半年培训需求调查"

OPEN_QUESTIONS: list[tuple[str, str, list[str], bool]] = [
    (QuestionKind.RATING, "您对公司客服晋升通道（技能通道与管理通道）的整体满意度", [], True),
    (QuestionKind.SINGLE, "您是否清楚自己晋升到下一职级还需要满足哪些条件？",
     ["非常清楚", "基本清楚", "不太清楚", "完全不清楚"], True),
    (QuestionKind.MULTIPLE, "您希望公司在哪些方面加强对职业发展的支持？（可多选）",
     ["技能培训", "导师带教", "评审过程透明", "岗位轮换机会", "津贴与待遇"], True),
    (QuestionKind.RATING, "您对直接上级在职业发展方面给予的支持是否满意？", [], True),
    (QuestionKind.TEXT, "您对晋升通道还有哪些意见或建议？", [], False),
]
CLOSED_QUESTIONS: list[tuple[str, str, list[str], bool]] = [
    (QuestionKind.SINGLE, "您最希望参加哪类培训？", ["业务知识", "沟通与投诉处理", "系统工具", "班组管理"], True),
    (QuestionKind.RATING, "您对上半年培训安排的满意度", [], True),
]
TEXTS = ["希望晋升评审的时间安排提前公布。", "建议增加高级客服专员的带教机会。", "考核指标希望更贴近一线实际。",
         "能否在系统里看到自己距离下一级还差多少？", "希望多组织跨部门交流与轮岗。", "评审结果希望附上具体改进建议。"]
SUGGESTIONS = [
    ("mentor", False, "training", "建议为新入职的客服专员建立固定的带教周期，每周一次复盘，并把带教记录纳入导师考核。",
     "adopted", "感谢建议！自下月起新人带教按每周复盘执行，带教记录可在系统中录入。"),
    ("senior", True, "career", "晋升公示期内能否在员工主页直接看到自己的评审进度，减少反复询问？",
     "in_progress", "已纳入系统改进计划，预计下季度上线，届时会发布通知。"),
    ("supervisor", False, "work", "夜班交接单格式不统一，建议统一模板并在系统中留存。", "received", ""),
    ("senior", True, "welfare", "希望客服休息区增加护眼台灯和靠垫。", "declined",
     "休息区改造本年度预算已用完，明年统筹考虑，感谢理解。"),
]


def _survey(*, hr: Any, title: str, description: str, questions: list[tuple[str, str, list[str], bool]],
            opens_on: date, closes_on: date, today: date) -> Survey:
    s = vs.survey_create(actor=hr, title=title, description=description, anonymous=True, opens_on=opens_on,
                         closes_on=closes_on)
    for kind, text, options, required in questions:
        vs.question_add(actor=hr, survey=s, kind=kind, text=text, options=options, required=required)
    return vs.survey_open(actor=hr, survey=s, today=today)


def _answers(rng: random.Random, questions: list[Question]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for q in questions:
        if q.kind == QuestionKind.RATING:
            out[q.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 8, 4])[0]
        elif q.kind == QuestionKind.SINGLE:
            out[q.pk] = rng.choices(range(len(q.options)), weights=[3, 5, 3, 1, 1, 1][: len(q.options)])[0]
        elif q.kind == QuestionKind.MULTIPLE:
            out[q.pk] = rng.sample(range(len(q.options)), k=rng.randint(1, 3))
        elif rng.random() < 0.3:
            out[q.pk] = rng.choice(TEXTS)
    return out


def _seed(survey: Survey, people: list[Employee], *, today: date, rng: random.Random) -> int:
    questions = list(survey.questions.order_by("order"))
    for e in people:
        vs.survey_answer_record(actor=None, employee=e, survey=survey, answers=_answers(rng, questions), today=today)
    return len(people)


def demo_voice_load(*, today: date, hr: Any, policy: Policy) -> list[str]:
    if Survey.objects.exists():
        return ["员工声音演示数据已存在 (voice demo already loaded)"]
    rng = random.Random(2026)
    # Employees without a login answer (the demo logins stay free to try it themselves).
    pool = list(Employee.objects.filter(status=EmployeeStatus.ACTIVE, user__isnull=True).order_by("employee_no"))
    rng.shuffle(pool)
    closed = _survey(hr=hr, title=CLOSED_TITLE, description="了解一线员工的培训需求，用于制定下半年培训计划。（演示）",
                     questions=CLOSED_QUESTIONS, opens_on=today - timedelta(days=30), closes_on=today, today=today)
    n_closed = _seed(closed, pool[:40], today=today, rng=rng)
    vs.survey_close(actor=hr, survey=closed)
    opened = _survey(hr=hr, title=OPEN_TITLE,
                     description="本问卷为匿名问卷，约需 3 分钟。结果仅以汇总形式用于改进晋升通道，人数不足 5 人的分组不显示。",
                     questions=OPEN_QUESTIONS, opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=14),
                     today=today)
    n_open = _seed(opened, pool[40:40 + max(30, len(pool) // 3)], today=today, rng=rng)
    out = [f"问卷调查：{OPEN_TITLE}（匿名，全公司，进行中）已收到 {n_open} 份答卷；登录 employee 尚未填写",
           f"问卷调查：{CLOSED_TITLE}（已结束）{n_closed} 份答卷"]
    if not Suggestion.objects.exists():
        users = {u.username: u for u in get_user_model().objects.filter(username__in=[s[0] for s in SUGGESTIONS])}
        n = 0
        for username, anonymous, category, text, status, reply in SUGGESTIONS:
            user = users.get(username)
            if user is None or not hasattr(user, "employee"):
                continue
            done = vs.suggestion_submit(actor=user, category=category, text=text, anonymous=anonymous,
                                        today=today - timedelta(days=6 - n))
            if reply:
                vs.suggestion_reply(actor=hr, suggestion=done.suggestion, status=status, reply=reply, today=today)
            n += 1
        out.append(f"意见箱：{n} 条意见建议（匿名与实名），其中 {sum(1 for s in SUGGESTIONS if s[5])} 条已答复")
    return out
