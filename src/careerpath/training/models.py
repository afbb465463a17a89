"""Training (培训): programs, their sessions and who enrolled, attended and passed (issue 10).

A result recorded for an enrolment *is* the evidence the engine counts: it is written once, as an
``evidence.Training`` row, through the evidence services, and the enrolment keeps a link to that row
so a corrected result changes the same row and a removed attendance deletes it (one source).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.evidence.models import Training, TrainingResult
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee


class Program(models.Model):
    """培训项目: what is taught, the policy's training-program key its results count as, what it prepares for."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True, default="")
    evidence_program = models.CharField(
        _("计入的培训项目"), max_length=200,
        help_text=_("结果记为这一培训项目的培训记录（如 储备干部培训），晋升条件按它计数"))
    prepares_for = models.CharField(_("面向职级"), max_length=64, blank=True, default="",
                                    help_text=_("这一培训为晋升到哪个职级做准备（选填）"))
    description = models.TextField(_("说明"), max_length=2000, blank=True, default="")
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训项目")
        verbose_name_plural = pgettext_lazy("plural", "培训项目")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if engine_lang() == "en" and self.name_en else self.name


class SessionState(models.TextChoices):
    PLANNED = "planned", _("计划中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class Session(models.Model):
    """培训场次: one run of a program on a date, at a place, with a trainer and a number of seats."""

    program = models.ForeignKey(Program, verbose_name=_("培训项目"), on_delete=models.PROTECT,
                                related_name="sessions")
    starts_on = models.DateField(_("日期"))
    ends_on = models.DateField(pgettext_lazy("training", "结束日期"), null=True, blank=True)
    time = models.CharField(_("时间"), max_length=40, blank=True, default="", help_text=_("如 09:00–17:00"))
    place = models.CharField(_("地点"), max_length=200)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("培训师"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="training_sessions")
    capacity = models.PositiveIntegerField(pgettext_lazy("training", "名额"))
    state = models.CharField(_("状态"), max_length=12, choices=SessionState.choices, default=SessionState.PLANNED)
    note = models.TextField(_("备注"), max_length=2000, blank=True, default="")
    cancelled_reason = models.CharField(_("取消原因"), max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = pgettext_lazy("plural", "培训场次")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="training_session_capacity_positive"),
            models.CheckConstraint(condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                                   name="training_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.starts_on}"

    @property
    def evidence_date(self) -> date:
        """The date a result is recorded on: the last day of the session."""
        return self.ends_on or self.starts_on


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("training", "已报名")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("出席")
    ABSENT = "absent", _("缺席")


# The states that hold a seat.
SEATED = (EnrolmentState.ENROLLED, EnrolmentState.ATTENDED, EnrolmentState.ABSENT)


class Enrolment(models.Model):
    """报名: one employee in one session, who enrolled them, and (after it) their attendance and result."""

    session = models.ForeignKey(Session, verbose_name=_("培训场次"), on_delete=models.CASCADE,
                                related_name="enrolments")
    employee = models.ForeignKey(Employee, verbose_name=_("员工"), on_delete=models.CASCADE,
                                 related_name="training_enrolments")
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报名人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    enrolled_at = models.DateTimeField(pgettext_lazy("training", "报名时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=12, choices=EnrolmentState.choices,
                             default=EnrolmentState.ENROLLED)
    result = models.CharField(_("结果"), max_length=8, choices=TrainingResult.choices, blank=True, default="")
    score = models.FloatField(_("成绩"), null=True, blank=True)
    certificate_no = models.CharField(_("证书编号"), max_length=40, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    # The evidence row the result is (one source): changed with the result, deleted with the attendance.
    training = models.OneToOneField(Training, verbose_name=_("培训记录"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="enrolment")

    class Meta:
        verbose_name = _("培训报名")
        verbose_name_plural = pgettext_lazy("plural", "培训报名")
        ordering = ["session", "employee__employee_no"]
        constraints = [models.UniqueConstraint(fields=["session", "employee"], name="training_enrolment_once")]

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.session_id}"

    @property
    def recorded_result(self) -> str:
        """The result the engine counts: the linked evidence row's (a later workbook import may have
        corrected it), else the one recorded here."""
        return self.training.result if self.training_id and self.training is not None else self.result

    @property
    def result_label(self) -> str:
        code = self.recorded_result
        return str(TrainingResult(code).label) if code in TrainingResult.values else code

    @property
    def has_certificate(self) -> bool:
        return self.state == EnrolmentState.ATTENDED and self.recorded_result in (TrainingResult.PASSED,
                                                                                   TrainingResult.ATTENDED)
