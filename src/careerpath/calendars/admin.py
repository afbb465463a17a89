from __future__ import annotations

from django.contrib import admin

from careerpath.calendars.models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "entered_by", "note")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "is_workday", "name", "source")
    list_filter = ("is_workday", "source")
    date_hierarchy = "day"
