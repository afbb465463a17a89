"""Admin of evidence. Every add, change and delete goes through the services that the import and the
API use (evidence.services, discipline.services for incidents): the same checks, shown next to the
field; the same consequences; the same audit events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from careerpath.adminkit import ReadOnlyAdmin
from careerpath.discipline.services import incident_change, incident_delete, incident_record
from careerpath.errors import ServiceError
from careerpath.evidence import models as m
from careerpath.evidence.choices import code_choices, code_label, training_programs
from careerpath.evidence.forms import (
    CODE_FIELDS,
    EvidenceForm,
    IncidentForm,
    SuggestInput,
    code_field,
    language,
)
from careerpath.evidence.services import evidence_delete, evidence_save
from careerpath.policy_versions.selectors import active_policy

_SOURCE = ["source_file", "source_row", "created_by", "created_at", "updated_at"]
_EMPLOYEE_SEARCH = ["employee__employee_no", "employee__name"]
_REFUSED = "_careerpath_write_refused"


class EvidenceAdmin(admin.ModelAdmin):
    """Common admin for evidence: source fields read-only, writes through the services."""

    form = EvidenceForm
    readonly_fields = _SOURCE
    autocomplete_fields = ["employee"]
    list_select_related = ["employee"]
    search_fields = _EMPLOYEE_SEARCH
    list_per_page = 50

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a fresh class per request (modelform_factory), so this is not shared
        return form

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        kind = CODE_FIELDS.get(self.model, {}).get(db_field.name)
        if kind is not None:
            return code_field(db_field, kind)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # The form already ran the services' checks; what is left (a race) is reported, never half-saved.
    def _refused(self, request: HttpRequest, exc: ServiceError) -> None:
        setattr(request, _REFUSED, True)
        self.message_user(request, exc.message, level=messages.ERROR)

    def message_user(self, request: HttpRequest, message: Any, level: int = messages.INFO, *args: Any,
                     **kwargs: Any) -> None:
        # Django reports "deleted successfully" after delete_model/delete_queryset return; a service
        # that refused must not be followed by that message.
        if getattr(request, _REFUSED, False) and level == messages.SUCCESS:
            return
        super().message_user(request, message, level, *args, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            evidence_save(actor=request.user, record=obj, reason="admin")
        except ServiceError as exc:
            self._refused(request, exc)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        try:
            evidence_delete(actor=request.user, record=obj, reason="admin")
        except ServiceError as exc:
            self._refused(request, exc)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # The bulk action too, one service call per record, all or none.
        try:
            with transaction.atomic():
                for obj in queryset:
                    self.delete_one(request, obj)
        except ServiceError as exc:
            self._refused(request, exc)

    def delete_one(self, request: HttpRequest, obj: Any) -> None:
        evidence_delete(actor=request.user, record=obj, reason="admin")


def _code_column(model: type[models.Model], field: str, kind: str) -> Callable[[Any, Any], str]:
    """A list column showing the code in ``field`` as the active policy's label of that ``kind``."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)
    def column(self: Any, obj: Any) -> str:
        return code_label(active_policy(), kind, getattr(obj, field), language())

    return column


def _code_filter(kind: str) -> type[admin.AllValuesFieldListFilter]:
    """A list filter over the codes stored in a field, each shown as the active policy's label of ``kind``."""

    class CodeFilter(admin.AllValuesFieldListFilter):
        def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
            labels = dict(code_choices(active_policy(), kind, language()))
            for choice in super().choices(changelist):
                display = choice.get("display")
                # "All" and the empty choice are lazy translations, never a code.
                if isinstance(display, str) and display in labels:
                    choice = {**choice, "display": labels[display]}
                yield choice

    return CodeFilter


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
    list_filter = [("program", _code_filter("training_program")), "result"]
    date_hierarchy = "date"

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "program":
            # Programs are free text (the workbook's too); the ones the policy counts are suggested.
            kwargs["widget"] = SuggestInput(training_programs(active_policy()))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(m.Leave)
class LeaveAdmin(EvidenceAdmin):
    list_display = ["employee", "type_label", "start_on", "days", "source_file", "source_row"]
    list_filter = [("type", _code_filter("leave_type"))]
    date_hierarchy = "start_on"

    type_label = _code_column(m.Leave, "type", "leave_type")


@admin.register(m.MetricMonth)
class MetricMonthAdmin(EvidenceAdmin):
    list_display = ["employee", "month", "values", "source_file", "source_row"]
    date_hierarchy = "month"


