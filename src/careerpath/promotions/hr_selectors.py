"""Reads for HR's part of the individual procedure: the queue, one application's approval file, letters.

The queue is a handful of queries whatever the company's size: one for the counts of every section
(conditional aggregates), one per section for its first rows, each row carrying its notice and letter.
Level names come from each application's own policy version (cached), never from a query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import Route, State, machine_for
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Application, Letter, Notice, NoticeEntry, Objection

Viewer = AbstractBaseUser | AnonymousUser

# The states before the notice from which some policy's chain may publish it (the chain's end).
_PRE_NOTICE = (State.SUBMITTED, State.SUPERVISOR_REVIEWED, State.MANAGER_REVIEWED, State.COMMITTEE_REVIEWED,
               State.VP_APPROVED)
# A probation ending within this many days is listed as "ending soon".
SOON_DAYS = 30
# Confirmed and reverted applications stay in the queue's last section this long.
RECENT_DAYS = 90
SECTION_KEYS = ("ready", "in_notice", "to_approve", "to_letter", "to_effect", "probation", "recent")


@dataclass(frozen=True, slots=True)
class QueueRow:
    application: Application
    from_name: str
    to_name: str
    notice_id: int | None = None
    notice_number: str = ""
    notice_last_day: date | None = None
    letter: Letter | None = None
    due: bool = False  # its date has come: the effective run is pending, or the probation has ended
    soon: bool = False  # the probation ends within SOON_DAYS


@dataclass(frozen=True, slots=True)
class QueueSection:
    key: str
    total: int
    rows: tuple[QueueRow, ...]

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True, slots=True)
class HrQueue:
    today: date
    sections: dict[str, QueueSection]

    probation_due: int = 0  # probations that have ended and wait for a decision
    effective_due: int = 0  # letters whose effective date has come (the daily run is pending)


def level_name(app: Application, code: str, lang: str) -> str:
    """The name of ``code`` in the application's own policy version (the version it was decided under)."""
    level = policy_of(app.policy_version).levels.get(code)
    return level.name.get(lang) if level else code


def _ready_q() -> Q:
    """Applications whose policy chain has ended: the next step is HR publishing the notice.

    The chain is per policy version and route ([supervisor, manager] ends at manager_reviewed, a cycle's
    at vp_approved, a policy's [supervisor, hr] at supervisor_reviewed), so the states come from each
    version's workflow machine rather than a fixed list.
    """
    q = Q(pk__in=[])
    versions = PolicyVersion.objects.filter(applications__state__in=_PRE_NOTICE).distinct()
    for pv in versions:
        machine = machine_for(policy_of(pv).process)
        for route in Route:
            states = sorted(s.value for s in machine.sources_of("publish_notice", route.value))
            if states:
                q |= Q(policy_version_id=pv.pk, route=route.value, state__in=states)
    return q


def _section_filters(today: date) -> dict[str, Q]:
    recent_from = timezone.make_aware(datetime.combine(today - timedelta(days=RECENT_DAYS), time.min))
    return {
        "ready": _ready_q(),
        "in_notice": Q(state=State.IN_NOTICE),
        "to_approve": Q(state=State.NOTICE_CLOSED),
        "to_letter": Q(state=State.HR_APPROVED),
        "to_effect": Q(state=State.LETTER_ISSUED),
        "probation": Q(state=State.IN_PROBATION),
        "recent": Q(state__in=[State.CONFIRMED, State.REVERTED], updated_at__gte=recent_from),
    }


_ORDER = {
    "ready": ("updated_at", "pk"),
    "in_notice": ("notice_last_day", "pk"),
    "to_approve": ("updated_at", "pk"),
    "to_letter": ("updated_at", "pk"),
    "to_effect": ("effective_on", "pk"),
    "probation": ("probation_ends_on", "pk"),  # ending soonest first
    "recent": ("-updated_at", "-pk"),
}
_WITH_NOTICE = {"in_notice", "to_approve", "to_letter"}


