"""Template helpers of the cycle's pages (web/pages/cycle*.py)."""

from __future__ import annotations

from typing import Any

from django import template

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles

register = template.Library()


@register.simple_tag(takes_context=True)
def cycle_tabs(context: Any) -> dict[str, bool]:
    """Which of the cycle's tabs the user may open (the views check again: this only hides dead links)."""
    roles = user_roles(user=context["request"].user)
    admin = Role.ADMIN in roles
    sheet = admin or bool(roles & {Role.HR, Role.COMMITTEE, Role.VP})
    return {"nominations": admin or bool(roles & {Role.HR, Role.MANAGER}), "scoring": sheet, "approval": sheet}
