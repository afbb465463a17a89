"""Template helpers of the evidence pages: a submission's status badge and its one-line summary.

    {% load cp_evidence %}
    {% submission_badge sub %}      ○ 待确认 / ✓ 已确认 / ✗ 已驳回 (a symbol and a word, never colour alone)
    {{ sub|submission_summary }}    客户表扬 · 顺达物流 / 储备干部培训 · 通过 / 新人 王五（E102）
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from careerpath.evidence.models import EvidenceSubmission, SubmissionKind
from careerpath.evidence.workflow import SubmissionState

register = template.Library()

_TONES = {
    SubmissionState.PENDING: ("blue", "○"),
    SubmissionState.CONFIRMED: ("green", "✓"),
    SubmissionState.REJECTED: ("red", "✗"),
}


@register.inclusion_tag("web/_status_badge.html")
def submission_badge(submission: EvidenceSubmission) -> dict[str, str]:
    tone, symbol = _TONES[submission.state_enum]
    return {"text": submission.state_label, "tone": tone, "symbol": symbol}


@register.filter
def submission_summary(sub: EvidenceSubmission) -> str:
    # The model's choices (translated), not labels.code_label: that reads the active policy on every call, and a
    # list would ask the database once per row. Praise sources and training results are fixed codes.
    if sub.kind == SubmissionKind.PRAISE:
        text = _("%(source)s表扬") % {"source": sub.get_praise_source_display()}
        return f"{text} · {sub.customer}" if sub.customer else text
    if sub.kind == SubmissionKind.TRAINING:
        return f"{sub.program} · {sub.get_training_result_display()}"
    if sub.mentee is not None:
        return _("新人 %(name)s（%(no)s）") % {"name": sub.mentee.name, "no": sub.mentee.employee_no}
    return ""


@register.filter
def pick(labels: dict[str, str], code: str) -> str:
    """``{{ labels|pick:code }}``: the label of a code from a mapping the view built (the code when unknown)."""
    return labels.get(code, code)
