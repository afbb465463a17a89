"""Recognition (评优与表彰): award rounds proposed from metrics, nominated, approved, with certificates;
and 辅助晋级项 contributions (客户收入/毛利), proposed by the department's manager and approved by the VP.

An award's internal written praise is an ordinary ``evidence.Praise`` written through the evidence
services when the award is approved (when the policy's ``counts_as`` says so); ``Award.praise`` points at
it so revoking the award removes exactly that record. An approved contribution is read by
``evidence.selectors.fact_records`` as a ``core.facts.Contribution``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.attachments import attachment_storage, attachment_upload_to


class AwardPeriod(models.TextChoices):
    MONTH = "month", _("月度")
    YEAR = "year", _("年度")


class RoundState(models.TextChoices):
    PROPOSED = "proposed", _("待提名")
    NOMINATED = "nominated", _("待审批")
    APPROVED = "approved", _("已批准")
    CLOSED = "closed", _("已关闭")


def _user(verbose: str) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")


class AwardRound(models.Model):
    """One award for one period: the candidates the metric rule proposed, the nomination and the approval."""

    award = models.CharField(_("奖项"), max_length=64)  # an award code of the policy
    period = models.CharField(_("周期"), max_length=8, choices=AwardPeriod.choices)
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    state = models.CharField(_("状态"), max_length=12, choices=RoundState.choices, default=RoundState.PROPOSED,
                             db_index=True)
    policy_version = models.ForeignKey("policy_versions.PolicyVersion", verbose_name=_("办法版本"),
                                       on_delete=models.PROTECT, related_name="+")
    proposed_on = models.DateField(_("提出日期"))
    proposed_by = _user(_("提出人"))
    nominated_on = models.DateField(_("提名日期"), null=True, blank=True)
    nominated_by = _user(_("提名人"))
    nomination_note = models.TextField(_("提名说明"), blank=True, default="")
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decided_by = _user(_("审批人"))
    decision_note = models.TextField(_("审批意见"), blank=True, default="")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评选轮次")
        verbose_name_plural = pgettext_lazy("plural", "评选轮次")
        ordering = ["-period_start", "award", "-id"]
        constraints = [models.UniqueConstraint(fields=["award", "period_start"], name="award_round_once_per_period")]

    def __str__(self) -> str:
        return f"{self.award} {self.period_start:%Y-%m}"


class CandidateSource(models.TextChoices):
    RULE = "rule", _("按规则提出")
    ADDED = "added", _("人工增补")


class Candidate(models.Model):
    """A person in a round: proposed by the metric rule (with its value, rank and reason) or added by hand."""

    round = models.ForeignKey(AwardRound, verbose_name=_("评选轮次"), on_delete=models.CASCADE,
                              related_name="candidates")
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="award_candidacies")
    source = models.CharField(_("来源"), max_length=8, choices=CandidateSource.choices, default=CandidateSource.RULE)
    proposed = models.BooleanField(_("规则推荐"), default=False)  # within the rule's top N
    nominated = models.BooleanField(_("已提名"), default=False)
    value = models.FloatField(_("指标值"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    reason_zh = models.TextField(_("推荐理由"), blank=True, default="")
    reason_en = models.TextField(_("推荐理由（英文）"), blank=True, default="")
    # Why a nominator added someone the rule did not propose, or left out someone it did.
    nomination_reason = models.TextField(_("提名调整理由"), blank=True, default="")
    changed_by = _user(_("调整人"))

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = pgettext_lazy("plural", "候选人")
        ordering = ["round", "-proposed", "rank", "employee__employee_no"]
        constraints = [models.UniqueConstraint(fields=["round", "employee"], name="award_candidate_once")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.employee_id}"


class Award(models.Model):
    """An approved award: the winner, the certificate number and the internal praise it was recorded as."""

    round = models.ForeignKey(AwardRound, verbose_name=_("评选轮次"), on_delete=models.PROTECT, related_name="awards")
    candidate = models.OneToOneField(Candidate, verbose_name=_("候选人"), on_delete=models.PROTECT,
                                     related_name="award")
    employee = models.ForeignKey("people.Employee", verbose_name=_("获奖人"), on_delete=models.PROTECT,
                                 related_name="awards")
    certificate_no = models.CharField(_("证书编号"), max_length=40, unique=True)
    granted_on = models.DateField(_("颁发日期"))
    praise = models.OneToOneField("evidence.Praise", verbose_name=_("内部书面表扬"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="award")
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoked_by = _user(_("撤销人"))
    revoked_reason = models.TextField(_("撤销原因"), blank=True, default="")

    class Meta:
        verbose_name = _("奖项")
        verbose_name_plural = pgettext_lazy("plural", "奖项")
        ordering = ["-granted_on", "certificate_no"]

    def __str__(self) -> str:
        return self.certificate_no


class ContributionKind(models.TextChoices):
    REVENUE = "revenue", _("拓展客户收入")
    MARGIN = "margin", _("提高客户毛利")


class ContributionState(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    APPROVED = "approved", _("已审核通过")
    REJECTED = "rejected", _("未通过")


class Contribution(models.Model):
    """辅助晋级项: a documented contribution to a customer's revenue or margin, with the finance document."""

    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="contributions")
    kind = models.CharField(_("贡献类型"), max_length=8, choices=ContributionKind.choices)
    customer = models.CharField(_("客户名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("提升幅度（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("说明"), max_length=2000)
    attachment = models.FileField(_("财务数据附件"), upload_to=attachment_upload_to, storage=attachment_storage,
                                  max_length=255)
    attachment_name = models.CharField(_("附件文件名"), max_length=255)
    attachment_type = models.CharField(_("附件类型"), max_length=64)
    attachment_size = models.PositiveIntegerField(_("附件大小(字节)"), default=0)
    attachment_sha256 = models.CharField(_("附件 SHA-256"), max_length=64)
    state = models.CharField(_("状态"), max_length=10, choices=ContributionState.choices,
                             default=ContributionState.PROPOSED, db_index=True)
    proposed_on = models.DateField(_("提报日期"))
    proposed_by = _user(_("提报人"))
    decided_on = models.DateField(_("审核日期"), null=True, blank=True)
    decided_by = _user(_("审核人"))
    decision_note = models.TextField(_("审核意见"), blank=True, default="")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("辅助晋级项")
        verbose_name_plural = pgettext_lazy("plural", "辅助晋级项")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__isnull=False) | models.Q(percent__isnull=False),
                                   name="contribution_has_amount_or_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.customer} {self.year}"
