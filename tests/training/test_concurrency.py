"""The last seat of a session, taken by two people at once: exactly one gets it (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from careerpath.training.models import Enrolment, EnrolmentState
from tests.apiclient import Api
from tests.training.world import build_training

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def test_two_people_enrol_into_the_last_seat_at_once(settings) -> None:  # noqa: ANN001
    w = build_training(settings, capacity=1)
    clients = [Api(w.users["e1"]), Api(w.users["e2"])]
    barrier = threading.Barrier(2)
    results: list[tuple[int, str]] = []

    def enrol(api: Api) -> None:
        try:
            barrier.wait()
            res = api.post(f"/training/sessions/{w.session.pk}/enrolments")
            results.append((res.status_code, res.json().get("code", "")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [(201, ""), (409, "full")]
    assert Enrolment.objects.filter(session=w.session, state=EnrolmentState.ENROLLED).count() == 1
