"""Two approvals of the same application at once: exactly one wins, the other gets 409 (PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction

from careerpath.audit.models import AuditEvent
from careerpath.errors import Conflict
from careerpath.promotions.models import Application, ApplicationState
from careerpath.promotions.services import application_hr_approve

from .conftest import Api

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def _ready_for_hr(company) -> Application:  # noqa: ANN001
    """An application whose notice has closed, created directly in its state for brevity."""
    from careerpath.policy_versions.selectors import active_version

    return Application.objects.create(
        employee=company.agent, move_id="junior_to_intermediate", move_type="promotion", from_level="junior",
        to_level="intermediate", state=ApplicationState.NOTICE_CLOSED, policy_version=active_version(),
        effective_on=date(2026, 10, 16))


def test_two_simultaneous_api_approvals(company) -> None:  # noqa: ANN001
    app = _ready_for_hr(company)
    clients = [Api(company.users["hr"]), Api(company.users["admin"])]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def approve(api: Api) -> None:
        try:
            barrier.wait()
            codes.append(api.post(f"/applications/{app.pk}/hr_approve", {"note": "同意"}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [200, 409]
    assert AuditEvent.objects.filter(target_type="application", target_id=str(app.pk),
                                     action="application.hr_approve").count() == 1


def test_the_second_approval_waits_for_the_row_lock_and_then_loses(company) -> None:  # noqa: ANN001
    app = _ready_for_hr(company)
    locked, outcome = threading.Event(), {}

    def second() -> None:
        try:
            locked.wait(10)
            application_hr_approve(actor=company.users["admin"], application=app, note="第二次")
            outcome["result"] = "approved"
        except Conflict as exc:
            outcome["result"] = exc.code
        finally:
            connections.close_all()

    t = threading.Thread(target=second)
    t.start()
    with transaction.atomic():
        Application.objects.select_for_update().get(pk=app.pk)  # hold the row as the first approver does
        locked.set()
        time.sleep(0.5)
        assert "result" not in outcome  # the second approver is blocked on the lock, not racing past it
        application_hr_approve(actor=company.users["hr"], application=app, note="第一次")
    t.join(30)
    assert outcome["result"] == "invalid_transition"
    assert Application.objects.get(pk=app.pk).state == ApplicationState.HR_APPROVED
    assert AuditEvent.objects.filter(action="application.hr_approve", target_id=str(app.pk)).count() == 1
