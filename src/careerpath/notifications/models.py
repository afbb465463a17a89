"""Notification delivery: what was said (Message), to whom on which channel (Delivery), who wants what
(Preference) and the department group robots HR configured (Robot).

The in-app message stays ``promotions.Notification`` (one row per person, read on the notifications
page); a Message is the event behind it, with an optional idempotency ``key`` so a reminder computed
twice (two cron runs the same day) is told once. A Delivery is unique per (message, channel, target): a
second enqueue or a second worker can never send the same message twice to the same place.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.people.models import Department


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")
    FEISHU = "feishu", _("飞书群机器人")


ROBOT_CHANNELS = (Channel.WECOM, Channel.DINGTALK, Channel.FEISHU)


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败待重试")
    DEAD = "dead", _("发送失败")


class Message(models.Model):
    event = models.CharField(_("事件"), max_length=20)
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=200, blank=True, default="")
    key = models.CharField(_("幂等键"), max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知事件")
        verbose_name_plural = pgettext_lazy("plural", "通知事件")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class Robot(models.Model):
    """A group robot of one department (WeCom, DingTalk or Feishu) and the events it relays.

    ``token`` is the webhook's key/access token (the secret part of its URL) and ``secret`` DingTalk's
    signing secret; both are stored, never shown back in full.
    """

    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.CASCADE,
                                   related_name="robots")
    vendor = models.CharField(_("平台"), max_length=10, choices=[(c.value, c.label) for c in ROBOT_CHANNELS])
    name = models.CharField(_("名称"), max_length=60)
    token = models.CharField(_("Webhook 密钥"), max_length=200)
    secret = models.CharField(_("加签密钥"), max_length=200, blank=True, default="")
    events = models.JSONField(_("转发的事件"), default=list)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = pgettext_lazy("plural", "群机器人")
        ordering = ["department__name", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Preference(models.Model):
    """One person's choice for one event; without a row the event's default applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("事件"), max_length=20)
    email = models.BooleanField(_("电子邮件"), default=False)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = pgettext_lazy("plural", "通知设置")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_event")]


class Delivery(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("目标"), max_length=200)  # the address, or "robot:<id>"
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    robot = models.ForeignKey(Robot, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries")
    state = models.CharField(_("状态"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True, default="")
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("通知投递")
        verbose_name_plural = pgettext_lazy("plural", "通知投递")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["message", "channel", "target"], name="one_delivery_per_target")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.target}"
