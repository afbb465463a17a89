"""Keeping the stored eligibility current as facts change: mark the person stale, then refresh them.

Every save or delete of a person's fact (their employee row, a position, any evidence) marks their stored
row stale at once, in the writer's transaction; after the transaction commits, the people it touched are
evaluated again (:func:`careerpath.evaluation.store.eligibility_refresh`), so a change shows on HR's
pages within the same request. A transaction touching more than ``INLINE_LIMIT`` people (an import, a
cycle taking effect) only leaves the flags: the next refresh (the team page for its scope, the daily
``careerpath refresh-eligibility`` for everyone) picks them up. Publishing or activating a policy version
marks everyone, and so does an import (it writes in bulk, without a signal per row; run
``careerpath refresh-eligibility`` after a large one, or leave it to the daily run). Other bulk writes that bypass signals (``bulk_create``, ``QuerySet.update``) are
still caught by every refresh: they change the fingerprint it compares.

This only invalidates; the verdicts themselves are computed in one place, the store.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

INLINE_LIMIT = 200  # people refreshed right after a commit; more are left to the next refresh

_local = threading.local()


def _pending() -> set[int]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending  # type: ignore[no-any-return]


def _flush() -> None:
    from careerpath import clock
    from careerpath.evaluation.store import eligibility_refresh
    from careerpath.people.models import Employee

    pks = sorted(_pending())
    _pending().clear()
    if not pks or len(pks) > INLINE_LIMIT:
        return
    try:
        eligibility_refresh(as_of=clock.today(), employees=Employee.objects.filter(pk__in=pks))
    except Exception:  # the write has committed; a failed refresh leaves the rows stale, never the request broken
        logger.exception("refreshing the stored eligibility of %s failed; they stay marked stale", pks)


def touch(employee_id: int | None) -> None:
    """Mark one person's stored eligibility stale and refresh it once the transaction commits."""
    if employee_id is None:
        return
    from careerpath.evaluation.models import PersonEligibility

    PersonEligibility.objects.filter(employee_id=employee_id, stale=False).update(stale=True)
    _pending().add(employee_id)
    # One callback per write: the first after the commit refreshes everyone pending, the rest find the set
    # empty. (A flag to register once would stay set when the transaction rolls back its callbacks.)
    transaction.on_commit(_flush)


def _owner(field: str) -> Any:
    def handler(sender: type, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return  # loading fixtures
        touch(getattr(instance, field, None))

    return handler


def _imported(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """An import writes in bulk (no per-row signal): every row may be out of date until the next refresh.

    In the import's own transaction, so a dry run (rolled back) marks nothing.
    """
    from careerpath.evaluation.store import eligibility_mark_stale

    if created and not kwargs.get("raw"):
        eligibility_mark_stale()


def _policy_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    from careerpath.evaluation.store import eligibility_mark_stale

    if getattr(instance, "is_active", False) or kwargs.get("signal") is post_delete:
        eligibility_mark_stale()


_HANDLERS: list[Any] = []  # strong references: signals keep weak ones


def connect() -> None:
    from careerpath.evidence import models as em
    from careerpath.people.models import Employee, Position
    from careerpath.policy_versions.models import PolicyVersion

    owners: list[tuple[type, str]] = [
        (Employee, "pk"), (Position, "employee_id"), (em.Praise, "employee_id"), (em.Mentorship, "mentor_id"),
        (em.Training, "employee_id"), (em.Leave, "employee_id"), (em.MetricMonth, "employee_id"),
        (em.Exam, "employee_id"), (em.Appraisal, "employee_id"), (em.Attestation, "employee_id"),
        (em.Incident, "employee_id"),
    ]
    for model, field in owners:
        handler = _owner(field)
        _HANDLERS.append(handler)
        post_save.connect(handler, sender=model, dispatch_uid=f"eligibility:{model.__name__}:save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"eligibility:{model.__name__}:delete")
    post_save.connect(_imported, sender=em.ImportBatch, dispatch_uid="eligibility:import")
    post_save.connect(_policy_changed, sender=PolicyVersion, dispatch_uid="eligibility:policy:save")
    post_delete.connect(_policy_changed, sender=PolicyVersion, dispatch_uid="eligibility:policy:delete")
