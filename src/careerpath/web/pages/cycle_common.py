"""What the cycle's pages share: loading a cycle for a role, turning a service's refusal into a message."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.cycles.models import Cycle
from careerpath.cycles.selectors import cycle_get
from careerpath.errors import NotFound, ServiceError

# Who reads which page; writing is checked again by each service.
READERS = frozenset({Role.HR, Role.COMMITTEE, Role.VP, Role.MANAGER, Role.ADMIN})
SHEET_READERS = frozenset({Role.HR, Role.COMMITTEE, Role.VP, Role.ADMIN})


def roles_of(request: HttpRequest) -> frozenset[Role]:
    return user_roles(user=request.user)


def require(request: HttpRequest, allowed: Iterable[Role]) -> frozenset[Role]:
    """The user's roles; 403 unless they hold one of ``allowed``."""
    roles = roles_of(request)
    if not roles & frozenset(allowed):
        raise PermissionDenied
    return roles


def load_cycle(request: HttpRequest, year: int, allowed: Iterable[Role]) -> tuple[Cycle, frozenset[Role]]:
    """The cycle of ``year`` for a user holding one of ``allowed`` (403 first, then 404)."""
    roles = require(request, allowed)
    try:
        return cycle_get(year=year), roles
    except NotFound:
        raise Http404 from None


def refused(request: HttpRequest, error: ServiceError, to: str, *args: object) -> HttpResponse:
    """A service said no (state, role, period, "not about themself"): say why, go back, nothing changed."""
    messages.error(request, error.message)
    return redirect(to, *args)


def text_field(label: str, *, required: bool, rows: int = 2, max_length: int = 2000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": rows}),
                           error_messages={"required": gettext_lazy("此项必填")})
