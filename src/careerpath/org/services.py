"""Writes for headcount plans (岗位编制)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.errors import Conflict, InvalidInput
from careerpath.org.models import HeadcountPlan
from careerpath.people.models import Department
from careerpath.policy_versions.selectors import active_policy


@transaction.atomic
def headcount_set(*, actor: AbstractBaseUser | None, department: Department | None, level: str, planned: int,
                  note: str | None = None) -> HeadcountPlan:
    """Create or change the planned posts of ``level`` in ``department`` (None: company-wide).

    HR only; ``actor`` None is the system itself (the demo loader, commands).
    """
    if actor is not None:
        require_roles(actor, Role.HR, action="设置岗位编制")
    policy = active_policy()
    if level not in policy.levels:
        known = "、".join(policy.levels)
        raise InvalidInput(f"未知职级 {level!r}，应为：{known} (unknown level)", code="unknown_level", field="level")
    if isinstance(planned, bool) or not isinstance(planned, int) or planned < 0:
        raise InvalidInput(f"编制人数应为非负整数，收到 {planned!r} (planned must be a non-negative integer)",
                           code="invalid_planned", field="planned")
    # Lock the row (or the absence of it, via the unique constraints) so two HR edits serialise.
    # order_by(): the default ordering joins the department, and PostgreSQL cannot lock an outer join.
    plan = HeadcountPlan.objects.select_for_update().filter(department=department, level=level).order_by().first()
    before = plan.planned if plan is not None else None
    if plan is None:
        plan = HeadcountPlan(department=department, level=level, planned=planned, note=note or "")
    else:
        plan.planned = planned
        if note is not None:
            plan.note = note
    plan.updated_by = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():  # a savepoint, so a lost creation race leaves the outer transaction usable
            plan.save()
    except IntegrityError:
        raise Conflict("该编制刚被他人修改，请重试 (changed concurrently, retry)", code="concurrent_change") from None
    audit_record(
        actor=actor, action="headcount.set", target=plan,
        from_state="" if before is None else str(before), to_state=str(planned), reason=plan.note,
        data={"department": department.name if department else None, "level": level},
    )
    return plan
