"""Forms for evidence entered by hand: code fields are the active policy's choices, and ``clean`` runs
the services' own checks so their errors show next to the field before anything is saved."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language

from careerpath.errors import ServiceError
from careerpath.evidence import models as m
from careerpath.evidence.choices import code_choices
from careerpath.evidence.services import evidence_authorize, evidence_validate
from careerpath.policy_versions.selectors import active_policy

# model -> {field: code kind of careerpath.evidence.choices}
CODE_FIELDS: dict[type[models.Model], dict[str, str]] = {
    m.Praise: {"source": "praise_source"},
    m.Training: {"result": "training_result"},
    m.Leave: {"type": "leave_type"},
    m.Exam: {"exam": "exam"},
    m.Attestation: {"competency": "competency"},
    m.Incident: {"type": "incident_type"},
}


def language() -> str:
    return get_language() or "zh-hans"


def code_field(db_field: models.Field, kind: str) -> forms.ChoiceField:
    """A choice field of the active policy's codes for ``db_field``, labelled in the current language."""
    choices = code_choices(active_policy(), kind, language())
    default = db_field.get_default() if db_field.has_default() else None
    return forms.ChoiceField(
        choices=[("", "---------"), *choices],
        required=not db_field.blank,
        label=capfirst(db_field.verbose_name),
        help_text=db_field.help_text,
        initial=default or None,
    )


class SuggestInput(forms.TextInput):
    """A text input offering suggestions (an HTML datalist) while accepting any other value."""

    def __init__(self, suggestions: list[str], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        list_id = f"{(attrs or {}).get('id') or name}_suggestions"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">', ((s,) for s in self.suggestions))
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


class EvidenceForm(forms.ModelForm):
    """Checked by the evidence services (who may write it, the import's rules) in ``clean``."""

    actor: ClassVar[AbstractBaseUser | None] = None  # set per request by the admin

    def _values(self) -> dict[str, Any]:
        values = {f.name: getattr(self.instance, f.attname if f.is_relation else f.name)
                  for f in self._meta.model._meta.concrete_fields}
        values.update(self.cleaned_data)
        return values

    def service_check(self, values: dict[str, Any]) -> None:
        before = [getattr(self.instance, f"{s}_id", None) for s in ("employee", "mentor", "mentee")]
        after = [_pk(values.get(s)) for s in ("employee", "mentor", "mentee")]
        evidence_authorize(actor=self.actor, subject_ids=[*after, *(before if self.instance.pk else [])])
        for name in ("customer", "note", "grade", "attested_by_no", "program"):
            if isinstance(values.get(name), str):
                values[name] = values[name].strip()
        evidence_validate(policy=active_policy(), model=self._meta.model, values=values)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned  # one problem at a time: the field errors come first
        try:
            self.service_check(self._values())
        except ServiceError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return cleaned


class IncidentForm(EvidenceForm):
    """An incident is recorded by the discipline services, which also apply its consequences."""

    def service_check(self, values: dict[str, Any]) -> None:
        from careerpath.discipline.services import incident_check

        if self.instance.pk is not None:
            return  # a change touches the note only (see IncidentAdmin); incident_change checks the actor
        incident_check(actor=self.actor, employee=values["employee"], date=values["date"], type=values["type"])
