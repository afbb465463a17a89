from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.talent.models import Candidate, Invitation, Posting


class CandidateInline(ReadOnlyInline):
    model = Candidate
    fields = ("employee", "from_level", "state", "score", "applied_on", "scored_by")
    readonly_fields = fields


class InvitationInline(ReadOnlyInline):
    model = Invitation
    fields = ("employee", "created_at")
    readonly_fields = fields


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    """Postings change through talent.services (HR's pages and the API), audited; the admin reads."""

    list_display = ("id", "title", "level", "department", "posted_on", "closes_on", "state", "application")
    list_filter = ("state", "level")
    list_select_related = ("department", "application")
    search_fields = ("title", "department__name")
    inlines = [CandidateInline, InvitationInline]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("id", "posting", "employee", "from_level", "state", "score", "applied_on")
    list_filter = ("state",)
    list_select_related = ("posting", "employee")
    search_fields = ("employee__employee_no", "employee__name", "posting__title")
