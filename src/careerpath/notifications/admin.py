from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin
from careerpath.notifications.models import Delivery, Message, Robot


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """What notify() was told; deliveries change only through the worker and HR's retry (services)."""

    list_display = ("id", "created_at", "event", "text", "key")
    list_filter = ("event",)
    search_fields = ("text", "key")


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "channel", "target", "state", "attempts", "next_attempt_at", "sent_at",
                    "last_error")
    list_filter = ("state", "channel")
    list_select_related = ("message",)
    search_fields = ("target", "message__text", "last_error")


@admin.register(Robot)
class RobotAdmin(ReadOnlyAdmin):
    """Robots are configured by HR on 群机器人 (services, audited); the admin never shows their secrets."""

    list_display = ("id", "department", "vendor", "name", "active", "updated_at")
    fields = ("department", "vendor", "name", "events", "active", "updated_at")
    readonly_fields = fields
    list_filter = ("vendor", "active")
    list_select_related = ("department",)
