"""Every state change of a promotion: one service, one transaction, a row lock, an audit event.

Permission checks live here (not in views or the API), so no entry point can bypass them.
Notifications are created only after the transaction commits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import user_employee
from careerpath.attachments import CheckedFile
from careerpath.audit.services import audit_record
from careerpath.core.dates import add_months
from careerpath.core.statemachine import Machine
from careerpath.core.workflow import Route, State, machine_for
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.notifications.services import notify
from careerpath.people.models import Employee, PositionReason
from careerpath.people.selectors import position_current
from careerpath.people.services import position_change
from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.promotions.models import (
    Application,
    ApplicationState,
    DocumentCounter,
    Letter,
    Notice,
    NoticeEntry,
    NoticeState,
    Notification,
    Objection,
    ObjectionState,
)
from careerpath.promotions.notice_selectors import (
    notice_backdated_check,
    notice_period,
    notice_working_days,
    objection_refusal,
)
from careerpath.promotions.review_report import Interview, ReviewReport
from careerpath.promotions.selectors import application_version, open_application_employee_nos

User = AbstractBaseUser

# ---------------------------------------------------------------------------------------------------
# Who may act on an application: accounts.authority decides (role, scope, nobody decides about themself)


def capacities(actor: User | None, employee: Employee) -> frozenset[str]:
    """The workflow roles ``actor`` holds towards ``employee``'s application (see ``accounts.authority``)."""
    return authority.capacities(actor=actor, subject=employee)


def _require(actor: User | None, employee: Employee, allowed: Iterable[str], action: str) -> None:
    authority.require_capacity(actor=actor, subject=employee, allowed=allowed, action=action)


# ---------------------------------------------------------------------------------------------------
# The generic transition


def _machine(app: Application) -> Machine[State]:
    """The promotion workflow under the approval chain of the application's policy version."""
    return machine_for(policy_of(app.policy_version).process)


def _notify_on_commit(users: Iterable[Any], text: str, url: str = "", event: str = "application") -> None:
    notify(user_ids=[u.pk for u in users if u is not None], text=text, url=url, event=event)


def _lock(application: Application, *, seen: str | None = None) -> Application:
    """Lock the application's row; with ``seen`` (a page's :func:`application_version`), refuse one that changed.

    A reviewer's form is filled in over minutes: checking the version under the lock, not in the view,
    means a second submit of a stale form (the step taken meanwhile, or the application returned and
    submitted again) can never be applied to an application the reviewer did not see.
    """
    # of=("self",): lock only the application row; PostgreSQL refuses FOR UPDATE on outer-joined rows.
    app = Application.objects.select_for_update(of=("self",)).select_related("employee", "employee__supervisor",
                                                                 "policy_version").get(pk=application.pk)
    if seen is not None and seen != application_version(app):
        raise Conflict(f"该申请在您打开页面后已有变更（现为「{app.get_state_display()}」），您的提交未保存，请查看最新内容后再操作 "
                       "(the application changed after you opened the page; nothing was saved)", code="stale")
    return app


def _transition(actor: User | None, app: Application, action: str, *, reason: str = "",
                data: dict[str, Any] | None = None, applicant_text: str | None = None) -> Application:
    """Apply ``action`` to a locked application: state check under the policy's chain, capacity, audit, notice."""
    t = authority.transition_check(machine=_machine(app), state=State(app.state), action=action,
                                   route=Route(app.route).value, actor=actor, subject=app.employee, reason=reason)
    old = app.state
    app.state = t.target.value
    app.save()
    audit_record(actor=actor, action=f"application.{action}", target=app, from_state=old, to_state=app.state,
                 reason=reason, data=data)
    applicant_user = app.employee.user if app.employee.user_id else None
    _notify_on_commit([applicant_user],
                      applicant_text or f"您的晋升申请 #{app.pk} 状态更新：{app.get_state_display()}",
                      f"/applications/{app.pk}/")
    return app


# ---------------------------------------------------------------------------------------------------
# Create and submit


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


