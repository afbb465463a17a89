"""The forms of the employee's screens: the 晋升申请表, editing a draft, withdrawing, the list's filter.

They check what a person can get wrong (empty, too long) and name the field; the rules themselves
(eligibility, who may, which state) stay in the services, whose refusals the views put beside the field.
"""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from careerpath.core.workflow import LABELS, State
from careerpath.errors import ServiceError
from careerpath.promotions.applying import STATEMENT_MAX, STATEMENT_MIN

REASON_MAX = 1000


def _textarea(rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class StatementField(forms.CharField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            label=_("申请说明"), min_length=STATEMENT_MIN, max_length=STATEMENT_MAX, widget=_textarea(8),
            help_text=format_lazy(_("说明您为什么申请这一职级：工作业绩、能力和今后的打算（{min}–{max} 字）。"
                                    "直接上级面谈时会参考。"), min=STATEMENT_MIN, max=STATEMENT_MAX),
            **kwargs)


class ApplyForm(forms.Form):
    statement = StatementField()
    exception_reason = forms.CharField(
        label=_("破格申请理由"), required=False, max_length=STATEMENT_MAX, widget=_textarea(4),
        help_text=_("该员工尚未满足全部条件。按办法允许破格申请时，人力资源部须写明理由；理由会在之后每一步显示，并写入公示。"))

    def __init__(self, *args: object, exception: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.exception = exception
        if exception:
            self.fields["exception_reason"].required = True
        else:
            del self.fields["exception_reason"]


class DraftForm(forms.Form):
    statement = StatementField()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"), max_length=REASON_MAX, widget=_textarea(4),
        help_text=format_lazy(_("写明为什么撤回（必填，不超过 {max} 字）。撤回后申请结束，不能恢复；以后可重新申请。"),
                              max=REASON_MAX))


FILTER_CHOICES = [("", _("全部")), ("open", _("进行中")), ("closed", _("已结束"))]


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), required=False, widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: object, lang: str = "zh", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        states = [(s.value, LABELS[s][1] if lang == "en" else LABELS[s][0]) for s in State]
        self.fields["state"].choices = [*FILTER_CHOICES, *states]  # type: ignore[attr-defined]


def form_error(form: forms.Form, exc: ServiceError, message: str) -> None:
    """Show a service's refusal beside the field it names (when the form has it), else above the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, message)
