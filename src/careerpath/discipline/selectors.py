"""Reads for discipline: cases and deductions in a user's scope, and the monthly allowance sheet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from careerpath.accounts.permissions import require_scope
from careerpath.accounts.selectors import employees_visible_to
from careerpath.core.policy import Policy
from careerpath.discipline import rules
from careerpath.discipline.models import AllowanceDeduction, CaseDocument, DemotionCase
from careerpath.errors import NotFound
from careerpath.people.models import Employee, EmployeeStatus, Position
from careerpath.policy_versions.selectors import active_policy

AnyUser = AbstractBaseUser | AnonymousUser


def cases_visible_to(*, user: AnyUser, state: str | None = None, employee_no: str | None = None
                     ) -> QuerySet[DemotionCase]:
    """Cases about the employees ``user`` may read (the subject sees their own case)."""
    qs = DemotionCase.objects.filter(employee__in=employees_visible_to(user=user))
    if state:
        qs = qs.filter(state=state)
    if employee_no:
        qs = qs.filter(employee__employee_no=employee_no)
    return qs.select_related("employee", "employee__department", "opened_by").order_by("-created_at", "-pk")


def case_get(*, user: AnyUser, pk: int) -> DemotionCase:
    """One case with its packet prefetched, or NotFound / Forbidden (out of scope)."""
    case = (DemotionCase.objects.select_related("employee", "employee__department", "opened_by")
            .prefetch_related("incidents", "decisions__actor", "documents").filter(pk=pk).first())
    if case is None:
        raise NotFound(f"降级案件 #{pk} 不存在 (no such case)")
    require_scope(user, case.employee, action="查看降级案件")
    return case


def document_get(*, user: AnyUser, pk: int) -> CaseDocument:
    doc = CaseDocument.objects.select_related("case__employee", "incident__employee").filter(pk=pk).first()
    if doc is None:
        raise NotFound(f"证据材料 #{pk} 不存在 (no such document)")
    owner = doc.case.employee if doc.case_id else doc.incident.employee
    require_scope(user, owner, action="查看证据材料")
    return doc


def case_documents(*, case: DemotionCase) -> list[CaseDocument]:
    """The case's own documents and those of its linked incidents (the evidence packet's files)."""
    incident_ids = [i.pk for i in case.incidents.all()]
    return list(CaseDocument.objects.filter(Q(case=case) | Q(incident_id__in=incident_ids))
                .order_by("uploaded_at", "pk"))


def deductions_visible_to(*, user: AnyUser, month: date | None = None, employee_no: str | None = None
                          ) -> QuerySet[AllowanceDeduction]:
    qs = AllowanceDeduction.objects.filter(employee__in=employees_visible_to(user=user))
    if month is not None:
        qs = qs.filter(month=rules.month_start(month))
    if employee_no:
        qs = qs.filter(employee__employee_no=employee_no)
    return qs.select_related("employee", "incident").order_by("-month", "employee__employee_no", "pk")


# ---------------------------------------------------------------------------------------------------
# The monthly allowance sheet


@dataclass(frozen=True, slots=True)
class AllowanceRow:
    employee_no: str
    name: str
    department: str
    level: str  # level code held on the month's first day ("" when none)
    level_name: str
    standard: Decimal  # the policy's monthly allowance of the level
    deducted: Decimal  # the month's deductions, capped at the standard
    reasons: tuple[str, ...] = field(default_factory=tuple)
    net: Decimal = Decimal("0.00")  # standard − deducted, never below 0


@dataclass(frozen=True, slots=True)
class AllowanceSheet:
    month: date
    rows: list[AllowanceRow]

    @property
    def total_standard(self) -> Decimal:
        return sum((r.standard for r in self.rows), Decimal("0.00"))

    @property
    def total_deducted(self) -> Decimal:
        return sum((r.deducted for r in self.rows), Decimal("0.00"))

    @property
    def total_net(self) -> Decimal:
        return sum((r.net for r in self.rows), Decimal("0.00"))


def monthly_allowances(*, month: date, policy: Policy | None = None) -> AllowanceSheet:
    """Every active employee's allowance for ``month``: level on the 1st, standard, deductions, net.

    Three queries whatever the headcount (employees, positions covering the 1st, the month's
    deductions). A deduction larger than the standard (the person was promoted mid-month) is shown
    capped, so the sheet's columns add up: 实发 = 标准 − 扣减.
    """
    policy = policy or active_policy()
    first = rules.month_start(month)
    people = list(Employee.objects.filter(status=EmployeeStatus.ACTIVE)
                  .values_list("pk", "employee_no", "name", "department__name").order_by("employee_no"))
    level_of: dict[int, tuple[date, int, str]] = {}
    covering = (Position.objects.filter(employee__status=EmployeeStatus.ACTIVE, start_on__lte=first)
                .filter(Q(end_on__isnull=True) | Q(end_on__gte=first))
                .values_list("employee_id", "start_on", "pk", "level"))
    for emp_id, start_on, pk, level in covering.iterator(chunk_size=20_000):
        # Overlapping imported rows: the latest start wins, as for the current position (SPEC §7).
        if emp_id not in level_of or (start_on, pk) > level_of[emp_id][:2]:
            level_of[emp_id] = (start_on, pk, level)
    deducted: dict[int, Decimal] = defaultdict(Decimal)
    reasons: dict[int, list[str]] = defaultdict(list)
    for emp_id, amount, reason in (AllowanceDeduction.objects.filter(month=first)
                                   .values_list("employee_id", "amount", "reason").order_by("pk")):
        deducted[emp_id] += amount
        reasons[emp_id].append(reason)
    rows = []
    for pk, no, name, dept in people:
        level = level_of[pk][2] if pk in level_of else ""
        standard = rules.monthly_allowance(policy, level)
        cut = min(deducted.get(pk, Decimal("0")), standard).quantize(rules.CENT)
        rows.append(AllowanceRow(employee_no=no, name=name, department=dept or "", level=level,
                                 level_name=rules.level_name(policy, level), standard=standard, deducted=cut,
                                 reasons=tuple(reasons.get(pk, ())), net=standard - cut))
    return AllowanceSheet(month=first, rows=rows)
