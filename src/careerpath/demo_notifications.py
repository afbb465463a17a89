"""The demo's notification set-up: the demo logins' email addresses, two department group robots and one
failed delivery for HR to look at.

Called once from :func:`careerpath.demo_procedures.demo_procedures_load`. The robots are saved through the
services but left turned off: their keys are made up, and a demo must not post to the vendors' servers.
HR turns one on after pasting a real webhook URL. Emails go to the worker's console (no EMAIL_HOST).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from careerpath.notifications import services as ns
from careerpath.notifications.models import Delivery, DeliveryState, Message, Robot
from careerpath.people.models import Department

DEMO_DOMAIN = "demo.example.com"


def demo_notifications_load(*, today: date, hr: Any, policy: Any) -> list[str]:
    if Robot.objects.exists():
        return ["通知演示数据已存在 (notifications demo already loaded)"]
    users = list(get_user_model().objects.filter(email="").exclude(username__startswith="_"))
    for u in users:
        u.email = f"{u.username}@{DEMO_DOMAIN}"
    get_user_model().objects.bulk_update(users, ["email"])
    depts = list(Department.objects.filter(employees__isnull=False).distinct().order_by("name")[:2])
    out = [f"演示邮箱：{len(users)} 个账号（…@{DEMO_DOMAIN}，邮件写到后台发送进程的控制台）"]
    vendors = [("wecom", "企业微信群", "3f2a9c1e-5b7d-4e8a-9c0f-demo00000001", ""),
               ("dingtalk", "钉钉群", "d1e2m3o4t5o6k7e8n9", "SECdemo0123456789abcdef")]
    for dept, (vendor, label, token, secret) in zip(depts, vendors, strict=False):
        ns.robot_save(actor=hr, department=dept, vendor=vendor, name=f"{dept.name}{label}",
                      events=["notice", "training", "recognition"], token=token, secret=secret, active=False)
        out.append(f"群机器人：{dept.name}{label}（演示密钥，已停用；填入真实 Webhook 后启用）")
    # What HR sees when a mail server refuses an address: one delivery that gave up after its retries.
    target = next((u for u in users if u.username == "employee"), None)
    if target is not None:
        msg = Message.objects.create(event="application", url="/notifications/",
                                     text="您的晋升申请状态更新：待上级评审（演示）")
        Delivery.objects.create(
            message=msg, channel="email", target=f"employee@{DEMO_DOMAIN}", user=target, state=DeliveryState.DEAD,
            attempts=5, next_attempt_at=None,
            last_error="SMTPRecipientsRefused: {'employee@demo.example.com': (550, b'5.1.1 mailbox unavailable')}")
        Delivery.objects.filter(message=msg).update(created_at=timezone.now() - timedelta(hours=3))
        out.append("通知发送失败：1 封邮件（演示，HR 可在“数据与管理 › 通知发送失败”中重新发送）")
    return out
