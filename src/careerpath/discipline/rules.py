"""What an incident leads to, read from the policy's typed ``process`` settings. Pure: no Django, no clock.

    process:
      deduct_allowance_levels: [senior, expert]            # whose monthly allowance an incident withholds
      deduct_allowance_incidents: [重大事故, 重大投诉, 红头文件通报]
      demotion_incidents: [触犯高压线]                        # incidents that open a demotion case

The loader checks the levels and incident types against the policy; their defaults are SPEC §5's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from careerpath.core.policy import Policy

CENT = Decimal("0.01")


def deduct_allowance_levels(policy: Policy) -> frozenset[str]:
    return frozenset(policy.process.deduct_allowance_levels)


def deduction_incident_types(policy: Policy) -> frozenset[str]:
    return frozenset(policy.process.deduct_allowance_incidents)


def demotion_incident_types(policy: Policy) -> frozenset[str]:
    return frozenset(policy.process.demotion_incidents)


def monthly_allowance(policy: Policy, level: str | None) -> Decimal:
    """The level's monthly allowance in yuan, exact to the fen (0 for an unknown or missing level)."""
    lv = policy.levels.get(level or "")
    if lv is None:
        return Decimal("0.00")
    # Through str: the policy stores a float, and Decimal(500.1) would carry binary noise into payroll.
    return Decimal(str(lv.allowance)).quantize(CENT)


def month_start(day: date) -> date:
    return day.replace(day=1)


def level_name(policy: Policy, level: str | None) -> str:
    lv = policy.levels.get(level or "")
    return lv.name.zh if lv is not None else (level or "")
