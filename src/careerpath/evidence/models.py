"""Evidence records (SPEC §6) and the import batches that brought them in.

Optional text that is part of a natural key (a praise's customer and note, an incident's note) is
stored as ``""`` rather than NULL, because SQL unique constraints treat NULLs as all different and
the same workbook row would otherwise be inserted again on re-import.

A free-text note is part of a natural key through its SHA-256 (``note_sha256``), never itself: a
unique btree index entry is limited to 2704 bytes on PostgreSQL, which ~900 varied CJK characters
already exceed. The digest has a fixed length, so the key fits for any note the model allows.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.attachments import attachment_storage, attachment_upload_to
from careerpath.evidence.workflow import LABELS as SUBMISSION_LABELS
from careerpath.evidence.workflow import SUBMISSION, SubmissionState
from careerpath.i18n import engine_lang
from careerpath.people.models import Employee, Sourced
from careerpath.workbook.schema import NOTE_MAX_LENGTH


def note_digest(note: str) -> str:
    """Return the key digest of a note as stored (already stripped): SHA-256 of its UTF-8, in hex.

    The one place it is computed: the models' ``save`` and the import's set-based writes call it.
    """
    return hashlib.sha256(note.encode("utf-8")).hexdigest()


class NoteKeyed(models.Model):
    """A record whose natural key includes its note, through the note's digest."""

    note = models.TextField(_("说明"), max_length=NOTE_MAX_LENGTH, blank=True, default="")
    note_sha256 = models.CharField(_("说明摘要"), max_length=64, editable=False, default=note_digest(""))

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        # A storage detail of the unique index, not a rule: kept here so no write can forget it.
        # (Bulk writes that bypass save(), such as the import, set it with note_digest themselves.)
        self.note_sha256 = note_digest(self.note or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "note" in update_fields:  # type: ignore[operator]
            kwargs["update_fields"] = {*update_fields, "note_sha256"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def _employee_fk(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Employee, verbose_name=_("员工"), on_delete=models.CASCADE, related_name=related_name
    )


class PraiseSource(models.TextChoices):
    CUSTOMER = "customer", _("客户")
    INTERNAL = "internal", _("内部")


class Praise(NoteKeyed, Sourced):
    """书面表扬: a written praise from a customer or from inside the company."""

    employee = _employee_fk("praises")
    date = models.DateField(_("日期"))
    source = models.CharField(_("来源"), max_length=8, choices=PraiseSource.choices)
    customer = models.CharField(_("客户名称"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("书面表扬")
        verbose_name_plural = pgettext_lazy("plural", "书面表扬")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "date", "source", "customer", "note_sha256"], name="praise_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date} {self.get_source_display()}"


class Mentorship(Sourced):
    """带教: a mentor and a new hire, with the date the mentee reached independent operation."""

    mentor = models.ForeignKey(
        Employee, verbose_name=_("导师"), on_delete=models.CASCADE, related_name="mentorships"
    )
    mentee = models.ForeignKey(
        Employee, verbose_name=_("新人"), on_delete=models.CASCADE, related_name="mentored_by"
    )
    start_on = models.DateField(_("开始日期"))
    independent_on = models.DateField(_("独立操作日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("带教")
        verbose_name_plural = pgettext_lazy("plural", "带教")
        constraints = [models.UniqueConstraint(fields=["mentor", "mentee"], name="mentorship_natural_key")]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.mentee_id}"


class TrainingResult(models.TextChoices):
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")
    ATTENDED = "attended", _("参加")


class Training(Sourced):
    employee = _employee_fk("trainings")
    program = models.CharField(_("培训项目"), max_length=200)
    date = models.DateField(_("日期"))
    result = models.CharField(
        _("结果"), max_length=8, choices=TrainingResult.choices, default=TrainingResult.ATTENDED
    )

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = pgettext_lazy("plural", "培训")
        constraints = [
            models.UniqueConstraint(fields=["employee", "program", "date"], name="training_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.program} {self.date}"


class Leave(Sourced):
    employee = _employee_fk("leaves")
    # Leave, exam and incident types are named by the policy (YAML), so they are not choices here.
    type = models.CharField(_("类型"), max_length=32)
    start_on = models.DateField(_("开始日期"))
    days = models.FloatField(_("天数"))

    class Meta:
        verbose_name = _("请假")
        verbose_name_plural = pgettext_lazy("plural", "请假")
        constraints = [
            models.UniqueConstraint(fields=["employee", "type", "start_on"], name="leave_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.type} {self.start_on}"


class MetricMonth(Sourced):
    employee = _employee_fk("metric_months")
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    values = models.JSONField(_("指标"), default=dict, help_text=_("指标代码 → 数值;比率为 0–1"))

    class Meta:
        verbose_name = _("月度指标")
        verbose_name_plural = pgettext_lazy("plural", "月度指标")
        constraints = [models.UniqueConstraint(fields=["employee", "month"], name="metric_month_natural_key")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:%Y-%m}"


class Exam(Sourced):
    employee = _employee_fk("exams")
    exam = models.CharField(_("考试"), max_length=64)
    date = models.DateField(_("日期"))
    score = models.FloatField(_("分数"), null=True, blank=True)
    passed = models.BooleanField(_("是否通过"))

    class Meta:
        verbose_name = _("考试")
        verbose_name_plural = pgettext_lazy("plural", "考试")
        constraints = [models.UniqueConstraint(fields=["employee", "exam", "date"], name="exam_natural_key")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.exam} {self.date}"


class Appraisal(Sourced):
    employee = _employee_fk("appraisals")
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.FloatField(_("分数"))
    grade = models.CharField(_("等级"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("年度考评")
        verbose_name_plural = pgettext_lazy("plural", "年度考评")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="appraisal_natural_key")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}"


class Attestation(Sourced):
    """能力认定: a competency attested by a supervisor, with a note of the proof."""

    employee = _employee_fk("attestations")
    competency = models.CharField(_("能力"), max_length=64)  # a competency code of the policy
    date = models.DateField(_("认定日期"))
    # Kept as the 工号 written on the sheet: the attester may be outside the imported population.
    attested_by_no = models.CharField(_("认定人工号"), max_length=32, blank=True, default="")
    note = models.TextField(_("说明"), max_length=NOTE_MAX_LENGTH, blank=True, default="")

    class Meta:
        verbose_name = _("能力认定")
        verbose_name_plural = pgettext_lazy("plural", "能力认定")
        constraints = [
            models.UniqueConstraint(fields=["employee", "competency"], name="attestation_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.competency}"


class Incident(NoteKeyed, Sourced):
    employee = _employee_fk("incidents")
    date = models.DateField(_("日期"))
    type = models.CharField(_("类型"), max_length=32)

    class Meta:
        verbose_name = _("事故")
        verbose_name_plural = pgettext_lazy("plural", "事故")
        constraints = [
            models.UniqueConstraint(fields=["employee", "date", "type", "note_sha256"], name="incident_natural_key")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.date} {self.type}"


class ImportBatch(models.Model):
    """One run of the workbook import: which file, by whom, and what it changed."""

    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    policy = models.CharField(_("政策"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    # {"employees": {"created": 3, "updated": 1, "unchanged": 10}, ...}
    counts = models.JSONField(_("数量"), default=dict)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = pgettext_lazy("plural", "导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class SubmissionKind(models.TextChoices):
    PRAISE = "praise", _("书面表扬信")
    TRAINING = "training", _("培训证书")
    MENTEE_INDEPENDENCE = "mentee_independence", _("带教新人独立操作")


# The kinds whose proof is a document: a praise letter's scan or photo, a training certificate. A mentee's
# independence is witnessed by the mentee's supervisor at work, so a file is welcome but not asked for.
ATTACHMENT_REQUIRED = frozenset({SubmissionKind.PRAISE, SubmissionKind.TRAINING})

# The workflow's labels as the admin's choices, translated like every other label (the values are SUBMISSION's).
STATE_CHOICES = [(s.value, _(SUBMISSION_LABELS[s][0])) for s in SUBMISSION.states]  # noqa: INT001


class EvidenceSubmission(models.Model):
    """Evidence an employee submitted for confirmation; it counts only once someone else confirms it.

    Confirming creates (or, for a mentee already recorded, completes) the evidence record through the
    evidence services, in the same transaction, and links it here; rejecting keeps the reason.
    """

    employee = models.ForeignKey(Employee, verbose_name=_("提交人"), on_delete=models.CASCADE,
                                 related_name="evidence_submissions")  # the person the evidence counts for
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交账号"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("材料类型"), max_length=24, choices=SubmissionKind.choices)
    # The praise's date, the training's date, or the day the mentee first worked alone.
    date = models.DateField(_("日期"))
    praise_source = models.CharField(_("表扬来源"), max_length=8, choices=PraiseSource.choices, blank=True,
                                     default="")
    customer = models.CharField(_("客户名称"), max_length=200, blank=True, default="")
    program = models.CharField(_("培训项目"), max_length=200, blank=True, default="")
    training_result = models.CharField(_("培训结果"), max_length=8, choices=TrainingResult.choices, blank=True,
                                       default="")
    mentee = models.ForeignKey(Employee, verbose_name=_("新人"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    mentee_start_on = models.DateField(_("带教开始日期"), null=True, blank=True)
    note = models.TextField(_("说明"), max_length=NOTE_MAX_LENGTH, blank=True, default="")

    attachment = models.FileField(_("附件"), upload_to=attachment_upload_to, storage=attachment_storage, blank=True,
                                  max_length=255)
    attachment_name = models.CharField(_("附件文件名"), max_length=255, blank=True, default="")
    attachment_type = models.CharField(_("附件类型"), max_length=64, blank=True, default="")
    attachment_size = models.PositiveIntegerField(_("附件大小(字节)"), default=0)
    attachment_sha256 = models.CharField(_("附件 SHA-256"), max_length=64, blank=True, default="")

    state = models.CharField(_("状态"), max_length=16, choices=STATE_CHOICES,
                             default=SubmissionState.PENDING.value, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reason = models.TextField(_("驳回原因"), max_length=NOTE_MAX_LENGTH, blank=True, default="")

    # The evidence record the confirmation created (or completed); kept when the record is deleted later.
    praise = models.ForeignKey(Praise, verbose_name=_("书面表扬"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="submissions")
    training = models.ForeignKey(Training, verbose_name=_("培训"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="submissions")
    mentorship = models.ForeignKey(Mentorship, verbose_name=_("带教"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="submissions")
    # A rejected submission sent again, corrected: the new one replaces it (once).
    replaces = models.OneToOneField("self", verbose_name=_("重新提交自"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="replaced_by")

    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("待确认证据材料")
        verbose_name_plural = _("待确认证据材料")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "employee"], name="submission_state_employee")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(state="rejected") | ~models.Q(reason=""),
                                   name="submission_rejection_has_reason"),
            models.CheckConstraint(condition=models.Q(state="pending") | models.Q(decided_at__isnull=False),
                                   name="submission_decision_has_time"),
            # A double click, or two tabs, must not put the same thing in the queue twice.
            models.UniqueConstraint(fields=["employee", "mentee"],
                                    condition=models.Q(state="pending", kind="mentee_independence"),
                                    name="submission_one_pending_per_mentee"),
            models.UniqueConstraint(fields=["employee", "attachment_sha256"],
                                    condition=models.Q(state="pending") & ~models.Q(attachment_sha256=""),
                                    name="submission_one_pending_per_file"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employee_id} {self.kind} {self.date} ({self.state})"

    @property
    def state_enum(self) -> SubmissionState:
        return SubmissionState(self.state)

    @property
    def state_label(self) -> str:
        zh, en = SUBMISSION_LABELS[self.state_enum]
        return en if engine_lang() == "en" else zh

    @property
    def is_image(self) -> bool:
        return self.attachment_type.startswith("image/")

    @property
    def record(self) -> models.Model | None:
        """The evidence record the confirmation created, if it still exists."""
        return self.praise or self.training or self.mentorship