@transaction.atomic
def application_create(*, actor: User, employee: Employee, to_level: str, statement: str = "",
                       exception_reason: str = "", route: str = Route.INDIVIDUAL.value,
                       policy_version: PolicyVersion | None = None) -> Application:
    """Open a draft for a move the policy offers from the person's current level (never a skip)."""
    _require(actor, employee, {"self", "hr"}, "提出晋升申请")
    pv = policy_version or active_version()
    if pv is None:
        raise Conflict("尚未发布生效的晋升办法 no active policy version", code="no_active_policy")
    policy = policy_of(pv)
    cur = position_current(employee=employee)
    if cur is None:
        raise Conflict(f"{employee.employee_no} 没有任职记录 has no current position", code="no_position")
    move = next((m for m in policy.moves_from(cur.level) if m.to_level == to_level), None)
    if move is None:
        options = ", ".join(m.to_level for m in policy.moves_from(cur.level)) or "-"
        raise Conflict(f"不能从 {cur.level} 申请 {to_level}：须逐级晋升，不得跨级 (no such move; allowed: {options})",
                       code="not_a_move")
    # Lock the person's row first, so that simultaneous creates for one person (even for different moves)
    # take turns: the check below then sees the application the winner committed. NO KEY UPDATE: the row's
    # key does not change, and other writers' foreign keys to it (FOR KEY SHARE) need not wait.
    Employee.objects.select_for_update(no_key=True).only("pk").get(pk=employee.pk)
    already_open = Conflict(f"{employee.employee_no} 已有进行中的晋升申请 already has an open application",
                            code="already_open")
    if open_application_employee_nos(employee_ids=[employee.pk]):
        raise already_open
    try:
        # A savepoint: the constraint refuses a duplicate another writer (one that did not take the lock)
        # committed meanwhile, and this transaction must stay usable to say so.
        with transaction.atomic():
            app = Application.objects.create(
                employee=employee, move_id=move.id, move_type=move.type, from_level=cur.level, to_level=to_level,
                route=route, policy_version=pv, applied_by=actor, statement=statement,
                exception_reason=exception_reason, position_before=cur)
    except IntegrityError:
        if open_application_employee_nos(employee_ids=[employee.pk]):
            raise already_open from None
        raise
    audit_record(actor=actor, action="application.create", target=app, to_state=app.state,
                 data={"move": move.id, "route": route})
    return app


def application_evaluate(*, application: Application, as_of: date, lang: str = "zh") -> dict[str, Any]:
    """The eligibility of the application's move, with the facts it was decided on."""
    policy = policy_of(application.policy_version)
    no = application.employee.employee_no
    pop = population_load(policy=policy, employee_no=no)
    ev = evaluation_run(policy=policy, as_of=as_of, lang=lang, employee_no=no, population=pop)
    result = next((r for r in ev.results if r.move_id == application.move_id), None)
    person = pop.people[application.employee.employee_no]
    return {
        "as_of": as_of.isoformat(),
        "policy": {"id": application.policy_version.pk, "name": policy.name, "version": policy.version},
        "eligible": bool(result and result.eligible),
        "result": result.to_dict() if result else None,
        "facts": _json(person),
        "vacancies": pop.vacancies,
    }


@transaction.atomic
def application_submit(*, actor: User, application: Application, as_of: date) -> Application:
    """Submit (晋升申请表): store the eligibility snapshot; refuse the ineligible unless excepted by HR."""
    app = _lock(application)
    caps = capacities(actor, app.employee)
    if as_of != clock.today() and not caps & {"hr", "system"}:
        # Only HR may evaluate as of another day (a cycle's year end, a correction): an applicant
        # choosing the date could step past an incident or into tenure they do not have yet.
        raise InvalidInput("评定日期须为今天 (only HR may submit as of another date)", field="as_of",
                           code="as_of_not_allowed")
    snap = application_evaluate(application=app, as_of=as_of)
    if not snap["eligible"]:
        policy = policy_of(app.policy_version)
        failing = [c["label"] for c in (snap["result"] or {}).get("criteria", []) if not c["passed"]]
        hr = "hr" in caps
        if not (policy.process.allow_exceptions and hr and app.exception_reason.strip()):
            raise InvalidInput("不符合晋升条件 (not eligible): " + "；".join(failing), code="not_eligible",
                               details={"failing": failing, "exceptions_allowed": policy.process.allow_exceptions})
    app.snapshot, app.eligible, app.as_of = snap, snap["eligible"], as_of
    app = _transition(actor, app, "submit", data={"eligible": snap["eligible"],
                                                  "exception": bool(app.exception_reason)})
    sup = app.employee.supervisor
    _notify_on_commit([sup.user if sup and sup.user_id else None],
                      f"{app.employee.name} 提交了晋升申请，请评审", f"/applications/{app.pk}/")
    return app


