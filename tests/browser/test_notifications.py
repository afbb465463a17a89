"""Notifications in a real browser: a person sets which events reach them by email; HR adds a DingTalk
group robot (the secret masked after saving and on reload, kept when not retyped), sends a test message to
a robot endpoint that answers 500, and finds the failure with its last error, then sends it again.

Debian Chromium driven by Playwright against ``live_server``; the robot endpoint is a local HTTP receiver on
127.0.0.1; the worker is the real `db_worker` (batch). axe-core on every page; screenshots zh and en under
test-artifacts/notifications/.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from careerpath.notifications.models import Delivery, DeliveryState, Preference, Robot
from tests.browser.helpers import CHROMIUM, login, look, new_page
from tests.notifications.receivers import robot_receiver  # noqa: F401
from tests.procedures.conftest import company  # noqa: F401

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium is not installed at /usr/bin/chromium"),
    pytest.mark.django_db(transaction=True),
]
PART = "notifications"
PASSWORD = "pw-12345"
TOKEN, SECRET = "9f8e7d6c5b4a3210", "SECabcdef0123456789"



def test_preferences_robots_and_failures(browser, live_server, company, robot_receiver, settings):  # noqa: ANN001, F811
    base = live_server.url
    settings.CAREERPATH_DELIVERY_MAX_ATTEMPTS = 1
    agent = company.users["agent"]
    agent.email = "zhangsan@example.com"
    agent.save()

    # 1. An employee, on a phone, turns training emails on and application emails off
    me = new_page(browser, width=390)
    login(me, base, "agent", PASSWORD)
    me.goto(f"{base}{reverse('web:notifications')}")
    me.click("[data-testid=notification-settings]")
    me.wait_for_selector("[data-testid=preferences-form]")
    assert me.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    me.check("#id_email_training")
    me.uncheck("#id_email_application")
    look(me, PART, "settings-zh")
    me.click("[data-testid=preferences-save]")
    me.wait_for_selector("[data-testid=messages]")
    assert me.is_checked("#id_email_training") and not me.is_checked("#id_email_application")
    chosen = dict(Preference.objects.filter(user=agent).values_list("event", "email"))
    assert chosen["training"] is True and chosen["application"] is False
    me.goto(f"{base}{reverse('web:notification_settings')}?lang=en")
    me.wait_for_selector("[data-testid=preferences-form]")
    assert "Notification settings" in me.inner_text("h1")
    look(me, PART, "settings-en")

    # 2. HR adds the department's DingTalk robot with a signing secret
    hr = new_page(browser)
    login(hr, base, "hr", PASSWORD)
    hr.goto(f"{base}{reverse('web:notification_robots')}")
    hr.wait_for_selector("[data-testid=empty]")
    look(hr, PART, "robots-empty-zh")
    hr.click("[data-testid=robot-new]")
    hr.select_option("#id_department", str(company.dept.pk))
    hr.select_option("#id_vendor", "dingtalk")
    hr.fill("#id_name", "华东一部钉钉群")
    hr.fill("#id_token", "nonsense with spaces")
    hr.click("[data-testid=robot-save]")
    hr.wait_for_selector("[data-testid=error-token]")
    look(hr, PART, "robot-error-zh")
    hr.fill("#id_token", f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}")
    hr.fill("#id_secret", SECRET)
    hr.click("[data-testid=robot-save]")
    hr.wait_for_selector("[data-testid=robots]")
    assert "…3210" in hr.inner_text("[data-testid=robots]")
    hr.reload()
    html = hr.content()
    assert TOKEN not in html and SECRET not in html and "…6789" in html
    look(hr, PART, "robots-zh")
    robot = Robot.objects.get()
    hr.goto(f"{base}{reverse('web:notification_robot', args=[robot.pk])}")
    hr.wait_for_selector("[data-testid=robot-form]")
    assert hr.input_value("#id_token") == "" and TOKEN not in hr.content()
    hr.fill("#id_name", "华东一部钉钉大群")  # the secret is not retyped
    hr.click("[data-testid=robot-save]")
    hr.wait_for_selector("[data-testid=robots]")
    robot.refresh_from_db()
    assert (robot.name, robot.token, robot.secret) == ("华东一部钉钉大群", TOKEN, SECRET)
    hr.goto(f"{base}{reverse('web:notification_robot', args=[robot.pk])}?lang=en")
    hr.wait_for_selector("[data-testid=robot-form]")
    look(hr, PART, "robot-edit-en")

    # 3. The test message goes to a robot endpoint answering 500: HR finds the failure and sends it again
    robot_receiver.fail.add("dingtalk")
    hr.goto(f"{base}{reverse('web:notification_robots')}?lang=zh-hans")
    hr.click(f"[data-testid=robot-test-{robot.pk}]")
    hr.wait_for_selector("[data-testid=messages]")
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)
    d = Delivery.objects.get()
    assert d.state == DeliveryState.DEAD and len(robot_receiver.of("dingtalk")) == 1
    hr.goto(f"{base}{reverse('web:home')}")
    hr.goto(f"{base}{reverse('web:notification_failures')}")
    hr.wait_for_selector("[data-testid=failures]")
    assert "500" in hr.inner_text("[data-testid=last-error]") and "通知发送失败" in hr.inner_text("h1")
    look(hr, PART, "failures-zh")
    hr.goto(f"{base}{reverse('web:notification_failures')}?lang=en")
    hr.wait_for_selector("[data-testid=failures]")
    look(hr, PART, "failures-en")
    robot_receiver.fail.clear()
    hr.click(f"[data-testid=retry-{d.pk}]")
    hr.wait_for_selector("[data-testid=messages]")
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)
    d.refresh_from_db()
    assert d.state == DeliveryState.SENT and len(robot_receiver.of("dingtalk")) == 2
    hr.reload()
    hr.wait_for_selector("[data-testid=empty]")
    look(hr, PART, "failures-none-en")
