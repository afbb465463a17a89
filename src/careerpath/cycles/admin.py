from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin
from careerpath.cycles.models import Candidate, Cycle, Quota


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("year", "as_of", "policy_version", "nomination_deadline", "effective_on", "state")
    list_filter = ("state",)


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "employee", "move_id", "department_name", "nominated", "total", "rank", "in_quota",
                    "decision")
    list_filter = ("cycle", "move_id", "selectable", "nominated", "decision")
    search_fields = ("employee__employee_no", "employee__name")
    list_select_related = ("cycle", "employee")


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "move_id", "department", "absolute", "percent")
    list_filter = ("cycle",)
