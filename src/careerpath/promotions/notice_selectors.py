"""Reads for the notice board (公示): what everyone may read, what HR works on, and the rules of the period.

A notice is public to every employee (SPEC §2 "read public notices"; the REST API lists every notice to any
login): its entries carry only what the public needs (name, department, levels, effective date, an exception
note). Objections are the opposite: who objected, and their proof, are for HR only — and never for an HR
person who is themself the subject of the entry, who could otherwise learn who spoke against them.

The two rules the notice pages and the services share live here once: when a notice accepts objections
(:func:`objection_refusal`) and the period a publication date gives (:func:`notice_period`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_roles
from careerpath.calendars.selectors import work_calendar
from careerpath.core.workdays import CalendarMissing, WorkCalendar
from careerpath.errors import Conflict, InvalidInput
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.promotions.models import (
    Application,
    Notice,
    NoticeEntry,
    NoticeState,
    Objection,
    ObjectionState,
)

User = AbstractBaseUser | AnonymousUser

# The roles that read objections with the objector's identity (admin holds every deciding capacity).
OBJECTION_READERS = frozenset({Role.HR, Role.ADMIN})
DEFAULT_WORKING_DAYS = 5  # the policy's default 公示期 when no version is stored yet


class NoticePhase(StrEnum):
    """Where a notice stands on a given day (the stored state knows only open and closed)."""

    UPCOMING = "upcoming"  # published for a later day: objections not yet accepted
    RUNNING = "running"  # within its period: objections accepted until the end of the last working day
    ENDED = "ended"  # the period is over; HR has not closed it yet
    CLOSED = "closed"


def notice_phase(notice: Notice, *, today: date) -> NoticePhase:
    if notice.state == NoticeState.CLOSED:
        return NoticePhase.CLOSED
    if today < notice.published_on:
        return NoticePhase.UPCOMING
    if today > notice.last_day:
        return NoticePhase.ENDED
    return NoticePhase.RUNNING


def objection_refusal(*, notice: Notice, entry: NoticeEntry, today: date) -> Conflict | None:
    """Why an objection to ``entry`` cannot be filed today, or None when it can (objection_file's rule)."""
    if notice.state != NoticeState.OPEN or today > notice.last_day or today < notice.published_on:
        return Conflict(f"公示期为 {notice.first_day} 至 {notice.last_day}，现不接受异议 (the notice is not open)",
                        code="notice_closed")
    if entry.withdrawn:
        return Conflict("该人员已撤出公示 this entry was withdrawn", code="entry_withdrawn")
    return None


def notice_backdated_check(*, published_on: date, today: date) -> None:
    """Refuse a publication date before today: the notice would open with its period running or over."""
    if published_on < today:
        raise InvalidInput(
            f"公示日期 {published_on} 早于今天 {today}：公示期须从发布之日起算，请定为今天或以后 "
            f"(a notice cannot be back-dated: {published_on} is before today, {today}; its objection period "
            "must start when it is published or later)", code="notice_backdated", field="published_on")


def notice_period(*, published_on: date, working_days: int, today: date,
                  calendar: WorkCalendar | None = None) -> tuple[date, date]:
    """The first and last day of a notice published on ``published_on``; refuses a back-dated one.

    The period never starts before the notice is published (SPEC §5), and it is counted on the working-day
    calendar, which must know every year it crosses (a deadline is never guessed).
    """
    notice_backdated_check(published_on=published_on, today=today)
    try:
        return (calendar or work_calendar()).period(published_on, working_days)
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), code="calendar_missing", field="published_on") from None


def notice_working_days(*, applications: list[Application]) -> int:
    """The 公示期 in working days for a notice of ``applications``: their first one's policy decides, as in
    ``notice_publish``; with none chosen yet, the active policy's."""
    first = min(applications, key=lambda a: a.pk) if applications else None
    version = first.policy_version if first is not None else active_version()
    if version is None:
        return DEFAULT_WORKING_DAYS
    return policy_of(version).process.notice_working_days


def working_days_left(notice: Notice, *, today: date, calendar: WorkCalendar) -> int | None:
    """Working days still open for objections, today included; None when the calendar lacks a year."""
    if today > notice.last_day or notice.state != NoticeState.OPEN:
        return 0
    try:
        return calendar.working_days_between(max(today, notice.first_day), notice.last_day)
    except CalendarMissing:
        return None


# ---------------------------------------------------------------------------------------------------
# The board and one notice


def can_read_objections(*, user: User) -> bool:
    return bool(user_roles(user=user) & OBJECTION_READERS)


def _open_objections_of_notice() -> Coalesce:
    open_per_notice = (Objection.objects.filter(entry__notice=OuterRef("pk"), state=ObjectionState.OPEN)
                       .order_by().values("entry__notice").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(open_per_notice, output_field=IntegerField()), Value(0))