# ---------------------------------------------------------------------------------------------------
# Reviews


def _noted_step(actor: User, application: Application, step: str, text: str, *, field: str,
                seen: str | None = None) -> Application:
    """A step whose only input is a text: kept on the application in ``field`` and as the audit reason."""
    app = _lock(application, seen=seen)
    setattr(app, field, text)
    return _transition(actor, app, step, reason=text)


@transaction.atomic
def application_supervisor_review(*, actor: User, application: Application, interview_note: str,
                                  review_report: str, seen: str | None = None) -> Application:
    """The direct supervisor's interview and written 晋升评审报告 (both required)."""
    app = _lock(application, seen=seen)
    if not interview_note.strip():
        raise InvalidInput("须填写面谈记录 interview record required", field="interview_note")
    if not review_report.strip():
        raise InvalidInput("须填写晋升评审报告 review report required", field="review_report")
    app.interview_note, app.review_report = interview_note, review_report
    return _transition(actor, app, "supervisor_review")


@transaction.atomic
def application_supervisor_report(*, actor: User, application: Application, interview: Interview,
                                  report: ReviewReport, seen: str | None = None) -> Application:
    """The supervisor's review from the page's form: the interview and the report's sections, composed.

    The composed texts go where the API's :func:`application_supervisor_review` puts its own, so the
    PDF, the API and the history read one thing whatever form filled them in.
    """
    app = _lock(application, seen=seen)
    # The step and the capacity before the content: someone who may not review learns nothing from a form error.
    authority.transition_check(machine=_machine(app), state=State(app.state), action="supervisor_review",
                               route=Route(app.route).value, actor=actor, subject=app.employee)
    today = clock.today()
    # The evaluation date of the submission is its day (HR alone may choose another, never a later one here).
    interview.check(today=today, submitted_on=app.as_of if app.as_of and app.as_of <= today else None)
    report.check()
    me = user_employee(user=actor)
    return application_supervisor_review(
        actor=actor, application=app, interview_note=interview.text(),
        review_report=report.text(reviewer=f"{me.name}（{me.employee_no}）" if me else actor.get_username(),
                                  on=today))


@transaction.atomic
def application_manager_review(*, actor: User, application: Application, note: str = "",
                               seen: str | None = None) -> Application:
    return _noted_step(actor, application, "manager_review", note, field="manager_note", seen=seen)


@transaction.atomic
def application_return(*, actor: User, application: Application, reason: str,
                       seen: str | None = None) -> Application:
    """Send the application back to its applicant as a draft, to be completed and submitted again.

    Whoever holds the pending review step may (the workflow's ``return_to_applicant``), with a reason
    the applicant reads. The submission's snapshot stays on record until the next submission replaces
    it; the reviews written so far stay too and are written again when the step comes round.
    """
    app = _lock(application, seen=seen)
    step_label = app.get_state_display()
    app = _transition(actor, app, "return_to_applicant", reason=reason, data={"from_step": step_label},
                      applicant_text=f"您的晋升申请 #{app.pk} 已退回修改（{step_label}）：{reason}"[:300])
    # HR may have filed it on the person's behalf: whoever filed it hears of it too.
    filer = app.applied_by if app.applied_by_id and app.applied_by_id != app.employee.user_id else None
    if filer is not None and filer.pk != getattr(actor, "pk", None):
        _notify_on_commit([filer], f"{app.employee.name} 的晋升申请 #{app.pk} 已退回修改：{reason}",
                          f"/applications/{app.pk}/")
    return app


