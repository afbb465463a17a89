"""Login throttling (django-axes): the backend in front of the password check, and the lockout answer.

Every door that checks a password (the site's login, the admin's, ``POST /api/tokens`` with HTTP Basic)
calls ``django.contrib.auth.authenticate`` with the request, so axes counts its failures per username.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, skipped for calls without a request.

    Only code running on the server itself authenticates without a request (the test client's
    ``login()``, a shell): there is nobody to throttle there. Every web door passes its request.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    minutes = lockout_minutes()
    return (f"登录失败次数过多，该账号已被锁定 {minutes} 分钟，请 {minutes} 分钟后再试；如需立即解锁，"
            f"请联系人事部（HR）或系统管理员。 Too many failed logins: this account is locked for {minutes} "
            f"minutes. Try again after {minutes} minutes, or ask HR or an administrator to unlock it.")


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """Answer a locked-out login: JSON ``{code, message}`` on the API, the lockout page elsewhere."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "locked_out", "message": lockout_message(), "retry_after": seconds},
                                status=429, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "registration/lockout.html",
                          {"minutes": lockout_minutes(), "message": lockout_message()}, status=429)
    response["Retry-After"] = str(seconds)
    return response
