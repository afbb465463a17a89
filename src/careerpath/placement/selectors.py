"""Reads for initial placement: runs, the proposals in a user's data scope, who was placed before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from careerpath.accounts.selectors import employees_visible_to
from careerpath.errors import NotFound
from careerpath.people.models import Position, PositionReason
from careerpath.placement.models import PlacementProposal, PlacementRun, RunState


def run_get(*, pk: int) -> PlacementRun:
    run = PlacementRun.objects.select_related("policy_version").filter(pk=pk).first()
    if run is None:
        raise NotFound(f"初评 #{pk} 不存在 (no such placement run)")
    return run


def proposals_visible_to(*, user: AbstractBaseUser | AnonymousUser, run: PlacementRun) -> QuerySet[PlacementProposal]:
    """A manager reviews their department's proposals; HR sees all."""
    return (PlacementProposal.objects.filter(run=run, employee__in=employees_visible_to(user=user))
            .select_related("employee").order_by("department_name", "employee__employee_no"))


def already_placed_ids(employee_ids: QuerySet | Sequence[int] | None = None) -> set[int]:
    """Employees placed before: a position with reason 初评, or a proposal of a confirmed run.

    ``employee_ids`` narrows the check; pass a ``values("employee_id")`` queryset for large sets, so the
    database gets one subquery rather than a list of ids.
    """
    pos = Position.objects.filter(reason=PositionReason.PLACEMENT)
    prop = PlacementProposal.objects.filter(run__state=RunState.CONFIRMED)
    if employee_ids is not None:
        pos, prop = pos.filter(employee_id__in=employee_ids), prop.filter(employee_id__in=employee_ids)
    return set(pos.values_list("employee_id", flat=True)) | set(prop.values_list("employee_id", flat=True))


# ---------------------------------------------------------------------------------------------------
# For the pages (issue 9): counts, the review period, the explanation in the page's language


def run_counts(*, run: PlacementRun, proposals: QuerySet[PlacementProposal] | None = None) -> dict[str, int]:
    """How many proposals the run (or ``proposals``, e.g. a manager's share) has, reviewed, adjusted… (one query)."""
    from django.db.models import Count, Q

    qs = proposals if proposals is not None else PlacementProposal.objects.filter(run=run)
    # Keys that are not field names: an aggregate named like a field cannot filter on that field.
    got = qs.order_by().aggregate(
        n_proposals=Count("pk"), n_reviewed=Count("pk", filter=Q(reviewed_at__isnull=False)),
        n_adjusted=Count("pk", filter=~Q(adjusted_level="")),
        n_kept=Count("pk", filter=Q(kept_management_post=True)),
        n_to_review=Count("pk", filter=Q(reviewed_at__isnull=True, kept_management_post=False)),
        n_confirmed=Count("pk", filter=Q(confirmed=True)))
    return {"proposals": got["n_proposals"], "reviewed": got["n_reviewed"], "adjusted": got["n_adjusted"],
            "kept_management_post": got["n_kept"], "to_review": got["n_to_review"],
            "confirmed": got["n_confirmed"]}


def runs_list() -> list[PlacementRun]:
    """Every run, newest first, with its counts in the same query."""
    from django.db.models import Count, Q

    return list(PlacementRun.objects.select_related("policy_version", "started_by").annotate(
        n_proposals=Count("proposals"),
        n_reviewed=Count("proposals", filter=Q(proposals__reviewed_at__isnull=False)),
        n_adjusted=Count("proposals", filter=~Q(proposals__adjusted_level=""))).order_by("-id"))


def runs_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> list[PlacementRun]:
    """The runs with at least one proposal in the user's data scope, newest first, with the user's share counted."""
    from django.db.models import Count, Q

    mine = Q(proposals__employee__in=employees_visible_to(user=user))
    return list(PlacementRun.objects.select_related("policy_version").filter(mine).annotate(
        n_proposals=Count("proposals", filter=mine, distinct=True),
        n_to_review=Count("proposals", filter=mine & Q(proposals__reviewed_at__isnull=True,
                                                       proposals__kept_management_post=False), distinct=True),
    ).order_by("-id"))


def runs_awaiting_review_count(*, user: AbstractBaseUser | AnonymousUser, today: date) -> int:
    """The navigation's count (one query); see :func:`runs_awaiting_review_queryset`."""
    return runs_awaiting_review_queryset(user=user, today=today).count()


def runs_awaiting_review_queryset(*, user: AbstractBaseUser | AnonymousUser, today: date) -> QuerySet[PlacementRun]:
    """For a department manager, open runs within their review period with a proposal in their department
    not reviewed yet (the scope is a subquery); for HR, the runs that wait for HR (the period over, to
    close; or closed, to confirm)."""
    if not user.is_authenticated:
        return PlacementRun.objects.none()
    from careerpath.accounts.models import Role
    from careerpath.accounts.selectors import user_roles

    if user_roles(user=user) & {Role.HR, Role.ADMIN}:
        # HR's turn: a run whose review period is over (to close) or closed (to confirm).
        return PlacementRun.objects.filter(Q(state=RunState.OPEN, review_deadline__lt=today)
                                           | Q(state=RunState.REVIEWED))
    return (PlacementRun.objects.filter(
        state=RunState.OPEN, review_deadline__gte=today,
        proposals__employee__in=employees_visible_to(user=user).exclude(user_id=user.pk),
        proposals__reviewed_at__isnull=True, proposals__kept_management_post=False)
        .values("pk").distinct())


