"""The talent reserve pool page: members derived from positions, readiness per management post."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from careerpath.clock import today
from careerpath.errors import Forbidden
from careerpath.i18n import engine_lang
from careerpath.labels import code_label, request_policy
from careerpath.people.models import Department
from careerpath.talent.selectors import pool_levels, pool_scope, pool_view


class PoolFilter(forms.Form):
    department = forms.TypedChoiceField(label=_("部门"), required=False, coerce=int, empty_value=None,
                                        widget=forms.Select(attrs={"class": "form-select"}))
    level = forms.ChoiceField(label=_("职级"), required=False, widget=forms.Select(attrs={"class": "form-select"}))


@login_required
def pool_page(request: HttpRequest) -> HttpResponse:
    try:
        scope = pool_scope(user=request.user)
    except Forbidden:
        raise PermissionDenied from None
    policy = request_policy()
    f = PoolFilter(request.GET or None)
    # A manager of one department has nothing to filter by (and the page one query less).
    if scope is None or len(scope) > 1:
        depts = Department.objects.order_by("name")
        if scope is not None:
            depts = depts.filter(pk__in=scope)
        f.fields["department"].choices = [("", _("全部")), *[(d.pk, d.name) for d in depts]]
    else:
        del f.fields["department"]
    f.fields["level"].choices = [("", _("全部")), *[(c, code_label("level", c, policy=policy))
                                                    for c in pool_levels(policy)]]
    dept, level = None, None
    if f.is_bound and f.is_valid():
        dept, level = f.cleaned_data.get("department"), f.cleaned_data["level"] or None
    view = pool_view(user=request.user, policy=policy, as_of=today(), lang=engine_lang(), department_id=dept,
                     level=level, scope=scope)
    return render(request, "web/talent/pool.html", {"view": view, "filter": f, "policy": policy,
                                                    "as_of": today()}, status=200 if not f.errors else 400)
