"""Sending one delivery: by email (Django's email backends) or to a group robot (apprise).

Only the worker calls this (``tasks.deliver``); a request never waits for a mail server or a robot.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import apprise
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

from careerpath.notifications.events import event_of
from careerpath.notifications.models import Channel, Delivery, Robot


class DeliveryError(Exception):
    """The channel refused or could not be reached; the message says why (never a secret)."""


def absolute(url: str) -> str:
    """The stable link of a message's page, on the site's public address."""
    if not url:
        return settings.CAREERPATH_SITE_URL + "/notifications/"
    if url.startswith(("http://", "https://")):
        return url
    return settings.CAREERPATH_SITE_URL + (url if url.startswith("/") else "/" + url)


def _title(event: str) -> str:
    with translation.override("zh-hans"):
        return f"【{event_of(event).label}】"


def email_send(*, address: str, event: str, text: str, url: str) -> None:
    link = absolute(url)
    subject = f"{_title(event)}{text[:60]}"
    body = (f"{text}\n\n查看详情 Open: {link}\n\n"
            f"—— careerpath。不想再收到这类邮件？在“通知设置”中关闭 "
            f"(Preferences): {settings.CAREERPATH_SITE_URL}/notifications/settings/\n")
    sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    if sent != 1:
        raise DeliveryError("邮件服务器未接受该邮件 the mail server did not accept the message")


# --- Group robots -----------------------------------------------------------------------------------

# What people paste: the webhook URL the robot's settings show, or only its key/token.
_TOKEN_OF_URL = {
    Channel.WECOM: lambda u: (parse_qs(u.query).get("key") or [""])[0],
    Channel.DINGTALK: lambda u: (parse_qs(u.query).get("access_token") or [""])[0],
    Channel.FEISHU: lambda u: u.path.rstrip("/").rsplit("/", 1)[-1] if "/hook/" in u.path else "",
}


def robot_token_parse(vendor: str, text: str) -> str:
    """The key/token of a webhook URL or the bare token; "" when it cannot be one."""
    text = text.strip()
    if "://" in text:
        token = _TOKEN_OF_URL[Channel(vendor)](urlsplit(text))
    else:
        token = text
    return token if re.fullmatch(r"[A-Za-z0-9_-]{6,200}", token or "") else ""


def _apprise_url(vendor: str, token: str, secret: str) -> str:
    if vendor == Channel.WECOM:
        return f"wecombot://{token}"
    if vendor == Channel.DINGTALK:
        return f"dingtalk://{secret}@{token}/" if secret else f"dingtalk://{token}/"
    return f"feishu://{token}"


def robot_plugin(*, vendor: str, token: str, secret: str = "") -> Any:
    """The apprise plugin for a robot, its endpoint moved to CAREERPATH_ROBOT_BASE_URLS[vendor] if set."""
    plugin = apprise.Apprise.instantiate(_apprise_url(vendor, token, secret), suppress_exceptions=True)
    if plugin is None:
        raise DeliveryError("机器人配置无效 invalid robot configuration")
    base = settings.CAREERPATH_ROBOT_BASE_URLS.get(vendor)
    if base:
        plugin.notify_url = re.sub(r"^https?://[^/]+", lambda _m: base, type(plugin).notify_url)
        if hasattr(plugin, "api_url"):  # WeCom formats its endpoint once, in __init__
            plugin.api_url = plugin.notify_url.format(key=plugin.key)
    plugin.request_rate_per_sec = 0  # one message per plugin: no throttling sleep
    return plugin


def robot_send(*, robot: Robot, event: str, text: str, url: str) -> None:
    plugin = robot_plugin(vendor=robot.vendor, token=robot.token, secret=robot.secret)
    body = f"{text}\n查看详情：{absolute(url)}"
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as logs:
        ok = plugin.notify(body=body, title=_title(event))
    if not ok:
        lines = [ln.strip() for ln in logs.getvalue().splitlines() if ln.strip()]
        # apprise's messages name the vendor's reply; a token never appears in them except in URLs: cut those.
        why = re.sub(r"https?://\S+", "…", " ".join(lines[-2:]))[:400]
        raise DeliveryError(why or "机器人未接受该消息 the robot did not accept the message")


def delivery_transmit(delivery: Delivery) -> None:
    msg = delivery.message
    if delivery.channel == Channel.EMAIL:
        email_send(address=delivery.target, event=msg.event, text=msg.text, url=msg.url)
        return
    if delivery.robot is None or not delivery.robot.active:
        raise DeliveryError("该群机器人已删除或停用 the robot was removed or turned off")
    robot_send(robot=delivery.robot, event=msg.event, text=msg.text, url=msg.url)
