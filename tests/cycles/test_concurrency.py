"""Two committee members concluding the same cycle at once: one wins, no application is created twice."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from careerpath.audit.models import AuditEvent
from careerpath.cycles import services as s
from careerpath.cycles.models import Candidate
from careerpath.promotions.models import Application

from .conftest import Api, World, make_user, senior_candidates

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def test_two_simultaneous_conclusions(world: World) -> None:
    senior_candidates(world, {"A1": (world.east, 80, 90), "B1": (world.south, 70, 70)})
    hr, committee = world.users["hr"], world.users["committee"]
    c = s.cycle_open(actor=hr, year=2026)
    s.cycle_nominations_start(actor=hr, cycle=c)
    s.cycle_nominate(actor=hr, cycle=c, candidate_ids=list(Candidate.objects.values_list("pk", flat=True)))
    s.cycle_nominations_close(actor=hr, cycle=c, today=date(2026, 11, 11))
    s.cycle_score(actor=committee, cycle=c)
    s.cycle_quota_set(actor=committee, cycle=c, move_id="intermediate_to_senior", absolute=1)
    s.cycle_accept_proposal(actor=committee, cycle=c)
    clients = [Api(committee), Api(make_user("committee2", "committee"))]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def conclude(api: Api) -> None:
        try:
            barrier.wait()
            codes.append(api.post("/cycles/2026/conclude").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=conclude, args=(api,)) for api in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [200, 409]
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action="cycle.conclude").count() == 1
