"""Departments, employees and their position history (任职记录)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sourced(models.Model):
    """Where a record came from: an imported file and row, or the user who entered it (SPEC §6)."""

    source_file = models.CharField(_("来源文件"), max_length=255, blank=True, default="")
    source_row = models.PositiveIntegerField(_("来源行"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def source_label(self) -> str:
        if self.source_file:
            return f"{self.source_file}:{self.source_row}" if self.source_row else self.source_file
        return str(self.created_by) if self.created_by_id else ""


class Department(models.Model):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = pgettext_lazy("plural", "部门")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Education(models.TextChoices):
    # The canonical keys of core.facts.EDUCATION_RANK, lowest first.
    PRIMARY = "小学", _("小学")
    JUNIOR_HIGH = "初中", _("初中")
    HIGH_SCHOOL = "高中", _("高中")
    SECONDARY_VOCATIONAL = "中专", _("中专")
    VOCATIONAL_HIGH = "职高", _("职高")
    COLLEGE = "大专", _("大专")
    BACHELOR = "本科", _("本科")
    MASTER = "硕士", _("硕士")
    DOCTOR = "博士", _("博士")


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    LEFT = "left", _("离职")


class Employee(Sourced):
    employee_no = models.CharField(_("工号"), max_length=32, unique=True)
    name = models.CharField(_("姓名"), max_length=100)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True, default="")
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=8, choices=Education.choices, blank=True, default="")
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("直接上级"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    hired_on = models.DateField(_("入司日期"))
    cs_start_on = models.DateField(_("入客服岗日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("转正日期"), null=True, blank=True)
    system_account = models.CharField(_("系统账号"), max_length=64, blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=8, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = pgettext_lazy("plural", "员工")
        ordering = ["employee_no"]
        indexes = [models.Index(fields=["department", "status"], name="employee_dept_status")]

    def __str__(self) -> str:
        return f"{self.employee_no} {self.name}"


class PositionReason(models.TextChoices):
    HIRED = "入职", _("入职")
    PLACEMENT = "初评", _("初评")
    PROMOTION = "晋升", _("晋升")
    DEMOTION = "降级", _("降级")
    LATERAL = "横向", _("横向")
    APPOINTMENT = "任命", _("任命")


class Position(Sourced):
    """One level held from ``start_on``; the open row (no end) is the current level."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("员工"), on_delete=models.CASCADE, related_name="positions"
    )
    # A level code of the policy; the policy is data (YAML), so this is not a database choice list.
    level = models.CharField(_("职级"), max_length=64)
    start_on = models.DateField(_("起始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    reason = models.CharField(
        _("变动类型"), max_length=8, choices=PositionReason.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("任职记录")
        verbose_name_plural = pgettext_lazy("plural", "任职记录")
        ordering = ["employee", "start_on"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "start_on"], name="position_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.level} {self.start_on}"
