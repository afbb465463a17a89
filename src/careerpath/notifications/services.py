"""Notifications: the one way any part of careerpath tells a person that something waits for them.

Every service that informs someone calls :func:`notify` inside its transaction. After the commit (a
rolled-back change informs nobody) it creates the in-app messages and, per the recipients' preferences and
the department robots HR configured, one Delivery per channel and target, each handed to the background
worker as a task: no request ever waits for a mail server or a robot. A delivery that fails is tried again
with exponential backoff and, after CAREERPATH_DELIVERY_MAX_ATTEMPTS, shown to HR (通知发送失败).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.errors import InvalidInput, NotFound
from careerpath.notifications.events import EVENTS, event_of
from careerpath.notifications.models import (
    ROBOT_CHANNELS,
    Channel,
    Delivery,
    DeliveryState,
    Message,
    Preference,
    Robot,
)
from careerpath.people.models import Department
from careerpath.promotions.models import Notification

log = logging.getLogger(__name__)

TEXT_MAX = 300
KEY_MAX = 120
# A delivery claimed by a worker that died mid-send is taken again after this long.
STALE_CLAIM = timedelta(minutes=10)


def notify(*, user_ids: Iterable[int | None], text: str, url: str = "", event: str = "general",
           key: str | None = None, department_ids: Iterable[int] | None = None) -> None:
    """Tell each user ``text`` (Chinese, like every stored message) with a link to ``url``, after commit.

    ``event`` names what happened (a key of ``notifications.events.EVENTS``): it decides the default
    channels and whether the news may go to group robots. ``key`` makes the call idempotent: a second call
    with the same key (a reminder computed again) tells nobody. ``department_ids`` announces a
    department-wide event to those departments' group robots that relay it (never a personal event).
    """
    ev = event_of(event)
    ids = sorted({i for i in user_ids if i is not None})
    depts = sorted(set(department_ids or ())) if ev.relayable else []
    if not ids and not depts:
        return
    if key is not None and not (0 < len(key) <= KEY_MAX):
        raise ValueError(f"notification key must be 1..{KEY_MAX} characters")
    body = text[:TEXT_MAX]
    transaction.on_commit(lambda: _dispatch(ids, body, url[:200], event, key, depts))


def _dispatch(ids: list[int], text: str, url: str, event: str, key: str | None, depts: list[int]) -> None:
    robots = [r for r in Robot.objects.filter(department_id__in=depts, active=True) if event in r.events] if depts else []
    if not ids and not robots:
        return  # news for departments without a robot that relays it: nobody to tell
    with transaction.atomic():
        if key is not None:
            try:
                with transaction.atomic():
                    msg = Message.objects.create(event=event, text=text, url=url, key=key)
            except IntegrityError:
                return  # told already (the same reminder, another run)
        else:
            msg = Message.objects.create(event=event, text=text, url=url)
        if ids:
            Notification.objects.bulk_create([Notification(user_id=i, text=text, url=url) for i in ids])
        rows = _email_deliveries(msg, ids) + _robot_deliveries(msg, robots)
        if not rows:
            return
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        pks = list(Delivery.objects.filter(message=msg).values_list("pk", flat=True))
        transaction.on_commit(lambda: _enqueue(pks))


def _email_deliveries(msg: Message, ids: list[int]) -> list[Delivery]:
    if not ids:
        return []
    from django.contrib.auth import get_user_model

    people = dict(get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="")
                  .values_list("pk", "email"))
    if not people:
        return []
    wants = dict(Preference.objects.filter(user_id__in=people, event=msg.event).values_list("user_id", "email"))
    default = event_of(msg.event).email
    now = timezone.now()
    return [Delivery(message=msg, channel=Channel.EMAIL, target=address.strip().lower()[:200], user_id=pk,
                     next_attempt_at=now)
            for pk, address in sorted(people.items()) if wants.get(pk, default)]


def _robot_deliveries(msg: Message, robots: list[Robot]) -> list[Delivery]:
    now = timezone.now()
    return [Delivery(message=msg, channel=r.vendor, target=f"robot:{r.pk}", robot=r, next_attempt_at=now)
            for r in robots]


def _enqueue(pks: Iterable[int], *, run_after: object = None) -> None:
    from careerpath.notifications.tasks import deliver

    for pk in pks:
        try:
            (deliver.using(run_after=run_after) if run_after else deliver).enqueue(pk)
        except Exception:  # the queue's table unreachable: the delivery stays due; deliveries_requeue finds it
            log.exception("could not enqueue delivery %s", pk)


# --- The worker's side ------------------------------------------------------------------------------


def delivery_claim(*, delivery_id: int) -> bool:
    """Take a due delivery for sending, atomically: of two workers only one gets True."""
    now = timezone.now()
    due = (Q(state__in=[DeliveryState.PENDING, DeliveryState.FAILED], next_attempt_at__lte=now)
           | Q(state=DeliveryState.SENDING, claimed_at__lt=now - STALE_CLAIM))
    return bool(Delivery.objects.filter(due, pk=delivery_id)
                .update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1))


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: BACKOFF, 2×, 4×, … seconds."""
    return timedelta(seconds=settings.CAREERPATH_DELIVERY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def delivery_send(*, delivery_id: int) -> str:
    """Claim, send and record one delivery; on failure schedule the next attempt or give up (dead)."""
    from careerpath.notifications.sending import DeliveryError, delivery_transmit

    if not delivery_claim(delivery_id=delivery_id):
        return "skipped"
    d = Delivery.objects.select_related("message", "robot").get(pk=delivery_id)
    try:
        delivery_transmit(d)
    except Exception as exc:  # any failure of the channel: recorded, retried, shown to HR
        now = timezone.now()
        error = (str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}")[:500]
        if d.attempts >= settings.CAREERPATH_DELIVERY_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=d.pk).update(state=DeliveryState.DEAD, last_error=error, next_attempt_at=None)
            return "dead"
        when = now + backoff(d.attempts)
        Delivery.objects.filter(pk=d.pk).update(state=DeliveryState.FAILED, last_error=error, next_attempt_at=when)
        _enqueue([d.pk], run_after=when)
        return "failed"
    Delivery.objects.filter(pk=d.pk).update(state=DeliveryState.SENT, sent_at=timezone.now(), last_error="",
                                            next_attempt_at=None)
    return "sent"


