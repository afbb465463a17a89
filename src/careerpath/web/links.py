"""Links to pages another part of the site may not have yet (see the contract between the parts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse


def url_or_none(name: str, args: Sequence[Any] | None = None) -> str | None:
    """Return the URL of ``name`` (a ``web:...`` name), or None when that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
