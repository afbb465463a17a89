"""Headcount plans (岗位编制): how many posts of each level a department (or the company) may fill."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from careerpath.people.models import Department


class HeadcountPlan(models.Model):
    """Planned posts of one level, for one department or, with no department, for the company.

    A company-wide plan covers the people of that level whose own department has no plan for the
    level (typically the posts above departments: 副总监, 总监), so nobody is counted twice.
    """

    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="headcount_plans",
        help_text=_("留空表示全公司编制"),
    )
    # A level code of the policy; the policy is data (YAML), so this is not a database choice list.
    level = models.CharField(_("职级"), max_length=64)
    planned = models.PositiveIntegerField(_("编制人数"))
    note = models.TextField(_("说明"), blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("岗位编制")
        verbose_name_plural = pgettext_lazy("plural", "岗位编制")
        ordering = ["department__name", "level"]
        constraints = [
            # Two partial constraints because SQL unique constraints treat NULL departments as all
            # different: without the second one the company could get two company-wide rows per level.
            models.UniqueConstraint(fields=["department", "level"], condition=Q(department__isnull=False),
                                    name="headcount_department_level"),
            models.UniqueConstraint(fields=["level"], condition=Q(department__isnull=True),
                                    name="headcount_company_level"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="headcount_planned_non_negative"),
        ]

    def __str__(self) -> str:
        where = self.department or gettext("全公司")
        return f"{where} {self.level} {self.planned}"
