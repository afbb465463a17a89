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
