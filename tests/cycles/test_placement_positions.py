"""Confirming a placement run changes positions through people.services: one open row and one audit event each."""

from __future__ import annotations

from careerpath.audit.models import AuditEvent
from careerpath.people.models import Position

from .conftest import World
from .test_placement import _confirmed_run, staff  # noqa: F401 - the fixture


def test_each_placed_person_has_one_open_row_and_one_audit_event(staff: World, settings) -> None:  # noqa: ANN001, F811
    # when
    _confirmed_run(staff, settings)

    # then
    hr = staff.users["hr"]
    for no in ("P1", "P2", "P3"):
        emp = staff.people[no]
        open_rows = list(Position.objects.filter(employee=emp, end_on__isnull=True))
        assert len(open_rows) == 1 and open_rows[0].reason == "初评", no
        [event] = AuditEvent.objects.filter(action="position.change", target_id=str(emp.pk))
        assert event.reason.startswith("初评：") and event.to_state == open_rows[0].level
        assert event.actor == hr
