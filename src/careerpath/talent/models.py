"""Internal competition (内部竞聘) for a vacant management post, and who was invited, applied and scored.

The talent reserve pool (人才储备库) itself is not stored: its members are the people whose current position
is at a pool level (``talent.selectors.pool_levels``), so it can never disagree with the position history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PostingState(models.TextChoices):
    OPEN = "open", _("竞聘中")
    SELECTED = "selected", _("已选定人选")
    CANCELLED = "cancelled", _("已取消")


class Posting(models.Model):
    """A vacant post of ``level`` in ``department`` (None: a company-wide post), open to applications."""

    level = models.CharField(_("竞聘岗位职级"), max_length=64)
    department = models.ForeignKey("people.Department", verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="postings")
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("岗位说明"), blank=True, default="")
    posted_on = models.DateField(_("发布日期"))
    working_days = models.PositiveSmallIntegerField(_("报名期（工作日）"))
    closes_on = models.DateField(_("报名截止（当日下班）"))
    state = models.CharField(_("状态"), max_length=12, choices=PostingState.choices, default=PostingState.OPEN,
                             db_index=True)
    policy_version = models.ForeignKey("policy_versions.PolicyVersion", verbose_name=_("办法版本"),
                                       on_delete=models.PROTECT, related_name="+")
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField("promotions.Application", verbose_name=_("晋升申请"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="posting")
    closed_reason = models.TextField(_("取消原因"), blank=True, default="")
    # The day the selected person took the post in the posting's department (their application's effective date).
    filled_on = models.DateField(_("到岗日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("内部竞聘")
        verbose_name_plural = pgettext_lazy("plural", "内部竞聘")
        ordering = ["-posted_on", "-id"]
        constraints = [
            # One selection per posting: a selected posting has its application, an open one none.
            models.CheckConstraint(condition=~Q(state="selected") | Q(application__isnull=False),
                                   name="posting_selected_has_application"),
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A pool member told of the posting (an in-app notification linking to it)."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="invitations")
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("竞聘邀请")
        verbose_name_plural = pgettext_lazy("plural", "竞聘邀请")
        constraints = [models.UniqueConstraint(fields=["posting", "employee"], name="invitation_once")]


class CandidateState(models.TextChoices):
    APPLIED = "applied", _("已报名，待面试评分")
    SCORED = "scored", _("已面试评分")
    SELECTED = "selected", _("入选")
    NOT_SELECTED = "not_selected", _("未入选")
    WITHDRAWN = "withdrawn", _("已撤回报名")


class Candidate(models.Model):
    """One applicant of a posting, with the interview and the 评审报告 of the same form as a promotion's."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="candidates")
    employee = models.ForeignKey("people.Employee", verbose_name=_("员工"), on_delete=models.PROTECT,
                                 related_name="candidacies")
    from_level = models.CharField(_("原职级"), max_length=64)
    move_id = models.CharField(_("晋升路径"), max_length=100)
    statement = models.TextField(_("竞聘陈述"))
    state = models.CharField(_("状态"), max_length=14, choices=CandidateState.choices, default=CandidateState.APPLIED)
    applied_on = models.DateField(_("报名日期"))  # the site's day (careerpath.clock), not the server's
    applied_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    score = models.DecimalField(_("面试评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    interview_note = models.TextField(_("面谈记录"), blank=True, default="")
    review_report = models.TextField(_("评审报告"), blank=True, default="")
    recommendation = models.CharField(_("推荐意见"), max_length=24, blank=True, default="")
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评分人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("竞聘人")
        verbose_name_plural = pgettext_lazy("plural", "竞聘人")
        ordering = ["posting", "-score", "applied_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "employee"], name="candidate_once_per_posting"),
            # The database keeps one selected candidate per posting, whatever writes.
            models.UniqueConstraint(fields=["posting"], condition=Q(state="selected"),
                                    name="candidate_one_selected"),
            models.CheckConstraint(condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                                   name="candidate_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.posting_id} {self.employee_id} {self.state}"
