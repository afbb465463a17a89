"""The demo's initial placement (初评) under department review, and a company-wide headcount plan with a vacancy.

Run from ``demo_procedures`` after the other procedures: a company-wide placement run started today (its
proposals wait for the department managers), one proposal already agreed by a manager; and company-wide
plans for the posts above departments (副总监, 总监), so the headcount page shows plans with vacancies.
Everything goes through the real services; running it again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from careerpath.accounts.models import Role
from careerpath.errors import ServiceError
from careerpath.org.models import HeadcountPlan
from careerpath.org.services import headcount_set
from careerpath.placement import services as pls
from careerpath.placement.models import PlacementRun


def _first_of_next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def demo_placement_load(*, today: date, hr: object) -> list[str]:
    out: list[str] = []
    for level, planned in (("deputy_director", 2), ("director", 1)):
        if not HeadcountPlan.objects.filter(department__isnull=True, level=level).exists():
            try:
                headcount_set(actor=None, department=None, level=level, planned=planned, note="全公司编制（演示）")
            except ServiceError:
                continue  # a policy without this level
    out.append("岗位编制：全公司客服副总监 2 个、客服总监 1 个")
    if PlacementRun.objects.exists():
        return out
    try:
        run = pls.placement_run_start(actor=hr, as_of=today, effective_on=_first_of_next_month(today), today=today)
    except ServiceError as exc:
        return out + [f"初评未发起：{exc.message}"]
    # The demo manager has agreed with one of their people already; the rest wait for them.
    manager = get_user_model().objects.filter(username="manager", groups__name=Role.MANAGER.value).first()
    if manager is not None:
        from careerpath.placement.selectors import proposals_visible_to

        first = (proposals_visible_to(user=manager, run=run).filter(kept_management_post=False)
                 .exclude(employee__user_id=manager.pk).first())
        if first is not None:
            pls.placement_proposal_review(actor=manager, proposal=first, today=today)
    out.append(f"初评 #{run.pk}：{run.proposals.count()} 人，部门复核截止 {run.review_deadline}")
    return out
