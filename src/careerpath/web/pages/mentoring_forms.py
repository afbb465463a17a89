"""The forms of the mentoring pages: pairing, goals, check-ins, the confirmation, the probation plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.mentoring.models import PairPurpose, TaskResult
from careerpath.web.pages.placement_common import date_field, text_field

_TEXT = {"class": "form-control"}


def _employee_choices(employees: Any) -> list[tuple[str, str]]:
    return [("", "—"), *[(e.employee_no, f"{e.name}（{e.employee_no}）") for e in employees]]


class PairForm(forms.Form):
    mentee = forms.ChoiceField(label=_("带教对象"), widget=forms.Select(attrs={"class": "form-select"}))
    mentor = forms.ChoiceField(label=_("导师"), widget=forms.Select(attrs={"class": "form-select"}))
    purpose = forms.ChoiceField(label=_("带教类型"), choices=[(PairPurpose.NEW_HIRE, _("新人带教"))],
                                widget=forms.Select(attrs={"class": "form-select"}),
                                help_text=_("考察期带教在考察期计划页指定"))
    started_on = date_field(_("开始日期"))
    planned_on = date_field(_("计划独立日期"))
    goal = forms.CharField(label=_("第一个带教目标"), required=False, max_length=200,
                           widget=forms.TextInput(attrs=_TEXT), help_text=_("可留空，之后在带教页添加"))
    goal_due_on = date_field(_("目标日期"), required=False)

    def __init__(self, *args: Any, mentees: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = _employee_choices(mentees)
        self.fields["mentor"].choices = _employee_choices(mentors)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("goal") and not data.get("goal_due_on"):
            self.add_error("goal_due_on", _("请填写目标日期"))
        return data


class GoalForm(forms.Form):
    text = forms.CharField(label=_("目标"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    due_on = date_field(_("目标日期"))


class CheckInForm(forms.Form):
    on = date_field(_("日期"))
    note = text_field(_("带教反馈"), required=True, rows=2, help_text=_("本次练习了什么、进展如何、下一步做什么"))


class ConfirmForm(forms.Form):
    on = date_field(_("独立操作日期"))
    note = text_field(_("确认说明"), required=True, rows=2, help_text=_("新人已能独立完成哪些工作"))


class ReasonForm(forms.Form):
    reason = text_field(_("原因"), required=True, rows=2)


class MentorForm(forms.Form):
    mentor = forms.ChoiceField(label=_("考察期导师"), widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = _employee_choices(mentors)


class TaskForm(forms.Form):
    result = forms.ChoiceField(label=_("考核结果"), choices=[("", "—"), *TaskResult.choices],
                               widget=forms.Select(attrs={"class": "form-select"}))
    note = text_field(_("考核说明"), required=True, rows=2)
