"""The demo's talent reserve pool and one internal competition in progress.

Called once from :func:`careerpath.demo_procedures.demo_procedures_load`: HR adds a 客服主管 post to the
pool's department (a new team, so the headcount plan shows a vacancy there), posts it, the pool's members
are invited, and one eligible member — the demo login ``senior`` — applies, so HR finds a candidate waiting
to be interviewed and scored. Everything goes through the services.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.core.policy import Policy
from careerpath.evaluation.selectors import evaluation_run
from careerpath.org.selectors import headcount_overview
from careerpath.org.services import headcount_set
from careerpath.people.models import Employee
from careerpath.promotions.selectors import open_application_employee_nos
from careerpath.talent import services as ts
from careerpath.talent.models import Posting
from careerpath.talent.selectors import open_posts, pool_levels, pool_queryset
from careerpath.web.services import DEMO_PASSWORD

STATEMENT = ("本人任高级客服专员两年，带教新人三名，熟悉班组排班、异常与投诉处理；"
             "如能竞聘成功，将着力提升班组时效与客户满意度。（演示）")


def demo_talent_load(*, today: date, hr: Any, policy: Policy) -> list[str]:
    if Posting.objects.exists():
        return ["内部竞聘演示数据已存在 (talent demo already loaded)"]
    pool = pool_queryset(policy=policy, department_ids=None)
    out = [f"人才储备库：{pool.count()} 人（{'、'.join(policy.levels[c].name.zh for c in pool_levels(policy))}）"]
    ev = evaluation_run(policy=policy, as_of=today)
    ready = [r.employee_no for r in ev.results if r.move_id == "senior_to_supervisor" and r.eligible]
    busy = open_application_employee_nos(employee_ids=list(Employee.objects.filter(employee_no__in=ready)
                                                           .values_list("pk", flat=True)))
    applicant = (Employee.objects.filter(employee_no__in=ready, user__isnull=True, department__isnull=False)
                 .exclude(employee_no__in=busy).order_by("employee_no").first())
    if applicant is None:
        return out
    dept = applicant.department
    row = next((r for r in headcount_overview(department=dept) if r.level == "supervisor"), None)
    left = next((p.left for p in open_posts(policy=policy) if p.department_id == dept.pk and p.level == "supervisor"), 0)
    if left <= 0:
        headcount_set(actor=hr, department=dept, level="supervisor", planned=(row.occupied if row else 0) + 1,
                      note="演示：新设一个班组，增加客服主管编制 1 个")
    posting = ts.posting_create(actor=hr, level="supervisor", department=dept, working_days=5, today=today,
                                description="负责班组日常管理、排班与异常处理，带领 8–10 人团队（演示）")
    out.append(f"内部竞聘：{posting.title}，报名截止 {posting.closes_on}，已邀请 {posting.invitations.count()} 人")
    # The applicant signs in as the demo login "senior" (an employee), as the other demo logins do.
    user = user_upsert(username="senior", password=DEMO_PASSWORD, roles={Role.EMPLOYEE}, employee=applicant)
    ts.candidate_apply(actor=user, posting=posting, statement=STATEMENT, today=today)
    out.append(f"竞聘报名：{applicant.name}（登录 senior），待人力资源部面试评分")
    return out
