"""用户与角色: list and search, a new login linked to an employee with a validated password, roles (only an
admin grants admin), unlock (axes), deactivate; HR and admin only; never a password hash on a page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.people.models import Employee
from tests.apiclient import make_user
from tests.web.data_fixtures import *  # noqa: F403 - the fixtures
from tests.web.data_fixtures import as_user

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD_PW = "Kf-2027-晋升-通道"


@pytest.fixture
def employee(db):  # noqa: ANN001, ANN201
    from datetime import date

    return Employee.objects.create(employee_no="E9001", name="周新人", education="bachelor", hired_on=date(2025, 3, 1))


def _new(client, **over):  # noqa: ANN001, ANN003, ANN202
    data = {"username": "zhou", "employee_no": "E9001", "roles": ["employee", "supervisor"], "password1": GOOD_PW,
            "password2": GOOD_PW} | over
    return client.post(reverse("web:data_user_new"), data)


def test_the_list_shows_logins_with_employee_and_roles_in_a_query_budget(client, hr, agent, employee,
                                                                          django_assert_max_num_queries):
    for i in range(60):
        make_user(f"u{i:03d}", "employee")
    as_user(client, hr)
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:data_users")).content.decode()
    assert "共 62 个账号" in html and 'data-testid="pager"' in html
    assert "pbkdf2" not in html and "md5$" not in html  # never a password hash
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:data_users") + "?q=agent1").content.decode()
    assert 'data-testid="user-agent1"' in html and "u001" not in html
    html = client.get(reverse("web:data_users") + "?role=hr").content.decode()
    assert 'data-testid="user-hr1"' in html and 'data-testid="user-agent1"' not in html


def test_hr_creates_a_login_linked_to_an_employee_who_can_then_log_in(client, hr, employee):
    as_user(client, hr)
    res = _new(client)
    assert res.status_code == 302 and res["Location"] == reverse("web:data_user", args=["zhou"])
    user = User.objects.get(username="zhou")
    assert Employee.objects.get(pk=employee.pk).user == user
    assert set(user.groups.values_list("name", flat=True)) == {"employee", "supervisor"}
    assert AuditEvent.objects.filter(action="user.add", actor=hr).exists()
    page = client.get(res["Location"]).content.decode()
    assert "周新人" in page and user.password not in page
    fresh = Client()
    res = fresh.post("/accounts/login/", {"username": "zhou", "password": GOOD_PW})
    assert res.status_code == 302
    assert fresh.get("/").wsgi_request.user.get_username() == "zhou"


@pytest.mark.parametrize(("over", "text"), [
    ({"password1": "12345678", "password2": "12345678"}, "密码"),
    ({"password1": "kf7", "password2": "kf7"}, "密码太短，至少需要 8 个字符"),
    ({"password2": "different-Pw-2027"}, "两次输入的密码不一致"),
    ({"username": ""}, "请填写用户名"),
    ({"employee_no": "NOPE"}, "NOPE"),
    ({"username": "hr1"}, "已存在"),
])
def test_bad_input_names_the_field_and_creates_nothing(client, hr, employee, over, text):
    as_user(client, hr)
    before = User.objects.count()
    res = _new(client, **over)
    assert res.status_code == 400 and text in res.content.decode()
    assert User.objects.count() == before
    assert Employee.objects.get(pk=employee.pk).user is None


def test_hr_is_not_offered_the_admin_role_and_cannot_grant_it(client, hr, employee):
    as_user(client, hr)
    html = client.get(reverse("web:data_user_new")).content.decode()
    assert 'value="admin"' not in html
    res = _new(client, roles=["admin"])
    assert res.status_code == 400
    assert not User.objects.filter(username="zhou").exists()


def test_an_admin_grants_admin(client, admin, agent):
    as_user(client, admin)
    assert 'value="admin"' in client.get(reverse("web:data_user", args=["agent1"])).content.decode()
    client.post(reverse("web:data_user", args=["agent1"]), {"roles": ["employee", "admin"]})
    assert set(agent.groups.values_list("name", flat=True)) == {"employee", "admin"}


def test_hr_sets_roles_and_an_admin_role_hr_cannot_see_is_kept(client, hr, agent, django_assert_max_num_queries):
    other_admin = make_user("boss", "admin")
    as_user(client, hr)
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:data_user", args=["agent1"])).status_code == 200
    res = client.post(reverse("web:data_user", args=["agent1"]), {"roles": ["employee", "mentor"]})
    assert res.status_code == 302
    assert set(agent.groups.values_list("name", flat=True)) == {"employee", "mentor"}
    client.post(reverse("web:data_user", args=["boss"]), {"roles": ["hr"]})
    assert set(other_admin.groups.values_list("name", flat=True)) == {"hr", "admin"}


def test_hr_unlocks_a_locked_out_login(client, hr, agent, settings):
    fresh = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fresh.post("/accounts/login/", {"username": "agent1", "password": "wrong"})
    assert fresh.post("/accounts/login/", {"username": "agent1", "password": "pw-12345"}).status_code == 429
    as_user(client, hr)
    assert 'data-testid="locked"' in client.get(reverse("web:data_user", args=["agent1"])).content.decode()
    assert 'data-testid="locked"' in client.get(reverse("web:data_users")).content.decode()
    res = client.post(reverse("web:data_user_unlock", args=["agent1"]), follow=True)
    assert "已解锁" in res.content.decode()
    assert fresh.post("/accounts/login/", {"username": "agent1", "password": "pw-12345"}).status_code == 302
    assert AuditEvent.objects.filter(action="user.unlock", actor=hr).exists()


def test_hr_deactivates_a_login_with_a_reason_and_it_can_no_longer_log_in(client, hr, agent):
    as_user(client, hr)
    url = reverse("web:data_user_active", args=["agent1"])
    res = client.post(url, {"active": "0", "reason": ""})
    assert res.status_code == 400 and "请填写原因" in res.content.decode()
    agent.refresh_from_db()
    assert agent.is_active
    assert client.post(url, {"active": "0", "reason": "离职"}).status_code == 302
    agent.refresh_from_db()
    assert not agent.is_active
    assert AuditEvent.objects.filter(action="user.deactivate", reason="离职").exists()
    assert Client().post("/accounts/login/", {"username": "agent1", "password": "pw-12345"}).status_code != 302
    client.post(url, {"active": "1", "reason": "返聘"})
    agent.refresh_from_db()
    assert agent.is_active


def test_nobody_deactivates_themself_and_hr_cannot_deactivate_an_admin(client, hr, admin):
    as_user(client, hr)
    res = client.post(reverse("web:data_user_active", args=["hr1"]), {"active": "0", "reason": "x"})
    assert res.status_code == 400
    res = client.post(reverse("web:data_user_active", args=["admin1"]), {"active": "0", "reason": "x"})
    assert res.status_code == 400 and "只有系统管理员" in res.content.decode()
    hr.refresh_from_db()
    admin.refresh_from_db()
    assert hr.is_active and admin.is_active


def test_only_hr_and_admin_and_a_missing_user_is_404(client, hr, agent):
    as_user(client, agent)
    for url in (reverse("web:data_users"), reverse("web:data_user_new"), reverse("web:data_user", args=["hr1"])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("web:data_user_unlock", args=["hr1"])).status_code == 403
    as_user(client, hr)
    assert client.get(reverse("web:data_user", args=["nobody"])).status_code == 404
    assert client.post(reverse("web:data_user_unlock", args=["nobody"])).status_code == 404


def test_the_english_pages_speak_english(client, hr, agent):
    as_user(client, hr)
    for url in (reverse("web:data_users"), reverse("web:data_user_new"), reverse("web:data_user", args=["agent1"])):
        html = client.get(url + "?lang=en").content.decode()
        main = re.sub(r"<[^>]+>", " ", html[html.index("<main"):])
        assert not re.search(r"[\u4e00-\u9fff]", main), (url, re.findall(r".{20}[\u4e00-\u9fff]+.{20}", main)[:5])
