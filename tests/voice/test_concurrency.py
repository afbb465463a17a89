"""Two answers of the same person at once (a double click, two tabs): exactly one is kept (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from careerpath.voice.models import Participation, Question, Response
from tests.apiclient import Api
from tests.voice.world import build_voice

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race is proven on PostgreSQL"),
]


def test_two_simultaneous_answers_of_one_person_keep_one(settings) -> None:  # noqa: ANN001
    w = build_voice(settings)
    s = w.survey()
    q = {x.kind: x.pk for x in Question.objects.filter(survey=s)}
    body = {"answers": [{"question_id": q["rating"], "value": 4}, {"question_id": q["single"], "value": 0},
                        {"question_id": q["multiple"], "value": [1]}]}
    user = w.people["east"][0].user
    clients = [Api(user), Api(user)]
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def answer(api: Api) -> None:
        try:
            barrier.wait()
            codes.append(api.post(f"/voice/surveys/{s.pk}/responses", body).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(codes) == [201, 409]
    # The loser's response was rolled back with its participation: one of each, never an orphan answer.
    assert Participation.objects.filter(survey=s).count() == 1
    assert Response.objects.filter(survey=s).count() == 1
