"""The one place the web layer reads the clock, so the as-of date of every page has a single source."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    """Return today's date in the site's time zone (Asia/Shanghai by default)."""
    return timezone.localdate()
