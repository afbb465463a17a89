"""The admin's user pages: the role groups chosen there go through ``user_set_roles``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.forms import ModelForm
from django.http import HttpRequest

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_set_roles
from careerpath.errors import ServiceError

User = get_user_model()


class CareerpathUserAdmin(UserAdmin):
    """Django's user pages; the role groups chosen here are applied by ``user_set_roles``."""

    readonly_fields = ("is_staff", "last_login", "date_joined")

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        user = form.instance
        chosen = form.cleaned_data.get("groups")
        if chosen is None:  # the add page has no groups
            super().save_related(request, form, formsets, change)
            return
        role_names = {r.value for r in Role}
        wanted = {Role(g.name) for g in chosen if g.name in role_names}
        # Other groups are saved by the form; the role groups stay as they were until the service
        # changes them, so it sees the change (permission check, staff flag, audit event).
        kept = Group.objects.filter(pk__in=user.groups.filter(name__in=role_names).values("pk"))
        form.cleaned_data["groups"] = [g for g in chosen if g.name not in role_names] + list(kept)
        super().save_related(request, form, formsets, change)
        try:
            user_set_roles(user=user, roles=wanted, actor=request.user)
        except ServiceError as exc:
            self.message_user(request, exc.message, level="error")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, CareerpathUserAdmin)
