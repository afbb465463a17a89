from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careerpath.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched and read, never edited or deleted."""

    list_display = ("at", "actor_label", "action", "target_type", "target_id", "from_state", "to_state", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_id", "reason")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
