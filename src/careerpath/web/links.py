"""Links to pages another part of the site may not have built yet (see CONTRACT.md).

A page links to another part's page by its name; until that part is merged the name does not exist,
and the link is simply left out instead of breaking the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse


def url_or_none(name: str, args: Sequence[Any] | None = None) -> str | None:
    """The URL of ``name`` with ``args``, or None when no such page exists (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None
