from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.models import AuditEvent


def audit_events_for(*, target: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type=target._meta.model_name, target_id=str(target.pk)).order_by("at", "id")


def audit_events_list(*, actor: AbstractBaseUser | AnonymousUser, target_type: str = "", target_id: str = "",
                      action: str = "") -> QuerySet[AuditEvent]:
    """The audit log, newest first, filtered; HR and admin only (it names who objected, who decided)."""
    require_roles(actor, Role.HR, action="查看审计日志")
    qs = AuditEvent.objects.order_by("-at", "-id")
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs


def audit_event_count(*, using: str = "default") -> int:
    """How many audit events database ``using`` holds (0 before it is migrated: nothing to lose yet)."""
    from django.db import connections

    if AuditEvent._meta.db_table not in connections[using].introspection.table_names():
        return 0
    return AuditEvent.objects.using(using).count()


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit viewer filters on; every field optional. ``until`` includes that whole day."""

    who: str = ""  # the actor's login name (exact; "system" for scheduled runs and the command line)
    action: str = ""  # an action code, exact (``user.add``), or a prefix ending in "." (``application.``)
    since: date | None = None
    until: date | None = None
    target_type: str = ""
    target_id: str = ""


def audit_events_search(*, actor: AbstractBaseUser | AnonymousUser, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """The audit log filtered for the viewer, newest first (HR and admin only).

    Each filter maps to an index (``at``; ``action, at``; ``actor_label, at``; ``target_type, target_id, at``),
    so a page of a large log is one index range scan however it is filtered.
    """
    require_roles(actor, Role.HR, action="查看审计日志")
    qs = AuditEvent.objects.order_by("-at", "-id")
    if filters.who:
        qs = qs.filter(actor_label=filters.who)
    if filters.action:
        qs = (qs.filter(action__startswith=filters.action) if filters.action.endswith(".")
              else qs.filter(action=filters.action))
    tz = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        qs = qs.filter(at__lt=datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz))
    if filters.target_type:
        qs = qs.filter(target_type=filters.target_type)
    if filters.target_id:
        qs = qs.filter(target_id=filters.target_id)
    return qs
