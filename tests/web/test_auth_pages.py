"""Login, logout, password change and the error pages, in the product's look; no debug page ever."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.web import views

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-auth-123"


@pytest.fixture
def login(client):
    user_upsert(username="someone", password=PASSWORD, roles=[Role.EMPLOYEE])
    return client


def test_the_login_page_labels_its_inputs_and_logs_in(client):
    user_upsert(username="someone", password=PASSWORD, roles=[Role.EMPLOYEE])
    html = client.get(reverse("login")).content.decode()
    assert '<label class="form-label" for="id_username">' in html
    assert '<label class="form-label" for="id_password">' in html
    response = client.post(reverse("login"), {"username": "someone", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")


def test_a_wrong_password_says_so_on_the_login_page(client):
    user_upsert(username="someone", password=PASSWORD, roles=[Role.EMPLOYEE])
    response = client.post(reverse("login"), {"username": "someone", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_logout_is_a_post_and_returns_to_the_login_page(client, login):
    assert client.login(username="someone", password=PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get("/").status_code == 302


def test_password_change_uses_our_pages_and_shows_errors_next_to_the_field(client, login):
    assert client.login(username="someone", password=PASSWORD)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "web/password_change_form.html" in [t.name for t in page.templates]
    bad = client.post(reverse("password_change"), {
        "old_password": "not-it", "new_password1": "Fresh-pass-9876", "new_password2": "Fresh-pass-9876"})
    assert bad.status_code == 200
    assert 'id="id_old_password_error"' in bad.content.decode()
    good = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Fresh-pass-9876", "new_password2": "Fresh-pass-9876"})
    assert good.status_code == 302 and good["Location"] == reverse("password_change_done")
    assert "密码已修改" in client.get(reverse("password_change_done")).content.decode()
    assert get_user_model().objects.get(username="someone").check_password("Fresh-pass-9876")


@override_settings(DEBUG=False)
def test_a_missing_page_is_our_404_not_the_debug_page(client, login):
    assert client.login(username="someone", password=PASSWORD)
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "Page not found" in html and 'data-testid="nav"' in html
    assert "Traceback" not in html and "URLconf" not in html
    # and a visitor who is not logged in gets the same page, without the navigation
    client.logout()
    anonymous = client.get("/no/such/page/")
    assert anonymous.status_code == 404 and "页面不存在" in anonymous.content.decode()
    assert 'data-testid="nav"' not in anonymous.content.decode()


@override_settings(DEBUG=False)
def test_a_forbidden_page_is_our_403(client):
    user_upsert(username="someone", password=PASSWORD, roles=[Role.EMPLOYEE])
    assert client.login(username="someone", password=PASSWORD)
    response = client.get(reverse("web:employee_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权查看" in html and "Forbidden" in html
    assert "Traceback" not in html and "PermissionDenied" not in html


@override_settings(DEBUG=False)
def test_a_crash_is_our_500_without_a_traceback(monkeypatch):
    # given a view that breaks
    def boom(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(views, "notifications_for", boom)
    user_upsert(username="someone", password=PASSWORD, roles=[Role.EMPLOYEE])
    client = Client(raise_request_exception=False)
    assert client.login(username="someone", password=PASSWORD)
    # when the page is asked for
    response = client.get(reverse("web:notifications"))
    html = response.content.decode()
    # then the person sees the product's 500 page, and nothing of the error
    assert response.status_code == 500
    assert "系统出错" in html and "Server error" in html
    assert "Traceback" not in html and "secret-internal-detail" not in html and "RuntimeError" not in html
