"""Reads for the annual selection: cycles, scoped candidate lists, rankings, quota groups, letters."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet

from careerpath.accounts.selectors import employees_visible_to
from careerpath.cycles import rules
from careerpath.cycles.models import Candidate, Cycle, Quota
from careerpath.errors import NotFound
from careerpath.people.selectors import department_parents
from careerpath.promotions.models import Application, Letter


def cycle_get(*, year: int) -> Cycle:
    cycle = Cycle.objects.select_related("policy_version", "notice").filter(year=year).first()
    if cycle is None:
        raise NotFound(f"{year} 年度评选不存在 (no cycle for {year})")
    return cycle


def candidates_visible_to(*, user: AbstractBaseUser | AnonymousUser, cycle: Cycle) -> QuerySet[Candidate]:
    """Candidates in the user's data scope: a manager sees their department's, HR/committee/VP all."""
    return (Candidate.objects.filter(cycle=cycle, employee__in=employees_visible_to(user=user))
            .select_related("employee", "application").order_by("move_id", "rank", "employee__employee_no"))


def ranking(*, cycle: Cycle, move_id: str | None = None) -> QuerySet[Candidate]:
    """The nominated candidates of the selected moves in rank order (unranked ones last)."""
    qs = Candidate.objects.filter(cycle=cycle, nominated=True, selectable=True).select_related("employee")
    if move_id:
        qs = qs.filter(move_id=move_id)
    return qs.order_by("move_id", "rank", "employee__employee_no")


def _department_parents() -> dict[int, int | None]:
    return department_parents()


def _quota_rules(cycle: Cycle) -> list[rules.QuotaRule]:
    return [rules.QuotaRule(q.move_id, q.department_id, q.absolute,
                            float(q.percent) if q.percent is not None else None)
            for q in Quota.objects.filter(cycle=cycle)]


def quota_groups_of(cycle: Cycle) -> list[rules.QuotaGroup]:
    """The nominated candidates grouped under the quota that applies to them, each group sized."""
    nominees = [rules.Nominee(pk, move_id, dept, rank) for pk, move_id, dept, rank in Candidate.objects.filter(
        cycle=cycle, nominated=True, selectable=True).values_list("pk", "move_id", "department_id", "rank")]
    return rules.quota_groups(nominees, _quota_rules(cycle), _department_parents())


def cycle_applications(cycle: Cycle, *states: str) -> list[Application]:
    """The promotion applications the cycle created (optionally in the given states), oldest first."""
    qs = Application.objects.filter(cycle_candidacies__cycle=cycle).select_related(
        "employee", "employee__department", "policy_version").order_by("pk")
    if states:
        qs = qs.filter(state__in=states)
    return list(qs)


def cycle_letters(*, cycle: Cycle) -> QuerySet[Letter]:
    return Letter.objects.filter(application__cycle_candidacies__cycle=cycle).select_related(
        "application", "application__employee", "application__employee__department",
        "application__policy_version").order_by("pk")


def cycle_candidate_counts(*, cycle: Cycle) -> list[tuple[str, int]]:
    """How many candidates each move of the cycle lists, by move id."""
    rows = (Candidate.objects.filter(cycle=cycle).order_by("move_id").values_list("move_id")
            .annotate(n=Count("id")))
    return [(move_id, n) for move_id, n in rows]
