"""The stored eligibility (evaluation.store): what it holds matches the engine, it is refreshed exactly when
a person's facts, the context or the date change, a refresh is idempotent, and a saved fact is reflected
right after its transaction commits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from careerpath.evaluation.models import MoveEligibility, PersonEligibility
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.evaluation.store import eligibility_as_of, eligibility_context, eligibility_refresh
from careerpath.evidence import models as ev
from careerpath.evidence.selectors import policy_get
from careerpath.org.models import HeadcountPlan
from careerpath.people.models import Employee
from tests.web.team_company import AS_OF, build_team_company


@pytest.fixture
def company(db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


def test_the_rows_say_what_the_engine_says_in_both_languages(company):
    result = eligibility_refresh(as_of=AS_OF)
    assert result.evaluated == result.people == Employee.objects.filter(status="active").count()
    policy = policy_get()
    for lang in ("zh", "en"):
        engine = evaluation_run(policy=policy, as_of=AS_OF, lang=lang, population=population_load(policy=policy))
        stored = {(m.employee.employee_no, m.move_id): m for m in MoveEligibility.objects.select_related("employee")}
        assert {(r.employee_no, r.move_id) for r in engine.results} == set(stored)
        for r in engine.results:
            assert stored[(r.employee_no, r.move_id)].eligible == r.eligible
            assert stored[(r.employee_no, r.move_id)].projected_on == r.projected_on
            row = PersonEligibility.objects.get(employee__employee_no=r.employee_no)
            brief = next(m for m in row.moves if m["move_id"] == r.move_id)
            assert brief["missing"][lang] == [c.shortfall or c.label for c in r.criteria if not c.passed]
    statuses = dict(PersonEligibility.objects.values_list("employee__employee_no", "status"))
    assert (statuses["E1"], statuses["E2"], statuses["E3"]) == ("eligible", "soon", "blocked")


def test_a_second_refresh_evaluates_nobody(company):
    assert eligibility_refresh(as_of=AS_OF).evaluated > 0
    assert eligibility_refresh(as_of=AS_OF).evaluated == 0


def test_a_saved_fact_marks_its_person_and_only_they_are_evaluated_again(company):
    eligibility_refresh(as_of=AS_OF)
    e3 = company.people["E3"]
    ev.Attestation.objects.create(employee=e3, competency="routine_exceptions", date=date(2026, 9, 1))
    assert list(PersonEligibility.objects.filter(stale=True).values_list("employee_id", flat=True)) == [e3.pk]
    result = eligibility_refresh(as_of=AS_OF)
    assert result.evaluated == 1
    assert PersonEligibility.objects.get(employee=e3).status == "eligible"


def test_a_bulk_update_without_signals_is_caught_by_the_fingerprint(company):
    eligibility_refresh(as_of=AS_OF)
    e1 = company.people["E1"]
    # What an import does: a bulk update that stamps updated_at, no save() and no signal.
    ev.Attestation.objects.filter(employee=e1).update(date=date(2020, 1, 1), updated_at=timezone.now())
    assert not PersonEligibility.objects.filter(stale=True).exists()
    assert eligibility_refresh(as_of=AS_OF).evaluated == 1


def test_a_new_day_evaluates_everyone_again(company):
    first = eligibility_refresh(as_of=AS_OF)
    later = AS_OF + timedelta(days=60)  # E2's tenure is met on 2026-11-15
    again = eligibility_refresh(as_of=later)
    assert again.evaluated == first.evaluated
    assert PersonEligibility.objects.get(employee=company.people["E2"]).status == "eligible"
    assert set(PersonEligibility.objects.values_list("as_of", flat=True)) == {later}


def test_a_change_of_the_open_posts_changes_the_context(company):
    eligibility_refresh(as_of=AS_OF)
    before = eligibility_context().key
    HeadcountPlan.objects.create(department=company.dept, level="supervisor", planned=5)
    assert eligibility_context().key != before
    assert eligibility_refresh(as_of=AS_OF).evaluated == PersonEligibility.objects.count()


def test_people_who_leave_lose_their_rows(company):
    eligibility_refresh(as_of=AS_OF)
    e9 = company.people["E9"]
    Employee.objects.filter(pk=e9.pk).update(status="left", updated_at=timezone.now())
    result = eligibility_refresh(as_of=AS_OF)
    assert result.removed == 1
    assert not PersonEligibility.objects.filter(employee=e9).exists()
    assert not MoveEligibility.objects.filter(employee=e9).exists()


def test_the_state_says_how_current_the_figures_are(company):
    eligibility_refresh(as_of=AS_OF)
    state = eligibility_as_of(as_of=AS_OF, context=eligibility_context())
    assert (state.stale, state.missing, state.as_of) == (0, 0, AS_OF)
    assert isinstance(state.newest, datetime)
    ev.Praise.objects.create(employee=company.people["E1"], date=date(2026, 9, 1), source="internal")
    assert eligibility_as_of(as_of=AS_OF).stale == 1
    assert eligibility_as_of(as_of=AS_OF + timedelta(days=1)).stale == PersonEligibility.objects.count()


def test_the_daily_command_is_idempotent_and_rejects_a_bad_date(company, capsys):
    call_command("refresh_eligibility", "--today", AS_OF.isoformat())
    first = capsys.readouterr().out
    call_command("refresh_eligibility", "--today", AS_OF.isoformat())
    second = capsys.readouterr().out
    assert "evaluated 0" not in first and "evaluated 0" in second
    with pytest.raises(CommandError) as err:
        call_command("refresh_eligibility", "--today", "2026-13-01")
    assert err.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_a_fact_saved_in_a_request_is_reflected_once_it_commits(settings):
    company = build_team_company(settings)
    eligibility_refresh(as_of=AS_OF)
    e3 = company.people["E3"]
    assert PersonEligibility.objects.get(employee=e3).status == "blocked"
    ev.Attestation.objects.create(employee=e3, competency="routine_exceptions", date=date(2026, 9, 1))  # autocommit
    row = PersonEligibility.objects.get(employee=e3)
    assert (row.status, row.stale) == ("eligible", False)


def test_an_import_marks_every_row_and_a_dry_run_marks_none(company):
    from careerpath.evidence.models import ImportBatch

    eligibility_refresh(as_of=AS_OF)
    from django.db import transaction

    with transaction.atomic():
        ImportBatch.objects.create(file_name="dry.xlsx", sha256="", policy="p", counts={})
        transaction.set_rollback(True)
    assert not PersonEligibility.objects.filter(stale=True).exists()
    ImportBatch.objects.create(file_name="real.xlsx", sha256="", policy="p", counts={})
    assert PersonEligibility.objects.filter(stale=False).count() == 0
