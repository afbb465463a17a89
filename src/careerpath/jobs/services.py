"""The daily apply-effective run: every position change whose effective date has come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careerpath.cycles.models import Cycle
from careerpath.cycles.services import cycles_sync_effective
from careerpath.discipline.services import ApplyResult, demotion_apply_effective
from careerpath.promotions.models import Application
from careerpath.promotions.services import apply_effective
from careerpath.talent.services import postings_fill


@dataclass(frozen=True, slots=True)
class EffectiveRun:
    applications: list[Application]  # promotions and lateral moves applied
    demotions: ApplyResult
    cycles: list[Cycle]  # cycles whose letters have now all taken effect


def effective_apply_all(*, today: date) -> EffectiveRun:
    """Apply promotions, lateral moves and demotions due on or before ``today``; idempotent.

    Promotions first: a cycle becomes effective only once its letters (promotion applications) are.
    Each step keeps its own transactions, so one bad record does not hold back the others.
    """
    applications = apply_effective(today=today)
    postings_fill(today=today)  # internal competition: the selected person joins the posting's department
    demotions = demotion_apply_effective(today=today)
    return EffectiveRun(applications, demotions, cycles_sync_effective(today=today))