@admin.register(m.Exam)
class ExamAdmin(EvidenceAdmin):
    list_display = ["employee", "exam_label", "date", "score", "passed", "source_file", "source_row"]
    list_filter = [("exam", _code_filter("exam")), "passed"]
    date_hierarchy = "date"

    exam_label = _code_column(m.Exam, "exam", "exam")


@admin.register(m.Appraisal)
class AppraisalAdmin(EvidenceAdmin):
    list_display = ["employee", "year", "score", "grade", "source_file", "source_row"]
    list_filter = ["year", "grade"]


@admin.register(m.Attestation)
class AttestationAdmin(EvidenceAdmin):
    list_display = ["employee", "competency_label", "date", "attested_by_no", "note", "source_file", "source_row"]
    list_filter = [("competency", _code_filter("competency"))]
    search_fields = [*_EMPLOYEE_SEARCH, "attested_by_no", "note"]

    competency_label = _code_column(m.Attestation, "competency", "competency")


@admin.register(m.Incident)
class IncidentAdmin(EvidenceAdmin):
    """Incidents go through discipline.services: recording one deducts the allowance and can open a case."""

    form = IncidentForm
    list_display = ["employee", "date", "type_label", "note", "source_file", "source_row"]
    list_filter = [("type", _code_filter("incident_type"))]
    search_fields = [*_EMPLOYEE_SEARCH, "note"]
    date_hierarchy = "date"

    type_label = _code_column(m.Incident, "type", "incident_type")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Person, date and type carry the consequences: correct them by deleting and recording again.
        return [*_SOURCE, "employee", "date", "type"] if obj is not None else _SOURCE

    def save_model(self, request: HttpRequest, obj: m.Incident, form: forms.ModelForm, change: bool) -> None:
        try:
            if change:
                incident_change(actor=request.user, incident=obj, note=obj.note)
                return
            out = incident_record(actor=request.user, employee=obj.employee, date=obj.date, type=obj.type,
                                  note=obj.note)
        except ServiceError as exc:
            self._refused(request, exc)
            return
        saved = out.incident
        obj.pk, obj.created_by, obj.created_at, obj.updated_at = (saved.pk, saved.created_by, saved.created_at,
                                                                  saved.updated_at)
        obj._state.adding, obj._state.db = False, saved._state.db
        if out.deduction is not None:
            self.message_user(request, f"已扣减 {out.deduction.month:%Y-%m} 津贴 {out.deduction.amount} 元 "
                                       f"(allowance deducted)", messages.WARNING)
        if out.case is not None:
            verb = "已立降级案件" if out.case_opened else "已关联进行中的降级案件"
            self.message_user(request, f"{verb} #{out.case.pk} (demotion case)", messages.WARNING)
        for note in out.notes:
            self.message_user(request, note, messages.INFO)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # Deductions protect their incident from a plain delete; incident_delete removes them with it
        # (and refuses while a demotion case rests on the incident), so list them as deleted instead.
        # The service checks the actor itself, so the read-only discipline admins do not veto it.
        from careerpath.discipline.models import AllowanceDeduction, CaseDocument

        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed = perms_needed - {AllowanceDeduction._meta.verbose_name, CaseDocument._meta.verbose_name}
        deductions = list(AllowanceDeduction.objects.filter(incident__in=list(objs)).select_related("employee"))
        if deductions:
            protected = []
            deleted = [*deleted, *(f"{AllowanceDeduction._meta.verbose_name}: {d}" for d in deductions)]
            counts = {**counts, AllowanceDeduction._meta.verbose_name_plural: len(deductions)}
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: m.Incident) -> None:
        try:
            incident_delete(actor=request.user, incident=obj, reason="admin")
        except ServiceError as exc:
            self._refused(request, exc)

    def delete_one(self, request: HttpRequest, obj: Any) -> None:
        incident_delete(actor=request.user, incident=obj, reason="admin")


@admin.register(m.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "policy", "actor", "sha256"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = ["file_name", "sha256", "policy", "actor", "created_at", "counts"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        # Batches are written by the import service only.
        return False


@admin.register(m.EvidenceSubmission)
class EvidenceSubmissionAdmin(ReadOnlyAdmin):
    """Submitted evidence is decided on its page (web:evidence_detail) through the services; the admin reads."""

    list_display = ["pk", "employee", "kind", "date", "state", "decided_by", "decided_at", "created_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["employee", "decided_by"]
    search_fields = [*_EMPLOYEE_SEARCH, "customer", "program", "note", "reason"]
    date_hierarchy = "created_at"
    exclude = ["attachment"]  # the file is served by its page, which checks who may see it
