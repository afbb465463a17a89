from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet

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
