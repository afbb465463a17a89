"""Promotion applications, public notices (公示) with objections, and promotion letters (晋升通知书)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.attachments import attachment_storage, attachment_upload_to
from careerpath.core.workflow import FINAL, PROMOTION, Route, State
from careerpath.i18n import engine_lang

# The workflow declares each label in Chinese and English: shown in the language of the moment.
_state_label = lazy(lambda state: PROMOTION.label(state, engine_lang()), str)

# Derived from the workflow's declaration: one list of states and labels (core.workflow.PROMOTION).
ApplicationState = models.TextChoices(  # type: ignore[misc]
    "ApplicationState",
    [(s.name, (v, _state_label(s))) for s, (v, _zh) in zip(State, PROMOTION.choices(), strict=True)])


class ApplicationRoute(models.TextChoices):
    INDIVIDUAL = Route.INDIVIDUAL.value, _("个人申请")
    CYCLE = Route.CYCLE.value, _("年度评选")


class Application(models.Model):
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="applications")
    move_id = models.CharField(_("晋升路径"), max_length=100)
    move_type = models.CharField(_("类型"), max_length=16)  # promotion | lateral
    from_level = models.CharField(_("原职级"), max_length=64)
    to_level = models.CharField(_("目标职级"), max_length=64)
    route = models.CharField(_("流程"), max_length=16, choices=ApplicationRoute.choices,
                             default=ApplicationRoute.INDIVIDUAL)
    state = models.CharField(_("状态"), max_length=24, choices=ApplicationState.choices,
                             default=ApplicationState.DRAFT, db_index=True)
    policy_version = models.ForeignKey("policy_versions.PolicyVersion", verbose_name=_("办法版本"),
                                       on_delete=models.PROTECT, related_name="applications")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("申请说明"), blank=True, default="")
    # HR filing an ineligible person under the policy's exception clause: shown at every later step.
    exception_reason = models.TextField(_("破格申请理由"), blank=True, default="")
    as_of = models.DateField(_("评定日期"), null=True, blank=True)
    eligible = models.BooleanField(_("符合条件"), null=True)
    snapshot = models.JSONField(_("评定快照"), default=dict, blank=True)
    interview_note = models.TextField(_("面谈记录"), blank=True, default="")
    review_report = models.TextField(_("晋升评审报告"), blank=True, default="")
    manager_note = models.TextField(_("部门复审意见"), blank=True, default="")
    committee_note = models.TextField(_("评定小组意见"), blank=True, default="")
    vp_note = models.TextField(_("分管副总意见"), blank=True, default="")
    hr_note = models.TextField(_("人力资源部意见"), blank=True, default="")
    closed_reason = models.TextField(_("驳回/撤回原因"), blank=True, default="")
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    probation_ends_on = models.DateField(_("考察期结束"), null=True, blank=True)
    probation_note = models.TextField(_("考察期结论"), blank=True, default="")
    position_before = models.ForeignKey("people.Position", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    position_after = models.ForeignKey("people.Position", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("晋升申请")
        verbose_name_plural = pgettext_lazy("plural", "晋升申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["employee", "state"], name="application_emp_state")]
        constraints = [
            # The database, not only the service's check, keeps one open application per person and move:
            # the check alone let simultaneous requests through, and other writers (the annual cycle) do not
            # take the service's lock. application_create reports a violation as 409 already_open.
            models.UniqueConstraint(
                fields=["employee", "move_id"], condition=~models.Q(state__in=sorted(s.value for s in FINAL)),
                name="application_one_open_per_move", violation_error_code="already_open",
                violation_error_message=_("该员工已有此晋升路径的进行中申请 (an application for this move is open)")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.employee_id} {self.from_level}→{self.to_level} {self.state}"


class DocumentCounter(models.Model):
    """Sequence numbers for 文号, per kind and year; the row is locked while a number is taken."""

    kind = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="document_counter_unique")]


class NoticeState(models.TextChoices):
    OPEN = "open", _("公示中")
    CLOSED = "closed", _("已结束")


class Notice(models.Model):
    number = models.CharField(_("文号"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=200)
    published_on = models.DateField(_("发布日期"))
    first_day = models.DateField(_("公示起始"))
    last_day = models.DateField(_("公示截止（当日下班）"))
    working_days = models.PositiveSmallIntegerField(_("公示工作日"))
    state = models.CharField(_("状态"), max_length=8, choices=NoticeState.choices, default=NoticeState.OPEN)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("晋升公示")
        verbose_name_plural = pgettext_lazy("plural", "晋升公示")
        ordering = ["-published_on", "-seq"]
        constraints = [models.UniqueConstraint(fields=["year", "seq"], name="notice_number_per_year")]

    def __str__(self) -> str:
        return self.number


class NoticeEntry(models.Model):
    """One line of a notice: only what the public needs (PIPL 最小必要) — no scores, no evidence."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notice_entries")
    name = models.CharField(_("姓名"), max_length=100)
    department = models.CharField(_("部门"), max_length=100, blank=True, default="")
    from_level_name = models.CharField(_("原职级"), max_length=64)
    to_level_name = models.CharField(_("拟晋升职级"), max_length=64)
    effective_on = models.DateField(_("拟生效日期"))
    exception_note = models.CharField(_("破格说明"), max_length=300, blank=True, default="")
    withdrawn = models.BooleanField(_("已撤出公示"), default=False)

    class Meta:
        verbose_name = _("公示名单")
        verbose_name_plural = pgettext_lazy("plural", "公示名单")
        ordering = ["notice", "id"]


class ObjectionState(models.TextChoices):
    OPEN = "open", _("待调解")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    entry = models.ForeignKey(NoticeEntry, on_delete=models.PROTECT, related_name="objections")
    # Visible to HR only: the objector must be able to speak without fear.
    objector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("异议内容"))
    # An optional proof (a photo, a PDF), checked by careerpath.attachments and served to HR only: like the
    # objector's name it may reveal who objected. Stored under a random name; the uploader's name is data.
    attachment = models.FileField(_("附件"), upload_to=attachment_upload_to, storage=attachment_storage, blank=True,
                                  max_length=255)
    attachment_name = models.CharField(_("附件文件名"), max_length=200, blank=True, default="")
    attachment_type = models.CharField(_("附件类型"), max_length=100, blank=True, default="")
    attachment_size = models.PositiveIntegerField(_("附件大小（字节）"), default=0)
    attachment_sha256 = models.CharField(_("附件 SHA-256"), max_length=64, blank=True, default="")
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.OPEN)
    outcome = models.CharField(_("处理结果"), max_length=20, blank=True, default="")  # return_to_review | reject
    resolution_note = models.TextField(_("调解意见"), blank=True, default="")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = pgettext_lazy("plural", "公示异议")
        ordering = ["filed_at", "id"]


class Letter(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="letter")
    number = models.CharField(_("文号"), max_length=40, unique=True)
    issued_on = models.DateField(_("发文日期"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        verbose_name = _("晋升通知书")
        verbose_name_plural = pgettext_lazy("plural", "晋升通知书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class Notification(models.Model):
    """An in-app message, created after the change that caused it has committed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
