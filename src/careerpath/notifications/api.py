"""Notifications over REST: my preferences, the department robots (HR; secrets masked), failed deliveries
and their retry (HR), a robot's test message — the same services as the pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.api.types import Code, Id, Name, text
from careerpath.notifications import selectors as sel
from careerpath.notifications import services as s
from careerpath.notifications.events import EVENTS
from careerpath.notifications.models import Delivery, Robot
from careerpath.people.models import Department

router = Router(tags=["notifications"])

Secret = text(500)


class EventOut(Schema):
    key: str
    label: str
    scope: Literal["personal", "department"]
    email_default: bool


@router.get("/notifications/events", response=list[EventOut], summary="The notification events (registry)")
def events_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"key": e.key, "label": str(e.label), "scope": e.scope, "email_default": e.email} for e in EVENTS.values()]


class PreferencesOut(Schema):
    email_address: str
    email: dict[str, bool]


class PreferencesIn(Schema):
    email: dict[Code, bool]


@router.get("/notifications/preferences", response=PreferencesOut, summary="My notification preferences")
def preferences_get(request: HttpRequest) -> dict[str, Any]:
    return {"email_address": request.user.email, "email": s.preferences_of(user=request.user)}


@router.put("/notifications/preferences", response=PreferencesOut,
            summary="Change my preferences: event → by email (in-app messages always arrive)")
def preferences_put(request: HttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    return {"email_address": request.user.email, "email": s.preferences_save(actor=request.user, email=payload.email)}


class RobotOut(Schema):
    id: int
    department_id: int
    department: str
    vendor: str
    name: str
    token: str  # masked: …a1b2
    secret: str  # masked, "" when none
    events: list[str]
    active: bool


def _robot_out(r: Robot) -> dict[str, Any]:
    return {"id": r.pk, "department_id": r.department_id, "department": r.department.name, "vendor": r.vendor,
            "name": r.name, "token": s.mask(r.token), "secret": s.mask(r.secret), "events": r.events,
            "active": r.active}


class RobotIn(Schema):
    department_id: Id
    vendor: Literal["wecom", "dingtalk", "feishu"]
    name: Name
    events: list[Code]
    token: Secret = ""  # the webhook URL or key; blank on a change keeps the stored one
    secret: Secret = ""  # DingTalk's signing secret (加签); blank keeps the stored one
    active: bool = True


@router.get("/notifications/robots", response=list[RobotOut], summary="Department group robots (HR)")
def robots_get(request: HttpRequest) -> list[dict[str, Any]]:
    require_roles(request.user, Role.HR, action="查看群机器人")
    return [_robot_out(r) for r in sel.robots_list()]


@router.post("/notifications/robots", response={201: RobotOut}, summary="Add a department's group robot (HR)")
def robot_create(request: HttpRequest, payload: RobotIn) -> Any:
    require_roles(request.user, Role.HR, action="配置群机器人")
    dept = get_object_or_404(Department, pk=payload.department_id)
    r = s.robot_save(actor=request.user, department=dept, vendor=payload.vendor, name=payload.name,
                     events=payload.events, token=payload.token, secret=payload.secret, active=payload.active)
    return Status(201, _robot_out(sel.robot_get(pk=r.pk)))


@router.put("/notifications/robots/{robot_id}", response=RobotOut, summary="Change a group robot (HR)")
def robot_update(request: HttpRequest, robot_id: Id, payload: RobotIn) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="配置群机器人")
    robot = get_object_or_404(Robot, pk=robot_id)
    dept = get_object_or_404(Department, pk=payload.department_id)
    r = s.robot_save(actor=request.user, robot=robot, department=dept, vendor=payload.vendor, name=payload.name,
                     events=payload.events, token=payload.token, secret=payload.secret, active=payload.active)
    return _robot_out(sel.robot_get(pk=r.pk))


@router.delete("/notifications/robots/{robot_id}", response={204: None}, summary="Remove a group robot (HR)")
def robot_remove(request: HttpRequest, robot_id: Id) -> Any:
    require_roles(request.user, Role.HR, action="删除群机器人")
    s.robot_delete(actor=request.user, robot=get_object_or_404(Robot, pk=robot_id))
    return Status(204, None)


class DeliveryOut(Schema):
    id: int
    channel: str
    target: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    sent_at: datetime | None
    created_at: datetime
    event: str
    text: str
    url: str


def _delivery_out(d: Delivery) -> dict[str, Any]:
    target = d.target if d.robot_id is None else (f"{d.robot.department.name} · {d.robot.name}" if d.robot else "")
    return {"id": d.pk, "channel": d.channel, "target": target, "state": d.state, "attempts": d.attempts,
            "next_attempt_at": d.next_attempt_at, "last_error": d.last_error, "sent_at": d.sent_at,
            "created_at": d.created_at, "event": d.message.event, "text": d.message.text, "url": d.message.url}


@router.post("/notifications/robots/{robot_id}/test", response={202: DeliveryOut},
             summary="Queue a test message to a group robot (HR); the worker sends it")
def robot_send_test(request: HttpRequest, robot_id: Id) -> Any:
    require_roles(request.user, Role.HR, action="测试群机器人")
    d = s.robot_test(actor=request.user, robot=get_object_or_404(Robot, pk=robot_id))
    return Status(202, _delivery_out(Delivery.objects.select_related("message", "robot__department").get(pk=d.pk)))


@router.get("/notifications/failures", response=list[DeliveryOut],
            summary="Deliveries that failed (retrying or given up), with the last error (HR)")
def failures_get(request: HttpRequest) -> list[dict[str, Any]]:
    require_roles(request.user, Role.HR, action="查看通知发送失败")
    return [_delivery_out(d) for d in sel.failures_list()]


@router.post("/notifications/failures/{delivery_id}/retry", response={202: DeliveryOut},
             summary="Send a failed delivery again (HR)")
def failure_retry(request: HttpRequest, delivery_id: Id) -> Any:
    require_roles(request.user, Role.HR, action="重新发送通知")
    d = s.delivery_retry(actor=request.user, delivery=get_object_or_404(Delivery, pk=delivery_id))
    return Status(202, _delivery_out(Delivery.objects.select_related("message", "robot__department").get(pk=d.pk)))


