"""Filters of the analysis pages: rates as percentages, p-values as people read them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """0.4567 → 45.7%."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def pvalue(value: float | None) -> str:
    """Three decimals; below 0.001 as "< 0.001" (more digits would only suggest false precision)."""
    if value is None:
        return "—"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
