"""Reads of recognition: rounds with their counts, candidates, awards, contributions (a few queries each)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.people.selectors import department_subtree_ids
from careerpath.recognition.models import (
    Award,
    AwardRound,
    Candidate,
    Contribution,
    ContributionState,
    RoundState,
)

AnyUser = AbstractBaseUser | AnonymousUser


def _scope(user: AnyUser) -> list[int] | None:
    """None: every department (HR, VP, admin); a manager's subtree; [] for anyone else."""
    roles = user_roles(user=user)
    if roles & {Role.HR, Role.ADMIN, Role.VP}:
        return None
    if Role.MANAGER in roles:
        me = user_employee(user=user)
        if me is not None and me.department_id is not None:
            return department_subtree_ids(root_id=me.department_id)
    return []


def can_see_rounds(*, user: AnyUser) -> bool:
    return bool(user_roles(user=user) & {Role.HR, Role.ADMIN, Role.VP, Role.MANAGER})


def rounds_list(*, state: str = "") -> QuerySet[AwardRound]:
    qs = AwardRound.objects.select_related("policy_version").annotate(
        n_candidates=Count("candidates", distinct=True),
        n_nominated=Count("candidates", filter=Q(candidates__nominated=True), distinct=True),
        n_awards=Count("awards", distinct=True))
    return qs.filter(state=state) if state else qs


def round_get(*, pk: int) -> AwardRound | None:
    return AwardRound.objects.select_related("policy_version", "nominated_by", "decided_by").filter(pk=pk).first()


def candidates_of(*, round: AwardRound, user: AnyUser | None = None) -> list[Candidate]:
    """The round's candidates (a manager sees their departments' only), the rule's proposal first."""
    qs = Candidate.objects.filter(round=round).select_related("employee__department", "changed_by").order_by(
        "-nominated", "-proposed", "rank", "employee__department__name", "employee__employee_no")
    if user is not None:
        scope = _scope(user)
        if scope is not None:
            qs = qs.filter(employee__department_id__in=scope)
    return list(qs)


def candidate_get(*, round: AwardRound, pk: int) -> Candidate | None:
    return Candidate.objects.select_related("employee", "round").filter(round=round, pk=pk).first()


def awards_list(*, user: AnyUser, employee_id: int | None = None) -> QuerySet[Award]:
    """Awards the user may see: HR/VP all, a manager their departments', anyone their own."""
    qs = Award.objects.select_related("employee__department", "round__policy_version")
    if employee_id is not None:
        return qs.filter(employee_id=employee_id)
    scope = _scope(user)
    if scope is None:
        return qs
    me = user_employee(user=user)
    mine = Q(employee_id=me.pk) if me is not None else Q(pk__in=[])
    return qs.filter(Q(employee__department_id__in=scope) | mine)


def award_get(*, user: AnyUser, pk: int) -> Award | None:
    return awards_list(user=user).filter(pk=pk).first()


def awards_of(*, user: AnyUser) -> list[Award]:
    me = user_employee(user=user)
    if me is None:
        return []
    return list(Award.objects.select_related("round__policy_version").filter(employee=me).order_by("-granted_on", "-pk"))


def contributions_list(*, user: AnyUser) -> QuerySet[Contribution]:
    qs = Contribution.objects.select_related("employee__department", "proposed_by", "decided_by")
    scope = _scope(user)
    if scope is None:
        return qs
    me = user_employee(user=user)
    mine = Q(employee_id=me.pk) if me is not None else Q(pk__in=[])
    return qs.filter(Q(employee__department_id__in=scope) | mine)


def contribution_get(*, user: AnyUser, pk: int) -> Contribution | None:
    return contributions_list(user=user).filter(pk=pk).first()


# Waiting counts for the navigation (one batched statement, see web.nav)
def rounds_waiting(user: AnyUser) -> list[QuerySet]:
    roles = user_roles(user=user)
    out: list[QuerySet] = []
    if roles & {Role.HR, Role.ADMIN}:
        out.append(AwardRound.objects.filter(state=RoundState.PROPOSED))
    if Role.VP in roles:
        out.append(AwardRound.objects.filter(state=RoundState.NOMINATED))
    return out


def contributions_waiting(user: AnyUser) -> list[QuerySet]:
    if user_roles(user=user) & {Role.VP, Role.ADMIN}:
        return [Contribution.objects.filter(state=ContributionState.PROPOSED)]
    return []


def awards_recent(*, employee_id: int, limit: int = 3) -> list[Award]:
    """An employee's latest awards still standing, for their home page (one query)."""
    return list(Award.objects.select_related("round__policy_version")
                .filter(employee_id=employee_id, revoked_on__isnull=True).order_by("-granted_on", "-pk")[:limit])
