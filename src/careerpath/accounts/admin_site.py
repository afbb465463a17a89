"""The admin site: roles decide who enters. Imported while apps load, so it imports no model at the top."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class CareerpathAdminSite(admin.AdminSite):
    site_header = _("客服晋升通道 管理后台")
    site_title = _("careerpath 管理后台")
    index_title = _("数据管理")

    def has_permission(self, request: HttpRequest) -> bool:
        """The roles decide (SPEC §2: HR and admin work in the admin), not only the ``is_staff`` flag,
        so a role granted anywhere (a group added by a script) opens the admin as it should."""
        from careerpath.accounts.models import STAFF_ROLES
        from careerpath.accounts.selectors import user_roles

        user = request.user
        if not user.is_active:
            return False
        return bool(user.is_staff or user_roles(user=user) & STAFF_ROLES)


class CareerpathAdminConfig(AdminConfig):
    default_site = "careerpath.accounts.admin_site.CareerpathAdminSite"
