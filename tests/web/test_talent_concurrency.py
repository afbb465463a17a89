"""Two HR selections of one posting at once, each of a different candidate: exactly one wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from careerpath.promotions.models import Application
from careerpath.talent import services as ts
from careerpath.talent.models import Candidate, CandidateState, Posting, PostingState
from tests.apiclient import Api
from tests.web.talent_world import TODAY, build_talent
from tests.web.test_talent_services import STATEMENT, scored

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are proven on PostgreSQL"),
]


def test_two_simultaneous_selections_of_one_posting(settings) -> None:  # noqa: ANN001
    w = build_talent(settings)
    from careerpath.org.services import headcount_set

    headcount_set(actor=None, department=w.center, level="supervisor", planned=1)
    p = w.post(department=w.center)
    cands = [ts.candidate_apply(actor=w.users[u], posting=p, statement=STATEMENT, today=TODAY) for u in ("ready", "far")]
    for c in cands:
        scored(w, c)
    clients = [Api(w.users["hr"]), Api(w.users["hr2"])]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def select(api: Api, cand: Candidate) -> None:
        try:
            barrier.wait()
            codes.append(api.post(f"/talent/postings/{p.pk}/select", {"candidate_id": cand.pk}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=select, args=(api, c)) for api, c in zip(clients, cands, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [200, 409]
    assert Posting.objects.get(pk=p.pk).state == PostingState.SELECTED
    assert Candidate.objects.filter(posting=p, state=CandidateState.SELECTED).count() == 1
    assert Application.objects.count() == 1
