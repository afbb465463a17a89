from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin
from careerpath.placement.models import PlacementProposal, PlacementRun


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
