"""A demotion taking effect changes the position through people.services: one open row, one audit event."""

from __future__ import annotations

from datetime import date

from careerpath.audit.models import AuditEvent
from careerpath.discipline.services import demotion_apply_effective
from careerpath.people.models import Position

from .conftest import Company
from .test_demotion import _approved_case


def test_a_demotion_leaves_one_open_row_and_one_audit_event_with_the_reason(company: Company) -> None:
    # given
    case = _approved_case(company, date(2026, 12, 1))

    # when
    demotion_apply_effective(today=date(2026, 12, 1))

    # then
    assert list(Position.objects.filter(employee=company.senior, end_on__isnull=True).values_list(
        "level", "start_on", "reason")) == [("intermediate", date(2026, 12, 1), "降级")]
    [event] = AuditEvent.objects.filter(action="position.change", target_id=str(company.senior.pk))
    assert event.actor_label == "system" and event.reason.startswith("降级：")
    assert (event.from_state, event.to_state, event.data["case"]) == ("senior", "intermediate", case.pk)
