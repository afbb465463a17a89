"""Mentoring (导师制): a mentor–mentee pair with its plan (goals and dates) and check-ins, and the probation
plan (考察期计划) that follows a promotion's effective date.

A new-hire pair owns the 带教 evidence record (``evidence.Mentorship``) it created: the mentor's
confirmation of independent operation is written there, so the engine reads one source. A probation
pair (an assigned mentor during a probation) owns none: its mentee is no new hire.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PairPurpose(models.TextChoices):
    NEW_HIRE = "new_hire", _("新人带教")
    PROBATION = "probation", _("晋升考察期带教")


class PairState(models.TextChoices):
    ACTIVE = "active", _("带教中")
    COMPLETED = "completed", _("已完成")
    ENDED = "ended", _("已终止")


class Pair(models.Model):
    mentor = models.ForeignKey("people.Employee", verbose_name=_("导师"), on_delete=models.PROTECT,
                               related_name="mentor_pairs")
    mentee = models.ForeignKey("people.Employee", verbose_name=_("带教对象"), on_delete=models.PROTECT,
                               related_name="mentee_pairs")
    purpose = models.CharField(_("带教类型"), max_length=12, choices=PairPurpose.choices,
                               default=PairPurpose.NEW_HIRE)
    started_on = models.DateField(_("开始日期"))
    planned_on = models.DateField(_("计划独立日期"))
    state = models.CharField(_("状态"), max_length=12, choices=PairState.choices, default=PairState.ACTIVE,
                             db_index=True)
    mentorship = models.OneToOneField("evidence.Mentorship", verbose_name=_("带教记录"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="pair")
    completed_on = models.DateField(_("独立操作日期"), null=True, blank=True)
    completion_note = models.TextField(_("确认说明"), blank=True, default="")
    ended_reason = models.TextField(_("终止原因"), blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("建立人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("带教计划")
        verbose_name_plural = pgettext_lazy("plural", "带教计划")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "purpose"], condition=Q(state="active"),
                                    name="pair_one_active_per_mentee_and_purpose"),
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="pair_mentor_is_not_mentee"),
            models.CheckConstraint(condition=Q(planned_on__gte=models.F("started_on")), name="pair_plan_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.mentee_id} ({self.purpose})"


class Goal(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("目标"), max_length=200)
    due_on = models.DateField(_("目标日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("带教目标")
        verbose_name_plural = pgettext_lazy("plural", "带教目标")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text


class CheckIn(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    on = models.DateField(_("日期"))
    note = models.TextField(_("记录"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("带教反馈")
        verbose_name_plural = pgettext_lazy("plural", "带教反馈")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.pair_id} {self.on}"


class ProbationPlan(models.Model):
    """The plan of one promotion's probation: the policy's tasks for the new level, due at the probation end."""

    application = models.OneToOneField("promotions.Application", verbose_name=_("晋升申请"),
                                       on_delete=models.CASCADE, related_name="probation_plan")
    due_on = models.DateField(_("截止日期"))
    pair = models.ForeignKey(Pair, verbose_name=_("考察期导师"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="probation_plans")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考察期计划")
        verbose_name_plural = pgettext_lazy("plural", "考察期计划")

    def __str__(self) -> str:
        return f"plan {self.application_id}"


class TaskKind(models.TextChoices):
    TRAINING = "training", _("培训")
    ASSESSMENT = "assessment", _("考核")


class TaskResult(models.TextChoices):
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")


class ProbationTask(models.Model):
    """One task of a plan. A training task is done by an ``evidence.Training`` row (read, never copied);
    an assessment task carries the result the supervisor or HR recorded."""

    plan = models.ForeignKey(ProbationPlan, on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("任务类型"), max_length=12, choices=TaskKind.choices)
    program = models.CharField(_("培训项目"), max_length=200, blank=True, default="")
    name_zh = models.CharField(_("任务"), max_length=200)
    name_en = models.CharField(_("任务（英文）"), max_length=200)
    result = models.CharField(_("结果"), max_length=8, choices=TaskResult.choices, blank=True, default="")
    note = models.TextField(_("说明"), blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_on = models.DateField(_("记录日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("考察期任务")
        verbose_name_plural = pgettext_lazy("plural", "考察期任务")
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="probation_task_seq")]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    def __str__(self) -> str:
        return self.name_zh
