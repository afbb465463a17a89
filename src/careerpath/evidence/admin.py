from __future__ import annotations

from django.contrib import admin

from careerpath.evidence import models as m
from careerpath.evidence.services import evidence_delete, evidence_save

_SOURCE = ["source_file", "source_row", "created_by", "created_at", "updated_at"]
_EMPLOYEE_SEARCH = ["employee__employee_no", "employee__name"]


class EvidenceAdmin(admin.ModelAdmin):
    """Common admin for evidence: source fields read-only, author recorded on manual entry."""

    readonly_fields = _SOURCE
    autocomplete_fields = ["employee"]
    list_select_related = ["employee"]
    search_fields = _EMPLOYEE_SEARCH
    list_per_page = 50

    # Changes made here go through the services, so each one is an audit event.
    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001 - admin hook signature
        evidence_save(actor=request.user, record=obj, reason="admin")

    def delete_model(self, request, obj) -> None:  # noqa: ANN001
        evidence_delete(actor=request.user, record=obj, reason="admin")

    def delete_queryset(self, request, queryset) -> None:  # noqa: ANN001
        for obj in queryset:
            evidence_delete(actor=request.user, record=obj, reason="admin")


@admin.register(m.Praise)
class PraiseAdmin(EvidenceAdmin):
    list_display = ["employee", "date", "source", "customer", "note", "source_file", "source_row"]
    list_filter = ["source"]
    search_fields = [*_EMPLOYEE_SEARCH, "customer", "note"]
    date_hierarchy = "date"


@admin.register(m.Mentorship)
class MentorshipAdmin(EvidenceAdmin):
    list_display = ["mentor", "mentee", "start_on", "independent_on", "source_file", "source_row"]
    autocomplete_fields = ["mentor", "mentee"]
    list_select_related = ["mentor", "mentee"]
    search_fields = ["mentor__employee_no", "mentor__name", "mentee__employee_no", "mentee__name"]


@admin.register(m.Training)
class TrainingAdmin(EvidenceAdmin):
    list_display = ["employee", "program", "date", "result", "source_file", "source_row"]
    list_filter = ["program", "result"]
    date_hierarchy = "date"


@admin.register(m.Leave)
class LeaveAdmin(EvidenceAdmin):
    list_display = ["employee", "type", "start_on", "days", "source_file", "source_row"]
    list_filter = ["type"]
    date_hierarchy = "start_on"


@admin.register(m.MetricMonth)
class MetricMonthAdmin(EvidenceAdmin):
    list_display = ["employee", "month", "values", "source_file", "source_row"]
    date_hierarchy = "month"


@admin.register(m.Exam)
class ExamAdmin(EvidenceAdmin):
    list_display = ["employee", "exam", "date", "score", "passed", "source_file", "source_row"]
    list_filter = ["exam", "passed"]
    date_hierarchy = "date"


@admin.register(m.Appraisal)
class AppraisalAdmin(EvidenceAdmin):
    list_display = ["employee", "year", "score", "grade", "source_file", "source_row"]
    list_filter = ["year", "grade"]


@admin.register(m.Attestation)
class AttestationAdmin(EvidenceAdmin):
    list_display = ["employee", "competency", "date", "attested_by_no", "note", "source_file", "source_row"]
    list_filter = ["competency"]
    search_fields = [*_EMPLOYEE_SEARCH, "attested_by_no", "note"]


@admin.register(m.Incident)
class IncidentAdmin(EvidenceAdmin):
    list_display = ["employee", "date", "type", "note", "source_file", "source_row"]
    list_filter = ["type"]
    search_fields = [*_EMPLOYEE_SEARCH, "note"]
    date_hierarchy = "date"


@admin.register(m.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "policy", "actor", "sha256"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["file_name", "sha256", "policy", "actor", "created_at", "counts"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        # Batches are written by the import service only.
        return False
