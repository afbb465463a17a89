"""The policy versions (晋升办法): the list with the active one marked, and one version read-only.

Drafting and publishing live in the policy editor (another part, ``web:policy_editor``); its link shows
only once that page exists.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from careerpath.policy_versions.selectors import policy_version_get, policy_versions_list
from careerpath.web.links import url_or_none
from careerpath.web.pages.data_common import require_hr


@login_required
def policy_versions(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "查看晋升办法")
    return render(request, "web/data/policies.html", {"versions": policy_versions_list(),
                                                     "editor_url": url_or_none("web:policy_editor")})


@login_required
def policy_version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr(request.user, "查看晋升办法")
    pv = policy_version_get(pk=pk)
    if pv is None:
        raise Http404
    return render(request, "web/data/policy.html", {"pv": pv, "editor_url": url_or_none("web:policy_editor")})
