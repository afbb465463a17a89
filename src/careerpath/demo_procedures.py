"""The demo company's procedures in progress, so every procedure can be seen on the first visit.

Run by `careerpath demo` after the people and evidence are loaded: a published policy version, the
calendar (2027 entered by HR, as the State Council's schedule is not in chinesecalendar yet), headcount
plans, a live 公示 with an objection, a lateral move under review, a demotion case, an allowance
deduction and an annual cycle in its nomination period. Everything goes through the real services.
Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from careerpath import demo_notices, demo_policy
from careerpath.calendars.models import CalendarYear
from careerpath.calendars.services import calendar_seed, calendar_year_set
from careerpath.cycles.models import Cycle
from careerpath.cycles.services import cycle_nominate, cycle_nominations_start, cycle_open
from careerpath.demo_approvals import demo_approvals_load
from careerpath.demo_cycle import demo_cycle_load
from careerpath.demo_discipline import demo_discipline_load
from careerpath.demo_evidence import demo_evidence_load
from careerpath.demo_insight import demo_insight_load
from careerpath.demo_journey import demo_journey_load
from careerpath.demo_mentoring import demo_mentoring_load
from careerpath.demo_notifications import demo_notifications_load
from careerpath.demo_placement import demo_placement_load
from careerpath.demo_recognition import demo_recognition_load
from careerpath.demo_reviews import demo_reviews_load
from careerpath.demo_talent import demo_talent_load
from careerpath.demo_team import demo_team_load
from careerpath.demo_training import demo_training_load
from careerpath.demo_voice import demo_voice_load
from careerpath.discipline.models import DemotionCase
from careerpath.discipline.services import incident_record
from careerpath.evaluation.selectors import evaluation_run
from careerpath.org.services import headcount_set
from careerpath.people.models import Department, Employee, Position
from careerpath.people.selectors import positions_current_queryset
from careerpath.policy_versions.selectors import policy_of
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application, Notice

# A provisional 2027 schedule for the demo, entered the way HR enters a year chinesecalendar lacks.
DEMO_2027_HOLIDAYS = {
    date(2027, 1, 1): "元旦", **{date(2027, 2, d): "春节" for d in (8, 9, 10, 11, 12)},
    date(2027, 4, 5): "清明节", **{date(2027, 5, d): "劳动节" for d in (3, 4, 5)}, date(2027, 6, 9): "端午节",
    date(2027, 9, 15): "中秋节", **{date(2027, 10, d): "国庆节" for d in (1, 4, 5, 6, 7)},
}
DEMO_2027_WORKDAYS = {date(2027, 2, 20): "春节调休", date(2027, 10, 9): "国庆节调休"}


def _holders(*levels: str) -> QuerySet[Position]:
    """The ids of the people whose current position is one of ``levels`` (a subquery)."""
    return positions_current_queryset().filter(level__in=levels).values("employee_id")


@transaction.atomic
def demo_procedures_load(*, today: date) -> list[str]:
    """Put one of each procedure in progress; return what was done, for the console."""
    users = get_user_model().objects
    admin = users.filter(is_superuser=True).order_by("pk").first()
    hr = users.filter(username="hr").first() or admin
    if admin is None:
        raise RuntimeError("the demo users must exist before the procedures")
    out: list[str] = []

    calendar_seed()
    if not CalendarYear.objects.filter(year=2027).exists():
        calendar_year_set(actor=hr, year=2027, holidays=DEMO_2027_HOLIDAYS, workdays=DEMO_2027_WORKDAYS,
                          note="演示数据：暂按预估录入，国务院公布2027年放假安排后请核对")
        out.append("工作日历：2004–2026 年取自国务院放假安排；2027 年由人力资源部录入（演示数据）")
    pv = policy_version_install_preset(actor=None, name=settings.CAREERPATH_POLICY, published_on=date(today.year, 1, 1))
    policy = policy_of(pv)
    out += demo_evidence_load(today=today)  # submissions and a mentee; idempotent on its own
    out += demo_team_load(today=today, policy=policy)

    if Application.objects.exists() or Cycle.objects.exists():
        return out + ["流程演示数据已存在，未重复创建 (procedures already loaded)"]

    for dept in Department.objects.order_by("name"):
        for level in ("supervisor", "project_supervisor"):
            if level in policy.levels:
                headcount_set(actor=None, department=dept, level=level, planned=2,
                              note="演示编制")
    out.append("岗位编制：各部门客服主管、项目主管各 2 个")

    # HR's queue past the notice (awaiting approval, a letter, the effective date; probation): notices that
    # ran weeks ago, so they are numbered before today's.
    employee_user = users.filter(username="employee").first()
    out += demo_approvals_load(today=today, admin=admin, hr=hr, policy=policy, objector=employee_user)
    taken = set(Application.objects.values_list("employee_id", flat=True))

    ev = evaluation_run(policy=policy, as_of=today)
    by_no = {e.employee_no: e for e in Employee.objects.select_related("department", "supervisor")}
    eligible = [r for r in ev.results if r.eligible and r.move == "promotion"]

    # A live 公示 with an objection: two individual applications reviewed and published today.
    picked = []
    for r in eligible:
        emp = by_no[r.employee_no]
        if emp.user_id is not None or r.target_level in ("senior", "expert") or emp.pk in taken:
            continue  # demo logins stay free to apply; the skill track is left to the cycle
        picked.append((emp, r.target_level))
        if len(picked) == 2:
            break
    apps = []
    for emp, level in picked:
        app = ps.application_create(actor=admin, employee=emp, to_level=level, statement="本人申请晋升（演示）")
        app = ps.application_submit(actor=admin, application=app, as_of=today)
        app = ps.application_supervisor_review(actor=admin, application=app, interview_note="面谈：业务熟练，态度积极",
                                               review_report="符合晋升条件，同意晋升")
        apps.append(ps.application_manager_review(actor=admin, application=app, note="同意"))
    if apps:
        notice = ps.notice_publish(actor=hr, applications=apps, published_on=today,
                                   effective_on=_first_of_next_month(today))
        out.append(f"公示 {notice.number}：{len(apps)} 人，{notice.first_day} 至 {notice.last_day}")
        objector = employee_user or hr
        ps.objection_file(actor=objector, entry=notice.entries.order_by("id").first(),
                          text=demo_notices.OBJECTION_TEXT, today=today, attachment=demo_notices.demo_objection_proof())
        out.append("公示异议：1 条（附带教记录截图）待人力资源部调解")
    out += demo_notices.demo_notice_ready(actor=admin, today=today, eligible=eligible, by_no=by_no)

    # A lateral move under review: a 高级客服专员 asking to move to the management track.
    lateral = next((r for r in ev.results if r.move == "lateral" and by_no[r.employee_no].user_id is None
                    and by_no[r.employee_no].pk not in taken
                    and r.employee_no not in {e.employee_no for e, _ in picked}), None)
    if lateral is not None:
        emp = by_no[lateral.employee_no]
        app = ps.application_create(
            actor=admin, employee=emp, to_level=lateral.target_level, statement="申请转入管理通道（演示）",
            exception_reason="" if lateral.eligible else "部门推荐：具备管理潜质，待补充能力认定")
        app = ps.application_submit(actor=admin, application=app, as_of=today)
        ps.application_supervisor_review(actor=admin, application=app, interview_note="面谈：有带团队意愿",
                                         review_report="建议横向调整至管理通道")
        names = policy.levels
        out.append(f"横向调整：{emp.name} {names[lateral.current_level].name.zh} → "
                   f"{names[lateral.target_level].name.zh}，待部门经理复审")

    # Applications waiting in the demo supervisor's and manager's review queues (demo_reviews.py).
    out += demo_reviews_load(today=today, hr=hr, admin=admin, policy=policy)

    # A red-line violation opens a demotion case; a major complaint withholds a senior's allowance.
    used = {a.employee_id for a in Application.objects.all()}
    culprit = (Employee.objects.filter(pk__in=_holders("junior", "intermediate"), status="active")
               .exclude(pk__in=used).exclude(user__isnull=False).order_by("employee_no").first())
    if culprit is not None and not DemotionCase.objects.filter(employee=culprit).exists():
        incident_record(actor=None, employee=culprit, date=today - timedelta(days=3), type="触犯高压线",
                        note="违规泄露客户信息（演示）")
        out.append(f"降级案件：{culprit.name}（触犯高压线），待直接上级评审")
    senior = Employee.objects.filter(pk__in=_holders("senior", "expert"), status="active").exclude(pk__in=used).order_by("employee_no").first()
    if senior is not None:
        incident_record(actor=None, employee=senior, date=today - timedelta(days=5), type="重大投诉",
                        note="客户重大投诉（演示）")
        out.append(f"津贴扣减：{senior.name} 当月高级/资深津贴（重大投诉）")
    out += demo_discipline_load(today=today)  # deductions this month, cases waiting for the supervisor and HR

    # The annual cycle in its nomination period.
    cycle = cycle_open(actor=hr, year=today.year, today=today)
    cycle_nominations_start(actor=hr, cycle=cycle, today=today)
    busy = set(Application.objects.values_list("employee_id", flat=True))
    selectable = list(cycle.candidates.filter(selectable=True).exclude(employee_id__in=busy)
                      .order_by("employee__employee_no").values_list("pk", flat=True))
    if selectable:
        cycle_nominate(actor=hr, cycle=cycle, candidate_ids=selectable[: max(1, len(selectable) // 2)],
                       note="部门综合评选提报（演示）", today=today)
    out.append(f"{cycle.year} 年度评选：候选人已列出，部门提报截止 {cycle.nomination_deadline}")
    out += demo_cycle_load(today=today, hr=hr)  # earlier cycles waiting for the committee and the VP
    open_notices = Notice.objects.filter(state="open").count()
    out.append(f"进行中的公示：{open_notices} 份")
    out += demo_talent_load(today=today, hr=hr, policy=policy)  # the pool and an internal competition
    out += demo_journey_load(today=today, policy=policy)  # the procedures above leave the demo logins alone
    out += demo_placement_load(today=today, hr=hr)  # 初评 under department review; company-wide plans
    out += demo_policy.demo_policy_load(hr=hr)  # a policy draft and its what-if simulation
    out += demo_notifications_load(today=today, hr=hr, policy=policy)  # emails, group robots, a failed delivery
    out += demo_insight_load(today=today, policy=policy)  # past demotions for the analysis pages
    out += demo_mentoring_load(today=today, hr=hr, policy=policy)  # mentoring pairs, a probation plan's mentor
    out += demo_voice_load(today=today, hr=hr, policy=policy)  # an open survey, a closed one, suggestions
    out += demo_training_load(today=today, hr=hr, policy=policy)  # programs, sessions, results as evidence
    out += demo_recognition_load(today=today, hr=hr, policy=policy)  # last month's 服务明星, a contribution
    return out


def _first_of_next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)
