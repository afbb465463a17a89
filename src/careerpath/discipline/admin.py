"""Admin views of discipline. Transitions go through the services (API), so cases are read-only here
except HR's notes, and those are saved through a service too (checked and audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import get_language

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.discipline.models import AllowanceDeduction, CaseDecision, CaseDocument, DemotionCase
from careerpath.discipline.services import demotion_case_notes_set
from careerpath.errors import ServiceError
from careerpath.evidence.choices import code_label
from careerpath.evidence.models import Incident
from careerpath.policy_versions.selectors import active_policy


def _incident_text(incident: Incident | None) -> str:
    """An incident as its date and type, the type named by the active policy in the current language."""
    if incident is None:
        return ""
    label = code_label(active_policy(), "incident_type", incident.type, get_language() or "zh-hans")
    return f"{incident.date} {label}"


@admin.register(AllowanceDeduction)
class AllowanceDeductionAdmin(ReadOnlyAdmin):
    list_display = ["employee", "month", "level", "amount", "reason", "incident_label", "created_by", "created_at"]
    list_filter = ["month", "level"]
    search_fields = ["employee__employee_no", "employee__name", "reason"]
    list_select_related = ["employee", "incident", "created_by"]
    date_hierarchy = "month"

    @admin.display(description=AllowanceDeduction._meta.get_field("incident").verbose_name, ordering="incident")
    def incident_label(self, obj: AllowanceDeduction) -> str:
        return _incident_text(obj.incident)


class CaseDecisionInline(ReadOnlyInline):
    model = CaseDecision
    fields = ["at", "action", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields


class CaseDocumentInline(ReadOnlyInline):
    model = CaseDocument
    fk_name = "case"
    fields = ["file_name", "file", "text", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(DemotionCase)
class DemotionCaseAdmin(admin.ModelAdmin):
    list_display = ["id", "employee", "proposal", "from_level", "to_level", "state", "effective_on", "opened_by",
                    "created_at"]
    list_filter = ["state", "proposal", "from_level"]
    search_fields = ["employee__employee_no", "employee__name", "reason"]
    list_select_related = ["employee", "opened_by"]
    date_hierarchy = "created_at"
    fields = ["employee", "proposal", "reason", "from_level", "to_level", "state", "effective_on", "incident_list",
              "opened_by", "previous_position", "new_position", "created_at", "updated_at", "notes"]
    readonly_fields = [f for f in fields if f != "notes"]
    inlines = [CaseDecisionInline, CaseDocumentInline]

    @admin.display(description=DemotionCase._meta.get_field("incidents").verbose_name)
    def incident_list(self, obj: DemotionCase) -> str:
        return "; ".join(_incident_text(i) for i in obj.incidents.order_by("date", "pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # cases are opened through incident_record / demotion_case_open

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: DemotionCase, form: Any, change: bool) -> None:
        if "notes" not in form.changed_data:
            return
        try:
            demotion_case_notes_set(actor=request.user, case=obj, notes=obj.notes)
        except ServiceError as exc:
            self.message_user(request, exc.message, level="error")


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "case", "incident_label", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["file_name", "text", "case__employee__employee_no", "incident__employee__employee_no"]
    list_select_related = ["case", "incident", "uploaded_by"]

    @admin.display(description=CaseDocument._meta.get_field("incident").verbose_name, ordering="incident")
    def incident_label(self, obj: CaseDocument) -> str:
        return _incident_text(obj.incident)
