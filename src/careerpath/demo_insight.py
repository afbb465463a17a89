"""The analysis pages' demo data: the demo company's history lacks demotions, so the demotion-rate chart
would stay empty. Two earlier demotions are recorded the way HR records a past change of position
(``people.services.position_change``, audited), for people no other part of the demo uses.

Everything else on the analysis pages (the pyramid, the time in level, the cycle funnel, the rates, the
allowance cost, the fairness tables) reads what the rest of the demo has already put in place. Running it
again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from careerpath.core.policy import Policy
from careerpath.cycles.models import Candidate
from careerpath.discipline.models import AllowanceDeduction, DemotionCase
from careerpath.people.models import Employee, EmployeeStatus, Position, PositionReason
from careerpath.people.selectors import positions_current_queryset
from careerpath.people.services import position_change
from careerpath.promotions.models import Application

# (level held, the level one down, months before the demo's date the demotion took effect)
_DEMOTIONS = (("senior", "intermediate", 9), ("intermediate", "junior", 17))


def _months_before(today: date, months: int) -> date:
    year, month0 = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month0 + 1, 1)


def demo_insight_load(*, today: date, policy: Policy) -> list[str]:
    if Position.objects.filter(reason=PositionReason.DEMOTION).exists():
        return []
    busy = (set(Application.objects.values_list("employee_id", flat=True))
            | set(Candidate.objects.values_list("employee_id", flat=True))
            | set(DemotionCase.objects.values_list("employee_id", flat=True))
            | set(AllowanceDeduction.objects.values_list("employee_id", flat=True)))
    out = []
    for level, lower, months in _DEMOTIONS:
        if level not in policy.levels or lower not in policy.levels:
            continue
        on = _months_before(today, months)
        # Someone in the level since before the demotion's date, so the history reads in order.
        holders = positions_current_queryset().filter(level=level, start_on__lt=on).values("employee_id")
        person = (Employee.objects.filter(pk__in=holders, status=EmployeeStatus.ACTIVE, user__isnull=True)
                  .exclude(pk__in=busy).exclude(Q(reports__isnull=False)).order_by("employee_no").first())
        if person is None:
            continue
        position_change(actor=None, employee=person, level=lower, start_on=on, reason=PositionReason.DEMOTION,
                        why="演示数据：往年降级记录（触犯高压线，经审批生效）", policy=policy)
        busy.add(person.pk)
        out.append(f"分析看板：{person.name} {on:%Y-%m} 降级为{policy.levels[lower].name.zh}（演示的往年记录）")
    return out
