"""The demo's analysis part (careerpath.demo_insight): two earlier demotions through the audited position
change, for people no other part of the demo uses; running it again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.demo_insight import demo_insight_load
from careerpath.evidence.selectors import policy_get
from careerpath.insight import selectors as sel
from careerpath.people.models import Position
from tests.web.insight_company import build_insight_company

pytestmark = pytest.mark.django_db


def test_the_demo_records_earlier_demotions_so_the_demotion_chart_has_figures(settings) -> None:  # noqa: ANN001
    company = build_insight_company(settings)
    Position.objects.filter(reason="降级").delete()  # the company's own one
    company.people["S1"].user = None  # a demo login is never picked
    company.people["S1"].save(update_fields=["user"])
    today = date(2026, 12, 15)
    lines = demo_insight_load(today=today, policy=policy_get())
    demoted = Position.objects.filter(reason="降级")
    # S1 (a senior since 2022, no login, no deduction, no candidacy) is the only senior free to use
    assert [(p.employee.employee_no, p.level, p.start_on) for p in demoted] == [("S1", "intermediate", date(2026, 3, 1))]
    assert len(lines) == 1 and "降级" in lines[0]
    assert AuditEvent.objects.filter(action="position.change").count() == 1
    rows = sel.movement_rates(department_ids=None, years=[2026])
    assert sum(r.demotions for r in rows) == 1
    assert demo_insight_load(today=today, policy=policy_get()) == []
    assert Position.objects.filter(reason="降级").count() == 1
