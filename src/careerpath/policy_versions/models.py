"""Policies stored as versions: YAML text, its validation, and the record of how it was adopted.

劳动合同法 第4条: rules that affect employees must be discussed with them (or their representatives)
and announced before they apply, so publishing records both notes, the date and who approved it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class Immutable(Exception):
    """A published policy version cannot be changed."""


class PolicyVersion(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    version = models.CharField(_("版本"), max_length=32)
    yaml_text = models.TextField(_("策略 YAML"))
    problems = models.JSONField(_("校验问题"), default=list, blank=True)  # [[path, message], ...]
    status = models.CharField(_("状态"), max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    is_active = models.BooleanField(_("当前生效"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    consultation_note = models.TextField(_("民主程序记录（职工代表大会或全体职工讨论）"), blank=True, default="")
    announcement_note = models.TextField(_("公示告知记录"), blank=True, default="")
    # 劳动合同法 第4条, itemised: who was consulted and when, when the text was announced, from when it applies.
    consulted_with = models.CharField(_("协商对象（职工代表大会、工会或全体职工）"), max_length=200, blank=True, default="")
    consulted_on = models.DateField(_("协商日期"), null=True, blank=True)
    announced_on = models.DateField(_("公示日期"), null=True, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("晋升办法版本")
        verbose_name_plural = pgettext_lazy("plural", "晋升办法版本")
        ordering = ["name", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="policy_version_unique"),
            # At most one active version: every new application and cycle uses it.
            models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True),
                                    name="policy_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            old = PolicyVersion.objects.filter(pk=self.pk).values("status", "yaml_text", "version", "name").first()
            if old and old["status"] != PolicyStatus.DRAFT and (
                    old["yaml_text"] != self.yaml_text or old["version"] != self.version or old["name"] != self.name):
                raise Immutable(f"{self}: 已发布的版本不可修改 a published version cannot be changed")
        super().save(*args, **kwargs)


class PolicyDraft(models.Model):
    """A policy text being edited by HR, saved as typed (valid or not) until it is published as a version."""

    title = models.CharField(_("草稿名称"), max_length=100)
    yaml_text = models.TextField(_("策略 YAML"))
    problems = models.JSONField(_("校验问题"), default=list, blank=True)  # [[path, line, message], ...]
    base_version = models.ForeignKey(PolicyVersion, verbose_name=_("起草所依据的版本"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_version = models.ForeignKey(PolicyVersion, verbose_name=_("发布为"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("最后修改人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("晋升办法草稿")
        verbose_name_plural = pgettext_lazy("plural", "晋升办法草稿")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.published_version_id is None


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Simulation(models.Model):
    """A what-if run: a draft's text evaluated against today's data, compared with the active version."""

    draft = models.ForeignKey(PolicyDraft, verbose_name=_("草稿"), on_delete=models.CASCADE,
                              related_name="simulations")
    yaml_text = models.TextField(_("模拟所用策略 YAML"))  # the draft as it was when the run started
    base_version = models.ForeignKey(PolicyVersion, verbose_name=_("对照版本"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    as_of = models.DateField(_("数据日期"))
    status = models.CharField(_("状态"), max_length=16, choices=SimulationStatus.choices,
                              default=SimulationStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（百分比）"), default=0)
    processed = models.PositiveIntegerField(_("已评估人数"), default=0)
    total = models.PositiveIntegerField(_("总人数"), default=0)
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    changes = models.JSONField(_("资格变化明细"), default=list, blank=True)
    error = models.TextField(_("错误"), blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)  # the runner's heartbeat
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策模拟")
        verbose_name_plural = pgettext_lazy("plural", "政策模拟")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.draft} @ {self.as_of}"

    @property
    def finished(self) -> bool:
        return self.status in (SimulationStatus.DONE, SimulationStatus.FAILED)
