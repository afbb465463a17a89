from __future__ import annotations

from django.contrib import admin

from careerpath.adminkit import ReadOnlyAdmin, ReadOnlyInline
from careerpath.mentoring.models import CheckIn, Goal, Pair, ProbationPlan, ProbationTask


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ("text", "due_on", "done_on")
    readonly_fields = fields


class CheckInInline(ReadOnlyInline):
    model = CheckIn
    fields = ("on", "note", "by")
    readonly_fields = fields


@admin.register(Pair)
class PairAdmin(ReadOnlyAdmin):
    """Pairs change through mentoring.services (the pages and the API), audited; the admin reads."""

    list_display = ("id", "mentor", "mentee", "purpose", "state", "started_on", "planned_on", "completed_on")
    list_filter = ("state", "purpose")
    list_select_related = ("mentor", "mentee")
    search_fields = ("mentor__employee_no", "mentor__name", "mentee__employee_no", "mentee__name")
    inlines = [GoalInline, CheckInInline]


class TaskInline(ReadOnlyInline):
    model = ProbationTask
    fields = ("seq", "kind", "name_zh", "program", "result", "note", "recorded_by", "recorded_on")
    readonly_fields = fields


@admin.register(ProbationPlan)
class ProbationPlanAdmin(ReadOnlyAdmin):
    list_display = ("id", "application", "due_on", "pair")
    list_select_related = ("application", "pair")
    inlines = [TaskInline]
