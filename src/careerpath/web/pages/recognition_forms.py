"""The forms of the recognition pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.attachments import ACCEPT
from careerpath.core.dates import parse_month
from careerpath.recognition.models import ContributionKind
from careerpath.recognition.services import MAX_REASON

_TEXT = {"class": "form-control"}


def _reason(label: Any, required: bool = True, rows: int = 2) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=MAX_REASON,
                           widget=forms.Textarea(attrs={**_TEXT, "rows": rows}))


class ProposeForm(forms.Form):
    award = forms.ChoiceField(label=_("奖项"), widget=forms.Select(attrs={"class": "form-select"}))
    period = forms.CharField(label=_("评选周期"), max_length=7,
                             widget=forms.TextInput(attrs={**_TEXT, "placeholder": "2026-10", "inputmode": "numeric"}),
                             help_text=_("月度奖项填月份（YYYY-MM），年度奖项填年份（YYYY）；须为已结束的周期"))

    def __init__(self, *args: Any, awards: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {code: period for code, _label, period in awards}
        self.fields["award"].choices = [(code, label) for code, label, _p in awards]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        award, text = data.get("award"), (data.get("period") or "").strip()
        if award and text:
            try:
                if self.periods.get(award) == "year":
                    if not (text.isdigit() and len(text) == 4):
                        raise ValueError(text)
                    data["period_start"] = date(int(text), 1, 1)
                else:
                    data["period_start"] = parse_month(text)
            except ValueError:
                self.add_error("period", _("年度奖项请填写年份（如 2026）") if self.periods.get(award) == "year"
                               else _("请按 YYYY-MM 填写月份（如 2026-10）"))
        return data


class LeaveOutForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    reason = _reason(_("不提名的理由"))


class IncludeForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    reason = _reason(_("增补提名的理由"), required=False)


class AddForm(forms.Form):
    employee_no = forms.CharField(label=_("工号"), max_length=32, widget=forms.TextInput(attrs=_TEXT))
    reason = _reason(_("增补理由"))


class NoteForm(forms.Form):
    note = _reason(_("说明"), required=False)


class ReasonForm(forms.Form):
    reason = _reason(_("理由"))


class ContributionForm(forms.Form):
    employee_no = forms.ChoiceField(label=_("员工"), widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ChoiceField(label=_("贡献类型"), choices=ContributionKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    customer = forms.CharField(label=_("客户名称"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={**_TEXT, "inputmode": "numeric"}))
    amount = forms.DecimalField(label=_("金额（元）"), required=False, min_value=0.01, max_digits=14, decimal_places=2,
                                widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01", "inputmode": "decimal"}))
    percent = forms.DecimalField(label=_("提升幅度（%）"), required=False, min_value=0.01, max_value=1000,
                                 decimal_places=2,
                                 widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01", "inputmode": "decimal"}),
                                 help_text=_("金额与提升幅度至少填写一项，以财务数据为准"))
    description = forms.CharField(label=_("说明"), max_length=2000,
                                  widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
                                  help_text=_("成名作：做了什么、带来了什么，财务数据如何证明"))
    attachment = forms.FileField(label=_("财务数据附件"),
                                 widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPT}),
                                 help_text=_("PDF 或图片，如财务部出具的收入/毛利确认"))

    def __init__(self, *args: Any, employees: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee_no"].choices = [("", "—"), *employees]


class DecideForm(forms.Form):
    contribution = forms.IntegerField(widget=forms.HiddenInput)
    note = _reason(_("审核意见（不通过时必填）"), required=False)
