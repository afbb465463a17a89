"""What an incident leads to, read from the policy with the SPEC's defaults. Pure: no Django, no clock.

A policy may override the defaults under ``process`` (unknown keys land in ``process.extra``):

    process:
      deduct_allowance_levels: [senior, expert]            # whose monthly allowance an incident withholds
      deduct_allowance_incidents: [重大事故, 重大投诉, 红头文件通报]
      demotion_incidents: [触犯高压线]                        # incidents that open a demotion case
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from careerpath.core.policy import Policy

# SPEC §5 Demotion: "the monthly senior/expert allowance (高级/资深津贴) of that month is deducted".
DEFAULT_DEDUCT_LEVELS: tuple[str, ...] = ("senior", "expert")
DEFAULT_DEDUCTION_INCIDENTS: tuple[str, ...] = ("重大事故", "重大投诉", "红头文件通报")
DEFAULT_DEMOTION_INCIDENTS: tuple[str, ...] = ("触犯高压线",)

CENT = Decimal("0.01")


def _strings(value: object, default: tuple[str, ...]) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return frozenset(default)
    return frozenset(str(v) for v in value)


def deduct_allowance_levels(policy: Policy) -> frozenset[str]:
    return _strings(policy.process.extra.get("deduct_allowance_levels"), DEFAULT_DEDUCT_LEVELS)


def deduction_incident_types(policy: Policy) -> frozenset[str]:
    return _strings(policy.process.extra.get("deduct_allowance_incidents"), DEFAULT_DEDUCTION_INCIDENTS)


def demotion_incident_types(policy: Policy) -> frozenset[str]:
    return _strings(policy.process.extra.get("demotion_incidents"), DEFAULT_DEMOTION_INCIDENTS)


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