@transaction.atomic
def application_committee_decide(*, actor: User, application: Application, note: str = "",
                                 seen: str | None = None) -> Application:
    return _noted_step(actor, application, "committee_decide", note, field="committee_note", seen=seen)


@transaction.atomic
def application_vp_approve(*, actor: User, application: Application, note: str = "",
                           seen: str | None = None) -> Application:
    return _noted_step(actor, application, "vp_approve", note, field="vp_note", seen=seen)


@transaction.atomic
def application_hr_approve(*, actor: User, application: Application, note: str = "") -> Application:
    return _noted_step(actor, application, "hr_approve", note, field="hr_note")


@transaction.atomic
def application_reject(*, actor: User, application: Application, reason: str,
                       seen: str | None = None) -> Application:
    return _noted_step(actor, application, "reject", reason, field="closed_reason", seen=seen)


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, reason: str) -> Application:
    return _noted_step(actor, application, "withdraw", reason, field="closed_reason")


# ---------------------------------------------------------------------------------------------------
# Document numbers (文号)


def next_document_number(kind: str, year: int) -> tuple[int, str]:
    """Take the next number of ``kind`` in ``year``; the counter row is locked until commit."""
    DocumentCounter.objects.get_or_create(kind=kind, year=year)
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    prefix = {"notice": "客服公示", "letter": "客服晋字"}[kind]
    return counter.last, f"{prefix}〔{year}〕{counter.last}号"


# ---------------------------------------------------------------------------------------------------
# 公示: notices and objections


@transaction.atomic
def notice_publish(*, actor: User, applications: list[Application], published_on: date, effective_on: date,
                   title: str = "") -> Notice:
    """Publish a notice for applications ready for it; it runs the policy's N working days.

    The period starts on ``published_on`` (its first working day), which may be today or a later day the
    notice is scheduled for, never an earlier one (SPEC §5): a back-dated notice would open with its period
    already running or over, and nobody could object in time.
    """
    require_roles(actor, Role.HR, action="发布公示")
    if not applications:
        raise InvalidInput("公示名单不能为空 no applications", field="applications")
    today = clock.today()
    notice_backdated_check(published_on=published_on, today=today)
    if effective_on < published_on:
        raise InvalidInput("生效日期不能早于公示日期 effective date before publication", field="effective_on")
    apps = [_lock(a) for a in sorted(applications, key=lambda a: a.pk)]
    n = notice_working_days(applications=apps)
    first, last = notice_period(published_on=published_on, working_days=n, today=today)
    seq, number = next_document_number("notice", published_on.year)
    notice = Notice.objects.create(
        number=number, year=published_on.year, seq=seq, published_on=published_on, first_day=first,
        last_day=last, working_days=n, published_by=actor,
        title=title or f"关于{published_on.year}年客服人员晋升的公示")
    for app in apps:
        app.effective_on = effective_on
        _transition(actor, app, "publish_notice", data={"notice": number})
        pol = policy_of(app.policy_version)
        NoticeEntry.objects.create(
            notice=notice, application=app, name=app.employee.name,
            department=app.employee.department.name if app.employee.department_id else "",
            from_level_name=pol.levels[app.from_level].name.zh, to_level_name=pol.levels[app.to_level].name.zh,
            effective_on=effective_on,
            exception_note=("破格晋升：" + app.exception_reason)[:300] if app.exception_reason else "")
    audit_record(actor=actor, action="notice.publish", target=notice, to_state=notice.state,
                 data={"applications": [a.pk for a in apps], "last_day": last.isoformat()})
    # Each person on it was told by their application's step (above); the notice itself is public news
    # for their departments: their group robots that relay notices get it.
    notify(user_ids=[], event="notice", url=f"/notices/{notice.pk}/",
           text=f"{notice.title}（{number}）已发布，公示期 {first.isoformat()} 至 {last.isoformat()}，"
                f"有异议可在公示期内提出。",
           department_ids=[a.employee.department_id for a in apps if a.employee.department_id])
    return notice


