"""Links to pages another part of the site owns, which may not exist yet on this branch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse


def url_or_none(name: str, args: Sequence[Any] | None = None) -> str | None:
    """Return the URL of ``name`` (e.g. "web:notice_new"), or None when no such page is installed."""
    try:
        return reverse(name, args=list(args) if args else None)
    except NoReverseMatch:
        return None
