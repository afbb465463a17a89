"""The forms of the discipline pages, and a service error as one sentence in the page's language."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from careerpath.api.types import month_bounded
from careerpath.attachments import ACCEPT, CheckedFile, attachment_check, max_bytes
from careerpath.core.dates import parse_month
from careerpath.core.policy import Policy
from careerpath.discipline.workflow import PROPOSAL_LABELS
from careerpath.errors import InvalidInput, ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import code_label

# The services' stable codes, in words for the page (the services' own messages are Chinese with English).
_MESSAGES = {
    "reason_required": _("须填写原因。"),
    "note_required": _("须填写审核意见。"),
    "evidence_required": _("证据材料为空，不能批准降级：请关联事故记录或上传材料。"),
    "effective_in_past": _("生效日期早于今天：降级不能追溯。"),
    "no_target_level": _("案件没有拟任职级：请先改为调岗或驳回。"),
    "level_changed": _("此人的当前职级已变化，请驳回后重新立案。"),
    "case_already_open": _("此人已有进行中的降级案件：新的事故可作为该案件的证据。"),
    "case_closed": _("案件已结束，不能再补充材料。"),
    "same_reviewer": _("同一人不能完成两级审核：部门审核须由另一位部门负责人完成。"),
    "self_decision": _("不能就本人的事项做决定，须由他人处理。"),
    "out_of_scope": _("该员工不在您的数据范围内。"),
    "forbidden_role": _("您的角色不能执行此操作。"),
    "invalid_transition": _("案件的状态已变化，此步骤现在不可用。请查看案件的最新状态。"),
    "no_position": _("此人没有当前任职记录，无法降级。"),
    "no_lower_level": _("已是最低职级，无法降一级：请改为调岗或驳回。"),
    "target_required": _("调岗须指定目标职级。"),
    "invalid_target": _("所选职级不能作为目标职级：降一级或撤职只能选低一级的职级，调岗不能调往更高职级。"),
    "empty_document": _("请上传文件或填写材料内容。"),
    "document_too_large": _("文件超过大小上限。"),
    "attachment_too_large": _("附件超过 %(mb)s MB 的上限。"),
    "attachment_empty": _("附件是空文件。"),
    "attachment_type": _("附件须为 PDF、PNG、JPEG 或 WebP 文件。"),
}
# "中文说明 (English explanation)": the services' bilingual form.
_PAIR = re.compile(r"^(?P<zh>.*?)\s*\((?P<en>[^()]*[A-Za-z][^()]*)\)\s*$", re.S)


def error_text(exc: ServiceError) -> str:
    """``exc`` as one sentence in the active language."""
    template = _MESSAGES.get(exc.code)
    if template is not None:
        return str(template) % {"mb": max_bytes() // (1024 * 1024)} if "%(mb)" in str(template) else str(template)
    match = _PAIR.match(exc.message)
    if match is None:
        return exc.message
    return match["en"] if engine_lang() == "en" else match["zh"]


def _text(label: Any, *, required: bool, rows: int = 3, max_length: int = 2000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": rows}),
                           error_messages={"required": _("此项必填")})


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"})


def _proposal_choices(*, keep: bool) -> list[tuple[str, str]]:
    first = [("", _t("不变"))] if keep else []
    lang = engine_lang()
    return first + [(p.value, pair[1] if lang == "en" else pair[0]) for p, pair in PROPOSAL_LABELS.items()]


def _level_choices(policy: Policy, *, blank: str) -> list[tuple[str, str]]:
    lang = engine_lang()
    return [("", blank)] + [(code, lv.name.get(lang)) for code, lv in policy.levels.items()]


def month_value(text: str | None) -> date | None:
    """``YYYY-MM`` as the month's first day within the years the system plans for, else None."""
    try:
        return month_bounded(parse_month(text or ""))
    except ValueError:
        return None


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (the browser's month picker sends that form)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=7, widget=forms.TextInput(attrs={"class": "form-control", "type": "month",
                                                                      "placeholder": "YYYY-MM"}), **kwargs)

    def clean(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        first = month_value(text)
        if first is None:
            raise forms.ValidationError(_("请按 年-月 填写月份，例如 2026-11"), code="invalid")
        return first


# ---------------------------------------------------------------------------------------------------
# Filters


class _Filter(forms.Form):
    def __init__(self, data: Any, *, departments: list[tuple[int, str]]) -> None:
        super().__init__(data)
        self.fields["dept"].choices = [("", _t("全部部门"))] + [(str(pk), name) for pk, name in departments]
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select"
            elif name == "q":
                field.widget = forms.TextInput(attrs={"class": "form-control", "type": "search",
                                                      "placeholder": _t("按姓名或工号查找")})
                field.max_length = 50

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class CaseFilterForm(_Filter):
    which = forms.ChoiceField(label=_("范围"), required=False, choices=[
        ("open", _("进行中")), ("mine", _("待我处理")), ("closed", _("已结束")), ("all", _("全部"))])
    dept = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("姓名或工号"), max_length=50, required=False)


