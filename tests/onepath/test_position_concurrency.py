"""Two position changes for one person at once: the employee row lock serializes them (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from careerpath.audit.models import AuditEvent
from careerpath.errors import ServiceError
from careerpath.people.models import Position
from careerpath.people.services import position_change

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def test_two_simultaneous_changes_leave_one_open_row_and_one_event_each_that_won(company) -> None:  # noqa: ANN001
    # given: two HR users record different changes for E1 on the same day
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def change(level: str) -> None:
        try:
            barrier.wait()
            position_change(actor=company.users["hr"], employee=company.agent, level=level,
                            start_on=date(2026, 10, 1), reason="任命", why=level)
            outcome.append("ok")
        except ServiceError as exc:
            outcome.append(exc.code)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=change, args=(lv,)) for lv in ("intermediate", "senior")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    # then: the second waited for the first and was refused; the history stays consistent
    assert sorted(outcome) == ["ok", "start_not_after_current"]
    assert Position.objects.filter(employee=company.agent, end_on__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="position.change", target_id=str(company.agent.pk)).count() == 1
