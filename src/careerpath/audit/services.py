"""Writing audit events. Called inside the caller's transaction, so the event and the change commit together."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from careerpath.audit.models import AuditEvent


def audit_record(*, actor: AbstractBaseUser | None, action: str, target: models.Model | tuple[str, str],
                 from_state: str = "", to_state: str = "", reason: str = "",
                 data: dict[str, Any] | None = None) -> AuditEvent:
    if isinstance(target, tuple):
        target_type, target_id = target
    else:
        target_type, target_id = target._meta.model_name or "", str(target.pk)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor.get_username() if actor is not None and actor.is_authenticated else "system",
        action=action, target_type=target_type, target_id=target_id,
        from_state=from_state, to_state=to_state, reason=reason, data=data or {},
    )
