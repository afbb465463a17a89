"""``?lang=en`` switches the interface language and remembers it in the language cookie."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

# Short spellings people type in a URL, mapped to the configured LANGUAGES codes.
_ALIASES = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-hans": "zh-hans",
    "cn": "zh-hans",
    "en": "en",
    "en-us": "en",
}


class QueryLanguageMiddleware:
    """Runs after LocaleMiddleware: ``?lang=`` or the language cookie choose; otherwise LANGUAGE_CODE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = _ALIASES.get(request.GET.get("lang", "").strip().lower())
        if lang is None:
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                # Chinese by default: an English-language browser does not switch the interface by
                # itself; people choose English with ?lang=en (remembered in the cookie).
                translation.activate(settings.LANGUAGE_CODE)
                request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return self.get_response(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
        )
        return response


class RequestCacheMiddleware:
    """Opens the per-request scope in which labels look the active policy up once (careerpath.labels)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from careerpath.requestscope import request_scope

        with request_scope():
            response = self.get_response(request)
            # A template response renders after the view returns: render inside the scope too.
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                response = render()
            return response
