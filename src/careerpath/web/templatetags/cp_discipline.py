"""Template tags of the discipline pages: a demotion case's state as a badge.

    {% load cp_discipline %}
    {% case_badge case.state %}     the state in words with a symbol, never colour alone
    {{ d.action|case_label:"action" }}  a state, proposal or step of a case in the page's language
"""

from __future__ import annotations

from django import template

from careerpath.discipline.workflow import CaseState
from careerpath.discipline.workflow import case_label as _case_label
from careerpath.i18n import engine_lang

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
    return {"text": _case_label("state", s.value, engine_lang()), "tone": tone, "symbol": symbol}


@register.filter
def case_label(code: str, kind: str) -> str:
    return _case_label(kind, str(code or ""), engine_lang())
