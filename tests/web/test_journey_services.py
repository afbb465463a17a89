"""The services and selectors behind the journey's pages: applying in one step, editing a draft, who holds an
application in each state (promotions.applying, promotions.selectors)."""

from __future__ import annotations

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.promotions.applying import (
    STATEMENT_MAX,
    application_apply,
    application_draft_submit,
    application_draft_update,
)
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import (
    application_holders,
    applications_awaiting_applicant_count,
    applications_list,
)
from careerpath.promotions.services import application_create
from tests.procedures.conftest import AS_OF
from tests.web.journey_company import STATEMENT, Company, company_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db, settings) -> Company:  # noqa: ANN001
    return company_build(settings)


def test_applying_creates_and_submits_or_leaves_nothing(company: Company):
    app = application_apply(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                            statement=STATEMENT, as_of=AS_OF)
    assert app.state == "submitted" and app.eligible
    # the teammate is not eligible: refused, and no draft stays behind
    with pytest.raises(InvalidInput) as exc:
        application_apply(actor=company.users["teammate"], employee=company.teammate, to_level="intermediate",
                          statement=STATEMENT, as_of=AS_OF)
    assert exc.value.code == "not_eligible"
    assert not Application.objects.filter(employee=company.teammate).exists()
    assert not AuditEvent.objects.filter(action="application.create", target_id__in=[
        str(pk) for pk in Application.objects.values_list("pk", flat=True) if pk != app.pk]).exists()


@pytest.mark.parametrize(("statement", "code"), [
    ("", "statement_required"), ("   ", "statement_required"), ("短", "statement_too_short"),
    ("很" * (STATEMENT_MAX + 1), "statement_too_long"),
])
def test_the_statement_is_required_and_bounded(company: Company, statement, code):
    with pytest.raises(InvalidInput) as exc:
        application_apply(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                          statement=statement, as_of=AS_OF)
    assert (exc.value.code, exc.value.field) == (code, "statement")
    assert not Application.objects.exists()


def test_a_second_application_is_refused(company: Company):
    company.apply()
    with pytest.raises(Conflict) as exc:
        application_apply(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                          statement=STATEMENT, as_of=AS_OF)
    assert exc.value.code == "already_open"


def test_a_draft_edit_is_audited_with_the_text_it_replaced(company: Company):
    app = application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                             statement="第一稿：申请晋升为中级客服专员。")
    app = application_draft_update(actor=company.users["agent"], application=app, statement=STATEMENT)
    event = AuditEvent.objects.get(target_id=str(app.pk), action="application.update")
    assert app.statement == STATEMENT and event.data["statement_before"] == "第一稿：申请晋升为中级客服专员。"
    # the same text again changes nothing and writes nothing
    application_draft_update(actor=company.users["agent"], application=app, statement=STATEMENT)
    assert AuditEvent.objects.filter(target_id=str(app.pk), action="application.update").count() == 1
    assert application_draft_submit(actor=company.users["agent"], application=app, statement=STATEMENT,
                                    as_of=AS_OF).state == "submitted"


@pytest.mark.parametrize("who", ["supervisor", "hr", "teammate"])
def test_only_the_applicant_edits_their_draft(company: Company, who):
    app = application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                             statement=STATEMENT)
    with pytest.raises(Forbidden) as exc:
        application_draft_update(actor=company.users[who], application=app, statement=STATEMENT + "改")
    assert exc.value.code == "forbidden_role"
    assert Application.objects.get(pk=app.pk).statement == STATEMENT


def test_a_submitted_application_is_not_a_draft_to_edit(company: Company):
    app = company.apply()
    with pytest.raises(Conflict) as exc:
        application_draft_update(actor=company.users["agent"], application=app, statement=STATEMENT + "改")
    assert exc.value.code == "invalid_transition"


@pytest.mark.parametrize(("route", "state", "holders"), [
    ("individual", "draft", [("self", ["张三"])]),
    ("individual", "submitted", [("supervisor", ["李主管"])]),
    ("individual", "supervisor_reviewed", [("manager", ["王经理"])]),
    ("individual", "manager_reviewed", [("hr", [])]),  # the notice is HR's to publish
    ("cycle", "manager_reviewed", [("committee", [])]),
    ("cycle", "committee_reviewed", [("vp", [])]),
    ("cycle", "vp_approved", [("hr", [])]),
    ("individual", "in_notice", [("hr", [])]),
    ("individual", "notice_closed", [("hr", [])]),
    ("individual", "hr_approved", [("hr", [])]),
    ("individual", "letter_issued", [("system", [])]),  # the effective date's job
    ("individual", "in_probation", [("manager", ["王经理"]), ("hr", [])]),
    ("individual", "confirmed", []),
    ("individual", "withdrawn", []),
])
def test_the_holder_of_each_state(company: Company, route, state, holders):
    app = application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                             statement=STATEMENT, route=route)
    Application.objects.filter(pk=app.pk).update(state=state)
    app = Application.objects.select_related("employee__supervisor", "policy_version").get(pk=app.pk)
    got = [(h.capacity, [p.name for p in h.people]) for h in application_holders(application=app)]
    assert got == holders


def test_a_manager_is_never_named_as_the_holder_of_their_own_application(company: Company):
    # the manager's own application waiting for "the manager": they are not their own reviewer
    from datetime import date

    from careerpath.people.models import Position

    Position.objects.filter(employee=company.manager).update(start_on=date(2020, 1, 1))
    app = application_create(actor=company.users["hr"], employee=company.manager, to_level="deputy_director",
                             statement=STATEMENT)
    Application.objects.filter(pk=app.pk).update(state="supervisor_reviewed")
    app = Application.objects.select_related("employee__supervisor", "policy_version").get(pk=app.pk)
    assert [(h.capacity, h.people) for h in application_holders(application=app)] == [("manager", ())]


def test_the_lists_and_the_count(company: Company):
    app = application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate",
                             statement=STATEMENT)
    assert applications_awaiting_applicant_count(user=company.users["agent"]) == 1
    assert applications_awaiting_applicant_count(user=company.users["supervisor"]) == 0
    assert list(applications_list(user=company.users["agent"])) == [app]
    assert list(applications_list(user=company.users["teammate"])) == []
    assert list(applications_list(user=company.users["supervisor"], state="draft")) == [app]
    assert list(applications_list(user=company.users["hr"], state="closed")) == []
