"""The REST API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs.

Every endpoint parses, calls one service or selector, and renders; permission checks live in the
services. Errors are JSON ``{"code", "message"}`` with 400 / 403 / 404 / 409.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from careerpath.api.auth import SessionUserAuth, TokenAuth
from careerpath.api.renderers import ReadableJSONRenderer
from careerpath.errors import ServiceError

api = NinjaAPI(
    title="careerpath API",
    version="1",
    description="客服晋升通道及管理办法 — promotion workflow, public notices, cycles, placement, demotion.",
    auth=[TokenAuth(), SessionUserAuth()],
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"code": "validation_error", "message": "请求参数无效 invalid request",
                                         "details": exc.errors}, status=400)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"code": "unauthorized", "message": "未登录或令牌无效 not authenticated"},
                               status=401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"code": "not_found", "message": str(exc) or "不存在 not found"}, status=404)


def _register_routers() -> None:
    # Each app contributes its own router; imported here so the API object is built in one place.
    from careerpath.accounts.api import router as accounts_router
    from careerpath.api.tokens import router as tokens_router
    from careerpath.audit.api import router as audit_router
    from careerpath.calendars.api import router as calendars_router
    from careerpath.cycles.api import router as cycles_router
    from careerpath.discipline.api import router as discipline_router
    from careerpath.org.api import router as org_router
    from careerpath.people.api import router as people_router
    from careerpath.placement.api import router as placement_router
    from careerpath.policy_versions.api import router as policies_router
    from careerpath.promotions.api import router as promotions_router

    for router in (tokens_router, accounts_router, people_router, policies_router, calendars_router,
                   audit_router, promotions_router, org_router, discipline_router, cycles_router,
                   placement_router):
        api.add_router("/", router)


_register_routers()
