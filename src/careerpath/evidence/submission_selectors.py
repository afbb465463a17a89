"""Reads about submitted evidence, mentees and what a supervisor has recorded: who sees what, what waits.

Who may see a submission (and its file): the submitter, whoever may confirm it (the submitter's direct
supervisor, for a mentee's independence the mentee's direct supervisor, HR), and staff whose data scope
covers the submitter (``accounts.selectors.employees_visible_to``: a department manager, the committee,
the VP). Everyone else is refused. Each count for the navigation is one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import can_view_employee, user_roles
from careerpath.evidence import models as m
from careerpath.evidence.models import EvidenceSubmission, SubmissionKind
from careerpath.evidence.workflow import SubmissionState
from careerpath.people.models import Employee, EmployeeStatus

AnyUser = AbstractBaseUser | AnonymousUser

# A rejection stays in the employee's count for a month unless they send it again.
REJECTED_ATTENTION_DAYS = 30

_DETAIL = ("employee", "employee__department", "employee__supervisor", "mentee", "mentee__supervisor",
           "decided_by", "praise", "training", "mentorship", "replaces", "replaced_by")


def _pending() -> QuerySet[EvidenceSubmission]:
    return EvidenceSubmission.objects.filter(state=SubmissionState.PENDING)


def _waiting_filter(user: AbstractBaseUser, roles: frozenset[Role]) -> Q | None:
    """The pending submissions ``user`` may decide (None: none), never their own or about themself."""
    if roles & {Role.HR, Role.ADMIN}:
        scope = Q()
    elif Role.SUPERVISOR in roles:
        scope = Q(employee__supervisor__user_id=user.pk) | Q(
            kind=SubmissionKind.MENTEE_INDEPENDENCE, mentee__supervisor__user_id=user.pk)
    else:
        return None
    return scope & ~Q(employee__user_id=user.pk) & (Q(mentee__isnull=True) | ~Q(mentee__user_id=user.pk))


def submissions_waiting_for(*, user: AnyUser) -> list[EvidenceSubmission]:
    """What waits for ``user`` to confirm or reject, oldest first (one query)."""
    if not user.is_authenticated:
        return []
    scope = _waiting_filter(user, user_roles(user=user))
    if scope is None:
        return []
    return list(_pending().filter(scope).select_related("employee", "employee__department", "employee__supervisor",
                                                        "mentee").order_by("created_at", "pk"))


def submissions_waiting_count(user: AnyUser) -> int:
    """The navigation's count of :func:`submissions_waiting_for` (one query; the roles are cached)."""
    if not user.is_authenticated:
        return 0
    scope = _waiting_filter(user, user_roles(user=user))
    return 0 if scope is None else _pending().filter(scope).count()


@dataclass(frozen=True, slots=True)
class WaitingCounts:
    attention: int  # the user's own recent rejections not sent again
    to_confirm: int  # pending submissions the user may decide


def waiting_counts(*, user: AnyUser) -> WaitingCounts:
    """Both counts of the navigation in one query (only pending rows and the user's own are read)."""
    if not user.is_authenticated:
        return WaitingCounts(0, 0)
    since = timezone.now() - timedelta(days=REJECTED_ATTENTION_DAYS)
    mine = Q(employee__user_id=user.pk, state=SubmissionState.REJECTED, decided_at__gte=since,
             replaced_by__isnull=True)
    scope = _waiting_filter(user, user_roles(user=user))
    counts: dict[str, Any] = {"attention": Count("pk", filter=mine)}
    if scope is not None:
        counts["to_confirm"] = Count("pk", filter=Q(state=SubmissionState.PENDING) & scope)
    row = (EvidenceSubmission.objects.filter(Q(employee__user_id=user.pk) | Q(state=SubmissionState.PENDING))
           .aggregate(**counts))
    return WaitingCounts(row["attention"] or 0, row.get("to_confirm") or 0)


def submissions_of(*, employee: Employee) -> list[EvidenceSubmission]:
    """Every submission of ``employee``, newest first (one query)."""
    return list(EvidenceSubmission.objects.filter(employee=employee)
                .select_related("mentee", "decided_by", "replaced_by").order_by("-created_at", "-pk"))


def submissions_attention_count(user: AnyUser) -> int:
    """The employee's own count: rejections of the last month not yet sent again (one query)."""
    if not user.is_authenticated:
        return 0
    since = timezone.now() - timedelta(days=REJECTED_ATTENTION_DAYS)
    return EvidenceSubmission.objects.filter(employee__user_id=user.pk, state=SubmissionState.REJECTED,
                                             decided_at__gte=since, replaced_by__isnull=True).count()


def submission_get(*, pk: int) -> EvidenceSubmission | None:
    return EvidenceSubmission.objects.select_related(*_DETAIL).filter(pk=pk).first()


