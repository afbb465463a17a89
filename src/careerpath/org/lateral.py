"""Reads about lateral moves (横向调整, SPEC §3): who may move now, and the moves in progress.

A lateral move is an application like a promotion (``promotions.services.application_create`` with a
move of type ``lateral``) and follows the same workflow; these reads only gather them for HR's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from careerpath.accounts.selectors import employees_visible_to
from careerpath.core.policy import Policy
from careerpath.core.workflow import FINAL
from careerpath.evaluation.team import MoveBrief, TeamRow, team_rows, team_scope
from careerpath.promotions.models import Application


@dataclass(frozen=True, slots=True)
class LateralCandidate:
    row: TeamRow
    move: MoveBrief


def lateral_applications(*, user: AbstractBaseUser | AnonymousUser, limit: int = 300,
                         recent: int = 20) -> tuple[list[Application], list[Application]]:
    """Lateral moves in the user's data scope: (in progress, oldest first; the latest finished), one query."""
    final = {s.value for s in FINAL}
    apps = list(Application.objects.filter(move_type="lateral", employee__in=employees_visible_to(user=user))
                .select_related("employee", "employee__department").order_by("-updated_at", "-pk")[:limit])
    going = sorted((a for a in apps if a.state not in final), key=lambda a: (a.created_at, a.pk))
    return going, [a for a in apps if a.state in final][:recent]


def lateral_candidates(*, user: AbstractBaseUser | AnonymousUser, policy: Policy, as_of: date, lang: str,
                       eligible_only: bool = True) -> list[LateralCandidate]:
    """The people in the user's team overview with a lateral move the policy allows (eligible now by default).

    Read from the team overview's cached summaries (``evaluation.team``): fresh for the facts on record.
    """
    scope = team_scope(user=user)
    if scope is None:
        return []
    out = []
    for row in team_rows(scope=scope, policy=policy, as_of=as_of, lang=lang):
        for m in row.moves:
            if m.move == "lateral" and (m.eligible or not eligible_only):
                out.append(LateralCandidate(row, m))
    out.sort(key=lambda c: (c.row.employee_no, c.move.target_level))
    return out
