"""The forms of the employee-voice pages: a survey and its questions, an answer sheet, a suggestion, a reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.voice import services as s
from careerpath.voice.models import Audience, Question, QuestionKind, SuggestionCategory, SuggestionStatus

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("问卷标题"), max_length=s.TITLE_MAX, widget=forms.TextInput(attrs=_TEXT))
    description = forms.CharField(label=_("问卷说明"), required=False, max_length=s.DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
                                  help_text=_("填写目的、用时与结果的用途，员工填写前会看到"))
    anonymous = forms.TypedChoiceField(
        label=_("填写方式"), coerce=lambda v: v == "1", initial="1",
        choices=[("1", _("匿名：答卷不记录填写人，任何角色都无法查到谁填了什么")), ("0", _("实名：答卷记录填写人"))],
        widget=forms.RadioSelect)
    audience = forms.ChoiceField(label=_("调查对象"), choices=Audience.choices, initial=Audience.COMPANY,
                                 widget=forms.Select(attrs=_SELECT))
    departments = forms.TypedMultipleChoiceField(label=_("对象部门"), required=False, coerce=int,
                                                 widget=forms.SelectMultiple(attrs={**_SELECT, "size": 5}),
                                                 help_text=_("调查对象为“指定部门”时选择，含其下级部门"))
    levels = forms.MultipleChoiceField(label=_("对象职级"), required=False,
                                       widget=forms.SelectMultiple(attrs={**_SELECT, "size": 5}),
                                       help_text=_("调查对象为“指定职级”时选择，按员工当前职级"))
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={**_TEXT, "type": "date"}))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={**_TEXT, "type": "date"}))

    def __init__(self, *args: Any, departments: list[tuple[int, str]], levels: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = departments
        self.fields["levels"].choices = levels

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        o, c = data.get("opens_on"), data.get("closes_on")
        if o and c and c < o:
            self.add_error("closes_on", _("截止日期不能早于开始日期。"))
        if data.get("audience") == Audience.DEPARTMENTS and not data.get("departments"):
            self.add_error("departments", _("请选择至少一个部门。"))
        if data.get("audience") == Audience.LEVELS and not data.get("levels"):
            self.add_error("levels", _("请选择至少一个职级。"))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices, widget=forms.Select(attrs=_SELECT))
    text = forms.CharField(label=_("题目内容"), max_length=s.QUESTION_MAX, widget=forms.TextInput(attrs=_TEXT))
    options = forms.CharField(label=_("选项（每行一个）"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={**_TEXT, "rows": 4}),
                              help_text=_("单选、多选题填写，2–12 个；评分题为 1–5 分，文字题不需要选项"))
    required = forms.BooleanField(label=_("必答"), required=False, initial=True,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


RATING_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class AnswerForm(forms.Form):
    """One field per question of the survey, named ``q<id>``."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            label = f"{q.order}. {q.text}"
            if q.kind == QuestionKind.SINGLE:
                f: forms.Field = forms.TypedChoiceField(
                    label=label, required=q.required, coerce=int, widget=forms.RadioSelect,
                    choices=[(str(i), o) for i, o in enumerate(q.options)])
            elif q.kind == QuestionKind.MULTIPLE:
                f = forms.TypedMultipleChoiceField(
                    label=label, required=q.required, coerce=int, widget=forms.CheckboxSelectMultiple,
                    choices=[(str(i), o) for i, o in enumerate(q.options)])
            elif q.kind == QuestionKind.RATING:
                f = forms.TypedChoiceField(label=label, required=q.required, coerce=int, widget=forms.RadioSelect,
                                           choices=RATING_CHOICES, help_text=_("1 分最低，5 分最高"))
            else:
                f = forms.CharField(label=label, required=q.required, max_length=s.TEXT_ANSWER_MAX,
                                    widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))
            self.fields[f"q{q.pk}"] = f

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SuggestionForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=SuggestionCategory.choices, widget=forms.Select(attrs=_SELECT))
    text = forms.CharField(label=_("建议内容"), min_length=s.SUGGESTION_MIN, max_length=s.SUGGESTION_MAX,
                           widget=forms.Textarea(attrs={**_TEXT, "rows": 5}),
                           help_text=_("写清现状、问题与您的建议（至少 5 个字）"))
    anonymous = forms.TypedChoiceField(
        label=_("提交方式"), coerce=lambda v: v == "1", initial="1",
        choices=[("1", _("匿名：不记录提交人，凭回执码查看答复")), ("0", _("实名：答复会通知您"))],
        widget=forms.RadioSelect)


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("回执码"), max_length=20, widget=forms.TextInput(
        attrs={**_TEXT, "autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX"}))


class ReplyForm(forms.Form):
    status = forms.ChoiceField(label=_("处理状态"), choices=SuggestionStatus.choices, widget=forms.Select(attrs=_SELECT))
    reply = forms.CharField(label=_("公开答复"), required=False, max_length=s.REPLY_MAX,
                            widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
                            help_text=_("提交人会看到此答复；除“已收到”外须填写"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") and data["status"] != SuggestionStatus.RECEIVED and not data.get("reply", "").strip():
            self.add_error("reply", _("请填写答复。"))
        return data
