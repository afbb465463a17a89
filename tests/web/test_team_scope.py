"""Who sees whom on the team overview: a supervisor their reports, a manager their department subtree,
HR everyone (with a department filter); nobody sees themself; other roles get 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .team_company import build_team_company, login, row_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_company(db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


@pytest.mark.parametrize(("who", "sees"), [
    ("supervisor", {"E1", "E2", "E3"}),
    ("supervisor2", {"E4"}),
    ("manager", {"S1", "S2", "E1", "E2", "E3", "E4"}),
    ("hr", {"M1", "S1", "S2", "E1", "E2", "E3", "E4", "E9"}),
])
def test_it_shows_each_role_its_own_scope(client, team_company, who, sees):
    login(client, team_company, who)
    response = client.get(reverse("web:team"))
    assert response.status_code == 200
    assert set(row_status(response.content.decode())) == sees


def test_hr_narrows_to_a_department_and_its_subdepartments(client, team_company):
    login(client, team_company, "hr")
    html = client.get(reverse("web:team"), {"dept": team_company.dept.pk}).content.decode()
    assert set(row_status(html)) == {"M1", "S1", "S2", "E1", "E2", "E3", "E4"}
    html = client.get(reverse("web:team"), {"dept": team_company.sub.pk}).content.decode()
    assert set(row_status(html)) == {"S2", "E4"}


def test_a_manager_filters_within_their_department(client, team_company):
    login(client, team_company, "manager")
    html = client.get(reverse("web:team"), {"dept": team_company.sub.pk}).content.decode()
    assert set(row_status(html)) == {"S2", "E4"}
    # A department outside their team is not offered: refused beside the field.
    response = client.get(reverse("web:team"), {"dept": team_company.other.pk})
    assert response.status_code == 400
    assert 'id="id_dept_error"' in response.content.decode()


@pytest.mark.parametrize("who", ["agent", "committee"])
def test_it_refuses_people_without_a_team(client, team_company, who):
    login(client, team_company, who)
    assert client.get(reverse("web:team")).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login(client, team_company):
    response = client.get(reverse("web:team"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_navigation_offers_the_page_to_team_roles_only(client, team_company):
    login(client, team_company, "agent")
    assert 'data-testid="nav-team"' not in client.get("/").content.decode()
    client.logout()
    login(client, team_company, "supervisor")
    assert 'data-testid="nav-team"' in client.get("/").content.decode()
