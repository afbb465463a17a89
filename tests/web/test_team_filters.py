"""The team overview's filters, sorting, pagination, counts and HTMX swaps (all GET parameters)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.people.models import Employee, Position

from .team_company import AS_OF, agent, build_team_company, login, row_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_company(db, settings):  # noqa: ANN001, ANN201
    return build_team_company(settings)


def _get(client, **params):  # noqa: ANN001, ANN003, ANN202
    return client.get(reverse("web:team"), params)


def test_it_tells_eligible_now_soon_and_blocked_apart(client, team_company):
    login(client, team_company, "supervisor")
    html = _get(client).content.decode()
    assert row_status(html) == {"E1": "eligible", "E2": "soon", "E3": "blocked"}
    # the soon one with the date it is met, the blocked one with what is missing
    assert "2026年11月15日" in html
    assert "还需能力认定：能独立处理一般常规性异常、投诉" in html


@pytest.mark.parametrize(("status", "expected"), [
    ("eligible", {"E1"}), ("soon", {"E2"}), ("blocked", {"E3"}), ("", {"E1", "E2", "E3"}),
])
def test_it_filters_by_status(client, team_company, status, expected):
    login(client, team_company, "supervisor")
    assert set(row_status(_get(client, status=status).content.decode())) == expected


def test_the_counts_ignore_the_status_filter_but_follow_the_others(client, team_company):
    login(client, team_company, "manager")
    html = _get(client, status="soon").content.decode()
    counts = [html.split(f'data-testid="count-{k}"', 1)[1].split('class="n">', 1)[1].split("<", 1)[0]
              for k in ("eligible", "soon", "blocked")]
    # manager: E1, E4 eligible; E2 soon; E3 and the two supervisors (no move with a date) blocked
    assert counts == ["2", "1", "3"]
    html = _get(client, q="李").content.decode()
    counts = [html.split(f'data-testid="count-{k}"', 1)[1].split('class="n">', 1)[1].split("<", 1)[0]
              for k in ("eligible", "soon", "blocked")]
    assert counts == ["0", "1", "1"]  # 李四 (soon), 李主管 (blocked)


@pytest.mark.parametrize(("q", "expected"), [("张", {"E1"}), ("e2", {"E2"}), ("E", {"E1", "E2", "E3"}), ("无此人", set())])
def test_it_finds_people_by_name_or_number(client, team_company, q, expected):
    login(client, team_company, "supervisor")
    assert set(row_status(_get(client, q=q).content.decode())) == expected


def test_it_filters_by_level(client, team_company):
    login(client, team_company, "manager")
    assert set(row_status(_get(client, level="supervisor").content.decode())) == {"S1", "S2"}
    assert set(row_status(_get(client, level="junior").content.decode())) == {"E1", "E2", "E3", "E4"}


def _order(html: str) -> list[str]:
    return list(row_status(html))


@pytest.mark.parametrize(("sort", "expected"), [
    ("name", ["E1", "E2", "E3"]),          # 张三, 李四, 王五 in code-point order
    ("-name", ["E3", "E2", "E1"]),
    ("months", ["E2", "E1", "E3"]),        # 10 < 15 = 15 (then by name)
    ("-months", ["E1", "E3", "E2"]),       # ties in name order
    ("status", ["E1", "E2", "E3"]),
    ("projected", ["E1", "E2", "E3"]),     # today, 2026-11-15, none
    ("-projected", ["E2", "E1", "E3"]),    # the latest first; none stays last
])
def test_it_sorts_by_each_column(client, team_company, sort, expected):
    login(client, team_company, "supervisor")
    assert _order(_get(client, sort=sort).content.decode()) == expected


def test_sorting_by_level_follows_the_ladder(client, team_company):
    login(client, team_company, "manager")
    order = _order(_get(client, sort="level").content.decode())
    assert order.index("E1") < order.index("S1")
    order = _order(_get(client, sort="-level").content.decode())
    assert order.index("S1") < order.index("E1")


def test_the_column_headers_toggle_the_direction_and_keep_the_filters(client, team_company):
    login(client, team_company, "supervisor")
    html = _get(client, sort="name", status="eligible").content.decode()
    link = html.split('data-testid="sort-name"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    assert "sort=-name" in link and "status=eligible" in link
    assert 'aria-sort="ascending"' in html


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "nope"}, "status"), ({"level": "boss"}, "level"), ({"sort": "salary"}, "sort"),
    ({"page": "0"}, "page"), ({"q": "x" * 51}, "q"), ({"dept": "abc"}, "dept"),
])
def test_bad_parameters_get_a_400_with_the_message_beside_the_field(client, team_company, params, field):
    login(client, team_company, "hr")
    response = _get(client, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "✗" in html
    if field in ("status", "level", "q", "dept"):
        assert f'id="id_{field}_error"' in html


def test_it_pages_fifty_people_at_a_time(client, team_company):
    s1 = team_company.people["S1"]
    for i in range(55):
        e = Employee.objects.create(employee_no=f"X{i:03d}", name=f"新员工{i:03d}", education="大专",
                                    hired_on=date(2026, 1, 1), department=team_company.dept, supervisor=s1)
        Position.objects.create(employee=e, level="assistant", start_on=date(2026, 1, 1))
    login(client, team_company, "supervisor")
    first = _get(client, sort="name").content.decode()
    assert len(row_status(first)) == 50 and 'data-testid="team-next"' in first
    second = _get(client, sort="name", page=2).content.decode()
    assert len(row_status(second)) == 8
    assert not set(row_status(first)) & set(row_status(second))
    assert "第 2 / 2 页" in second


def test_an_htmx_request_gets_only_the_results(client, team_company):
    login(client, team_company, "supervisor")
    response = client.get(reverse("web:team"), {"status": "eligible"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="team-results"')
    assert "<html" not in html and set(row_status(html)) == {"E1"}


def test_each_row_links_to_the_employee_page(client, team_company):
    login(client, team_company, "supervisor")
    html = _get(client).content.decode()
    assert reverse("web:employee_detail", args=["E1"]) in html


def test_it_speaks_english(client, team_company):
    login(client, team_company, "supervisor")
    html = _get(client, lang="en").content.decode()
    assert "Team overview" in html and "Eligible now" in html and "Within 3 months" in html
    assert "still to be attested: Handles routine exceptions and complaints independently" in html
    assert "15 Nov 2026" in html


def test_an_empty_team_says_so(client, team_company):
    login(client, team_company, "supervisor")
    Employee.objects.filter(supervisor=team_company.people["S1"]).update(supervisor=None)
    assert "团队里还没有人" in _get(client).content.decode()


def test_a_team_member_without_a_position_is_listed_without_a_move(client, team_company):
    Employee.objects.create(employee_no="N1", name="待定级", education="大专", hired_on=date(2026, 1, 1),
                            department=team_company.dept, supervisor=team_company.people["S1"])
    login(client, team_company, "supervisor")
    assert row_status(_get(client).content.decode())["N1"] == "none"


def test_a_new_agent_is_placed_by_tenure(client, team_company):
    agent("E5", "孙八", team_company.dept, team_company.people["S1"], level_start=AS_OF)
    login(client, team_company, "supervisor")
    assert row_status(_get(client).content.decode())["E5"] == "blocked"
