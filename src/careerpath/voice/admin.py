"""Read-only admin of employee voice. Answers of anonymous surveys are not registered at all: the admin
never lists a response next to anything (only the aggregated results page reads them)."""

from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.voice.models import Question, Suggestion, Survey


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ("order", "kind", "text", "options", "required")
    readonly_fields = fields


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    """Surveys change through voice.services (HR's pages and the API), audited; the admin reads."""

    list_display = ("id", "title", "anonymous", "audience", "opens_on", "closes_on", "state")
    list_filter = ("state", "anonymous")
    search_fields = ("title",)
    inlines = [QuestionInline]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ("submitted_on", "category", "anonymous", "status", "replied_on")
    list_filter = ("status", "category", "anonymous")
    exclude = ("receipt_hash",)
