"""The annual selection (评选): a cycle per year, its candidates per move, and quotas (名额)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from careerpath.cycles.workflow import CYCLE
from careerpath.cycles.workflow import CycleState as S
from careerpath.i18n import engine_lang

# The workflow declares each label in Chinese and English: shown in the language of the moment.
_state_label = lazy(lambda state: CYCLE.label(state, engine_lang()), str)

# Derived from the workflow's declaration (cycles.workflow.CYCLE).
CycleState = models.TextChoices(  # type: ignore[misc]
    "CycleState", [(s.name, (v, _state_label(s))) for s, (v, _zh) in zip(S, CYCLE.choices(), strict=True)])


class Cycle(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    as_of = models.DateField(_("评定日期"))
    # Pinned when the cycle opens: a later policy version never changes a running selection.
    policy_version = models.ForeignKey("policy_versions.PolicyVersion", verbose_name=_("办法版本"),
                                       on_delete=models.PROTECT, related_name="cycles")
    opened_on = models.DateField(_("开启日期"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("开启人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    nomination_deadline = models.DateField(_("提报截止（当日下班）"))
    effective_on = models.DateField(_("生效日期"))
    state = models.CharField(_("状态"), max_length=16, choices=CycleState.choices, default=CycleState.OPEN)
    notice = models.ForeignKey("promotions.Notice", verbose_name=_("公示"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度评选")
        verbose_name_plural = pgettext_lazy("plural", "年度评选")
        ordering = ["-year"]

    def __str__(self) -> str:
        return gettext("%(year)s 年度评选") % {"year": self.year}


class Decision(models.TextChoices):
    PENDING = "pending", _("待决定")
    SELECTED = "selected", _("入选")
    NOT_SELECTED = "not_selected", _("未入选")


class Candidate(models.Model):
    """An eligible person for one move on the cycle's as-of date, and what became of them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="candidates")
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="cycle_candidacies")
    move_id = models.CharField(_("晋升路径"), max_length=100)
    move_type = models.CharField(_("类型"), max_length=16)
    from_level = models.CharField(_("当前职级"), max_length=64)
    to_level = models.CharField(_("目标职级"), max_length=64)
    # False for moves the cycle only lists (management posts, lateral moves): see cycles.rules.selects.
    selectable = models.BooleanField(_("参加评选"), default=True)
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    department_name = models.CharField(_("部门名称"), max_length=100, blank=True, default="")
    eligible = models.BooleanField(_("符合条件"), default=True)
    snapshot = models.JSONField(_("评定快照"), default=dict, blank=True)

    nominated = models.BooleanField(_("已提名"), default=False)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    nominated_at = models.DateTimeField(null=True, blank=True)
    nomination_note = models.TextField(_("提报意见"), blank=True, default="")

    # Filled by scoring: still eligible on the facts at scoring time (exams entered since opening).
    eligible_at_scoring = models.BooleanField(_("计分时符合条件"), null=True)
    business = models.DecimalField(_("业务完成B"), max_digits=6, decimal_places=2, null=True, blank=True)
    exam = models.DecimalField(_("考试E"), max_digits=6, decimal_places=2, null=True, blank=True)
    appraisal = models.DecimalField(_("考评A"), max_digits=6, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    months_in_level = models.PositiveIntegerField(_("本职级月数"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    in_quota = models.BooleanField(_("在名额内"), default=False)

    decision = models.CharField(_("评定小组决定"), max_length=16, choices=Decision.choices,
                                default=Decision.PENDING)
    decision_reason = models.TextField(_("理由"), blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey("promotions.Application", verbose_name=_("晋升申请"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="cycle_candidacies")

    class Meta:
        verbose_name = _("评选候选人")
        verbose_name_plural = pgettext_lazy("plural", "评选候选人")
        ordering = ["cycle", "move_id", "rank", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee", "move_id"], name="candidate_per_move"),
        ]
        indexes = [models.Index(fields=["cycle", "move_id", "rank"], name="candidate_ranking")]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.employee_id} {self.move_id}"


class Quota(models.Model):
    """名额 for a move: company-wide (no department) or per department; absolute or a percentage."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="quotas")
    move_id = models.CharField(_("晋升路径"), max_length=100)
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    absolute = models.PositiveIntegerField(_("名额（人数）"), null=True, blank=True)
    percent = models.DecimalField(_("名额（提名人数的百分比）"), max_digits=5, decimal_places=2, null=True,
                                  blank=True)

    class Meta:
        verbose_name = _("评选名额")
        verbose_name_plural = pgettext_lazy("plural", "评选名额")
        ordering = ["cycle", "move_id", "department_id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "move_id", "department"], name="quota_per_department"),
            # NULLs are distinct in a unique constraint, so the company-wide row needs its own.
            models.UniqueConstraint(fields=["cycle", "move_id"], condition=models.Q(department__isnull=True),
                                    name="quota_company_wide"),
            models.CheckConstraint(
                condition=(models.Q(absolute__isnull=False, percent__isnull=True)
                           | models.Q(absolute__isnull=True, percent__isnull=False)),
                name="quota_absolute_xor_percent"),
        ]

    def __str__(self) -> str:
        if self.absolute is not None:
            size = ngettext("%(n)s人", "%(n)s人", self.absolute) % {"n": self.absolute}
        else:
            size = f"{self.percent}%"
        where = self.department_id or gettext("全公司")
        return f"{self.move_id} {where} {size}"
