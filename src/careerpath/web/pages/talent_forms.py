"""The forms of the talent pages: posting a vacancy, applying, scoring with the promotion's review form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.promotions.applying import STATEMENT_MAX
from careerpath.talent.selectors import OpenPost
from careerpath.talent.services import DEFAULT_WORKING_DAYS, MAX_WORKING_DAYS
from careerpath.web.pages.reviews_forms import SupervisorReviewForm


def post_key(post: OpenPost) -> str:
    return f"{post.department_id or 0}:{post.level}"


class PostingForm(forms.Form):
    post = forms.ChoiceField(label=_("空缺岗位"), widget=forms.Select(attrs={"class": "form-select"}),
                             help_text=_("只列出岗位编制中尚有空缺、且未在竞聘中的管理岗位"))
    working_days = forms.IntegerField(
        label=_("报名期（工作日）"), min_value=1, max_value=MAX_WORKING_DAYS, initial=DEFAULT_WORKING_DAYS,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        help_text=_("按工作日历计算（节假日不计，调休上班日计入），自发布当日起"))
    description = forms.CharField(label=_("岗位说明"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                                  help_text=_("职责、要求与面试安排，报名人和人才储备库成员都会看到"))

    def __init__(self, *args: Any, posts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].choices = [("", "—"), *posts]


class ApplyForm(forms.Form):
    statement = forms.CharField(
        label=_("竞聘陈述"), max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
        help_text=_("为什么竞聘这个岗位：您的业绩、管理经验与到岗后的工作设想（至少 10 个字）"))


class ScoreForm(SupervisorReviewForm):
    """The promotion's interview and 晋升评审报告 (the very same fields and checks), plus a 0–100 score."""

    score = forms.DecimalField(label=_("面试评分（0–100）"), min_value=0, max_value=100, decimal_places=2,
                               widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5",
                                                               "inputmode": "decimal"}),
                               help_text=_("按岗位要求综合评定；入选人按评分与评审报告选定"))


class SelectForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("选定说明（选填）"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=2000,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
                             help_text=_("报名人会收到通知并看到此原因"))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新开放原因"), max_length=2000,
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
                             help_text=_("其余竞聘人会收到通知并看到此原因"))
