"""Employee voice (关注员工声音): surveys with their answers, and the suggestion box (意见箱).

Anonymity is a property of the schema, not of the screens. For an anonymous survey the answer
(``Response`` and its ``Answer`` rows) carries no person and nothing that puts it in order with the
``Participation`` row that says who took part: a random UUID key (no sequence), no timestamp, no
employee. Only the coarse groups needed for breakdowns (department, level at answer time) are kept,
and every result for a group smaller than ``CAREERPATH_VOICE_MIN_GROUP`` is withheld
(``voice.results``). An anonymous suggestion likewise stores no person.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Audience(models.TextChoices):
    COMPANY = "company", _("全公司")
    DEPARTMENTS = "departments", _("指定部门（含下级部门）")
    LEVELS = "levels", _("指定职级")


class Survey(models.Model):
    title = models.CharField(_("问卷标题"), max_length=200)
    description = models.TextField(_("问卷说明"), blank=True, default="")
    anonymous = models.BooleanField(_("匿名问卷"), default=True)
    audience = models.CharField(_("调查对象"), max_length=12, choices=Audience.choices, default=Audience.COMPANY)
    departments = models.ManyToManyField("people.Department", verbose_name=_("对象部门"), blank=True,
                                         related_name="+")
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    state = models.CharField(_("状态"), max_length=8, choices=SurveyState.choices, default=SurveyState.DRAFT,
                             db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("问卷调查")
        verbose_name_plural = pgettext_lazy("plural", "问卷调查")
        ordering = ["-opens_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="survey_closes_after_opening")]

    def __str__(self) -> str:
        return self.title


class SurveyLevel(models.Model):
    """A level code of the policy a ``levels`` survey is for (a row each, so one query can match a person)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="target_levels")
    level = models.CharField(_("职级"), max_length=64)

    class Meta:
        verbose_name = _("对象职级")
        verbose_name_plural = pgettext_lazy("plural", "对象职级")
        constraints = [models.UniqueConstraint(fields=["survey", "level"], name="survey_level_once")]


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    RATING = "rating", _("评分（1–5）")
    TEXT = "text", _("文字回答")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("题型"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    options = models.JSONField(_("选项"), default=list, blank=True)  # the choices' texts, for single/multiple
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        verbose_name = _("问卷题目")
        verbose_name_plural = pgettext_lazy("plural", "问卷题目")
        ordering = ["survey", "order"]
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="question_order_once")]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"


class Participation(models.Model):
    """Who took part in a survey: refuses a second answer and gives the response rate.

    Never linked to the answer: no key, no time, no order in common with ``Response``.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.CASCADE,
                                 related_name="+")
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = pgettext_lazy("plural", "参与记录")
        constraints = [models.UniqueConstraint(fields=["survey", "employee"], name="participation_once")]


class Response(models.Model):
    """One filled-in questionnaire. Anonymous: ``employee`` is empty, by the service and by a constraint-free
    design (the random key orders nothing; there is deliberately no timestamp)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Named surveys only; always empty for an anonymous one.
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    # The coarse groups of the breakdowns, as they were when the answer was given.
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    level = models.CharField(_("职级"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("问卷答卷")
        verbose_name_plural = pgettext_lazy("plural", "问卷答卷")
        ordering = ["id"]  # random: never the order of answering


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(_("所选选项"), default=list, blank=True)  # option indexes (single/multiple)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    text = models.TextField(_("文字回答"), blank=True, default="")

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = pgettext_lazy("plural", "答案")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                                   name="answer_rating_1_5"),
        ]


class SuggestionCategory(models.TextChoices):
    CAREER = "career", _("晋升与职业发展")
    TRAINING = "training", _("培训与成长")
    WORK = "work", _("工作流程与工具")
    WELFARE = "welfare", _("工作环境与福利")
    OTHER = "other", _("其他")


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    IN_PROGRESS = "in_progress", _("处理中")
    ADOPTED = "adopted", _("已采纳")
    DECLINED = "declined", _("未采纳")


class Suggestion(models.Model):
    """A suggestion to the company. Anonymous: no employee, no department; the submitter finds it again
    with the receipt code shown once (only its SHA-256 is stored)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    category = models.CharField(_("类别"), max_length=12, choices=SuggestionCategory.choices)
    text = models.TextField(_("建议内容"))
    anonymous = models.BooleanField(_("匿名"), default=True)
    employee = models.ForeignKey("people.Employee", verbose_name=_("提出人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    receipt_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    submitted_on = models.DateField(_("提交日期"))
    status = models.CharField(_("处理状态"), max_length=12, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.RECEIVED, db_index=True)
    reply = models.TextField(_("答复"), blank=True, default="")
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = pgettext_lazy("plural", "意见建议")
        ordering = ["-submitted_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(anonymous=False) | Q(employee__isnull=True,
                                                                                 department__isnull=True),
                                              name="suggestion_anonymous_has_no_person")]

    def __str__(self) -> str:
        return self.text[:40]
