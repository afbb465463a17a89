"""Links to pages another part of the site may not have yet (CONTRACT.md): None instead of an error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse


def url_or_none(name: str, args: Sequence[Any] | None = None) -> str | None:
    """``reverse(name, args=args)``, or None when no page of that name exists (yet)."""
    try:
        return reverse(name, args=list(args) if args is not None else None)
    except NoReverseMatch:
        return None
