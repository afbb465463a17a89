"""The forms of the notifications pages: a person's preferences and a department's group robot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careerpath.notifications.events import EVENTS
from careerpath.notifications.models import ROBOT_CHANNELS
from careerpath.people.models import Department


class PreferencesForm(forms.Form):
    """One checkbox per event: by email as well (in-app messages always arrive)."""

    def __init__(self, *args: Any, current: dict[str, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, ev in EVENTS.items():
            self.fields[f"email_{key}"] = forms.BooleanField(
                label=ev.label, required=False, initial=current.get(key, ev.email),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def choices(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(f"email_{key}")) for key in EVENTS}


class RobotForm(forms.Form):
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.order_by("name"),
                                        widget=forms.Select(attrs={"class": "form-select"}))
    vendor = forms.ChoiceField(label=_("平台"), choices=[(c.value, c.label) for c in ROBOT_CHANNELS],
                               widget=forms.Select(attrs={"class": "form-select"}))
    name = forms.CharField(label=_("名称"), max_length=60, widget=forms.TextInput(attrs={"class": "form-control"}),
                           help_text=_("例如“华东客服一部企业微信群”"))
    token = forms.CharField(label=_("Webhook 地址或密钥"), max_length=500, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off",
                                                          "spellcheck": "false"}),
                            help_text=_("粘贴群机器人设置中的 Webhook 地址（或其中的 key / access_token）"))
    secret = forms.CharField(label=_("加签密钥（钉钉）"), max_length=500, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off",
                                                           "spellcheck": "false"}),
                             help_text=_("钉钉机器人安全设置选择“加签”时填写，以 SEC 开头；其他平台留空"))
    events = forms.MultipleChoiceField(
        label=_("转发的事件"), widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        choices=[(k, e.label) for k, e in EVENTS.items() if e.relayable],
        help_text=_("只有面向部门的事件可以转发到群里；个人的消息（评审结果、证据退回等）从不发到群里"))
    active = forms.BooleanField(label=_("启用"), required=False, initial=True,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args: Any, masked_token: str = "", masked_secret: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if masked_token:  # editing: the stored secret is kept unless a new one is typed
            self.fields["token"].help_text = _("已保存（%(m)s）；留空则保留原密钥，填写则替换") % {"m": masked_token}
        else:
            self.fields["token"].required = True
        if masked_secret:
            self.fields["secret"].help_text = _("已保存（%(m)s）；留空则保留原密钥，填写则替换") % {"m": masked_secret}
