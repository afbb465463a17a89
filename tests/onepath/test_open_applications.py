"""One application in progress per person: the applicant's door and the cycle's ask the same selector."""

from __future__ import annotations

import pytest

from careerpath.errors import Conflict
from careerpath.promotions import services as s
from careerpath.promotions.selectors import open_application_employee_nos
from tests.procedures.conftest import Company, company  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_it_refuses_a_second_application_while_one_is_in_progress(company: Company) -> None:  # noqa: F811
    # given a draft application
    s.application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate")
    # when the agent opens another one
    with pytest.raises(Conflict) as exc:
        s.application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate")
    # then it is refused as already open
    assert exc.value.code == "already_open"


def test_it_allows_a_new_application_once_the_last_one_is_final(company: Company) -> None:  # noqa: F811
    # given an application the agent withdrew
    first = s.application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate")
    s.application_withdraw(actor=company.users["agent"], application=first, reason="下次再申请")
    # when they apply again, then it opens
    again = s.application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate")
    assert again.pk != first.pk


def test_it_names_only_the_people_with_an_application_in_progress(company: Company) -> None:  # noqa: F811
    # given the agent's draft, and nothing for the other agent
    s.application_create(actor=company.users["agent"], employee=company.agent, to_level="intermediate")
    # when the cycle asks about both
    busy = open_application_employee_nos(employee_ids=[company.agent.pk, company.other_agent.pk])
    # then only the agent is busy
    assert busy == {company.agent.employee_no}
