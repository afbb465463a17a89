"""The demo's review queues: applications waiting for the demo supervisor (直接上级) and manager (部门负责人).

Called by :func:`careerpath.demo_procedures.demo_procedures_load` (once: it stops when procedures exist).
Everything goes through the real services. For two of the supervisor's people HR enters the competency
the supervisor vouched for when it is all that is missing, and files the application (HR files for people
without a login); after the submission new evidence arrives — an internal praise for one, a major complaint
for the other — so the review page has something to show under "what changed since submission". For the
manager, someone in their department is filed for and reviewed by a supervisor with the interview and the
report, and waits for the second review.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from careerpath.core.criteria.records import Attested
from careerpath.core.policy import Policy
from careerpath.core.workflow import FINAL
from careerpath.discipline.services import incident_record
from careerpath.evaluation.selectors import evaluation_run
from careerpath.evidence.services import evidence_add
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import department_subtree_ids
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application
from careerpath.promotions.review_report import Interview, InterviewMode, Recommendation, ReviewReport

# Left to the annual cycle (the skill track above the trunk), as the demo's notice does.
_CYCLE_LEVELS = {"senior", "expert"}


def _candidates(queryset: QuerySet[Employee], *, busy: set[int]) -> list[Employee]:
    return list(queryset.filter(status=EmployeeStatus.ACTIVE, user__isnull=True).exclude(pk__in=busy)
                .select_related("department", "supervisor").order_by("employee_no"))


def _file(*, hr: AbstractBaseUser, employee: Employee, policy: Policy, today: date,
          attester: Employee | None, exception: str = "") -> Application | None:
    """File and submit an application for the first promotion ``employee`` meets (or would, given the missing
    competency attestations ``attester`` vouches for, or under the policy's exception clause with HR's
    ``exception`` reason); None when there is none."""
    moves = {m.id: m for m in policy.moves}
    for r in evaluation_run(policy=policy, as_of=today, employee_no=employee.employee_no).results:
        if r.move != "promotion" or r.target_level in _CYCLE_LEVELS:
            continue
        declared = {c.id: c for c in moves[r.move_id].criteria}
        failing = [c for c in r.criteria if not c.passed]
        if exception and failing and policy.process.allow_exceptions:
            app = ps.application_create(actor=hr, employee=employee, to_level=r.target_level,
                                        statement="申请晋升（演示）", exception_reason=exception)
            return ps.application_submit(actor=hr, application=app, as_of=today)
        if failing and (attester is None or not all(isinstance(declared.get(c.id), Attested) for c in failing)):
            continue
        have = set(employee.attestations.values_list("competency", flat=True))
        for c in failing:
            for code in declared[c.id].competencies:  # type: ignore[attr-defined]
                if code not in have:
                    evidence_add(actor=hr, kind="attestation", employee=employee, competency=code,
                                 date=today - timedelta(days=7), attested_by_no=attester.employee_no if attester else "",
                                 note="直接上级现场考核认定（演示）", reason="直接上级认定（演示）")
        app = ps.application_create(actor=hr, employee=employee, to_level=r.target_level,
                                    statement="本人在岗期间工作认真，已达到晋升标准，申请晋升（演示）")
        return ps.application_submit(actor=hr, application=app, as_of=today)
    return None


def demo_reviews_load(*, today: date, hr: AbstractBaseUser, admin: AbstractBaseUser, policy: Policy) -> list[str]:
    """Put applications in the demo supervisor's and manager's review queues; return what was done."""
    users = get_user_model().objects
    out: list[str] = []
    busy = set(Application.objects.exclude(state__in=[s.value for s in FINAL]).values_list("employee_id", flat=True))

    sup = Employee.objects.filter(user__username="supervisor").first()
    filed: list[Application] = []
    if sup is not None:
        for emp in _candidates(Employee.objects.filter(supervisor=sup), busy=busy):
            app = _file(hr=hr, employee=emp, policy=policy, today=today, attester=sup)
            if app is not None:
                filed.append(app)
                busy.add(emp.pk)
            if len(filed) == 2:
                break
        if len(filed) == 1:
            # Nobody else meets the standard: HR files one under the exception clause (破格), as the policy allows.
            for emp in _candidates(Employee.objects.filter(supervisor=sup), busy=busy):
                app = _file(hr=hr, employee=emp, policy=policy, today=today, attester=None,
                            exception="部门推荐：业务骨干，带教新人将于下月达到独立操作（演示）")
                if app is not None:
                    filed.append(app)
                    busy.add(emp.pk)
                    break
    if filed:
        first = filed[0]
        evidence_add(actor=hr, kind="praise", employee=first.employee, date=today, source="internal",
                     note="本月服务之星（提交后新增，演示）", reason="提交后新增的内部表扬（演示）")
        if len(filed) > 1:
            incident_record(actor=hr, employee=filed[1].employee, date=today, type="重大投诉",
                            note="客户重大投诉（提交后新增，演示）")
        names = "、".join(a.employee.name for a in filed)
        out.append(f"待直接上级评审：{names}（提交后有新的证据记录）")

    manager = users.filter(username="manager").first()
    me = Employee.objects.filter(user=manager).first() if manager else None
    if me is not None and me.department_id is not None:
        people = Employee.objects.filter(department_id__in=department_subtree_ids(root_id=me.department_id),
                                         supervisor__isnull=False).exclude(supervisor=sup).exclude(pk=me.pk)
        for emp in _candidates(people, busy=busy):
            app = _file(hr=hr, employee=emp, policy=policy, today=today, attester=None)
            if app is None:
                continue
            ps.application_supervisor_report(
                actor=admin, application=app,
                interview=Interview(held_on=today, mode=InterviewMode.IN_PERSON.value, place="客服部三楼会议室",
                                    topics="回顾近一年的工作量与客户反馈；讨论晋升后独立处理常规异常、带教新人的要求。",
                                    employee_view="希望承担更多带教工作，愿意参加技术评定后的进阶培训。"),
                report=ReviewReport(
                    performance="近12个月工作量稳定达标，客户投诉为零，多次获客户书面表扬。",
                    competence="系统操作熟练，能独立处理一般常规性异常和投诉；已成功带教新人1名。",
                    qualities="沟通耐心，团队协作积极，服务意识强，学习新业务快。",
                    development="晋升后安排参加储备干部培训，由资深客服专员担任导师，考察期重点关注异常件处理质量。",
                    recommendation=Recommendation.RECOMMEND.value,
                    conclusion="符合晋升条件，表现突出，推荐晋升。"))
            out.append(f"待部门经理复审：{emp.name}（直接上级已面谈并提交晋升评审报告）")
            break
    return out
