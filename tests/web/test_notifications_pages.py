"""The notifications pages: 通知设置 (everyone), 群机器人 and 通知发送失败 (HR): roles, forms, masked secrets,
English complete, query budgets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careerpath.notifications.models import Delivery, DeliveryState, Message, Preference, Robot
from careerpath.notifications.services import robot_save
from tests.web.notices_fixtures import (
    company,  # noqa: F401 - the procedures' small company
)

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
DATA = ["华东客服一部", "华南客服部", "一部钉钉群", "失败的邮件", "张三"]


def _english_leftovers(html: str) -> list[str]:
    body = html[html.index("<main"):html.index("</main>")]
    for d in DATA:
        body = body.replace(d, "")
    return sorted(set(CJK.findall(re.sub(r"<[^>]+>", " ", body))))


@pytest.fixture
def robot(company) -> Robot:  # noqa: ANN001, F811
    return robot_save(actor=company.users["hr"], department=company.dept, vendor="dingtalk", name="一部钉钉群",
                      events=["notice"], token="9f8e7d6c5b4a3210", secret="SECabcdef0123456789")


@pytest.fixture
def failure(company) -> Delivery:  # noqa: ANN001, F811
    msg = Message.objects.create(event="application", text="失败的邮件", url="/applications/1/")
    return Delivery.objects.create(message=msg, channel="email", target="agent@example.com",
                                   user=company.users["agent"], state=DeliveryState.DEAD, attempts=5,
                                   last_error="SMTPRecipientsRefused: 550 mailbox unavailable")


def test_everyone_sets_their_own_preferences(client, company, django_assert_max_num_queries) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["agent"])
    with django_assert_max_num_queries(29):
        r = client.get(reverse("web:notification_settings"))
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="no-email"' in html
    assert 'name="email_application" checked' in html.replace('class="form-check-input" ', "") or \
        re.search(r'name="email_application"[^>]*checked', html)
    r = client.post(reverse("web:notification_settings"), {"email_training": "on"})
    assert r.status_code == 302
    chosen = dict(Preference.objects.filter(user=company.users["agent"]).values_list("event", "email"))
    assert chosen["training"] is True and chosen["application"] is False


def test_the_notifications_page_links_to_the_settings(client, company) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["agent"])
    assert 'data-testid="notification-settings"' in client.get(reverse("web:notifications")).content.decode()


@pytest.mark.parametrize("name", ["notification_robots", "notification_robot_new", "notification_failures"])
@pytest.mark.parametrize("who", ["agent", "supervisor", "manager"])
def test_hr_pages_are_forbidden_to_others(client, company, name, who) -> None:  # noqa: ANN001, F811
    client.force_login(company.users[who])
    assert client.get(reverse(f"web:{name}")).status_code == 403


def test_hr_sees_robots_with_masked_secrets(client, company, robot, django_assert_max_num_queries) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["hr"])
    with django_assert_max_num_queries(29):
        r = client.get(reverse("web:notification_robots"))
    html = r.content.decode()
    assert r.status_code == 200 and "一部钉钉群" in html and "…3210" in html and "…6789" in html
    assert "9f8e7d6c5b4a3210" not in html and "SECabcdef0123456789" not in html
    with django_assert_max_num_queries(29):
        edit = client.get(reverse("web:notification_robot", args=[robot.pk])).content.decode()
    assert "9f8e7d6c5b4a3210" not in edit and "SECabcdef0123456789" not in edit and "…3210" in edit


def test_hr_adds_a_robot_and_errors_stand_next_to_the_field(client, company) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["hr"])
    url = reverse("web:notification_robot_new")
    r = client.post(url, {"department": company.dept.pk, "vendor": "wecom", "name": "企微群", "token": "no good!",
                          "events": ["notice"], "active": "on"})
    assert r.status_code == 400 and 'data-testid="error-token"' in r.content.decode()
    r = client.post(url, {"department": company.dept.pk, "vendor": "wecom", "name": "企微群", "events": ["notice"],
                          "token": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234-ef", "active": "on"})
    assert r.status_code == 302
    assert Robot.objects.get(name="企微群").token == "abcd-1234-ef"


def test_editing_without_retyping_keeps_the_secret(client, company, robot) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["hr"])
    r = client.post(reverse("web:notification_robot", args=[robot.pk]), {
        "department": company.dept.pk, "vendor": "dingtalk", "name": "一部大群", "events": ["notice", "training"],
        "token": "", "secret": "", "active": "on"})
    assert r.status_code == 302
    robot.refresh_from_db()
    assert (robot.name, robot.token, robot.secret) == ("一部大群", "9f8e7d6c5b4a3210", "SECabcdef0123456789")


def test_send_test_queues_a_delivery(client, company, robot) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["hr"])
    assert client.post(reverse("web:notification_robot_test", args=[robot.pk])).status_code == 302
    assert Delivery.objects.get().robot == robot


def test_hr_sees_failures_and_retries(client, company, failure, django_assert_max_num_queries) -> None:  # noqa: ANN001, F811
    client.force_login(company.users["hr"])
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:notification_failures")).content.decode()
    assert "SMTPRecipientsRefused" in html and "agent@example.com" in html and 'data-testid="nav-notification_failures"' in html
    assert client.post(reverse("web:notification_retry", args=[failure.pk])).status_code == 302
    failure.refresh_from_db()
    assert failure.state == DeliveryState.PENDING


@pytest.mark.parametrize(("who", "name", "args"), [
    ("agent", "notification_settings", []),
    ("hr", "notification_robots", []),
    ("hr", "notification_robot_new", []),
    ("hr", "notification_robot", ["robot"]),
    ("hr", "notification_failures", []),
])
def test_every_page_is_complete_in_english(client, company, robot, failure, who, name, args) -> None:  # noqa: ANN001, F811
    client.force_login(company.users[who])
    url = reverse(f"web:{name}", args=[robot.pk for _ in args])
    html = client.get(url, {"lang": "en"}).content.decode()
    assert _english_leftovers(html) == []
