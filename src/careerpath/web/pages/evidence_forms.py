"""The forms of the evidence pages: they parse and label; the services decide (their errors land beside
the field they name). Code fields offer the active policy's choices in the page's language."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.attachments import ACCEPT, max_bytes
from careerpath.clock import today
from careerpath.core.policy import Policy
from careerpath.evidence.choices import training_programs
from careerpath.evidence.forms import SuggestInput
from careerpath.evidence.models import SubmissionKind
from careerpath.i18n import engine_lang
from careerpath.workbook.schema import NOTE_MAX_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label: Any, *, required: bool = True, initial: Any = None, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), initial=initial,
                           help_text=help_text)


def _note(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    # Required-ness is the service's to say when it matters (its message names the field); the length
    # bound is also the browser's, so nobody types 3,000 characters to learn it afterwards.
    return forms.CharField(label=label, required=required, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _choices(policy: Policy, kind: str) -> list[tuple[str, str]]:
    return [("", "—"), *policy.code_choices(kind, engine_lang())]


class StyledForm(forms.Form):
    """Tabler's classes on every widget; hints and errors tied to their input (``aria-describedby``).

    Subclasses adjust their fields in :meth:`setup` (called before the widgets are styled).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup()
        for name, field in self.fields.items():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            existing = widget.attrs.get("class", "")
            if css not in existing.split():
                widget.attrs["class"] = f"{css} {existing}".strip()
            self._describe(name, invalid=False)

    def setup(self) -> None:
        """Adjust the fields (choices, hints) for this request."""

    def _describe(self, name: str, *, invalid: bool) -> None:
        field, bound = self.fields[name], self[name]
        ids = [f"{bound.auto_id}_hint"] if field.help_text else []
        if invalid:
            ids.append(f"{bound.auto_id}_error")
            css = field.widget.attrs.get("class", "")
            if "is-invalid" not in css.split():
                field.widget.attrs["class"] = f"{css} is-invalid".strip()
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)

    def add_error(self, field: str | None, error: Any) -> None:
        known = field if field in self.fields else None
        super().add_error(known, error)
        if known is not None:
            self._describe(known, invalid=True)


# ---------------------------------------------------------------------------------------------------
# Submitting evidence (one form per kind)


class SubmissionForm(StyledForm):
    kind: ClassVar[SubmissionKind]
    intro: ClassVar[Any] = ""

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        attachment = self.fields.get("attachment")
        if attachment is not None:
            attachment.widget.attrs["accept"] = ACCEPT
            attachment.help_text = _("PDF、PNG、JPEG 或 WebP 格式，不超过 %(mb)s MB（以文件内容判断类型）。") % {
                "mb": max_bytes() // (1024 * 1024)}

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("reuse_attachment", None)
        return {"kind": self.kind.value, **data}


class PraiseSubmissionForm(SubmissionForm):
    kind = SubmissionKind.PRAISE
    intro = _("客户或其他部门写给您的书面表扬信。请上传表扬信的扫描件或照片。")
    praise_source = forms.ChoiceField(label=_("表扬来源"), choices=())
    customer = forms.CharField(label=_("客户名称"), required=False, max_length=200,
                               help_text=_("来源为客户时必填。"))
    date = _date(_("表扬日期"))
    note = _note(_("表扬内容摘要"))
    attachment = forms.FileField(label=_("表扬信扫描件或照片"), required=False, allow_empty_file=True)

    field_order = ["praise_source", "customer", "date", "note", "attachment"]

    def setup(self) -> None:
        super().setup()
        self.fields["praise_source"].choices = _choices(self.policy, "praise_source")


class TrainingSubmissionForm(SubmissionForm):
    kind = SubmissionKind.TRAINING
    intro = _("参加培训后取得的证书或结业证明。请上传证书的扫描件或照片。")
    program = forms.CharField(label=_("培训项目"), max_length=200)
    date = _date(_("培训日期"))
    training_result = forms.ChoiceField(label=_("培训结果"), choices=())
    note = _note(_("说明"))
    attachment = forms.FileField(label=_("证书扫描件或照片"), required=False, allow_empty_file=True)

    field_order = ["program", "date", "training_result", "note", "attachment"]

    def setup(self) -> None:
        super().setup()
        self.fields["training_result"].choices = _choices(self.policy, "training_result")
        self.fields["program"].widget = SuggestInput(training_programs(self.policy))
        self.fields["program"].help_text = _("可从建议中选择，也可填写其他培训项目。")


class MenteeSubmissionForm(SubmissionForm):
    kind = SubmissionKind.MENTEE_INDEPENDENCE
    intro = _("您带教的新人已能独立操作。由新人的直接上级（或人力资源部）确认后计入您的带教记录。")
    mentee_no = forms.CharField(label=_("新人工号"), max_length=32)
    mentee_start_on = _date(_("带教开始日期"), required=False, help_text=_("系统中尚无该带教记录时必填。"))
    date = _date(_("独立操作日期"))
    note = _note(_("说明"))
    attachment = forms.FileField(label=_("附件（可选）"), required=False, allow_empty_file=True)

    field_order = ["mentee_no", "mentee_start_on", "date", "note", "attachment"]


SUBMISSION_FORMS: dict[str, type[SubmissionForm]] = {
    f.kind.value: f for f in (PraiseSubmissionForm, TrainingSubmissionForm, MenteeSubmissionForm)
}


# ---------------------------------------------------------------------------------------------------
# Deciding


class RejectForm(StyledForm):
    reason = _note(_("驳回原因"), rows=3)


# ---------------------------------------------------------------------------------------------------
# Recording for one's people


class InternalPraiseForm(StyledForm):
    date = _date(_("表扬日期"))
    note = _note(_("表扬事由"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="praise", **kwargs)

    def setup(self) -> None:
        self.fields["date"].initial = today()


class AttestationForm(StyledForm):
    competency = forms.ChoiceField(label=_("能力"), choices=())
    date = _date(_("认定日期"))
    note = _note(_("认定依据（能力体现）"))

    def __init__(self, *args: Any, policy: Policy, held: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        self.policy, self.held = policy, held
        super().__init__(*args, prefix="attest", **kwargs)

    def setup(self) -> None:
        self.fields["competency"].choices = [
            (code, _("%(label)s（已认定）") % {"label": label} if code in self.held else label)
            for code, label in _choices(self.policy, "competency")]
        self.fields["date"].initial = today()


class IncidentForm(StyledForm):
    type = forms.ChoiceField(label=_("事故类型"), choices=())
    date = _date(_("事故日期"))
    note = _note(_("经过说明"))

    def __init__(self, *args: Any, policy: Policy, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(*args, prefix="incident", **kwargs)

    def setup(self) -> None:
        self.fields["type"].choices = _choices(self.policy, "incident_type")


# ---------------------------------------------------------------------------------------------------
# The mentor's report


class MenteeReportForm(StyledForm):
    date = _date(_("独立操作日期"))
    note = _note(_("说明（可选）"), rows=2)

    def __init__(self, *args: Any, mentorship_pk: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"m{mentorship_pk}", **kwargs)

    def setup(self) -> None:
        self.fields["date"].initial = today()
