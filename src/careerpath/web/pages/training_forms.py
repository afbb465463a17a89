"""The forms of the training pages: programs, sessions, enrolling someone, cancelling, the results roster."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from careerpath.errors import ServiceError
from careerpath.training.models import Enrolment, EnrolmentState

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def refusal(exc: ServiceError) -> str:
    """A service's refusal in the reader's language (the services' messages carry both in one sentence)."""
    words = {
        "full": _("该场次名额已满。"),
        "already_enrolled": _("已报名该场次。"),
        "session_not_open": _("该场次已结束或已取消，不能报名。"),
        "session_started": _("该场次已开始，不能再报名或取消报名。"),
        "program_inactive": _("该培训项目已停用。"),
        "own_session": _("培训师不能报名自己授课的场次。"),
        "inactive": pgettext("training", "仅在职员工可以报名。"),
        "self_decision": _("不能记录本人的培训结果，须由他人记录。"),
        "out_of_scope": _("该员工不在您的数据范围内。"),
        "forbidden_role": _("您的角色不能执行此操作。"),
        "invalid_transition": _("状态已变化，此操作现在不可用。请刷新页面。"),
        "not_started": _("场次尚未开始，不能记录出勤或结束场次。"),
        "has_results": _("已记录培训结果，不能取消场次或更改日期。"),
        "session_cancelled": _("该场次已取消。"),
        "capacity_below_enrolled": _("名额不能少于已报名人数。"),
        "duplicate_program": _("已有同名培训项目。"),
        "program_in_use": _("该项目已有记录的培训结果，不能更改计入的培训项目。"),
        "unknown_level": _("未知职级。"),
        "invalid_capacity": _("名额应为 1–500 的整数。"),
        "invalid_dates": _("结束日期不能早于开始日期。"),
        "result_required": _("出席者须填写结果。"),
        "result_without_attendance": _("未出席者不能有结果、成绩或证书编号。"),
        "invalid_score": _("成绩应在 0–100 之间。"),
        "duplicate_record": _("该员工当日已有同一培训项目的记录。"),
        "required": _("必填项为空。"),
    }
    return words.get(exc.code, exc.message)


class ProgramForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    name_en = forms.CharField(label=gettext_lazy("英文名称"), max_length=100, required=False,
                              widget=forms.TextInput(attrs=TEXT))
    evidence_program = forms.CharField(
        label=gettext_lazy("计入的培训项目"), max_length=200, required=False,
        help_text=gettext_lazy("结果记为这一培训项目的培训记录，晋升条件按它计数；留空则为项目名称。晋升办法中的培训项目：%(names)s"),
        widget=forms.TextInput(attrs={**TEXT, "list": "policy-programs"}))
    prepares_for = forms.ChoiceField(label=gettext_lazy("面向职级"), required=False, choices=(),
                                     widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label=gettext_lazy("说明"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args: Any, levels: list[tuple[str, str]], programs: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prepares_for"].choices = [("", _("（不限）")), *levels]
        self.fields["evidence_program"].help_text = str(self.fields["evidence_program"].help_text) % {
            "names": "、".join(programs) or "—"}


class SessionForm(forms.Form):
    program = forms.ChoiceField(label=gettext_lazy("培训项目"), choices=(), widget=forms.Select(attrs=SELECT))
    starts_on = forms.DateField(label=gettext_lazy("日期"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    ends_on = forms.DateField(label=pgettext_lazy("training", "结束日期"), required=False,
                              help_text=gettext_lazy("多日培训填写最后一天"),
                              widget=forms.DateInput(attrs={**TEXT, "type": "date"}))
    time = forms.CharField(label=gettext_lazy("时间"), max_length=40, required=False,
                           help_text=gettext_lazy("如 09:00–17:00"), widget=forms.TextInput(attrs=TEXT))
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    trainer = forms.ChoiceField(label=gettext_lazy("培训师"), required=False, choices=(),
                                help_text=gettext_lazy("培训师记录出勤与结果"), widget=forms.Select(attrs=SELECT))
    capacity = forms.IntegerField(label=pgettext_lazy("training", "名额"), min_value=1, max_value=500,
                                  widget=forms.NumberInput(attrs=TEXT))
    note = forms.CharField(label=gettext_lazy("备注"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args: Any, programs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = programs
        users = get_user_model().objects.filter(is_active=True).select_related("employee").order_by("username")[:500]
        self.fields["trainer"].choices = [("", _("（未指定）"))] + [
            (str(u.pk), f"{u.employee.name}（{u.get_username()}）" if getattr(u, "employee", None) else u.get_username())
            for u in users]

    def trainer_user(self) -> Any:
        pk = self.cleaned_data.get("trainer")
        return get_user_model().objects.filter(pk=pk).first() if pk else None


class EnrolForm(forms.Form):
    """Whom to enrol: a team member (supervisor, manager) from a list, or (HR) anyone by 工号."""

    employee = forms.CharField(label=gettext_lazy("员工"), max_length=32, widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args: Any, team: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if team is not None:
            self.fields["employee"] = forms.ChoiceField(
                label=gettext_lazy("为团队成员报名"), choices=[(e.employee_no, f"{e.name}（{e.employee_no}）") for e in team],
                widget=forms.Select(attrs=SELECT))
        else:
            self.fields["employee"].label = gettext_lazy("为员工报名（工号）")


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("取消原因"), max_length=500, widget=forms.TextInput(attrs=TEXT),
                             error_messages={"required": gettext_lazy("须填写取消原因")})


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("培训结果工作簿（.xlsx，含「培训结果」工作表）"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
                           error_messages={"required": gettext_lazy("请选择文件")})


ATTENDANCE_CHOICES = (("", gettext_lazy("未记录")), ("attended", gettext_lazy("出席")), ("absent", gettext_lazy("缺席")))
RESULT_CHOICES = (("", "—"), ("passed", gettext_lazy("通过")), ("failed", gettext_lazy("未通过")),
                  ("attended", gettext_lazy("参加")))


class ResultsForm(forms.Form):
    """One line per enrolled person: attendance, result, score, certificate number."""

    def __init__(self, *args: Any, roster: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roster = roster
        for e in roster:
            k = e.pk
            name = e.employee.name
            att = {EnrolmentState.ATTENDED: "attended", EnrolmentState.ABSENT: "absent"}.get(e.state, "")  # type: ignore[call-overload]
            self.fields[f"att_{k}"] = forms.ChoiceField(
                label=_("%(name)s 出勤") % {"name": name}, choices=ATTENDANCE_CHOICES, required=False, initial=att,
                widget=forms.Select(attrs={**SELECT, "data-testid": f"att-{e.employee.employee_no}"}))
            self.fields[f"result_{k}"] = forms.ChoiceField(
                label=_("%(name)s 结果") % {"name": name}, choices=RESULT_CHOICES, required=False, initial=e.recorded_result,
                widget=forms.Select(attrs={**SELECT, "data-testid": f"result-{e.employee.employee_no}"}))
            self.fields[f"score_{k}"] = forms.FloatField(
                label=_("%(name)s 成绩") % {"name": name}, required=False, min_value=0, max_value=100, initial=e.score,
                widget=forms.NumberInput(attrs={**TEXT, "step": "0.5", "data-testid": f"score-{e.employee.employee_no}"}))
            self.fields[f"cert_{k}"] = forms.CharField(
                label=_("%(name)s 证书编号") % {"name": name}, required=False, max_length=40, initial=e.certificate_no,
                widget=forms.TextInput(attrs=TEXT))

    def lines(self) -> list[Any]:
        from careerpath.training.services import ResultInput

        out = []
        for e in self.roster:
            k = e.pk
            att = self.cleaned_data.get(f"att_{k}") or ""
            out.append(ResultInput(e.employee.employee_no, att, self.cleaned_data.get(f"result_{k}") or "",
                                   self.cleaned_data.get(f"score_{k}"), (self.cleaned_data.get(f"cert_{k}") or "").strip()))
        return out

    def rows(self) -> list[tuple[Enrolment, Any, Any, Any, Any]]:
        return [(e, self[f"att_{e.pk}"], self[f"result_{e.pk}"], self[f"score_{e.pk}"], self[f"cert_{e.pk}"])
                for e in self.roster]