@transaction.atomic
def objection_file(*, actor: User, entry: NoticeEntry, text: str, today: date,
                   attachment: CheckedFile | None = None) -> Objection:
    """Any employee may object during the notice, with an optional proof; who objected is visible to HR only.

    ``attachment`` is a file already read and checked by ``careerpath.attachments.attachment_check``.
    """
    if actor is None or not actor.is_authenticated:
        raise Forbidden("请先登录 login required", code="forbidden_role")
    notice = Notice.objects.select_for_update().get(pk=entry.notice_id)
    entry = NoticeEntry.objects.get(pk=entry.pk)  # read again under the notice's lock: withdrawn may have changed
    refusal = objection_refusal(notice=notice, entry=entry, today=today)
    if refusal is not None:
        raise refusal
    if not text.strip():
        raise InvalidInput("须填写异议内容 the objection needs a text", field="text")
    obj = Objection(entry=entry, objector=actor, text=text)
    if attachment is not None:
        obj.attachment_name, obj.attachment_type = attachment.name, attachment.content_type
        obj.attachment_size, obj.attachment_sha256 = attachment.size, attachment.sha256
        # Written last, after every check: a refused objection leaves no file behind. A rollback after this
        # point leaves an unreferenced file (harmless), never a row pointing at nothing.
        obj.attachment.save(f"objection{attachment.suffix}", ContentFile(attachment.content), save=False)
    obj.save()
    audit_record(actor=actor, action="objection.file", target=obj, to_state=obj.state,
                 data={"notice": notice.number, "application": entry.application_id,
                       "attachment": {"file_name": obj.attachment_name, "size": obj.attachment_size,
                                      "sha256": obj.attachment_sha256} if attachment is not None else None})
    return obj


@transaction.atomic
def objection_resolve(*, actor: User, objection: Objection, upheld: bool, note: str,
                      outcome: str = "return_to_review") -> Objection:
    """HR mediates (调解): upheld → back to review or rejected, the objection attached; dismissed → continues."""
    obj = Objection.objects.select_for_update().select_related("entry").get(pk=objection.pk)
    app = _lock(obj.entry.application)
    _require(actor, app.employee, {"hr"}, "调解公示异议")
    if obj.state != ObjectionState.OPEN:
        raise Conflict("该异议已处理 already resolved", code="invalid_transition")
    if not note.strip():
        raise InvalidInput("须填写调解意见 a note is required", field="note")
    if upheld and outcome not in ("return_to_review", "reject"):
        raise InvalidInput("outcome 应为 return_to_review 或 reject", field="outcome")
    obj.state = ObjectionState.UPHELD if upheld else ObjectionState.DISMISSED
    obj.outcome = outcome if upheld else ""
    obj.resolution_note, obj.resolved_by, obj.resolved_at = note, actor, timezone.now()
    obj.save()
    audit_record(actor=actor, action="objection.resolve", target=obj, from_state=ObjectionState.OPEN,
                 to_state=obj.state, reason=note)
    if upheld:
        entry = obj.entry
        entry.withdrawn = True
        entry.save(update_fields=["withdrawn"])
        # Other open objections against the same person are settled by this outcome too.
        reason = f"公示异议成立：{note}（异议 #{obj.pk}：{obj.text[:100]}）"
        if outcome == "reject":
            app.closed_reason = reason
            _transition(actor, app, "reject", reason=reason, data={"objection": obj.pk})
        else:
            _transition(actor, app, "return_to_review", reason=reason, data={"objection": obj.pk})
    return obj


@transaction.atomic
def notice_close(*, actor: User, notice: Notice, today: date) -> Notice:
    """Close after the last working day, when no objection is open; applications go to HR approval."""
    if actor is not None:
        require_roles(actor, Role.HR, action="结束公示")
    n = Notice.objects.select_for_update().get(pk=notice.pk)
    if n.state != NoticeState.OPEN:
        raise Conflict("公示已结束 already closed", code="invalid_transition")
    if today <= n.last_day:
        raise Conflict(f"公示期至 {n.last_day} 下班，尚未结束 (the notice runs until the end of {n.last_day})",
                       code="notice_running")
    open_objections = Objection.objects.filter(entry__notice=n, state=ObjectionState.OPEN).count()
    if open_objections:
        raise Conflict(f"尚有 {open_objections} 条异议未处理 (open objections)", code="objection_open")
    for entry in n.entries.filter(withdrawn=False).order_by("application_id"):
        app = _lock(entry.application)
        if app.state == ApplicationState.IN_NOTICE:
            _transition(actor, app, "close_notice", data={"notice": n.number})
    n.state, n.closed_at = NoticeState.CLOSED, timezone.now()
    n.save(update_fields=["state", "closed_at"])
    audit_record(actor=actor, action="notice.close", target=n, from_state=NoticeState.OPEN, to_state=n.state)
    return n


