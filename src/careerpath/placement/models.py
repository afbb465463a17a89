"""Initial placement (初评): a run over the whole company and one proposal per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from careerpath.i18n import engine_lang
from careerpath.placement.workflow import PLACEMENT
from careerpath.placement.workflow import RunState as S

# The workflow declares each label in Chinese and English: shown in the language of the moment.
_state_label = lazy(lambda state: PLACEMENT.label(state, engine_lang()), str)

# Derived from the workflow's declaration (placement.workflow.PLACEMENT).
RunState = models.TextChoices(  # type: ignore[misc]
    "RunState", [(s.name, (v, _state_label(s))) for s, (v, _zh) in zip(S, PLACEMENT.choices(), strict=True)])


class PlacementRun(models.Model):
    policy_version = models.ForeignKey("policy_versions.PolicyVersion", verbose_name=_("办法版本"),
                                       on_delete=models.PROTECT, related_name="placement_runs")
    as_of = models.DateField(_("评定日期"))
    effective_on = models.DateField(_("职级生效日期"))
    started_on = models.DateField(_("开始日期"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    review_deadline = models.DateField(_("部门复核截止（当日下班）"))
    state = models.CharField(_("状态"), max_length=16, choices=RunState.choices, default=RunState.OPEN)
    # People left out because they were placed before (初评 happens once per person).
    skipped_already_placed = models.PositiveIntegerField(_("已初评而跳过的人数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("初评")
        verbose_name_plural = pgettext_lazy("plural", "初评")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return gettext("初评 #%(id)s %(as_of)s") % {"id": self.pk, "as_of": self.as_of}


class PlacementProposal(models.Model):
    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="proposals")
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="placement_proposals")
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    department_name = models.CharField(_("部门名称"), max_length=100, blank=True, default="")
    current_level = models.CharField(_("当前职级"), max_length=64, blank=True, default="")
    proposed_level = models.CharField(_("建议职级"), max_length=64)
    # People holding a management post keep it: listed for completeness, never re-placed.
    kept_management_post = models.BooleanField(_("保留管理岗位"), default=False)
    standards = models.JSONField(_("初评标准核对"), default=list, blank=True)
    adjusted_level = models.CharField(_("部门调整职级"), max_length=64, blank=True, default="")
    adjust_reason = models.TextField(_("调整理由"), blank=True, default="")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    confirmed = models.BooleanField(_("已确认"), default=False)
    position = models.ForeignKey("people.Position", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("初评建议")
        verbose_name_plural = pgettext_lazy("plural", "初评建议")
        ordering = ["run", "employee_id"]
        constraints = [models.UniqueConstraint(fields=["run", "employee"], name="placement_once_per_run")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.employee_id} {self.final_level}"

    @property
    def final_level(self) -> str:
        return self.adjusted_level or self.proposed_level
