from __future__ import annotations

from django.contrib import admin

from careerpath.people.models import Department, Employee, Position


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


class PositionInline(admin.TabularInline):
    model = Position
    fields = ["level", "start_on", "end_on", "reason", "source_file", "source_row"]
    readonly_fields = ["source_file", "source_row"]
    extra = 0
    ordering = ["start_on"]


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
    inlines = [PositionInline]
    fieldsets = [
        (None, {"fields": ["employee_no", "name", "gender", "birth_date", "education"]}),
        (
            "岗位",
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
        ("来源", {"fields": ["source_file", "source_row", "created_by", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001 - admin hook signature
        # Hand-entered records keep their author as the source (SPEC §6).
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["employee", "level", "start_on", "end_on", "reason", "source_file", "source_row"]
    list_filter = ["level", "reason"]
    search_fields = ["employee__employee_no", "employee__name"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    date_hierarchy = "start_on"
    readonly_fields = ["source_file", "source_row", "created_by", "created_at", "updated_at"]
