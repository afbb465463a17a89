"""One error root for every service, so each entry point (API, views, commands) maps them the same way.

``code`` is stable (clients may switch on it); ``message`` is for people, in Chinese with English.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None,
                 details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            d["field"] = self.field
        if self.details is not None:
            d["details"] = self.details
        return d


class InvalidInput(ServiceError):
    status = 400
    code = "invalid"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """An invalid transition for the current state, or a concurrent change that won first."""

    status = 409
    code = "conflict"