# ---------------------------------------------------------------------------------------------------
# Letters, effective dates, probation


@transaction.atomic
def letter_issue(*, actor: User, application: Application, issued_on: date) -> Letter:
    app = _lock(application)
    if Letter.objects.filter(application=app).exists():
        raise Conflict("已发放通知书 a letter exists", code="invalid_transition")
    _transition(actor, app, "issue_letter")
    _, number = next_document_number("letter", issued_on.year)
    letter = Letter.objects.create(application=app, number=number, issued_on=issued_on, issued_by=actor)
    audit_record(actor=actor, action="letter.issue", target=letter, data={"application": app.pk})
    return letter


def letters_issue_batch(*, actor: User, applications: Iterable[Application], issued_on: date) -> list[Letter]:
    """Issue letters for many applications at once (a cycle), all or nothing."""
    with transaction.atomic():
        return [letter_issue(actor=actor, application=a, issued_on=issued_on)
                for a in sorted(applications, key=lambda a: a.pk)]


def apply_effective(*, today: date) -> list[Application]:
    """Change positions for every application whose effective date has come; safe to run repeatedly."""
    done = []
    due = Application.objects.filter(state=ApplicationState.LETTER_ISSUED, effective_on__lte=today).order_by("pk")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            app = Application.objects.select_for_update().select_related("employee", "policy_version").get(pk=pk)
            if app.state != ApplicationState.LETTER_ISSUED:
                continue  # another runner got here first
            done.append(_make_effective(app))
    return done


def _make_effective(app: Application) -> Application:
    eff = app.effective_on
    assert eff is not None
    cur = position_current(employee=app.employee)
    reason = PositionReason.LATERAL if app.move_type == "lateral" else PositionReason.PROMOTION
    policy = policy_of(app.policy_version)
    new = position_change(actor=None, employee=app.employee, level=app.to_level, start_on=eff, reason=reason,
                          why=f"晋升申请 #{app.pk} 生效 (application #{app.pk} effective)", policy=policy,
                          data={"application": app.pk})
    months = policy.process.probation_months
    app.position_after, app.probation_ends_on = new, add_months(eff, months)
    app = _transition(None, app, "make_effective", data={"position": new.pk, "closed": cur.pk if cur else None})
    # The probation becomes a plan: the policy's tasks for the new level, due at the probation's end.
    from careerpath.mentoring.services import probation_plan_create

    probation_plan_create(application=app)
    return app


@transaction.atomic
def application_confirm(*, actor: User, application: Application, note: str = "") -> Application:
    app = _noted_step(actor, application, "confirm", note, field="probation_note")
    from careerpath.mentoring.services import probation_pair_close

    probation_pair_close(application=app, passed=True)  # the probation mentor's pair ends with it
    return app


@transaction.atomic
def application_revert(*, actor: User, application: Application, reason: str, on: date) -> Application:
    """Probation failed: the new position ends and the previous level is held again from ``on``."""
    app = _lock(application)
    app.probation_note = reason
    app = _transition(actor, app, "revert", reason=reason)
    # The position taken at the effective date is the open one; the service closes it the day before.
    position_change(actor=actor, employee=app.employee, level=app.from_level, start_on=on,
                    reason=PositionReason.DEMOTION, why=reason, policy=policy_of(app.policy_version),
                    data={"application": app.pk, "probation": "failed"})
    from careerpath.mentoring.services import probation_pair_close

    probation_pair_close(application=app, passed=False)
    return app


def notifications_mark_read(*, user: User, now: Any) -> int:
    """Mark the user's unread notifications read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