def deliveries_requeue() -> int:
    """Hand the worker again every delivery that is due but has no task (a lost enqueue); returns how many.

    Harmless when the task still exists: a delivery is claimed once, the second task is skipped.
    """
    now = timezone.now()
    due = (Q(state__in=[DeliveryState.PENDING, DeliveryState.FAILED], next_attempt_at__lte=now - STALE_CLAIM)
           | Q(state=DeliveryState.SENDING, claimed_at__lt=now - STALE_CLAIM))
    pks = list(Delivery.objects.filter(due).values_list("pk", flat=True)[:10_000])
    _enqueue(pks)
    return len(pks)


# --- People's preferences ---------------------------------------------------------------------------


def preferences_of(*, user) -> dict[str, bool]:  # noqa: ANN001 - a User
    """Event key → whether the person gets it by email (the event's default where they chose nothing)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("event", "email"))
    return {k: chosen.get(k, e.email) for k, e in EVENTS.items()}


@transaction.atomic
def preferences_save(*, actor, email: dict[str, bool]) -> dict[str, bool]:  # noqa: ANN001 - a User
    """Save the actor's own choices (event → by email); unknown events are refused."""
    if actor is None or not actor.is_authenticated:
        raise InvalidInput("请先登录 login required", field="user")
    unknown = sorted(set(email) - set(EVENTS))
    if unknown:
        raise InvalidInput(f"未知的通知事件 unknown events: {', '.join(unknown)}", field="email")
    before = preferences_of(user=actor)
    for event, on in email.items():
        Preference.objects.update_or_create(user=actor, event=event, defaults={"email": bool(on)})
    after = preferences_of(user=actor)
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        audit_record(actor=actor, action="notifications.preferences_save", target=actor, data={"email": changed})
    return after


# --- Department robots (HR) -------------------------------------------------------------------------


def mask(secret: str) -> str:
    """A secret as it may be shown: its last four characters only."""
    return f"…{secret[-4:]}" if len(secret) > 8 else ("…" if secret else "")


