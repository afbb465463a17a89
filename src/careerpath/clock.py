"""The one place the application reads today's date.

``CAREERPATH_TODAY`` (YYYY-MM-DD) pins the date: tests use it, and so can a training or demo site
that should behave as on a given day. Unset, it is today in the site's time zone.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    pinned = getattr(settings, "CAREERPATH_TODAY", None)
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return timezone.localdate()
