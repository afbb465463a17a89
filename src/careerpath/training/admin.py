from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.training.models import Enrolment, Program, Session


class EnrolmentInline(ReadOnlyInline):
    model = Enrolment
    fields = ("employee", "state", "result", "score", "certificate_no", "enrolled_by", "training")
    readonly_fields = fields


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    """Programs, sessions and results change through training.services (the pages and the API), audited, and
    a result is written as evidence there; the admin reads."""

    list_display = ("id", "name", "evidence_program", "prepares_for", "active")
    list_filter = ("active",)
    search_fields = ("name", "name_en", "evidence_program")


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("id", "program", "starts_on", "place", "trainer", "capacity", "state")
    list_filter = ("state", "program")
    list_select_related = ("program", "trainer")
    search_fields = ("program__name", "place")
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("id", "session", "employee", "state", "result", "score", "certificate_no")
    list_filter = ("state", "result")
    list_select_related = ("session__program", "employee")
    search_fields = ("employee__employee_no", "employee__name", "certificate_no")
