"""Pages: data and administration (数据与管理) for HR and admin — the workbook import and export, the
working-day calendar, users and roles, the policy versions and the audit log. The views live in
``data_import``, ``data_calendar``, ``data_users``, ``data_policies`` and ``data_audit``; this module owns
the URLs and the navigation entries."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import data_audit as audit
from careerpath.web.pages import data_calendar as calendar
from careerpath.web.pages import data_import as imports
from careerpath.web.pages import data_policies as policies
from careerpath.web.pages import data_users as users

_HR = frozenset({Role.HR, Role.ADMIN})
for _order, (_key, _label, _url) in enumerate([
    ("data_import", _("数据导入"), "data_import"),
    ("data_export", _("数据导出"), "data_export"),
    ("data_calendar", _("工作日历"), "data_calendar"),
    ("data_users", _("用户与角色"), "data_users"),
    ("policy_versions", _("政策版本"), "policy_versions"),
    ("data_audit", _("审计日志"), "data_audit"),
]):
    nav_register(NavEntry(_key, _label, _url, _HR, order=200 + _order, group="data"))

urlpatterns: list[URLPattern] = [
    path("data/import/", imports.data_import, name="data_import"),
    path("data/import/commit/", imports.data_import_commit, name="data_import_commit"),
    path("data/export/", imports.data_export, name="data_export"),
    path("data/export.xlsx", imports.data_export_download, name="data_export_download"),
    path("data/calendar/", calendar.calendar_index, name="data_calendar"),
    path("data/calendar/<int:year>/", calendar.calendar_year, name="data_calendar_year"),
    path("data/calendar/<int:year>/day/", calendar.calendar_day, name="data_calendar_day"),
    path("data/calendar/<int:year>/enter/", calendar.calendar_enter, name="data_calendar_enter"),
    path("data/users/", users.user_list, name="data_users"),
    path("data/users/new/", users.user_new, name="data_user_new"),
    path("data/users/<str:username>/", users.user_detail, name="data_user"),
    path("data/users/<str:username>/unlock/", users.user_unlock, name="data_user_unlock"),
    path("data/users/<str:username>/active/", users.user_active, name="data_user_active"),
    path("data/policies/", policies.policy_versions, name="policy_versions"),
    path("data/policies/<int:pk>/", policies.policy_version_detail, name="policy_version_detail"),
    path("data/audit/", audit.audit_log, name="data_audit"),
    path("data/audit.csv", audit.audit_csv, name="data_audit_csv"),
    path("data/audit.xlsx", audit.audit_xlsx, name="data_audit_xlsx"),
]
