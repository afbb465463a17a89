"""Typed readers for settings that come from the environment.

Each helper fails loudly with ``ImproperlyConfigured`` naming the variable, so a typo in a
deployment (``DEBUG=flase``) stops the start-up instead of silently meaning something else.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from careerpath.workbook.limits import ReadLimits

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Read an integer, within ``minimum``..``maximum`` (inclusive) when given."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"{'' if minimum is None else minimum}..{'' if maximum is None else maximum}"
        raise ImproperlyConfigured(f"{name}={value} is out of bounds ({bounds})")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list; blank items are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_pinned_date(name: str) -> date | str | None:
    """Read a YYYY-MM-DD date; None when unset or blank.

    A bad value is returned as its text rather than raised: the system check ``careerpath.E001``
    reports it at start-up with the check framework's clear message (and the ``check`` command
    lists it with any other problem), instead of a traceback from the settings import.
    """
    from careerpath.clock import pinned_parse

    raw = os.environ.get(name, "").strip()
    try:
        return pinned_parse(raw)
    except ValueError:
        return raw


def env_origins(name: str, default: list[str] | None = None) -> list[str]:
    """Read a comma-separated list of origins (``https://host[:port]``), as CSRF_TRUSTED_ORIGINS wants."""
    origins = env_list(name, default or [])
    for origin in origins:
        scheme, sep, rest = origin.partition("://")
        if not sep or scheme not in {"http", "https"} or not rest or "/" in rest:
            raise ImproperlyConfigured(f"{name}: {origin!r} is not an origin (use scheme://host[:port], "
                                       f"e.g. https://careerpath.example.com)")
    return origins


def env_proxy_header(name: str) -> tuple[str, str] | None:
    """Read ``Header-Name,value`` (e.g. ``X-Forwarded-Proto,https``) as Django's META key and value.

    None when unset or blank. Only set it behind a proxy that always sets (or strips) that header:
    otherwise a client could claim HTTPS.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ImproperlyConfigured(f"{name}={raw!r} must be 'Header-Name,value', e.g. X-Forwarded-Proto,https")
    header, value = parts
    key = header.upper().replace("-", "_")
    if not key.startswith("HTTP_"):
        key = "HTTP_" + key
    return key, value


def env_positive_int(name: str, default: int) -> int:
    """Read an integer that must be at least 1 (a limit: zero or less would refuse everything)."""
    return env_int(name, default, minimum=1)


def env_workbook_limits() -> ReadLimits:
    """Read the limits of every workbook read (CLI, import, uploads) from the environment.

    Sizes are given in MB (MiB). Used by the settings and by the CLI's stateless ``evaluate --workbook``,
    which runs without Django.
    """
    from careerpath.workbook.limits import ENV_NAMES, MiB, ReadLimits

    base = ReadLimits()
    values = {}
    for field, name in ENV_NAMES.items():
        default = getattr(base, field)
        if field.endswith("_bytes"):
            values[field] = env_positive_int(name, default // MiB) * MiB
        else:
            values[field] = env_positive_int(name, default)
    return ReadLimits(**values)


def env_url(name: str, default: str) -> str:
    """Read an absolute http(s) URL without a trailing slash (e.g. the site's address in a message)."""
    raw = os.environ.get(name, default).strip().rstrip("/")
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme not in {"http", "https"} or not rest:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an http(s) URL, e.g. https://careerpath.example.com")
    return raw


ROBOT_VENDORS = ("wecom", "dingtalk", "feishu")


def env_robot_base_urls(name: str) -> dict[str, str]:
    """Read ``vendor=base-url`` pairs (``wecom=https://wecom-proxy.local,feishu=http://127.0.0.1:9000``).

    Each replaces the scheme and host of that vendor's robot endpoint (private deployments, test receivers).
    """
    result: dict[str, str] = {}
    for item in env_list(name, []):
        vendor, sep, url = item.partition("=")
        vendor = vendor.strip()
        if not sep or vendor not in ROBOT_VENDORS:
            raise ImproperlyConfigured(f"{name}: {item!r} must be vendor=URL with vendor one of {', '.join(ROBOT_VENDORS)}")
        scheme, sep2, rest = url.strip().partition("://")
        if not sep2 or scheme not in {"http", "https"} or not rest:
            raise ImproperlyConfigured(f"{name}: {url!r} is not an http(s) URL")
        result[vendor] = url.strip().rstrip("/")
    return result
