"""Consequences of incidents: allowance deductions and demotion cases (降级管理) with their evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.discipline.storage import document_storage, document_upload_to
from careerpath.discipline.workflow import DEMOTION, OPEN, PROPOSAL_LABELS, CaseState, Proposal
from careerpath.evidence.models import Incident
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee, Position

# The workflow declares each label in Chinese and English: shown in the language of the moment.
_state_label = lazy(lambda state: DEMOTION.label(state, engine_lang()), str)
_proposal_label = lazy(lambda p: PROPOSAL_LABELS[p][1 if engine_lang() == "en" else 0], str)

# Derived from the workflow's declaration.
CASE_STATE_CHOICES = [(v, _state_label(CaseState(v))) for v, _zh in DEMOTION.choices()]
# In declaration order: a set's order changes between runs and would make migrations flap.
OPEN_STATES = [s.value for s in CaseState if s in OPEN]
PROPOSAL_CHOICES = [(p.value, _proposal_label(p)) for p in PROPOSAL_LABELS]


class AllowanceDeduction(models.Model):
    """A month's 高级/资深津贴 withheld because of an incident (SPEC §5 Demotion)."""

    employee = models.ForeignKey(Employee, verbose_name=_("员工"), on_delete=models.CASCADE,
                                 related_name="allowance_deductions")
    month = models.DateField(_("月份"), db_index=True, help_text=_("当月第一天"))
    level = models.CharField(_("职级"), max_length=64, help_text=_("事故当日所任职级"))
    amount = models.DecimalField(_("扣减金额"), max_digits=10, decimal_places=2)
    reason = models.TextField(_("扣减原因"))
    incident = models.ForeignKey(Incident, verbose_name=_("事故"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="allowance_deductions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("津贴扣减")
        verbose_name_plural = pgettext_lazy("plural", "津贴扣减")
        ordering = ["-month", "employee__employee_no", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident"], condition=Q(incident__isnull=False),
                                    name="deduction_one_per_incident"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="deduction_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:%Y-%m} −{self.amount}"


class DemotionCase(models.Model):
    """A proposal to demote, remove or transfer someone, decided through review and HR approval."""

    employee = models.ForeignKey(Employee, verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="demotion_cases")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    proposal = models.CharField(_("处理建议"), max_length=16, choices=PROPOSAL_CHOICES)
    reason = models.TextField(_("事由"))
    from_level = models.CharField(_("原职级"), max_length=64)
    to_level = models.CharField(_("拟任职级"), max_length=64)
    state = models.CharField(_("状态"), max_length=24, choices=CASE_STATE_CHOICES, default=CaseState.PROPOSED.value,
                             db_index=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    incidents = models.ManyToManyField(Incident, verbose_name=_("关联事故"), blank=True,
                                       related_name="demotion_cases")
    previous_position = models.ForeignKey(Position, verbose_name=_("原任职记录"), null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    new_position = models.ForeignKey(Position, verbose_name=_("新任职记录"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # HR's working notes (the only field the admin may edit); decisions live in CaseDecision.
    notes = models.TextField(_("备注"), blank=True, default="")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("降级案件")
        verbose_name_plural = pgettext_lazy("plural", "降级案件")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open case per person: a second 高压线 incident joins the open case's evidence instead.
            models.UniqueConstraint(fields=["employee"], condition=Q(state__in=OPEN_STATES),
                                    name="demotion_one_open_case"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employee_id} {self.from_level}→{self.to_level} ({self.state})"

    @property
    def state_enum(self) -> CaseState:
        return CaseState(self.state)

    @property
    def proposal_enum(self) -> Proposal:
        return Proposal(self.proposal)


class CaseDecision(models.Model):
    """One step of a case: who decided what, when, with the written note (决定意见)."""

    case = models.ForeignKey(DemotionCase, verbose_name=_("案件"), on_delete=models.CASCADE,
                             related_name="decisions")
    action = models.CharField(_("操作"), max_length=32)
    from_state = models.CharField(_("原状态"), max_length=24, blank=True, default="")
    to_state = models.CharField(_("新状态"), max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("意见"), blank=True, default="")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("案件审核意见")
        verbose_name_plural = pgettext_lazy("plural", "案件审核意见")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.action} {self.at:%Y-%m-%d}"


class CaseDocument(models.Model):
    """A document of the evidence packet: an uploaded file, or a written statement, or both.

    Attached to a case, or to an incident (then it is evidence of every case that links the incident).
    """

    case = models.ForeignKey(DemotionCase, verbose_name=_("案件"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="documents")
    incident = models.ForeignKey(Incident, verbose_name=_("事故"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="discipline_documents")
    file = models.FileField(_("文件"), upload_to=document_upload_to, storage=document_storage, blank=True,
                            max_length=255)
    file_name = models.CharField(_("文件名"), max_length=255)
    text = models.TextField(_("内容"), blank=True, default="")
    size = models.PositiveIntegerField(_("大小(字节)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("证据材料")
        verbose_name_plural = pgettext_lazy("plural", "证据材料")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(case__isnull=False) | Q(incident__isnull=False),
                                   name="document_has_owner"),
            models.CheckConstraint(condition=~Q(file="") | ~Q(text=""), name="document_not_empty"),
        ]

    def __str__(self) -> str:
        return self.file_name
