"""Two workers sending the same deliveries at once: each message reaches its receiver exactly once
(PostgreSQL, real threads and connections)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from careerpath.notifications import services as s
from careerpath.notifications.models import Delivery, DeliveryState

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent claims are proven on PostgreSQL"),
]


def test_two_workers_never_send_one_delivery_twice(company, robot_receiver) -> None:  # noqa: ANN001
    for i in range(3):
        s.robot_save(actor=company.users["hr"], department=company.dept, vendor="wecom", name=f"群{i}",
                     events=["notice"], token=f"concurrentkey{i}")
    s.notify(user_ids=[], text="公示已发布", url="/notices/1/", event="notice", department_ids=[company.dept.pk])
    pks = sorted(Delivery.objects.values_list("pk", flat=True))
    assert len(pks) == 3
    barrier = threading.Barrier(2)
    results: list[str] = []

    def worker() -> None:
        try:
            barrier.wait()
            for pk in pks:
                results.append(s.delivery_send(delivery_id=pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["sent"] * 3 + ["skipped"] * 3
    assert len(robot_receiver.of("wecom")) == 3
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
