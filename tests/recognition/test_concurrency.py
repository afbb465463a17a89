"""Two approvals of one round at once: exactly one wins, so each winner gets one certificate and one praise
(PostgreSQL row locks); and two simultaneous proposals of one period make one round."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from careerpath.evidence import models as ev
from careerpath.recognition import services as s
from careerpath.recognition.models import Award, AwardRound
from tests.apiclient import Api, make_user
from tests.recognition.world import OCTOBER, TODAY, build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def _race(calls) -> list[int]:  # noqa: ANN001
    barrier = threading.Barrier(len(calls))
    codes: list[int] = []

    def run(call) -> None:  # noqa: ANN001
        try:
            barrier.wait()
            codes.append(call().status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(codes)


def test_two_simultaneous_approvals_of_one_round(settings) -> None:  # noqa: ANN001
    w = build_world(settings)
    make_user("hr2", "hr")
    r, _ = s.round_propose(actor=w.users["hr"], award="monthly_star", period_start=OCTOBER, today=TODAY)
    s.round_nominate(actor=w.users["hr"], round=r, today=TODAY)
    from django.contrib.auth import get_user_model
    apis = [Api(w.users["hr"]), Api(get_user_model().objects.get(username="hr2"))]
    codes = _race([lambda a=a: a.post(f"/recognition/rounds/{r.pk}/approve", {}) for a in apis])
    assert codes == [200, 409]
    assert Award.objects.count() == 2 and ev.Praise.objects.count() == 2


def test_two_simultaneous_proposals_make_one_round(settings) -> None:  # noqa: ANN001
    w = build_world(settings)
    make_user("hr2", "hr")
    from django.contrib.auth import get_user_model
    apis = [Api(w.users["hr"]), Api(get_user_model().objects.get(username="hr2"))]
    codes = _race([lambda a=a: a.post("/recognition/rounds", {"award": "monthly_star", "period_start": "2026-10-01"})
                   for a in apis])
    assert codes == [200, 201]
    assert AwardRound.objects.count() == 1
