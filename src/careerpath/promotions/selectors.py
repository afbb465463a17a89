"""Reads for promotions: scoped application lists, notices for the public, objections for HR."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from careerpath.accounts.selectors import employees_visible_to
from careerpath.core.workflow import FINAL
from careerpath.promotions.models import Application, Notice, NoticeEntry, Notification, Objection


def applications_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Application]:
    return Application.objects.filter(employee__in=employees_visible_to(user=user)).select_related(
        "employee", "employee__department", "policy_version")


def notice_public_entries(*, notice: Notice) -> QuerySet[NoticeEntry]:
    """What anyone may read on a notice: name, department, levels, effective date (no scores, no evidence)."""
    return notice.entries.filter(withdrawn=False).order_by("id")


def objections_for_hr(*, notice: Notice) -> QuerySet[Objection]:
    return Objection.objects.filter(entry__notice=notice).select_related("entry", "objector", "resolved_by")


def open_application_employee_nos(*, employee_ids: Iterable[int]) -> set[str]:
    """The 工号 of those of ``employee_ids`` with an application still in progress (not in a final state)."""
    return set(Application.objects.filter(employee_id__in=list(employee_ids))
               .exclude(state__in=[s.value for s in FINAL]).values_list("employee__employee_no", flat=True))


def notifications_for(*, user: AbstractBaseUser | AnonymousUser, limit: int = 100) -> list[Notification]:
    """The user's own notifications, newest first (at most ``limit``; one query)."""
    if not user.is_authenticated:
        return []
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def notifications_unread_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
