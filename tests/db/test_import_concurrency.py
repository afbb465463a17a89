"""Two imports of the same file at the same moment: both succeed, nothing is duplicated."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from careerpath.evidence.services import workbook_import

from .helpers import row_counts

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the in-memory SQLite test database is one connection shared by all threads",
    ),
]


def test_simultaneous_imports_of_one_file_neither_fail_nor_duplicate(make_workbook, policy):
    path = make_workbook(60)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        try:
            start.wait()
            outcomes.append(workbook_import(path=path, policy=policy))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors
    assert len(outcomes) == 2
    created = sorted(o.counts["employees"].created for o in outcomes)
    assert created == [0, 60]  # one import inserted everybody, the other found them all
    counts = row_counts()
    assert counts["employees"] == 60
    assert counts["import_batches"] == 2
