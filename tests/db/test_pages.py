"""The career page and who may open whose page (SPEC §2 data scope)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.evidence.selectors import load_population, policy_get
from careerpath.evidence.services import workbook_import
from careerpath.people.models import Department, Employee, EmployeeStatus

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def company(make_workbook, policy):
    workbook_import(path=make_workbook(60), policy=policy)
    # An active agent with an active supervisor in a department ...
    agent = (
        Employee.objects.filter(status=EmployeeStatus.ACTIVE, supervisor__status=EmployeeStatus.ACTIVE)
        .exclude(department=None)
        .select_related("supervisor", "department")
        .order_by("employee_no")
        .first()
    )
    assert agent is not None
    boss = agent.supervisor
    others = (
        Employee.objects.exclude(pk__in=[agent.pk, boss.pk])
        .exclude(supervisor=boss)
        .exclude(pk=boss.supervisor_id or 0)
        .order_by("employee_no")
    )
    # ... a colleague in the same department but not in the boss's team ...
    colleague = others.filter(department=agent.department).first()
    # ... and someone in another department (synthetic companies this small have one department,
    # so one person is transferred to make the department boundary testable).
    outsider = others.exclude(pk=colleague.pk).last()
    outsider.department = Department.objects.create(name="华南客服部")
    outsider.save()
    return {"agent": agent, "boss": boss, "outsider": outsider, "colleague": colleague}


def _login(client, username, roles, employee=None):
    user_upsert(username=username, password=PASSWORD, roles=roles, employee=employee)
    assert client.login(username=username, password=PASSWORD)


def _page(no: str) -> str:
    return reverse("web:employee_detail", args=[no])


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_an_employee_sees_their_level_and_every_criterion(client, company):
    agent = company["agent"]
    _login(client, "agent", [Role.EMPLOYEE], agent)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    career = response.context["career"]
    policy = policy_get()
    assert career.employee == agent
    assert career.current_name == policy.levels[career.current_level].name.zh
    assert agent.name in html and agent.employee_no in html and career.current_name in html
    assert career.moves, "an agent on the trunk has a next move"
    for move in career.moves:
        assert move.target_name in html
        for row in move.rows:
            assert row.result.label in html
        if not move.eligible:
            assert f"还差 {len(move.missing)} 项" in html
    assert html.count("✓") + html.count("✗") >= sum(len(m.rows) for m in career.moves)


def test_the_page_runs_a_fixed_handful_of_queries(client, company, django_assert_max_num_queries):
    _login(client, "agent", [Role.EMPLOYEE], company["agent"])
    # session, user, employee, active policy version, 11 fact queries, 2 headcount queries, roles,
    # the bell's unread count, the layout's own-record check for the navigation: independent of the evidence
    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200


def test_an_employee_may_open_their_own_page_only(client, company):
    _login(client, "agent", [Role.EMPLOYEE], company["agent"])

    assert client.get(_page(company["agent"].employee_no)).status_code == 200
    assert client.get(_page(company["boss"].employee_no)).status_code == 403
    assert client.get(_page(company["outsider"].employee_no)).status_code == 403
    assert client.get(reverse("web:employee_list")).status_code == 403
    # An unknown 工号 answers like a forbidden one, so 工号 cannot be probed.
    assert client.get(_page("NO-SUCH")).status_code == 403


def test_a_supervisor_sees_their_team_but_not_other_people(client, company):
    _login(client, "boss", [Role.SUPERVISOR, Role.EMPLOYEE], company["boss"])

    assert client.get(_page(company["agent"].employee_no)).status_code == 200
    assert client.get(_page(company["boss"].employee_no)).status_code == 200
    assert client.get(_page(company["outsider"].employee_no)).status_code == 403
    listed = {e.employee_no for e in client.get(reverse("web:employee_list")).context["employees"]}
    assert company["agent"].employee_no in listed
    assert company["outsider"].employee_no not in listed


def test_a_manager_sees_their_department_only(client, company):
    colleague = company["colleague"]
    _login(client, "mgr", [Role.MANAGER, Role.EMPLOYEE], colleague)

    assert client.get(_page(company["agent"].employee_no)).status_code == 200
    assert client.get(_page(company["outsider"].employee_no)).status_code == 403


def test_hr_without_an_employee_gets_the_list_and_every_page(client, company):
    _login(client, "hr", [Role.HR])

    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == reverse("web:employee_list")
    listing = client.get(reverse("web:employee_list"), {"q": company["outsider"].employee_no})
    assert [e.employee_no for e in listing.context["employees"]] == [company["outsider"].employee_no]
    assert reverse("admin:index") in listing.content.decode()
    for key in ("agent", "boss", "outsider"):
        assert client.get(_page(company[key].employee_no)).status_code == 200
    assert client.get(_page("NO-SUCH")).status_code == 404
    # HR works in the admin site too.
    assert client.get(reverse("admin:people_employee_changelist")).status_code == 200


def test_a_user_without_an_employee_or_a_role_is_told_so(client, company):
    _login(client, "nobody", [])
    response = client.get("/")
    assert response.status_code == 200
    assert "账号尚未关联员工" in response.content.decode()


def test_english_is_available_with_lang_en_and_remembered(client, company):
    agent = company["agent"]
    _login(client, "agent", [Role.EMPLOYEE], agent)
    policy = policy_get()
    level = load_population(employee_no=agent.employee_no).people[agent.employee_no]

    response = client.get("/", {"lang": "en"})

    html = response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    current = max((p for p in level.positions if p.end_on is None), key=lambda p: p.start_on).level
    assert policy.levels[current].name.en in html
    assert "Next steps" in html
    # The cookie keeps English on the next page without the parameter.
    assert "Next steps" in client.get("/").content.decode()
    assert "下一步" in client.get("/", {"lang": "zh"}).content.decode()


def test_the_vacancy_criterion_reads_the_headcount_plan(client, company):
    from careerpath.org.models import HeadcountPlan
    from careerpath.people.models import Position

    # given an intermediate agent, whose management moves need a vacant post
    holders = Position.objects.filter(end_on=None, level="intermediate").values("employee_id")
    agent = (
        Employee.objects.filter(pk__in=holders, status=EmployeeStatus.ACTIVE).order_by("employee_no").first()
    )
    _login(client, "agent", [Role.EMPLOYEE], agent)

    def vacancy_results():
        career = client.get("/").context["career"]
        return {
            m.target_level: r.result for m in career.moves for r in m.rows if r.result.id.endswith("vacancy")
        }

    before = vacancy_results()
    assert set(before) >= {"supervisor", "project_supervisor"}
    assert not any(r.passed for r in before.values())  # no headcount plan on record

    # when HR plans open posts for those levels
    for level in before:
        HeadcountPlan.objects.create(level=level, planned=10_000)

    # then the same criteria pass
    assert all(r.passed for r in vacancy_results().values())