def submission_may_decide(*, user: AnyUser, submission: EvidenceSubmission) -> bool:
    """True when ``user`` may confirm or reject ``submission`` now (the service checks it again)."""
    if not user.is_authenticated or submission.state != SubmissionState.PENDING:
        return False
    mentee = submission.mentee
    if submission.employee.user_id == user.pk or (mentee is not None and mentee.user_id == user.pk):
        return False
    roles = user_roles(user=user)
    if roles & {Role.HR, Role.ADMIN}:
        return True
    if Role.SUPERVISOR not in roles:
        return False
    sup = submission.employee.supervisor
    if sup is not None and sup.user_id == user.pk:
        return True
    return (submission.kind == SubmissionKind.MENTEE_INDEPENDENCE and mentee is not None
            and mentee.supervisor is not None and mentee.supervisor.user_id == user.pk)


def submission_may_view(*, user: AnyUser, submission: EvidenceSubmission) -> bool:
    """The submitter, its confirmers and staff whose scope covers the submitter (the file too)."""
    if not user.is_authenticated:
        return False
    if submission.employee.user_id == user.pk:
        return True
    roles = user_roles(user=user)
    if roles & {Role.HR, Role.ADMIN}:
        return True
    mentee = submission.mentee
    if (Role.SUPERVISOR in roles and mentee is not None and mentee.supervisor is not None
            and mentee.supervisor.user_id == user.pk):
        return True
    return can_view_employee(user=user, employee=submission.employee)


# ---------------------------------------------------------------------------------------------------
# Mentees


@dataclass(frozen=True, slots=True)
class MenteeRow:
    mentorship: m.Mentorship
    pending: EvidenceSubmission | None  # the mentor's report waiting for a confirmer
    rejected: EvidenceSubmission | None  # the latest rejected report, when none is pending

    @property
    def mentee(self) -> Employee:
        return self.mentorship.mentee

    @property
    def independent(self) -> bool:
        return self.mentorship.independent_on is not None

    @property
    def can_report(self) -> bool:
        return not self.independent and self.pending is None and self.mentee.status == EmployeeStatus.ACTIVE


def mentees_of(*, mentor: Employee) -> list[MenteeRow]:
    """The mentor's mentees (from 带教 records) with their reports: still in training first (two queries)."""
    mentorships = list(m.Mentorship.objects.filter(mentor=mentor)
                       .select_related("mentee", "mentee__department", "mentee__supervisor"))
    reports = (EvidenceSubmission.objects.filter(employee=mentor, kind=SubmissionKind.MENTEE_INDEPENDENCE,
                                                 mentee_id__in=[ms.mentee_id for ms in mentorships])
               .select_related("decided_by").order_by("created_at", "pk"))
    pending: dict[int, EvidenceSubmission] = {}
    rejected: dict[int, EvidenceSubmission] = {}
    for r in reports:
        assert r.mentee_id is not None
        if r.state == SubmissionState.PENDING:
            pending[r.mentee_id] = r
        elif r.state == SubmissionState.REJECTED:
            rejected[r.mentee_id] = r  # the latest wins (ordered oldest first)
    rows = [MenteeRow(ms, pending.get(ms.mentee_id), None if ms.mentee_id in pending else rejected.get(ms.mentee_id))
            for ms in mentorships]
    rows.sort(key=lambda r: (r.independent, -(r.mentorship.start_on.toordinal()), r.mentee.employee_no))
    return rows


def mentees_waiting_queryset(user: AnyUser) -> QuerySet[m.Mentorship]:
    """Mentees of ``user`` still in training with no report waiting: what the mentor may confirm."""
    if not user.is_authenticated:
        return m.Mentorship.objects.none()
    reported = EvidenceSubmission.objects.filter(employee_id=OuterRef("mentor_id"), mentee_id=OuterRef("mentee_id"),
                                                 state=SubmissionState.PENDING)
    return (m.Mentorship.objects.filter(mentor__user_id=user.pk, independent_on__isnull=True,
                                        mentee__status=EmployeeStatus.ACTIVE)
            .exclude(Exists(reported)))


def mentees_waiting_count(user: AnyUser) -> int:
    """How many mentees the mentor may confirm (one query)."""
    return mentees_waiting_queryset(user).count()


def mentorship_of(*, mentor: Employee, pk: int) -> m.Mentorship | None:
    return m.Mentorship.objects.select_related("mentee").filter(mentor=mentor, pk=pk).first()


# ---------------------------------------------------------------------------------------------------
# What has been recorded for one person (the recording page)


@dataclass(frozen=True, slots=True)
class RecordedEvidence:
    attestations: list[m.Attestation]
    praises: list[m.Praise]
    incidents: list[m.Incident]


def recorded_evidence(*, employee: Employee, limit: int = 5) -> RecordedEvidence:
    """The person's attestations, and their latest written praise and incidents of the last year (3 queries)."""
    year_ago = clock.today() - timedelta(days=366)
    return RecordedEvidence(
        attestations=list(m.Attestation.objects.filter(employee=employee).order_by("-date", "-pk")),
        praises=list(m.Praise.objects.filter(employee=employee).order_by("-date", "-pk")[:limit]),
        incidents=list(m.Incident.objects.filter(employee=employee, date__gte=year_ago).order_by("-date", "-pk")),
    )
