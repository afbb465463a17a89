"""Pages of the notifications part: every person's 通知设置 (which events also by email), HR's department
group robots (WeCom, DingTalk, Feishu; secrets masked) and the deliveries that failed, with a retry.
The views live in ``notifications_views``; this module owns the URLs and the navigation entries."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.notifications.selectors import failures_count
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import notifications_views as v

nav_register(NavEntry("notification_robots", _("群机器人"), "notification_robots", frozenset({Role.HR}),
                      order=280, group="data"))
nav_register(NavEntry("notification_failures", _("通知发送失败"), "notification_failures", frozenset({Role.HR}),
                      counts=lambda user: [failures_count()], order=281, group="data"))

urlpatterns: list[URLPattern] = [
    path("notifications/settings/", v.settings_page, name="notification_settings"),
    path("notifications/robots/", v.robots_page, name="notification_robots"),
    path("notifications/robots/new/", v.robot_new, name="notification_robot_new"),
    path("notifications/robots/<int:pk>/", v.robot_edit, name="notification_robot"),
    path("notifications/robots/<int:pk>/test/", v.robot_test, name="notification_robot_test"),
    path("notifications/robots/<int:pk>/delete/", v.robot_delete, name="notification_robot_delete"),
    path("notifications/failures/", v.failures_page, name="notification_failures"),
    path("notifications/failures/<int:pk>/retry/", v.failure_retry, name="notification_retry"),
]