def review_working_days_left(*, run: PlacementRun, today: date) -> int | None:
    """Working days left in the department review, today included (0 once it is over; None without a calendar)."""
    from careerpath.calendars.selectors import work_calendar
    from careerpath.core.workdays import CalendarMissing

    if run.state != RunState.OPEN or today > run.review_deadline:
        return 0
    try:
        return work_calendar().working_days_between(today, run.review_deadline)
    except CalendarMissing:
        return None


def proposal_get(*, run: PlacementRun, pk: int) -> PlacementProposal:
    p = (PlacementProposal.objects.select_related("employee", "reviewed_by").filter(run=run, pk=pk).first())
    if p is None:
        raise NotFound(f"初评建议 #{pk} 不存在 (no such proposal)")
    return p


def proposal_standards(*, proposal: PlacementProposal, lang: str) -> list[dict[str, Any]]:
    """The standards tried for the person, from the top, worded in ``lang``.

    The stored standards are the record (worded in Chinese when the run started). For another language the
    person is evaluated again as of the run's date and that wording is used only when every standard and
    criterion comes out exactly as stored; otherwise the stored text is shown as recorded.
    """
    stored = list(proposal.standards or [])
    if lang == "zh" or not stored:
        return stored
    from careerpath.core.engine import evaluate
    from careerpath.evidence.selectors import load_population
    from careerpath.policy_versions.selectors import policy_of

    run = proposal.run
    policy, no = policy_of(run.policy_version), proposal.employee.employee_no
    # The placement standards never read the vacancies (the skill trunk only): the person's facts suffice.
    ev = evaluate(load_population(policy=policy, employee_no=no), policy, run.as_of, lang=lang, employee_no=no,
                  placements=True)
    again = next((p.to_dict()["standards"] for p in ev.placements
                  if p.employee_no == proposal.employee.employee_no), None)
    if again is None or _outcomes(again) != _outcomes(stored):
        return stored
    return again


def _outcomes(standards: Sequence[dict[str, Any]]) -> list[tuple]:
    def crit(cs: Sequence[dict[str, Any]]) -> list[tuple]:
        return [(c.get("id"), bool(c.get("passed")), crit(c.get("children", ()))) for c in cs]

    return [(s.get("level"), bool(s.get("met")), crit(s.get("criteria", ()))) for s in standards]


def departments_of(*, run: PlacementRun, proposals: QuerySet[PlacementProposal]) -> list[str]:
    """The department names among ``proposals`` (the filter's choices), in order."""
    return sorted({n for n in proposals.order_by().values_list("department_name", flat=True).distinct() if n})


def run_level_counts(*, run: PlacementRun) -> list[tuple[str, int, int]]:
    """Per level: (level, proposed by the engine, final after the departments' adjustments); one query.

    Management posts kept are left out (they are not placed).
    """
    from collections import Counter

    proposed: Counter[str] = Counter()
    final: Counter[str] = Counter()
    for p, a in (PlacementProposal.objects.filter(run=run, kept_management_post=False).order_by()
                 .values_list("proposed_level", "adjusted_level").iterator(chunk_size=20_000)):
        proposed[p] += 1
        final[a or p] += 1
    from careerpath.policy_versions.selectors import policy_of

    order = list(policy_of(run.policy_version).levels)
    order += sorted((set(proposed) | set(final)) - set(order))
    return [(lv, proposed.get(lv, 0), final.get(lv, 0)) for lv in order if proposed.get(lv) or final.get(lv)]


def adjusted_proposals(*, run: PlacementRun, limit: int = 500) -> list[PlacementProposal]:
    """The proposals a department adjusted, with the reviewer (one query)."""
    return list(PlacementProposal.objects.filter(run=run).exclude(adjusted_level="")
                .select_related("employee", "reviewed_by").order_by("department_name", "employee__employee_no")[:limit])


@dataclass(frozen=True, slots=True)
class StandardsSummary:
    met_level: str | None  # the highest standard met (the proposed level), None for a kept management post
    next_level: str | None  # the standard tried just above it, not met
    next_failing: int  # how many of that standard's criteria failed


def standards_summary(standards: Sequence[dict[str, Any]]) -> StandardsSummary:
    """Why the engine proposed what it did, in a few codes: the standard met and the one missed above it."""
    above: dict[str, Any] | None = None
    for s in standards:
        if s.get("met"):
            failing = sum(1 for c in (above or {}).get("criteria", ()) if not c.get("passed"))
            return StandardsSummary(s.get("level"), above.get("level") if above else None, failing)
        above = s
    failing = sum(1 for c in (above or {}).get("criteria", ()) if not c.get("passed"))
    return StandardsSummary(None, above.get("level") if above else None, failing)
