from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careerpath.placement.models import PlacementProposal, PlacementRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """State changes go through the services (audited); the admin reads."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PlacementRun)
class PlacementRunAdmin(ReadOnlyAdmin):
    list_display = ("id", "as_of", "effective_on", "review_deadline", "state", "skipped_already_placed")
    list_filter = ("state",)


@admin.register(PlacementProposal)
class PlacementProposalAdmin(ReadOnlyAdmin):
    list_display = ("run", "employee", "department_name", "current_level", "proposed_level", "adjusted_level",
                    "kept_management_post", "confirmed")
    list_filter = ("run", "proposed_level", "kept_management_post", "confirmed")
    search_fields = ("employee__employee_no", "employee__name")
    list_select_related = ("run", "employee")
