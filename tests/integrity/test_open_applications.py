"""At most one open application per person and move, enforced by the database and reported as 409.

The service checks first (under a lock on the person's row); the partial unique constraint is the
backstop for every other writer and for the race the check alone cannot close (issue 7, finding 4).
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction

from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import FINAL, OPEN
from careerpath.errors import Conflict
from careerpath.people.models import Employee, Position
from careerpath.policy_versions.selectors import active_version
from careerpath.promotions import services as s
from careerpath.promotions.models import Application
from tests.procedures.conftest import Api

only_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="concurrent writers are proven on PostgreSQL")


def _application(employee: Employee, state: str, move_id: str = "junior_to_intermediate") -> Application:
    """An application written straight to the table, as any writer other than the service could."""
    return Application.objects.create(
        employee=employee, move_id=move_id, move_type="promotion", from_level="junior", to_level="intermediate",
        state=state, policy_version=active_version())


@pytest.mark.parametrize("state", sorted(s.value for s in OPEN))
def test_it_refuses_a_second_open_application_for_the_same_move_in_the_database(company, state) -> None:  # noqa: ANN001
    _application(company.agent, state)
    with pytest.raises(IntegrityError), transaction.atomic():
        _application(company.agent, "draft")


@pytest.mark.parametrize("state", sorted(s.value for s in FINAL))
def test_it_allows_a_new_application_once_the_previous_one_has_ended(company, state) -> None:  # noqa: ANN001
    _application(company.agent, state)
    _application(company.agent, "draft")
    assert Application.objects.filter(employee=company.agent).count() == 2


def test_it_allows_open_applications_of_different_people_for_the_same_move(company) -> None:  # noqa: ANN001
    _application(company.agent, "submitted")
    _application(company.other_agent, "submitted")
    assert Application.objects.count() == 2


def test_the_api_answers_409_already_open_for_a_second_application(company) -> None:  # noqa: ANN001
    hr = Api(company.users["hr"])
    first = hr.post("/applications", {"employee_no": "E1", "to_level": "intermediate"})
    assert first.status_code == 201, first.json()
    second = hr.post("/applications", {"employee_no": "E1", "to_level": "intermediate"})
    assert second.status_code == 409 and second.json()["code"] == "already_open"
    assert Application.objects.filter(employee=company.agent).count() == 1


def _intermediate(company) -> Employee:  # noqa: ANN001
    emp = Employee.objects.create(employee_no="E5", name="钱五", education="本科", hired_on=date(2020, 1, 1),
                                  department=company.dept, supervisor=company.supervisor)
    Position.objects.create(employee=emp, level="intermediate", start_on=date(2024, 1, 1))
    return emp


def _race(company, bodies: list[dict]) -> list[tuple[int, str]]:  # noqa: ANN001
    """POST every body to /applications at the same moment, each from its own thread and connection."""
    clients = [Api(company.users["hr"]) for _ in bodies]
    barrier = threading.Barrier(len(bodies))
    answers: list[tuple[int, str]] = []

    def create(api: Api, body: dict) -> None:
        try:
            barrier.wait(10)
            res = api.post("/applications", body)
            answers.append((res.status_code, res.json().get("code", "")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(c, b)) for c, b in zip(clients, bodies, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_creates_for_one_person_open_exactly_one_application(company) -> None:  # noqa: ANN001
    # when 8 requests for the same person and move arrive at once
    answers = _race(company, [{"employee_no": "E1", "to_level": "intermediate"}] * 8)
    # then exactly one wins and the seven others are told why
    assert sorted(answers) == [(201, "")] + [(409, "already_open")] * 7
    assert Application.objects.filter(employee=company.agent).count() == 1
    assert AuditEvent.objects.filter(action="application.create").count() == 1


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_creates_for_different_moves_of_one_person_open_only_one(company) -> None:  # noqa: ANN001
    # given an intermediate, who may move to senior, supervisor or project supervisor
    emp = _intermediate(company)
    levels = ["senior", "supervisor", "project_supervisor"] * 2
    # when one application for each move arrives at once (twice over)
    answers = _race(company, [{"employee_no": emp.employee_no, "to_level": lv} for lv in levels])
    # then the person still has one application in progress: the rule is per person, not only per move
    assert sorted(answers) == [(201, "")] + [(409, "already_open")] * 5
    assert Application.objects.filter(employee=emp).count() == 1


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_create_that_loses_to_an_uncommitted_insert_gets_409_not_500(company) -> None:  # noqa: ANN001
    # given another writer (not the service, so it takes no lock on the person) holding an uncommitted
    # open application: the service's check cannot see it, only the unique index can
    inserted, attempted = threading.Event(), threading.Event()

    def other_writer() -> None:
        try:
            with transaction.atomic():
                _application(company.agent, "draft")
                inserted.set()
                # Commit only once the service's insert waits on this row's index entry (or after 5 s).
                for _ in range(100):
                    if attempted.is_set():
                        break
                    with connection.cursor() as cur:
                        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                        if cur.fetchone()[0]:
                            break
                    time.sleep(0.05)
        finally:
            connections.close_all()

    t = threading.Thread(target=other_writer)
    t.start()
    assert inserted.wait(10)
    # when the service creates an application for the same move
    try:
        with pytest.raises(Conflict) as exc:
            s.application_create(actor=company.users["hr"], employee=company.agent, to_level="intermediate")
    finally:
        attempted.set()
        t.join(30)
    # then the database's refusal is reported as the rule it enforces
    assert exc.value.code == "already_open"
    assert Application.objects.filter(employee=company.agent).count() == 1
    assert not AuditEvent.objects.filter(action="application.create").exists()
