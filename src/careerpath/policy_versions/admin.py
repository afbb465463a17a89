from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careerpath.policy_versions.models import PolicyStatus, PolicyVersion


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "status", "is_active", "published_on", "approved_by", "created_at")
    list_filter = ("status", "is_active")
    readonly_fields = ("problems", "status", "is_active", "published_on", "approved_by", "created_by")

    # Versions are created and published through the services (API), which validate the YAML and
    # record the adoption; the admin only reads them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PolicyVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PolicyVersion | None = None) -> bool:
        return obj is not None and obj.status == PolicyStatus.DRAFT
