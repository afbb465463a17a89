"""The review page's forms: the supervisor's interview and 晋升评审报告, a noted step, a reason.

Each form carries ``seen``, the application's version when the page was rendered, so the service can
refuse a stale submit under the row lock (409) instead of applying it to something the reviewer never saw.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.i18n import engine_lang
from careerpath.promotions.review_report import (
    INTERVIEW_MODE_LABELS,
    MAX_SECTION,
    RECOMMENDATION_LABELS,
    Interview,
    InterviewMode,
    Recommendation,
    ReviewReport,
)


def _pairs(labels: dict[Any, tuple[str, str]]) -> list[tuple[str, str]]:
    en = engine_lang() == "en"
    return [(str(code), pair[1] if en else pair[0]) for code, pair in labels.items()]


def _text(label: Any, help_text: Any = "", *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=MAX_SECTION,
                           widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}))


class _Versioned(forms.Form):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, wording: dict[str, tuple[Any, Any]] | None = None, **kwargs: Any) -> None:
        """``wording`` renames fields for the step at hand: {field: (label, help text)}."""
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in (wording or {}).items():
            self.fields[name].label, self.fields[name].help_text = label, help_text
        self._describe()

    def _describe(self) -> None:
        """Tie each input to its guidance and its error, so a screen reader reads them with the field."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            ids = [f"{self[name].auto_id}_hint"] if field.help_text else []
            if name in errors:
                ids.append(f"{self[name].auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._describe()


class SupervisorReviewForm(_Versioned):
    held_on = forms.DateField(label=_("面谈日期"), widget=forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}))
    mode = forms.ChoiceField(label=_("面谈方式"), choices=lambda: _pairs(INTERVIEW_MODE_LABELS),
                             initial=InterviewMode.IN_PERSON.value,
                             widget=forms.Select(attrs={"class": "form-select"}))
    place = forms.CharField(label=_("面谈地点"), required=False, max_length=100,
                            widget=forms.TextInput(attrs={"class": "form-control",
                                                          "placeholder": _("当面面谈必填，如：三楼会议室")}))
    topics = _text(_("面谈要点"), _("谈了什么：工作表现与差距、晋升后的职责与期望、员工的职业意愿"), rows=4)
    employee_view = _text(_("员工本人意见"), _("员工对自身表现和晋升的看法"), required=False, rows=2)
    performance = _text(_("工作业绩"), _("服务质量、工作量（500票/60万）、客户满意度与投诉、完成的重点工作"))
    competence = _text(_("专业能力"), _("业务知识与系统操作、异常与投诉处理、带教与培训他人"))
    qualities = _text(_("综合素质"), _("沟通能力、团队协作、工作态度与服务意识、学习与应变能力"))
    development = _text(_("培养建议"), _("晋升后的培养计划：培训、导师指导、考察期重点"))
    recommendation = forms.ChoiceField(label=_("推荐意见"), choices=lambda: _pairs(RECOMMENDATION_LABELS),
                                       initial=Recommendation.RECOMMEND.value,
                                       widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    conclusion = _text(_("评审意见"), _("评审结论的理由；有保留意见时写明需改进之处"))

    def interview(self) -> Interview:
        d = self.cleaned_data
        return Interview(held_on=d["held_on"], mode=d["mode"], place=d["place"], topics=d["topics"],
                         employee_view=d["employee_view"])

    def report(self) -> ReviewReport:
        d = self.cleaned_data
        return ReviewReport(performance=d["performance"], competence=d["competence"], qualities=d["qualities"],
                            development=d["development"], recommendation=d["recommendation"],
                            conclusion=d["conclusion"])


class NoteForm(_Versioned):
    """A review step whose input is a note: the department manager's second review (复审)."""

    note = _text(_("复审意见"), _("对直接上级评审报告的意见与复审结论"), rows=4)


class ReasonForm(_Versioned):
    """Returning or rejecting: the reason the applicant reads."""

    reason = _text(_("原因"), required=True, rows=3)
