"""One application as its page shows it: who holds it now, what the viewer may do and on which page, what
happened so far, the documents. The facts come from promotions' selectors; this module only words them and
links each workflow action to the page that performs it (CONTRACT "Which page performs which workflow action").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from careerpath.accounts import authority
from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import State
from careerpath.labels import code_label
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Application, NoticeEntry, Objection, ObjectionState
from careerpath.promotions.selectors import (
    application_actions_for,
    application_history,
    application_holders,
    application_return_reason,
)
from careerpath.web.links import url_or_none

# States of the review chain before the notice: a rejection there is a reviewer's, made on the review page.
_BEFORE_NOTICE = frozenset({State.SUBMITTED, State.SUPERVISOR_REVIEWED, State.MANAGER_REVIEWED,
                            State.COMMITTEE_REVIEWED, State.VP_APPROVED})
_AFTER_NOTICE = frozenset({State.NOTICE_CLOSED, State.HR_APPROVED, State.LETTER_ISSUED})
_LETTER_STATES = frozenset({State.LETTER_ISSUED, State.IN_PROBATION, State.CONFIRMED, State.REVERTED})


@dataclass(frozen=True, slots=True)
class HolderLine:
    office: str  # 直接上级 / 人力资源部 ...
    names: tuple[str, ...]  # the people, when named; empty for an office
    is_viewer: bool = False


@dataclass(frozen=True, slots=True)
class ActionLink:
    url: str
    labels: tuple[str, ...]  # the actions this page performs, e.g. 上级评审 / 退回申请人 / 驳回
    primary: bool
    testid: str


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    who: str
    what: str
    from_state: str
    to_state: str
    reason: str


@dataclass(slots=True)
class ApplicationPage:
    app: Application
    from_name: str
    to_name: str
    policy_title: str
    holders: list[HolderLine]
    actions: list[ActionLink]
    history: list[HistoryLine]
    return_reason: str
    viewer_is_applicant: bool
    notice: NoticeEntry | None = None
    notice_url: str | None = None
    form_pdf_url: str | None = None
    letter_pdf_url: str | None = None
    letter_number: str | None = None
    snapshot_passed: int = 0
    snapshot_total: int = 0
    snapshot_failing: list[str] = field(default_factory=list)
    snapshot_as_of: date | None = None


def _who(event: AuditEvent) -> str:
    if event.actor_id is None:
        return _("系统")
    employee = getattr(event.actor, "employee", None)
    return employee.name if employee is not None else event.actor_label


def history_lines(events: list[AuditEvent], *, lang: str) -> list[HistoryLine]:
    lines = []
    for e in events:
        what = code_label("audit_action", e.action, lang=lang)
        if what == e.action:  # an action without a label yet: say where it led rather than show a code
            what = code_label("state", e.to_state, lang=lang) or e.action
        lines.append(HistoryLine(
            at=e.at, who=_who(e), what=what,
            from_state=code_label("state", e.from_state, lang=lang) if e.from_state != e.to_state else "",
            to_state=code_label("state", e.to_state, lang=lang) if e.from_state != e.to_state else "",
            reason=e.reason))
    return lines


def _open_objection(app: Application) -> Objection | None:
    return (Objection.objects.filter(entry__application=app, state=ObjectionState.OPEN).order_by("id").first())


def _action_url(action: str, app: Application, state: State, *, notice: NoticeEntry | None,
                objection: Objection | None) -> str | None:
    """The page that performs ``action`` on ``app`` (None when no page of this site performs it yet)."""
    pk = [app.pk]
    if action == "submit":
        return url_or_none("web:application_edit", pk)
    if action in ("supervisor_review", "manager_review", "return_to_applicant"):
        return url_or_none("web:application_review", pk)
    if action == "reject":
        if state in _BEFORE_NOTICE:
            return url_or_none("web:application_review", pk)
        if state in _AFTER_NOTICE:
            return url_or_none("web:application_approve", pk)
        if state == State.IN_NOTICE and objection is not None:
            return url_or_none("web:objection_detail", [objection.pk])
        return None
    if action == "return_to_review":
        return url_or_none("web:objection_detail", [objection.pk]) if objection is not None else None
    if action == "publish_notice":
        return url_or_none("web:notice_new")
    if action == "close_notice":
        return url_or_none("web:notice_detail", [notice.notice_id]) if notice is not None else None
    if action == "hr_approve":
        return url_or_none("web:application_approve", pk)
    if action == "issue_letter":
        return url_or_none("web:application_letter", pk)
    if action in ("confirm", "revert"):
        return url_or_none("web:application_probation", pk)
    if action == "withdraw":
        return url_or_none("web:application_withdraw", pk)
    return None  # committee_decide / vp_approve (the cycle's screens), make_effective (the daily job)


def application_page(*, app: Application, user: AbstractBaseUser | AnonymousUser, lang: str) -> ApplicationPage:
    """Everything the application's page shows to ``user`` (who is in the applicant's scope)."""
    policy = policy_of(app.policy_version)
    state = State(app.state)
    caps = authority.capacities(actor=user, subject=app.employee)
    own = "self" in caps

    notice = None
    if state in {State.IN_NOTICE, State.NOTICE_CLOSED} or app.effective_on is not None:
        notice = (NoticeEntry.objects.filter(application=app).select_related("notice").order_by("-id").first())

    actions = application_actions_for(application=app, user=user)
    objection = _open_objection(app) if any(t.action in ("return_to_review", "reject") for t in actions) \
        and state == State.IN_NOTICE else None
    # Withdrawing, refusing and sending back are there, but the step forward is the button people look for:
    # a page performing several actions is named (and coloured) after its step forward.
    side = {"withdraw", "reject", "return_to_review", "return_to_applicant"}
    links: dict[str, list[str]] = {}
    main: dict[str, str] = {}
    for t in sorted(actions, key=lambda t: t.action in side):
        url = _action_url(t.action, app, state, notice=notice, objection=objection)
        if url is None:
            continue
        links.setdefault(url, []).append(code_label("workflow_action", t.action, lang=lang))
        main.setdefault(url, t.action)
    action_links = [ActionLink(url, tuple(labels), main[url] not in side, f"action-{main[url]}")
                    for url, labels in links.items()]
    action_links.sort(key=lambda a: not a.primary)

    holders = []
    me = getattr(user, "pk", None)
    for h in application_holders(application=app):
        names = tuple(p.name for p in h.people)
        holders.append(HolderLine(code_label("capacity", h.capacity, lang=lang), names,
                                  is_viewer=any(p.user_id == me for p in h.people) or bool(
                                      h.capacity in caps and h.capacity not in ("self", "supervisor", "manager"))))

    history = application_history(application=app)
    snap = app.snapshot or {}
    criteria = (snap.get("result") or {}).get("criteria", [])
    letter = getattr(app, "letter", None) if state in _LETTER_STATES else None
    return ApplicationPage(
        app=app, from_name=policy.levels[app.from_level].name.get(lang) if app.from_level in policy.levels
        else app.from_level,
        to_name=policy.levels[app.to_level].name.get(lang) if app.to_level in policy.levels else app.to_level,
        policy_title=f"{policy.title.get(lang)} {policy.version}",
        holders=holders, actions=action_links, history=history_lines(history, lang=lang),
        return_reason=application_return_reason(history=history) if state == State.DRAFT else "",
        viewer_is_applicant=own,
        notice=notice, notice_url=url_or_none("web:notice_detail", [notice.notice_id]) if notice else None,
        form_pdf_url=url_or_none("web:application_form_pdf", [app.pk]) if state != State.DRAFT else None,
        letter_pdf_url=(url_or_none("web:application_letter_pdf", [app.pk])
                        if letter is not None and caps & {"self", "hr", "manager"} else None),
        letter_number=letter.number if letter is not None else None,
        snapshot_passed=sum(1 for c in criteria if c.get("passed")), snapshot_total=len(criteria),
        snapshot_failing=[c.get("label", "") for c in criteria if not c.get("passed")],
        snapshot_as_of=app.as_of,
    )
