"""Findings of issue 6: a department manager decided about their own promotion."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.errors import Forbidden
from careerpath.people.models import Employee, Position
from careerpath.policy_versions.selectors import active_version
from careerpath.promotions import services as s
from careerpath.promotions.models import Application
from tests.apiclient import make_user


def _own_application(manager: Employee, state: str) -> Application:
    app = Application.objects.create(
        employee=manager, move_id="manager_to_deputy_director", move_type="promotion", from_level="manager",
        to_level="deputy_director", state=state, route="individual", policy_version=active_version(),
        effective_on=date(2026, 10, 16))
    if state == "in_probation":
        app.position_after = Position.objects.create(employee=manager, level="deputy_director",
                                                     start_on=date(2026, 10, 16), reason="晋升")
        app.save()
    return app


def test_it_refuses_a_manager_reviewing_their_own_promotion(company) -> None:  # noqa: ANN001
    # given the department manager's own application awaiting the manager review
    app = _own_application(company.manager, "supervisor_reviewed")
    # when the manager (whose department includes themself) gives the manager review
    with pytest.raises(Forbidden) as exc:
        s.application_manager_review(actor=company.users["manager"], application=app, note="同意")
    # then it is refused as a decision about themself, and nothing changed
    assert exc.value.code == "self_decision"
    assert Application.objects.get(pk=app.pk).state == "supervisor_reviewed"


def test_it_refuses_a_manager_confirming_their_own_probation(company) -> None:  # noqa: ANN001
    app = _own_application(company.manager, "in_probation")
    with pytest.raises(Forbidden) as exc:
        s.application_confirm(actor=company.users["manager"], application=app, note="合格")
    assert exc.value.code == "self_decision"
    assert Application.objects.get(pk=app.pk).state == "in_probation"


def test_another_manager_of_the_department_still_confirms(company) -> None:  # noqa: ANN001
    # given a second manager of the same department, deciding about a colleague: that is allowed
    other = Employee.objects.create(employee_no="M3", name="副经理", education="本科", hired_on=date(2016, 1, 1),
                                    department=company.dept)
    user = make_user("deputy", "manager", employee=other)
    app = _own_application(company.manager, "in_probation")
    assert s.application_confirm(actor=user, application=app, note="合格").state == "confirmed"
