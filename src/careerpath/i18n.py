"""The language of the current request or command, as the engine spells it ("zh" or "en")."""

from __future__ import annotations

from django.utils.translation import get_language


def engine_lang(language_code: str | None = None) -> str:
    """Return "en" or "zh" for a Django language code (the active language when none is given)."""
    code = language_code if language_code is not None else get_language()
    return "en" if (code or "").startswith("en") else "zh"