def notices_board(*, with_objections: bool = False) -> QuerySet[Notice]:
    """Every notice, newest first, with how many people it lists (withdrawn entries left out); for HR also
    how many objections wait (``open_objections``). One query."""
    qs = Notice.objects.annotate(people=Count("entries", filter=Q(entries__withdrawn=False)))
    if with_objections:
        qs = qs.annotate(open_objections=_open_objections_of_notice())
    return qs.order_by("-published_on", "-seq")


def notice_get(*, pk: int) -> Notice | None:
    return Notice.objects.select_related("published_by").filter(pk=pk).first()


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One public line of a notice, with the level names in the reader's language."""

    entry: NoticeEntry
    from_level: str
    to_level: str
    open_objections: int = 0  # filled for HR only


def _level_name(entry: NoticeEntry, code: str, stored: str, lang: str) -> str:
    if lang != "en":
        return stored  # the published text, as printed
    level = policy_of(entry.application.policy_version).levels.get(code)
    return level.name.en if level is not None else stored


def notice_entries(*, notice: Notice, lang: str, with_objections: bool = False,
                   withdrawn: bool = False) -> list[EntryRow]:
    """The notice's public lines (or, ``withdrawn=True``, those taken off it after an upheld objection)."""
    qs = (NoticeEntry.objects.filter(notice=notice, withdrawn=withdrawn)
          .select_related("application", "application__policy_version").order_by("id"))
    if with_objections:
        qs = qs.annotate(n_open=Count("objections", filter=Q(objections__state=ObjectionState.OPEN)))
    return [EntryRow(entry=e, from_level=_level_name(e, e.application.from_level, e.from_level_name, lang),
                     to_level=_level_name(e, e.application.to_level, e.to_level_name, lang),
                     open_objections=getattr(e, "n_open", 0)) for e in qs]


def notice_entry_get(*, notice_pk: int, entry_pk: int) -> NoticeEntry | None:
    return (NoticeEntry.objects.select_related("notice", "application", "application__policy_version")
            .filter(pk=entry_pk, notice_id=notice_pk).first())


class CloseBlocker(StrEnum):
    CLOSED = "closed"
    RUNNING = "running"  # the period has not ended (or not started)
    OBJECTIONS = "objections"  # objections wait for mediation


def notice_close_blocker(notice: Notice, *, today: date, open_objections: int) -> CloseBlocker | None:
    """Why HR cannot close ``notice`` today (notice_close's rule, for the button), or None when it can."""
    if notice.state != NoticeState.OPEN:
        return CloseBlocker.CLOSED
    if today <= notice.last_day:
        return CloseBlocker.RUNNING
    if open_objections:
        return CloseBlocker.OBJECTIONS
    return None


# ---------------------------------------------------------------------------------------------------
# Objections, for HR


def objections_visible_to(*, user: User) -> QuerySet[Objection]:
    """The objections ``user`` may read with who filed them: HR and admin, never about themself."""
    if not can_read_objections(user=user):
        return Objection.objects.none()
    return (Objection.objects.exclude(entry__application__employee__user_id=user.pk)
            .select_related("entry", "entry__notice", "entry__application", "entry__application__policy_version",
                            "objector", "objector__employee", "objector__employee__department", "resolved_by"))


def objections_queue(*, user: User, state: str = ObjectionState.OPEN) -> QuerySet[Objection]:
    """HR's list: the open objections first in the order they came (or those of ``state``; "" for all)."""
    qs = objections_visible_to(user=user)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("filed_at", "id")


def objection_for_hr(*, user: User, pk: int) -> Objection | None:
    return objections_visible_to(user=user).filter(pk=pk).first()


def objections_open_queryset(*, user: User) -> QuerySet[Objection]:
    """Open objections waiting for ``user`` (HR; nothing for anyone else)."""
    if not can_read_objections(user=user):
        return Objection.objects.none()
    return Objection.objects.filter(state=ObjectionState.OPEN).exclude(entry__application__employee__user_id=user.pk)


def objections_open_count(*, user: User) -> int:
    """Open objections waiting for ``user`` (HR): the navigation's count, one query."""
    return objections_open_queryset(user=user).count()


def notices_ready_to_close_queryset(*, today: date) -> QuerySet[Notice]:
    """Open notices whose period is over with no objection waiting: HR may close them now."""
    waiting = Objection.objects.filter(entry__notice=OuterRef("pk"), state=ObjectionState.OPEN)
    return Notice.objects.filter(state=NoticeState.OPEN, last_day__lt=today).exclude(Exists(waiting))


def notices_ready_to_close_count(*, today: date) -> int:
    """Open notices HR may close now (one query)."""
    return notices_ready_to_close_queryset(today=today).count()
