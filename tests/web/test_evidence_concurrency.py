"""Two decisions on the same submission at once (a confirm and a reject): exactly one wins (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from careerpath.errors import Conflict
from careerpath.evidence import models as ev
from careerpath.evidence.services import submission_confirm, submission_create, submission_reject
from tests.web.evidence_company import company_fixture, upload  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def test_a_confirm_and_a_reject_at_once_cannot_both_win(company):  # noqa: ANN001
    sub = submission_create(actor=company.user("agent"), kind="praise", praise_source="customer", customer="顺达",
                            date=date(2026, 9, 1), attachment=upload())
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(action: str) -> None:
        try:
            barrier.wait()
            if action == "confirm":
                submission_confirm(actor=company.user("supervisor"), submission=sub)
            else:
                submission_reject(actor=company.user("hr"), submission=sub, reason="重复提交")
            outcomes.append(action)
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in ("confirm", "reject")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) in (["confirm", "invalid_transition"], ["invalid_transition", "reject"])
    sub.refresh_from_db()
    assert ev.Praise.objects.count() == (1 if sub.state == "confirmed" else 0)
