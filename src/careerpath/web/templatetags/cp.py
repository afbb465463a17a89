"""Template filters and tags every page uses: dates in the local form, labels for codes, status badges.

    {% load cp %}
    {{ app.effective_on|cpdate }}            2027年3月1日 / 1 Mar 2027
    {{ objection.filed_at|cpdatetime }}      2027年3月1日 14:05
    {{ app.to_level|label:"level" }}        高级客服专员 / Senior agent
    {{ app.state|label:"state" }}           待上级评审 / Awaiting supervisor review
    {% status_badge app.state %}             the state as a badge: text and a symbol, never colour alone
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from careerpath.core.workflow import FINAL, State
from careerpath.labels import code_label, date_label

register = template.Library()


@register.filter
def cpdate(value: date | datetime | None) -> str:
    return date_label(value)


@register.filter
def cpdatetime(value: datetime | None) -> str:
    return date_label(value, with_time=True)


@register.filter
def label(code: Any, kind: str) -> str:
    return code_label(kind, None if code is None else str(code))


_GOOD = {State.CONFIRMED, State.HR_APPROVED, State.LETTER_ISSUED, State.IN_PROBATION}
_BAD = {State.REJECTED, State.REVERTED, State.WITHDRAWN}


@register.inclusion_tag("web/_status_badge.html")
def status_badge(state: str) -> dict[str, str]:
    """An application state as a badge; the symbol carries the meaning for those who cannot see colour."""
    try:
        s = State(state)
    except ValueError:
        return {"text": state, "tone": "secondary", "symbol": "•"}
    if s in _BAD:
        tone, symbol = "red", "✗"
    elif s in _GOOD or s in FINAL:
        tone, symbol = "green", "✓"
    else:
        tone, symbol = "blue", "◷"  # U+23F3 ⏳ has no glyph in the CJK fonts; ◷ has
    return {"text": code_label("state", s.value), "tone": tone, "symbol": symbol}
