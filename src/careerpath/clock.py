"""The one place the application reads today's date.

``CAREERPATH_TODAY`` (YYYY-MM-DD) pins the date: tests use it, and so can a training or demo site
that should behave as on a given day. Unset, it is today in the site's time zone (Asia/Shanghai by
default). Settings parse the variable once (``config/settings.py``) and the system check
``careerpath.E001`` refuses a bad value at start-up, so ``runserver``/``check``/``migrate`` stop with a
clear message instead of the first request failing.

The pure CLI commands (``evaluate --workbook``, ``synth``) run without Django configured: then the
environment variable is read directly, with the same parsing and the same time zone default.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings

if TYPE_CHECKING:
    from django.core.checks import CheckMessage

ENV_NAME = "CAREERPATH_TODAY"
DEFAULT_TIME_ZONE = "Asia/Shanghai"  # the site's default, as in config/settings.py


def pinned_parse(raw: str | date | None) -> date | None:
    """Return the pinned date of ``raw`` (None when blank); raise ValueError naming the variable when bad."""
    if raw is None or isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{ENV_NAME}={text!r} 不是有效日期，应为 YYYY-MM-DD (is not a valid date, expected YYYY-MM-DD)"
        ) from None


def today() -> date:
    """Return the pinned date if any, else today's date in the site's time zone."""
    if settings.configured:
        pinned = pinned_parse(getattr(settings, ENV_NAME, None))
        if pinned is not None:
            return pinned
        from django.utils import timezone

        return timezone.localdate()
    pinned = pinned_parse(os.environ.get(ENV_NAME))
    if pinned is not None:
        return pinned
    return datetime.now(ZoneInfo(os.environ.get("TIME_ZONE") or DEFAULT_TIME_ZONE)).date()


def check_pinned_today(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """System check careerpath.E001: a set ``CAREERPATH_TODAY`` must be a valid YYYY-MM-DD date."""
    from django.core.checks import Error  # lazily: settings import this module before Django is set up

    try:
        pinned_parse(getattr(settings, ENV_NAME, None))
    except ValueError as exc:
        return [Error(str(exc), hint="例如 e.g. CAREERPATH_TODAY=2026-12-31，或删除该变量 (or unset it)",
                      id="careerpath.E001")]
    return []
