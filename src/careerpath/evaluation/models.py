"""The stored eligibility of every active person: one row per person, one per person and open move.

HR's pages (dashboards, the fairness panel, the team overview of a whole company) must not evaluate the
company on every request, so each person's verdicts are kept here, written only by
:mod:`careerpath.evaluation.store` through the one evaluation path. A row says what it was computed from:
the as-of date, the policy and the company-wide context (the open posts per level: the only fact of other
people a verdict depends on), and the person's own facts (``fingerprint``). A row whose context or facts
no longer match is stale; ``stale`` is also set by :mod:`careerpath.evaluation.invalidation` the moment a
fact is saved, so readers that do not recompute fingerprints (HR's company-wide pages) know it too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from careerpath.people.models import Department, Employee


class EligibilityStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("现在可申请")  # eligible now for at least one move
    SOON = "soon", _("3个月内可申请")  # not now, but a move's projected date is within 3 months
    BLOCKED = "blocked", _("尚有欠缺")  # something new is needed (or the date is further away)
    NONE = "none", _("无可申请的晋升")  # no move is open from the current level


class PersonEligibility(models.Model):
    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, primary_key=True,
                                    related_name="eligibility", verbose_name=_("员工"))
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("部门"), db_constraint=False)
    level = models.CharField(_("当前职级"), max_length=64, blank=True)
    months_in_level = models.IntegerField(_("本职级任职月数"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=EligibilityStatus.choices)
    projected_on = models.DateField(_("预计满足日期"), null=True, blank=True)
    # The moves with their shortfalls in every language: [{"move_id", "target_level", "move", "appointed",
    # "eligible", "projected_on", "missing": {"zh": [...], "en": [...]}, "lapsing": [...]}].
    moves = models.JSONField(_("可申请的调整"), default=list)
    as_of = models.DateField(_("评估日期"))
    context = models.CharField(_("评估依据"), max_length=64)  # digest of the policy and the open posts
    fingerprint = models.CharField(_("材料指纹"), max_length=64)  # digest of the person's own facts
    stale = models.BooleanField(_("待刷新"), default=False)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("员工资格快照")
        verbose_name_plural = _("员工资格快照")
        indexes = [
            models.Index(fields=["status", "department"], name="eval_person_status_dept"),
            models.Index(fields=["department", "level"], name="eval_person_dept_level"),
            models.Index(fields=["stale"], name="eval_person_stale", condition=models.Q(stale=True)),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.status} ({self.as_of})"


class MoveEligibility(models.Model):
    """One person and one open move: what SQL aggregates (counts per move and department) read."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="move_eligibility",
                                 verbose_name=_("员工"))
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("部门"), db_constraint=False)
    move_id = models.CharField(_("调整"), max_length=100)
    from_level = models.CharField(_("当前职级"), max_length=64, blank=True)
    target_level = models.CharField(_("目标职级"), max_length=64)
    kind = models.CharField(_("类型"), max_length=16)  # "promotion" | "lateral"
    eligible = models.BooleanField(_("符合条件"))
    projected_on = models.DateField(_("预计满足日期"), null=True, blank=True)
    as_of = models.DateField(_("评估日期"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("调整资格快照")
        verbose_name_plural = _("调整资格快照")
        constraints = [models.UniqueConstraint(fields=["employee", "move_id"], name="eval_move_once")]
        indexes = [models.Index(fields=["move_id", "department", "eligible"], name="eval_move_dept")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.move_id}: {self.eligible}"
