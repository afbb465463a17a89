"""Reads for promotions: scoped application lists, notices for the public, objections for HR."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from careerpath.accounts.selectors import employees_visible_to
from careerpath.core.workflow import FINAL, Route, machine_for
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.selectors import policy_of
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


def applications_ready_for_notice() -> QuerySet[Application]:
    """Individual applications whose next step is the notice (``publish_notice`` available), oldest first.

    Where the review chain ends depends on each policy version's configured steps, so the states are taken
    from the workflow machine of every version in use (two queries in all). Annual-cycle applications are
    left out: the cycle publishes its own notice (``cycles.services.cycle_notice_publish``).
    """
    route = Route.INDIVIDUAL.value
    open_apps = Application.objects.filter(route=route).exclude(state__in=[s.value for s in FINAL])
    ready = Q(pk__in=[])
    for version in PolicyVersion.objects.filter(pk__in=open_apps.values("policy_version_id")):
        states = machine_for(policy_of(version).process).sources_of("publish_notice", route)
        ready |= Q(policy_version_id=version.pk, state__in=sorted(s.value for s in states))
    return (open_apps.filter(ready).select_related("employee", "employee__department", "policy_version")
            .order_by("created_at", "id"))
