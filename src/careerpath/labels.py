"""Every code a person may see, as a label in their language: one place for pages, PDFs and messages.

Levels, incident and leave types, competencies, exams, training programs and results and praise sources
come from the policy (``Policy.code_choices``); the workflow states from ``core.workflow.LABELS``;
database choices (education, gender, position reasons, ...) from their ``TextChoices``. An unknown code
comes back as itself, never as an error: a page must render even for a code a newer policy dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.utils import timezone, translation

from careerpath.core.policy import CODE_KINDS, Policy
from careerpath.core.workflow import ACTION_LABELS, State
from careerpath.core.workflow import LABELS as STATE_LABELS
from careerpath.i18n import engine_lang

_MOVE_TYPES = {"promotion": ("晋升", "Promotion"), "lateral": ("横向调整", "Lateral move")}


def _choices() -> Mapping[str, type]:
    # Imported lazily: this module is imported by template tags before the apps are ready.
    from careerpath.people.models import Education, EmployeeStatus, Gender, PositionReason
    from careerpath.promotions.models import ApplicationRoute, NoticeState, ObjectionState

    return {"education": Education, "gender": Gender, "employee_status": EmployeeStatus,
            "position_reason": PositionReason, "route": ApplicationRoute, "notice_state": NoticeState,
            "objection_state": ObjectionState}


def _active_policy() -> Policy:
    from careerpath.evidence.selectors import policy_get

    return policy_get()


def code_label(kind: str, code: str | None, *, lang: str | None = None, policy: Policy | None = None) -> str:
    """The label of ``code`` of ``kind`` in ``lang`` (the active language when None)."""
    if code is None or code == "":
        return ""
    lang = lang or engine_lang()
    if kind == "state":
        try:
            zh, en = STATE_LABELS[State(code)]
        except ValueError:
            return code
        return en if lang == "en" else zh
    if kind == "action":  # a workflow action of a promotion (an application's history)
        pair = ACTION_LABELS.get(code.removeprefix("application."))
        return (pair[1] if lang == "en" else pair[0]) if pair else code
    if kind == "move_type":
        pair = _MOVE_TYPES.get(code)
        return (pair[1] if lang == "en" else pair[0]) if pair else code
    if kind in CODE_KINDS:
        return dict((policy or _active_policy()).code_choices(kind, lang)).get(code, code)
    choices = _choices().get(kind)
    if choices is None:
        raise KeyError(f"unknown label kind {kind!r}")
    try:
        label = choices(code).label
    except ValueError:
        return code
    # The choice labels are lazy translations; ``lang`` may differ from the request's (a Chinese PDF
    # asked for from an English page), so the label is rendered in the language asked for.
    with translation.override("en" if lang == "en" else "zh-hans"):
        return str(label)


def date_label(value: date | datetime | None, *, lang: str | None = None, with_time: bool = False) -> str:
    """A date the way people write it: 2027年3月1日 in Chinese, 1 Mar 2027 in English."""
    if value is None:
        return ""
    lang = lang or engine_lang()
    moment = None
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        value = moment.date()
    if lang == "en":
        text = f"{value.day} {value:%b} {value.year}"
        if with_time and moment is not None:
            text += f", {moment:%H:%M}"
        return text
    text = f"{value.year}年{value.month}月{value.day}日"
    if with_time and moment is not None:
        text += f" {moment:%H:%M}"
    return text
