from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from careerpath.errors import ServiceError
from careerpath.evidence.choices import code_choices
from careerpath.org.models import HeadcountPlan
from careerpath.org.services import headcount_set
from careerpath.policy_versions.selectors import active_policy


class HeadcountPlanForm(forms.ModelForm):
    # The active policy's levels, labelled in the current language; anything else cannot be chosen.
    level = forms.ChoiceField(label=HeadcountPlan._meta.get_field("level").verbose_name)

    class Meta:
        model = HeadcountPlan
        fields = ["department", "level", "planned", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "level" in self.fields:
            choices = code_choices(active_policy(), "level", get_language() or "zh-hans")
            self.fields["level"].choices = [("", "---------"), *choices]
            known = "、".join(code for code, _ in choices)
            self.fields["level"].error_messages["invalid_choice"] = f"未知职级 '%(value)s'，应为：{known} (unknown level)"

    def clean_level(self) -> str:
        level = self.cleaned_data["level"].strip()
        levels = active_policy().levels
        if level not in levels:
            raise forms.ValidationError(f"未知职级 {level!r}，应为：{'、'.join(levels)}")
        return level


@admin.register(HeadcountPlan)
class HeadcountPlanAdmin(admin.ModelAdmin):
    """Saves go through headcount_set, so admin edits are checked (HR only) and audited like API ones."""

    form = HeadcountPlanForm
    list_display = ["department_label", "level", "planned", "note", "updated_by", "updated_at"]
    list_filter = ["level", "department"]
    search_fields = ["department__name", "level", "note"]
    list_select_related = ["department", "updated_by"]

    @admin.display(description=_("部门"), ordering="department__name")
    def department_label(self, obj: HeadcountPlan) -> str:
        return obj.department.name if obj.department_id else gettext("全公司")

    def get_readonly_fields(self, request: HttpRequest, obj: HeadcountPlan | None = None) -> Any:
        # A plan's identity is (department, level); to move posts, set one plan to 0 and another up.
        return ["department", "level"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: HeadcountPlan, form: Any, change: bool) -> None:
        try:
            saved = headcount_set(actor=request.user, department=obj.department, level=obj.level,
                                  planned=obj.planned, note=obj.note)
        except ServiceError as exc:
            self.message_user(request, exc.message, level="error")
            return
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: HeadcountPlan | None = None) -> bool:
        return False  # deletions would bypass the audit; set the plan to 0 instead
