"""JSON as people read it: Chinese text as characters, not ``\\uXXXX`` escapes (UTF-8 is declared)."""

from __future__ import annotations

from typing import Any

from ninja.renderers import JSONRenderer


class ReadableJSONRenderer(JSONRenderer):
    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}
