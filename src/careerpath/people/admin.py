"""The people admin goes through the people services: no position or employee change bypasses the audit.

Position history is read-only here; a level change is a new row entered in "变动职级" and saved by
``position_change`` (the open row ends the day before, an audit event records who and why). Editing
an employee (department, supervisor, user link, ...) is saved by ``employee_update``, audited too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.errors import ServiceError
from careerpath.people.models import Department, Employee, Position, PositionReason
from careerpath.people.services import employee_update, position_change, position_change_check


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


class PositionHistoryInline(ReadOnlyInline):
    """The recorded positions, read-only: history is changed only by a new position (below)."""

    model = Position
    verbose_name = _("任职记录")
    verbose_name_plural = _("任职记录（只读，变动请在下方新增）")
    fields = ["level", "start_on", "end_on", "reason", "source_file", "source_row", "created_by"]
    readonly_fields = fields
    ordering = ["start_on"]


class PositionChangeForm(forms.ModelForm):
    why = forms.CharField(label=_("说明"), required=False, max_length=500,
                          help_text=_("变动的依据，如任命文件号 (why, e.g. the appointment document)"))

    class Meta:
        model = Position
        fields = ["level", "start_on", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The unique (employee, start_on) check of the model form does not apply: the service decides.
        if self.errors or not self.has_changed():
            return data
        employee = getattr(self, "parent_employee", None) or Employee()
        try:
            position_change_check(employee=employee, level=data["level"], start_on=data["start_on"],
                                  reason=data.get("reason") or PositionReason.APPOINTMENT)
        except ServiceError as exc:
            raise forms.ValidationError({exc.field: exc.message} if exc.field in self.fields else exc.message
                                        ) from None
        return data

    def validate_unique(self) -> None:
        return  # position_change refuses a second row on the same day, with a clearer message


class PositionChangeFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.parent_employee = self.instance  # type: ignore[attr-defined]
        return form


class PositionChangeInline(admin.TabularInline):
    """New positions only: each one saved by people.services.position_change."""

    model = Position
    form = PositionChangeForm
    formset = PositionChangeFormSet
    verbose_name = _("变动职级")
    verbose_name_plural = _("变动职级（保存时自动结束现任职级）")
    fields = ["level", "start_on", "reason", "why"]
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Position]:
        return Position.objects.none()


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = [
        "employee_no",
        "name",
        "department",
        "supervisor",
        "education",
        "hired_on",
        "status",
        "user",
    ]
    list_filter = ["status", "department", "education", "gender"]
    search_fields = ["employee_no", "name", "system_account"]
    list_select_related = ["department", "supervisor", "user"]
    autocomplete_fields = ["department", "supervisor", "user"]
    readonly_fields = ["source_file", "source_row", "created_by", "created_at", "updated_at"]
    inlines = [PositionHistoryInline, PositionChangeInline]
    fieldsets = [
        (None, {"fields": ["employee_no", "name", "gender", "birth_date", "education"]}),
        (
            _("岗位"),
            {
                "fields": [
                    "department",
                    "supervisor",
                    "hired_on",
                    "cs_start_on",
                    "confirmed_on",
                    "system_account",
                    "status",
                    "user",
                ]
            },
        ),
        (_("来源"), {"fields": ["source_file", "source_row", "created_by", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001 - admin hook signature
        if change:
            # The form has set the new values on obj already; the service compares them with the
            # stored row, saves and audits what changed.
            employee_update(actor=request.user, employee=obj,
                            **{name: form.cleaned_data[name] for name in form.changed_data})
            return
        # Hand-entered records keep their author as the source (SPEC §6).
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:  # noqa: ANN001 - admin hook signature
        if formset.model is not Position:
            super().save_formset(request, form, formset, change)
            return
        # The admin's change message reads these lists, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if not isinstance(formset, PositionChangeFormSet):
            return  # the history inline is read-only
        new = [f.cleaned_data for f in formset.forms if f.has_changed() and f.cleaned_data]
        for data in sorted(new, key=lambda d: d["start_on"]):
            formset.new_objects.append(position_change(
                actor=request.user, employee=form.instance, level=data["level"], start_on=data["start_on"],
                reason=data.get("reason") or PositionReason.APPOINTMENT, why=data.get("why", ""),
                data={"via": "admin"}))


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    """Read-only: positions change through the employee page's "变动职级", which calls the service."""

    list_display = ["employee", "level", "start_on", "end_on", "reason", "source_file", "source_row"]
    list_filter = ["level", "reason"]
    search_fields = ["employee__employee_no", "employee__name"]
    list_select_related = ["employee"]
    date_hierarchy = "start_on"
