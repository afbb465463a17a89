from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.recognition.models import Award, AwardRound, Candidate, Contribution


class CandidateInline(ReadOnlyInline):
    model = Candidate
    fields = ("employee", "source", "proposed", "nominated", "value", "rank", "reason_zh", "nomination_reason")
    readonly_fields = fields


@admin.register(AwardRound)
class AwardRoundAdmin(ReadOnlyAdmin):
    """Rounds change through recognition.services (the pages and the API), audited; the admin reads."""

    list_display = ("id", "award", "period_start", "state", "proposed_on", "decided_on")
    list_filter = ("state", "award")
    inlines = [CandidateInline]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("certificate_no", "employee", "round", "granted_on", "revoked_on")
    list_select_related = ("employee", "round")
    search_fields = ("certificate_no", "employee__employee_no", "employee__name")


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ("id", "employee", "kind", "customer", "year", "amount", "percent", "state", "decided_on")
    list_filter = ("state", "kind")
    list_select_related = ("employee",)
    search_fields = ("employee__employee_no", "employee__name", "customer")