def _with_notice(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate each application with its latest notice (number, id, last day) in the same query."""
    latest = NoticeEntry.objects.filter(application=OuterRef("pk")).order_by("-notice__published_on", "-notice_id")
    return qs.annotate(notice_pk=Subquery(latest.values("notice_id")[:1]),
                       notice_number=Subquery(latest.values("notice__number")[:1]),
                       notice_last_day=Subquery(latest.values("notice__last_day")[:1]))


def _row(app: Application, key: str, today: date, lang: str) -> QueueRow:
    letter = getattr(app, "letter", None) if key in ("to_effect", "probation", "recent") else None
    due = soon = False
    if key == "to_effect" and app.effective_on is not None:
        due = app.effective_on <= today
    if key == "probation" and app.probation_ends_on is not None:
        due = app.probation_ends_on <= today
        soon = not due and app.probation_ends_on <= today + timedelta(days=SOON_DAYS)
    return QueueRow(application=app, from_name=level_name(app, app.from_level, lang),
                    to_name=level_name(app, app.to_level, lang), notice_id=getattr(app, "notice_pk", None),
                    notice_number=getattr(app, "notice_number", None) or "",
                    notice_last_day=getattr(app, "notice_last_day", None), letter=letter, due=due, soon=soon)


def hr_queue(*, user: Viewer, today: date, lang: str, limit: int = 50) -> HrQueue:
    """HR's queue: every section's count and its first ``limit`` rows (HR and admin only)."""
    require_roles(user, Role.HR, action="查看人事审批队列")
    filters = _section_filters(today)
    base = Application.objects.all()
    filters["probation_due"] = Q(state=State.IN_PROBATION, probation_ends_on__lte=today)
    filters["effective_due"] = Q(state=State.LETTER_ISSUED, effective_on__lte=today)
    totals = base.aggregate(**{k: Count("pk", filter=q) for k, q in filters.items()})
    sections = {}
    for key in SECTION_KEYS:
        rows: list[QueueRow] = []
        if totals[key]:
            qs = base.filter(filters[key]).select_related("employee", "employee__department", "policy_version")
            if key in ("to_effect", "probation", "recent"):
                qs = qs.select_related("letter")
            if key in _WITH_NOTICE:
                qs = _with_notice(qs)
            rows = [_row(a, key, today, lang) for a in qs.order_by(*_ORDER[key])[:limit]]
        sections[key] = QueueSection(key=key, total=totals[key], rows=tuple(rows))
    return HrQueue(today=today, sections=sections, probation_due=totals["probation_due"],
                   effective_due=totals["effective_due"])


def hr_waiting_queryset(*, user: Viewer, today: date) -> QuerySet[Application]:
    """The applications waiting for HR's action (approve, issue the letter, decide an ended probation).

    Publishing the notice is counted by the notice board's own entry. The person's own application is
    left out: nobody decides about themself.
    """
    qs = Application.objects.filter(Q(state__in=[State.NOTICE_CLOSED, State.HR_APPROVED])
                                     | Q(state=State.IN_PROBATION, probation_ends_on__lte=today))
    if user.is_authenticated:
        qs = qs.exclude(employee__user_id=user.pk)
    return qs


def hr_waiting_count(*, user: Viewer, today: date) -> int:
    """How many applications wait for HR's action (one query)."""
    return hr_waiting_queryset(user=user, today=today).count()


# ---------------------------------------------------------------------------------------------------
# One application's file, as HR reads it before the final approval (and as the documents print it)


@dataclass(frozen=True, slots=True)
class Step:
    """A recorded decision of the procedure: who took it, when, and what they wrote."""

    action: str
    actor: str  # the person's name when the login belongs to an employee, else the login
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class CriterionLine:
    depth: int
    number: int | None  # 1, 2, 3 … for the top-level criteria; None for the parts of a combined one
    passed: bool
    label: str
    actual: str
    required: str


@dataclass(slots=True)
class ApprovalFile:
    application: Application
    from_name: str
    to_name: str
    criteria: list[CriterionLine]
    steps: dict[str, Step]  # the latest of each workflow action ("supervisor_review" → Step)
    entries: list[NoticeEntry]  # the application's notice lines, newest notice first
    objections: list[Objection]
    letter: Letter | None = None
    probation_months: int = 0
    policy_title: str = ""  # the policy the application is decided under, with its version

    @property
    def notice(self) -> Notice | None:
        return self.entries[0].notice if self.entries else None

    @property
    def submitted(self) -> Step | None:
        return self.steps.get("submit")


def snapshot_criteria(snapshot: dict[str, Any]) -> list[CriterionLine]:
    """The criteria of an eligibility snapshot, flattened with their depth (children under their parent)."""
    lines: list[CriterionLine] = []
    top = 0

    def walk(items: Iterable[dict[str, Any]], depth: int) -> None:
        nonlocal top
        for c in items:
            if depth == 0:
                top += 1
            lines.append(CriterionLine(depth=depth, number=top if depth == 0 else None,
                                       passed=bool(c.get("passed")), label=str(c.get("label", "")),
                                       actual=str(c.get("actual", "")), required=str(c.get("required", ""))))
            walk(c.get("children") or (), depth + 1)

    walk(((snapshot or {}).get("result") or {}).get("criteria") or (), 0)
    return lines


def _actor_name(event: AuditEvent) -> str:
    user = event.actor
    if user is None:
        return event.actor_label
    employee = getattr(user, "employee", None)
    if employee is not None:
        return employee.name
    return user.get_full_name() or event.actor_label


def application_steps(*, application: Application) -> dict[str, Step]:
    """The latest audit event of each workflow action on ``application``, by action (one query)."""
    events = (AuditEvent.objects.filter(target_type=Application._meta.model_name, target_id=str(application.pk),
                                        action__startswith="application.")
              .select_related("actor", "actor__employee").order_by("at", "id"))
    return {e.action.removeprefix("application."): Step(action=e.action, actor=_actor_name(e), at=e.at, reason=e.reason)
            for e in events}


def application_file(*, application: Application, lang: str) -> ApprovalFile:
    """Everything HR weighs before the final approval: snapshot, reviews, the notice and its objections."""
    app = application
    policy = policy_of(app.policy_version)
    entries = list(NoticeEntry.objects.filter(application=app).select_related("notice")
                   .order_by("-notice__published_on", "-notice_id"))
    objections = list(Objection.objects.filter(entry__application=app).select_related("entry__notice")
                      .order_by("filed_at", "id"))
    letter = Letter.objects.filter(application=app).first()
    return ApprovalFile(
        application=app, from_name=level_name(app, app.from_level, lang), to_name=level_name(app, app.to_level, lang),
        criteria=snapshot_criteria(app.snapshot), steps=application_steps(application=app), entries=entries,
        objections=objections, letter=letter, probation_months=policy.process.probation_months,
        policy_title=f"{policy.title.get(lang)} {policy.version}".strip())


def application_for_hr(*, pk: int) -> Application | None:
    """One application with what every approvals page shows about it (one query)."""
    return (Application.objects.select_related("employee", "employee__department", "employee__supervisor",
                                               "policy_version", "position_before", "position_after")
            .filter(pk=pk).first())


def letters_to_issue(*, limit: int = 200) -> QuerySet[Application]:
    """Applications HR approved, waiting for their 晋升通知书, oldest approval first."""
    return (Application.objects.filter(state=State.HR_APPROVED)
            .select_related("employee", "employee__department", "policy_version").order_by("updated_at", "pk")[:limit])


def letters_issued(*, limit: int = 100, ids: Iterable[int] | None = None) -> QuerySet[Letter]:
    """Issued letters, newest first (or exactly those of ``ids``, in number order, for printing)."""
    qs = Letter.objects.select_related("application", "application__employee", "application__employee__department",
                                       "application__policy_version")
    if ids is not None:
        return qs.filter(pk__in=list(ids)).order_by("issued_on", "pk")
    return qs.order_by("-issued_on", "-pk")[:limit]
