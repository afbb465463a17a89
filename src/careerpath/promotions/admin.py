from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from careerpath.promotions.models import Application, Letter, Notice, NoticeEntry, Objection


class ReadOnlyAdmin(admin.ModelAdmin):
    """State changes go through the services (audited); the admin reads."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "employee", "from_level", "to_level", "route", "state", "eligible", "effective_on")
    list_filter = ("state", "route", "move_type")
    search_fields = ("employee__employee_no", "employee__name")


class EntryInline(admin.TabularInline):
    model = NoticeEntry
    extra = 0
    can_delete = False
    readonly_fields = ("name", "department", "from_level_name", "to_level_name", "effective_on", "withdrawn")
    exclude = ("application", "exception_note")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "published_on", "last_day", "state")
    inlines = [EntryInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "entry", "objector", "state", "filed_at", "resolved_by")
    list_filter = ("state",)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "application", "issued_on")
