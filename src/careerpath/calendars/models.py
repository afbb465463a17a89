"""The working-day calendar: which years are known, and their exceptions to the weekday rule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class CalendarSource(models.TextChoices):
    STATUTORY = "chinesecalendar", _("国务院放假安排（chinesecalendar）")
    HR = "hr", _("人力资源部录入")


class CalendarYear(models.Model):
    """A year the calendar knows. Without one, deadlines in that year are refused, never guessed."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = pgettext_lazy("plural", "日历年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_source_display()})"


class CalendarDay(models.Model):
    """An exception to the weekday rule: a weekday off (holiday) or a weekend workday (调休)."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"))
    name = models.CharField(_("名称"), max_length=50, blank=True, default="")
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)

    class Meta:
        verbose_name = _("节假日/调休")
        verbose_name_plural = pgettext_lazy("plural", "节假日/调休")
        ordering = ["day"]

    def __str__(self) -> str:
        kind = gettext("上班") if self.is_workday else gettext("休息")
        return f"{self.day} {kind} {self.name}"