class IncidentFilterForm(_Filter):
    month = MonthField(label=_("月份"), required=False)
    type = forms.ChoiceField(label=_("事故类型"), required=False)
    dept = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("姓名或工号"), max_length=50, required=False)

    def __init__(self, data: Any, *, departments: list[tuple[int, str]], policy: Policy) -> None:
        super().__init__(data, departments=departments)
        self.fields["type"].choices = [("", _t("全部类型"))] + list(policy.code_choices("incident_type",
                                                                                      engine_lang()))


class AllowanceFilterForm(forms.Form):
    month = MonthField(label=_("月份"), required=False)
    only = forms.BooleanField(label=_("只看有扣减的人"), required=False,
                              widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    q = forms.CharField(label=_("姓名、工号或部门"), max_length=50, required=False,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))


# ---------------------------------------------------------------------------------------------------
# The steps of a case


class ReviewForm(forms.Form):
    note = _text(_("审核意见"), required=True)
    proposal = forms.ChoiceField(label=_("处理建议（可修改）"), required=False,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    to_level = forms.ChoiceField(label=_("拟任职级（可修改）"), required=False,
                                 widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        super().__init__(*args, prefix="review", **kwargs)
        self.fields["proposal"].choices = _proposal_choices(keep=True)
        self.fields["to_level"].choices = _level_choices(policy, blank=_t("不变"))


class ApproveForm(forms.Form):
    effective_on = forms.DateField(label=_("生效日期"), widget=_DateInput(), input_formats=["%Y-%m-%d"],
                                   error_messages={"invalid": _("请按 年-月-日 填写日期"), "required": _("此项必填")})
    note = _text(_("审批意见（选填）"), required=False, rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="approve", **kwargs)


class ReasonForm(forms.Form):
    reason = _text(_("原因"), required=True, rows=2)


class NotesForm(forms.Form):
    notes = _text(_("人力资源部备注（仅内部可见）"), required=False, rows=2, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="notes", **kwargs)


class DocumentForm(forms.Form):
    """A document of the evidence packet: a file (PDF or image, checked like every attachment), a written
    statement, or both."""

    file = forms.FileField(label=_("文件（PDF、PNG、JPEG 或 WebP）"), required=False,
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPT}))
    file_name = forms.CharField(label=_("标题"), required=False, max_length=200,
                                widget=forms.TextInput(attrs={"class": "form-control"}))
    text = _text(_("文字内容（如情况说明）"), required=False, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "doc")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _t("单个文件不超过 %(mb)s MB。") % {"mb": max_bytes() // (1024 * 1024)}

    def clean_file(self) -> CheckedFile | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            return attachment_check(upload, field="file")
        except InvalidInput as exc:
            raise forms.ValidationError(error_text(exc), code=exc.code) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        checked, text = data.get("file"), (data.get("text") or "").strip()
        if not self.errors and checked is None and not text:
            self.add_error("file", _t("请上传文件或填写文字内容。"))
        if not (data.get("file_name") or "").strip() and checked is None and text:
            self.add_error("file_name", _t("只有文字内容时须填写标题。"))
        return data

    def has_content(self) -> bool:
        data = self.cleaned_data
        return data.get("file") is not None or bool((data.get("text") or "").strip())


class CaseOpenForm(forms.Form):
    proposal = forms.ChoiceField(label=_("处理建议"), widget=forms.Select(attrs={"class": "form-select"}))
    to_level = forms.ChoiceField(label=_("拟任职级（调岗必填；降一级可不填）"), required=False,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    reason = _text(_("事由"), required=True)
    incidents = forms.MultipleChoiceField(label=_("关联的事故记录"), required=False,
                                          widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))

    def __init__(self, *args: Any, policy: Policy, incident_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, prefix="case", **kwargs)
        self.fields["proposal"].choices = _proposal_choices(keep=False)
        self.fields["to_level"].choices = _level_choices(policy, blank=_t("按处理建议确定（低一级）"))
        self.fields["incidents"].choices = incident_choices


def incident_choice_label(date_text: str, type_code: str, note: str) -> str:
    label = f"{date_text} · {code_label('incident_type', type_code)}"
    return f"{label} · {note[:40]}" if note else label


__all__ = ["ApproveForm", "AllowanceFilterForm", "CaseFilterForm", "CaseOpenForm", "DocumentForm",
           "IncidentFilterForm", "NotesForm", "ReasonForm", "ReviewForm", "error_text", "month_value"]
