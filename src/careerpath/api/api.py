"""The REST API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs.

Every endpoint parses, calls one service or selector, and renders; permission checks live in the
services. Errors are always JSON ``{"code", "message", "field"?}``: 400 invalid input (every parameter is
bounded, see ``api/types.py``), 401 not authenticated, 403 role, scope or CSRF, 404, 409 conflict,
413 body too large, and a 500 that carries only a request id (the traceback goes to the log with it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from careerpath.api.auth import CsrfFailed, SessionUserAuth, TokenAuth
from careerpath.api.errors import error_body, server_error
from careerpath.api.renderers import ReadableJSONRenderer
from careerpath.errors import ServiceError


class Error(Schema):
    """What every 4xx and 5xx response of the API carries."""

    code: str
    message: str
    field: str | None = None
    details: Any = None
    request_id: str | None = None


# Declared on every operation, so clients (and schemathesis) know each error an endpoint can answer.
ERROR_RESPONSES = {
    400: "请求参数无效 invalid input",
    401: "未登录或令牌无效 not authenticated",
    403: "无权限或 CSRF 校验失败 forbidden (role, data scope or CSRF)",
    404: "不存在 not found",
    409: "状态冲突 conflict with the current state",
}


class CareerpathAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = Error.model_json_schema()
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in schema["paths"].values():
            for op in operations.values():
                responses = op["responses"]
                for status, description in ERROR_RESPONSES.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, **ref}
        return schema


api = CareerpathAPI(
    title="careerpath API",
    version="1",
    description="客服晋升通道及管理办法 — promotion workflow, public notices, cycles, placement, demotion.",
    auth=[TokenAuth(), SessionUserAuth()],
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
)


def _json(request: HttpRequest, status: int, **body: Any) -> HttpResponse:
    return api.create_response(request, error_body(status, **body), status=status)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _field(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja's locations read ("body", "payload", "year") or ("query", "page"); the client knows its own field.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "form", "file", "header", "cookie"}:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Only where and why: the input itself is never echoed (it may be huge, or not encodable).
    details = [{"field": _field(e.get("loc", ())), "message": str(e.get("msg", "")), "type": e.get("type", "")}
               for e in exc.errors[:20]]
    first = details[0] if details else {"field": "", "message": ""}
    return _json(request, 400, code="validation_error",
                 message=f"请求参数无效 invalid request: {first['field']}: {first['message']}",
                 field=first["field"] or None, details=details)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _json(request, 401)


@api.exception_handler(CsrfFailed)
def _csrf_failed(request: HttpRequest, exc: CsrfFailed) -> HttpResponse:
    return _json(request, 403, code="csrf_failed",
                 message="CSRF 校验失败：请刷新页面后重试 (CSRF check failed: send the X-CSRFToken header)")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _json(request, exc.status_code, message=str(exc) or None)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, 404, message=str(exc) or None)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return _json(request, 413)
    if isinstance(exc, SuspiciousOperation | UnreadablePostError):
        return _json(request, 400, code="bad_request")
    return server_error(request, exc)


def _register_routers() -> None:
    # Each app contributes its own router; imported here so the API object is built in one place.
    from careerpath.accounts.api import router as accounts_router
    from careerpath.api.tokens import router as tokens_router
    from careerpath.audit.api import router as audit_router
    from careerpath.calendars.api import router as calendars_router
    from careerpath.cycles.api import router as cycles_router
    from careerpath.discipline.api import router as discipline_router
    from careerpath.mentoring.api import router as mentoring_router
    from careerpath.notifications.api import router as notifications_router
    from careerpath.org.api import router as org_router
    from careerpath.people.api import router as people_router
    from careerpath.placement.api import router as placement_router
    from careerpath.policy_versions.api import router as policies_router
    from careerpath.promotions.api import router as promotions_router
    from careerpath.recognition.api import router as recognition_router
    from careerpath.talent.api import router as talent_router
    from careerpath.training.api import router as training_router
    from careerpath.voice.api import router as voice_router

    for router in (tokens_router, accounts_router, people_router, policies_router, calendars_router,
                   audit_router, promotions_router, org_router, discipline_router, cycles_router,
                   placement_router, talent_router, notifications_router, training_router, mentoring_router,
                   recognition_router, voice_router):
        api.add_router("/", router)


_register_routers()
