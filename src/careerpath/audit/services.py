"""Writing audit events. Called inside the caller's transaction, so the event and the change commit together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from careerpath.audit.models import AuditEvent


@dataclass(frozen=True, slots=True)
class AuditItem:
    """One event of a set-based change (see ``audit_record_many``)."""

    target: models.Model | tuple[str, str]
    from_state: str = ""
    to_state: str = ""
    reason: str = ""
    data: dict[str, Any] | None = None


def _event(actor: AbstractBaseUser | None, action: str, item: AuditItem) -> AuditEvent:
    if isinstance(item.target, tuple):
        target_type, target_id = item.target
    else:
        target_type, target_id = item.target._meta.model_name or "", str(item.target.pk)
    known = actor is not None and actor.is_authenticated
    return AuditEvent(
        actor=actor if known else None,
        actor_label=actor.get_username() if known else "system",
        action=action, target_type=target_type, target_id=target_id,
        from_state=item.from_state, to_state=item.to_state, reason=item.reason, data=item.data or {},
    )


def audit_record(*, actor: AbstractBaseUser | None, action: str, target: models.Model | tuple[str, str],
                 from_state: str = "", to_state: str = "", reason: str = "",
                 data: dict[str, Any] | None = None) -> AuditEvent:
    event = _event(actor, action, AuditItem(target, from_state, to_state, reason, data))
    event.save()
    return event


def audit_record_many(*, actor: AbstractBaseUser | None, action: str, items: Iterable[AuditItem]) -> int:
    """Write one event per item in a few bulk inserts (a set-based change still audits every person)."""
    events = [_event(actor, action, item) for item in items]
    AuditEvent.objects.bulk_create(events, batch_size=5_000)
    return len(events)