def _robot_fields(*, vendor: str, name: str, events: list[str], token_text: str, secret: str,
                  old: Robot | None) -> tuple[str, str]:
    from careerpath.notifications.sending import DeliveryError, robot_plugin, robot_token_parse

    if vendor not in {c.value for c in ROBOT_CHANNELS}:
        raise InvalidInput("请选择企业微信、钉钉或飞书 choose WeCom, DingTalk or Feishu", field="vendor")
    if not name.strip():
        raise InvalidInput("请填写机器人名称 the robot needs a name", field="name")
    bad = sorted(set(events) - {k for k, e in EVENTS.items() if e.relayable})
    if bad:
        raise InvalidInput("群机器人只转发面向部门的事件 a robot relays department-wide events only: "
                           + ", ".join(bad), field="events")
    if not events:
        raise InvalidInput("请至少选择一个转发的事件 choose at least one event", field="events")
    token = robot_token_parse(vendor, token_text) if token_text.strip() else (old.token if old else "")
    if not token:
        raise InvalidInput("Webhook 地址或密钥无效 not a webhook URL or key of this vendor", field="token")
    secret = secret.strip() if secret.strip() else (old.secret if old and old.vendor == vendor else "")
    if vendor != Channel.DINGTALK:
        secret = ""
    try:
        robot_plugin(vendor=vendor, token=token, secret=secret)
    except DeliveryError:
        raise InvalidInput("Webhook 密钥或加签密钥格式不正确 the key or signing secret is malformed",
                           field="secret" if secret else "token") from None
    return token, secret


@transaction.atomic
def robot_save(*, actor, department: Department, vendor: str, name: str, events: list[str],  # noqa: ANN001
               token: str = "", secret: str = "", active: bool = True, robot: Robot | None = None) -> Robot:
    """Create or change a department's group robot. A blank ``token``/``secret`` keeps the stored one."""
    require_roles(actor, Role.HR, action="配置群机器人")
    old = Robot.objects.select_for_update().get(pk=robot.pk) if robot is not None else None
    tok, sec = _robot_fields(vendor=vendor, name=name, events=events, token_text=token, secret=secret, old=old)
    r = old or Robot()
    changed_secret = old is None or tok != old.token or sec != old.secret
    r.department, r.vendor, r.name, r.events, r.active = department, vendor, name.strip()[:60], sorted(set(events)), active
    r.token, r.secret = tok, sec
    r.save()
    audit_record(actor=actor, action="notifications.robot_save", target=r,
                 data={"department": department.name, "vendor": vendor, "events": r.events, "active": active,
                       "secret_changed": changed_secret})  # never the secret itself
    return r


@transaction.atomic
def robot_delete(*, actor, robot: Robot) -> None:  # noqa: ANN001
    require_roles(actor, Role.HR, action="删除群机器人")
    audit_record(actor=actor, action="notifications.robot_delete", target=robot,
                 data={"department": robot.department.name, "vendor": robot.vendor})
    robot.delete()


def robot_test(*, actor, robot: Robot) -> Delivery:  # noqa: ANN001
    """Queue a test message to the robot (sent by the worker like any other); returns its delivery."""
    require_roles(actor, Role.HR, action="测试群机器人")
    with transaction.atomic():
        msg = Message.objects.create(event="general", url="/notifications/robots/",
                                     text=f"这是一条测试消息：群机器人“{robot.name}”已连通 careerpath。")
        d = Delivery.objects.create(message=msg, channel=robot.vendor, target=f"robot:{robot.pk}", robot=robot,
                                    next_attempt_at=timezone.now())
        audit_record(actor=actor, action="notifications.robot_test", target=robot, data={"delivery": d.pk})
        transaction.on_commit(lambda: _enqueue([d.pk]))
    return d


@transaction.atomic
def delivery_retry(*, actor, delivery: Delivery) -> Delivery:  # noqa: ANN001
    """HR sends a failed delivery again: a full new round of attempts."""
    require_roles(actor, Role.HR, action="重新发送通知")
    d = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
    if d is None:
        raise NotFound("投递不存在 no such delivery")
    if d.state not in (DeliveryState.FAILED, DeliveryState.DEAD):
        raise InvalidInput("只有发送失败的通知可以重发 only a failed delivery can be retried", field="delivery",
                           code="not_failed")
    d.state, d.attempts, d.next_attempt_at = DeliveryState.PENDING, 0, timezone.now()
    d.save(update_fields=["state", "attempts", "next_attempt_at"])
    audit_record(actor=actor, action="notifications.delivery_retry", target=d, data={"channel": d.channel})
    transaction.on_commit(lambda: _enqueue([d.pk]))
    return d
