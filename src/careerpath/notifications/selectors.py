"""Reads of the notifications app: robots (masked), failures, a person's recent deliveries."""

from __future__ import annotations

from django.db.models import QuerySet

from careerpath.notifications.models import Delivery, DeliveryState, Robot

FAILED_STATES = (DeliveryState.FAILED, DeliveryState.DEAD)


def robots_list() -> QuerySet[Robot]:
    return Robot.objects.select_related("department").order_by("department__name", "name", "id")


def robot_get(*, pk: int) -> Robot | None:
    return Robot.objects.select_related("department").filter(pk=pk).first()


def failures_list(*, limit: int = 200) -> list[Delivery]:
    """Deliveries that failed (retrying or given up), newest first; what HR sees on 通知发送失败."""
    return list(Delivery.objects.filter(state__in=FAILED_STATES)
                .select_related("message", "robot__department", "user")
                .order_by("-created_at", "-id")[:limit])


def failures_count() -> QuerySet[Delivery]:
    """The queryset the menu counts (deliveries given up): HR's waiting work."""
    return Delivery.objects.filter(state=DeliveryState.DEAD)


def delivery_get(*, pk: int) -> Delivery | None:
    return Delivery.objects.filter(pk=pk).first()


def deliveries_of(*, user, limit: int = 20) -> list[Delivery]:  # noqa: ANN001 - a User
    """A person's own recent emails, with their state."""
    return list(Delivery.objects.filter(user=user).select_related("message").order_by("-created_at", "-id")[:limit])
