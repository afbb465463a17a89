"""JSON errors for every /api/ response, whatever raised them: ``{code, message, field?}``.

Ninja's own handlers (in ``api.py``) cover the endpoints; this middleware covers what happens outside
them — an unknown /api/ path, a method an endpoint does not allow, an exception in another middleware —
so a client never receives Django's HTML page, with DEBUG on or off. Every request gets an id: it is sent
back as ``X-Request-ID`` and written with any logged exception, so an operator can find the traceback
behind a client's 500.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger("careerpath.api")

API_PREFIX = "/api/"
# A proxy's id is kept when it looks like one (no spaces or control characters that could forge log lines).
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("invalid", "请求无效 bad request"),
    401: ("unauthorized", "未登录或令牌无效 not authenticated"),
    403: ("forbidden", "无权执行此操作 forbidden"),
    404: ("not_found", "不存在 not found"),
    405: ("method_not_allowed", "不支持该请求方法 method not allowed"),
    409: ("conflict", "状态冲突 conflict"),
    413: ("too_large", "请求内容过大 request body too large"),
    429: ("throttled", "请求过于频繁 too many requests"),
    500: ("server_error", "服务器内部错误，请联系管理员并提供请求编号 internal error; quote the request id"),
}


def request_id(request: HttpRequest) -> str:
    rid = getattr(request, "request_id", None)
    if rid is None:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
    return rid


def error_body(status: int, *, code: str | None = None, message: str | None = None,
               **extra: Any) -> dict[str, Any]:
    default_code, default_message = MESSAGES.get(status, ("error", "请求失败 request failed"))
    return {"code": code or default_code, "message": message or default_message, **extra}


def server_error(request: HttpRequest, exc: BaseException) -> JsonResponse:
    """Log ``exc`` with the request id and answer a JSON 500 that carries the id and nothing else."""
    rid = request_id(request)
    logger.error("unhandled API error request_id=%s %s %s", rid, request.method, request.path,
                 exc_info=(type(exc), exc, exc.__traceback__))
    return JsonResponse(error_body(500, request_id=rid), status=500, json_dumps_params={"ensure_ascii": False})


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiErrorMiddleware:
    """Give /api/ requests an id and turn any non-JSON error response under /api/ into the JSON shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        rid = request_id(request)
        try:
            response = self.get_response(request)
        except Exception as exc:  # an exception above the view's own handling (another middleware)
            response = server_error(request, exc)
        if response.status_code >= 400 and not _is_json(response):
            response = self._as_json(request, response)
        response["X-Request-ID"] = rid
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # Raised by a view outside ninja under /api/ (ninja's endpoints handle their own).
        if request.path.startswith(API_PREFIX):
            return server_error(request, exception)
        return None

    @staticmethod
    def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        extra: dict[str, Any] = {"request_id": request_id(request)} if status >= 500 else {}
        out = HttpResponse(json.dumps(error_body(status, **extra), ensure_ascii=False), status=status,
                           content_type="application/json; charset=utf-8")
        if response.has_header("Allow"):
            out["Allow"] = response["Allow"]
        return out
