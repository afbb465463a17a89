from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin
from careerpath.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log can be searched and read, never edited or deleted."""

    list_display = ("at", "actor_label", "action", "target_type", "target_id", "from_state", "to_state", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_id", "reason")
    date_hierarchy = "at"
