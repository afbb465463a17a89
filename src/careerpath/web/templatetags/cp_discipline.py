"""Template tags of the discipline pages: a demotion case's state as a badge.

    {% load cp_discipline %}
    {% case_badge case.state %}     the state in words with a symbol, never colour alone
"""

from __future__ import annotations

from django import template

from careerpath.discipline.workflow import CaseState
from careerpath.labels import code_label

register = template.Library()

_TONES = {
    CaseState.EFFECTIVE: ("green", "✓"),
    CaseState.HR_APPROVED: ("green", "✓"),
    CaseState.REJECTED: ("red", "✗"),
    CaseState.WITHDRAWN: ("secondary", "–"),
}


@register.inclusion_tag("web/_status_badge.html")
def case_badge(state: str) -> dict[str, str]:
    try:
        s = CaseState(state)
    except ValueError:
        return {"text": state, "tone": "secondary", "symbol": "•"}
    tone, symbol = _TONES.get(s, ("blue", "◷"))
    return {"text": code_label("case_state", s.value), "tone": tone, "symbol": symbol}
