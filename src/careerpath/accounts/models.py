"""Roles of SPEC §2. Each role is a Django Group of the same name, so the admin can manage them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("员工")
    MENTOR = "mentor", _("导师")
    SUPERVISOR = "supervisor", _("直接上级")
    MANAGER = "manager", _("部门负责人")
    COMMITTEE = "committee", _("评定小组")
    VP = "vp", _("分管副总")
    HR = "hr", _("人力资源")
    ADMIN = "admin", _("系统管理员")


# Roles whose holders read every employee's record. The committee ranks and the VP approves
# candidates across departments (SPEC §5), so they read company-wide too; they change nothing here.
COMPANY_WIDE_ROLES = frozenset({Role.HR, Role.ADMIN, Role.COMMITTEE, Role.VP})

# Roles that work in the admin site (data entry, imports, users).
STAFF_ROLES = frozenset({Role.HR, Role.ADMIN})
