"""The shared layout: navigation by role, the language switch, name and role labels, the bell."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.evidence.services import workbook_import
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.promotions.models import Notification

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-layout-123"


@pytest.fixture
def employee(make_workbook, policy) -> Employee:
    workbook_import(path=make_workbook(20), policy=policy)
    return Employee.objects.filter(status=EmployeeStatus.ACTIVE).order_by("employee_no").first()


def _login(client, roles, employee=None, username="someone"):
    user = user_upsert(username=username, password=PASSWORD, roles=roles, employee=employee)
    assert client.login(username=username, password=PASSWORD)
    return user


def _nav(html: str) -> str:
    start = html.index('data-testid="nav"')
    return html[start:html.index("</nav>", start)]


@pytest.mark.parametrize(
    ("roles", "sees_list", "sees_admin"),
    [
        ([Role.EMPLOYEE], False, False),
        ([Role.EMPLOYEE, Role.SUPERVISOR], True, False),
        ([Role.EMPLOYEE, Role.MANAGER], True, False),
        ([Role.COMMITTEE], True, False),
        ([Role.HR], True, True),
        ([Role.ADMIN], True, True),
    ],
)
def test_it_shows_the_links_each_role_may_use(client, employee, roles, sees_list, sees_admin):
    # given a login with these roles
    _login(client, roles, employee)
    # when any page renders the layout
    nav = _nav(client.get(reverse("web:notifications")).content.decode())
    # then the navigation offers exactly what the roles open
    assert "我的晋升" in nav and "API 文档" in nav  # every login here is linked to an employee
    assert (reverse("web:employee_list") in nav) is sees_list
    assert (reverse("admin:index") in nav) is sees_admin


def test_it_names_the_person_and_their_roles_as_labels_in_the_current_language(client, employee):
    _login(client, [Role.EMPLOYEE, Role.MENTOR], employee)
    html = client.get("/", {"lang": "zh"}).content.decode()
    assert "员工</span>" in html and "导师</span>" in html
    assert 'data-testid="role">mentor' not in html
    html = client.get("/", {"lang": "en"}).content.decode()
    assert ">Employee</span>" in html and ">Mentor</span>" in html
    assert "中文" in html and 'href="?lang=zh-hans"' in html and 'href="?lang=en"' in html


def test_it_offers_password_change_and_a_logout_form_in_the_user_menu(client, employee):
    _login(client, [Role.EMPLOYEE], employee)
    html = client.get("/").content.decode()
    assert reverse("password_change") in html
    assert f'method="post" action="{reverse("logout")}"' in html


def test_the_bell_counts_unread_notifications_and_the_page_lists_them(client, employee):
    # given two unread notifications and one read one
    user = _login(client, [Role.EMPLOYEE], employee)
    Notification.objects.create(user=user, text="申请已提交", url="/")
    Notification.objects.create(user=user, text="公示已开始")
    Notification.objects.create(user=user, text="旧消息", read_at="2026-01-01T00:00:00Z")
    other = user_upsert(username="other", password=PASSWORD, roles=[Role.EMPLOYEE])
    Notification.objects.create(user=other, text="别人的通知")
    # when the page renders
    html = client.get(reverse("web:notifications")).content.decode()
    # then the bell shows 2 and the page lists the user's own three, never another's
    assert 'data-testid="unread">2<' in html
    assert "申请已提交" in html and "公示已开始" in html and "旧消息" in html
    assert "别人的通知" not in html
    assert '<a href="/">申请已提交</a>' in html
    assert html.count("未读</span>") == 2  # the state is a word, not only a colour


def test_marking_read_is_a_post_that_empties_the_bell(client, employee):
    user = _login(client, [Role.EMPLOYEE], employee)
    Notification.objects.create(user=user, text="申请已提交")
    assert client.get(reverse("web:notifications_read")).status_code == 405
    response = client.post(reverse("web:notifications_read"))
    assert response.status_code == 302 and response["Location"] == reverse("web:notifications")
    assert not Notification.objects.filter(user=user, read_at=None).exists()
    assert 'data-testid="unread"' not in client.get(reverse("web:notifications")).content.decode()


def test_marking_read_through_htmx_returns_the_list_and_clears_the_bell_out_of_band(client, employee):
    user = _login(client, [Role.EMPLOYEE], employee)
    Notification.objects.create(user=user, text="申请已提交")
    html = client.post(reverse("web:notifications_read"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'data-testid="notifications"' in html
    assert 'id="unread-count" hx-swap-oob="true"' in html


def test_anonymous_visitors_get_no_navigation_and_the_notifications_need_a_login(client):
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    html = client.get(reverse("login")).content.decode()
    assert 'data-testid="nav"' not in html and 'data-testid="bell"' not in html


def test_every_page_loads_its_assets_from_our_static_files_and_has_a_skip_link(client, employee):
    _login(client, [Role.EMPLOYEE], employee)
    html = client.get("/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "/static/vendor/tabler-core-1.6.1/css/tabler.min.css" in html
    assert "/static/vendor/htmx.org-2.0.11/htmx.min.js" in html
    assert "<style" not in html and "<script>" not in html and " style=" not in html


def test_the_employee_page_stays_within_its_query_budget(client, employee, django_assert_max_num_queries):
    # given a supervisor opening a page by 工号: the page's queries, the scope check (roles, own
    # record, exists), the layout (roles, unread count, own record for the nav), the person's applications and
    # the 我的申请 count; none of it grows with the evidence
    _login(client, [Role.EMPLOYEE, Role.SUPERVISOR], employee)
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:employee_detail", args=[employee.employee_no])).status_code == 200


def test_navigation_counts_are_one_statement_and_an_empty_filter_counts_zero(db):
    from django.contrib.auth import get_user_model

    from careerpath.people.models import Employee
    from careerpath.web.nav import _batched_counts

    Employee.objects.create(employee_no="N1", name="甲", education="大专", hired_on="2020-01-01")
    user = get_user_model().objects.create_user("navcount")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        got = _batched_counts({"a": [Employee.objects.all(), Employee.objects.filter(pk__in=[])],
                               "b": [Employee.objects.none()], "c": [get_user_model().objects.filter(pk=user.pk)]})
    assert got == {"a": 1, "b": 0, "c": 1}
    assert len(q.captured_queries) == 1


def test_the_active_entry_is_the_longest_matching_prefix():
    from careerpath.web.layout import active_key
    from careerpath.web.nav import NavLink

    links = (NavLink("home", "主页", "/", 0),
             NavLink("group-insight", "分析", "", 0, (NavLink("insight", "看板", "/insight/", 0),
                                                     NavLink("fairness", "公平", "/insight/fairness/", 0))),
             NavLink("cycles", "评选", "/cycles/", 0))
    assert active_key(links, "/") == "home"
    assert active_key(links, "/insight/selection/") == "insight"
    assert active_key(links, "/insight/fairness/") == "fairness"
    assert active_key(links, "/cycles/2026/scoring/") == "cycles"
    assert active_key(links, "/notices/") == ""
