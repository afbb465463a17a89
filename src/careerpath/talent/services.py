"""Every state change of internal competition (内部竞聘): one service, one transaction, an audit event.

HR posts a vacancy that the headcount plan shows (``org``), the pool's members are invited (in-app
notifications after commit), eligible people apply with a statement, HR interviews and scores each one
with the promotion's own review form (``promotions.review_report``), and selects one: that opens and
submits the person's promotion application, which then runs the usual workflow (reviews, 公示, HR
approval, 晋升通知书) and fills the post on its effective date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import user_employee
from careerpath.audit.services import audit_record
from careerpath.calendars.selectors import work_calendar
from careerpath.core.workdays import CalendarMissing
from careerpath.core.workflow import State
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.labels import date_label
from careerpath.notifications.services import notify
from careerpath.people.models import Department, Employee, EmployeeStatus
from careerpath.people.selectors import department_subtree_ids, positions_current_queryset
from careerpath.people.services import employee_update
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.promotions.applying import statement_check
from careerpath.promotions.review_report import Interview, ReviewReport
from careerpath.promotions.services import application_create, application_submit
from careerpath.talent.models import Candidate, CandidateState, Invitation, Posting, PostingState
from careerpath.talent.selectors import (
    open_posts,
    pool_levels,
    posting_closes_on,
    posting_eligibility,
    posting_move,
)

User = AbstractBaseUser

# The application period in working days: a week by default, at most two months of working days.
DEFAULT_WORKING_DAYS = 5
MAX_WORKING_DAYS = 40

ELIGIBILITY_MESSAGES = {
    "closed": "该竞聘已截止或未开放 (the posting is not open for applications)",
    "inactive": "仅在职员工可报名 (only active employees may apply)",
    "other_department": "该岗位仅限本部门人员竞聘 (the post is open to its department only)",
    "no_position": "没有任职记录 (no current position)",
    "not_a_move": "当前职级不能竞聘该岗位：须逐级晋升，不得跨级 (no such move from the current level)",
    "not_eligible": "尚不符合该岗位晋升路径的全部条件 (not eligible for the move)",
    "already_open": "已有进行中的晋升申请 (an application is open)",
}


def posting_url(posting: Posting) -> str:
    return f"/talent/postings/{posting.pk}/"


def _notify_on_commit(users: Iterable[Any], text: str, url: str) -> None:
    _notify_ids_on_commit([u.pk for u in users if u is not None], text, url)


def _notify_ids_on_commit(user_ids: Iterable[int], text: str, url: str) -> None:
    notify(user_ids=user_ids, text=text, url=url, event="talent")


def _lock(posting: Posting) -> Posting:
    return Posting.objects.select_for_update(of=("self",)).select_related("department", "policy_version").get(
        pk=posting.pk)


# ---------------------------------------------------------------------------------------------------
# Posting a vacancy


@transaction.atomic
def posting_create(*, actor: User, level: str, department: Department | None, working_days: int,
                   today: date, description: str = "") -> Posting:
    """HR posts a vacant management post for ``working_days`` working days and invites the pool.

    Refused unless the headcount plan of ``department`` (None: the company-wide plan) shows ``level``
    vacant beyond the posts already offered in other postings.
    """
    require_roles(actor, Role.HR, action="发布内部竞聘")
    pv = active_version()
    if pv is None:
        raise Conflict("尚未发布生效的晋升办法 no active policy version", code="no_active_policy")
    policy = policy_of(pv)
    if level not in policy.levels or not policy.is_management(level):
        raise InvalidInput(f"竞聘岗位须为管理通道职级，收到 {level!r} (a management level is required)",
                           field="level", code="not_management")
    if isinstance(working_days, bool) or not isinstance(working_days, int) or not 1 <= working_days <= MAX_WORKING_DAYS:
        raise InvalidInput(f"报名期应为 1–{MAX_WORKING_DAYS} 个工作日 (1 to {MAX_WORKING_DAYS} working days)",
                           field="working_days", code="invalid_working_days")
    if len(description) > 2000:
        raise InvalidInput("岗位说明不超过 2000 字 (at most 2000 characters)", field="description", code="too_long")
    # Serialise postings: the vacancy left is read and taken under one lock (the plan's row, or all of them).
    from careerpath.org.models import HeadcountPlan
    list(HeadcountPlan.objects.select_for_update().filter(department=department, level=level).order_by())
    dept_id = department.pk if department is not None else None
    post = next((p for p in open_posts(policy=policy) if p.department_id == dept_id and p.level == level), None)
    if post is None or post.left <= 0:
        where = department.name if department is not None else "全公司"
        raise Conflict(f"{where}的岗位编制中该职级没有空缺（或空缺已在竞聘中），不能发布竞聘 "
                       "(no vacancy of this level in the headcount plan)", code="no_vacancy")
    try:
        closes_on = posting_closes_on(posted_on=today, working_days=working_days, calendar=work_calendar())
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), field="working_days", code="calendar_missing") from None
    name = policy.levels[level].name.zh
    title = f"{department.name if department else '全公司'} {name} 内部竞聘"
    posting = Posting.objects.create(level=level, department=department, title=title, description=description.strip(),
                                     posted_on=today, working_days=working_days, closes_on=closes_on,
                                     policy_version=pv, posted_by=actor)
    # The pool's members who have a way to the post: the post's department (or everyone), not the poster.
    pool = positions_current_queryset().filter(level__in=pool_levels(policy)).values_list("employee_id", "level")
    invited = []
    for emp_id, lv in pool:
        if posting_move(policy, from_level=lv, to_level=level) is not None:
            invited.append(emp_id)
    people = Employee.objects.filter(pk__in=invited, status=EmployeeStatus.ACTIVE).exclude(user_id=actor.pk)
    if department is not None:
        people = people.filter(department_id__in=department_subtree_ids(root_id=department.pk))
    people = list(people.only("pk", "user_id"))
    Invitation.objects.bulk_create([Invitation(posting=posting, employee=e) for e in people])
    audit_record(actor=actor, action="posting.create", target=posting, to_state=posting.state,
                 data={"level": level, "department": department.name if department else None,
                       "working_days": working_days, "closes_on": closes_on.isoformat(), "invited": len(people)})
    _notify_ids_on_commit([e.user_id for e in people if e.user_id],
                      f"内部竞聘：{title}，报名截止 {date_label(closes_on, lang='zh')}，欢迎人才储备库成员报名",
                      posting_url(posting))
    return posting


@transaction.atomic
def posting_cancel(*, actor: User, posting: Posting, reason: str) -> Posting:
    """HR withdraws an open posting (the post was filled otherwise, the plan changed), with a reason."""
    require_roles(actor, Role.HR, action="取消内部竞聘")
    p = _lock(posting)
    if p.state != PostingState.OPEN:
        raise Conflict("只有竞聘中的岗位可以取消 (only an open posting can be cancelled)", code="invalid_transition")
    if not reason.strip():
        raise InvalidInput("须填写取消原因 a reason is required", field="reason", code="reason_required")
    p.state, p.closed_reason = PostingState.CANCELLED, reason.strip()
    p.save(update_fields=["state", "closed_reason", "updated_at"])
    audit_record(actor=actor, action="posting.cancel", target=p, from_state=PostingState.OPEN, to_state=p.state,
                 reason=reason)
    users = [c.employee.user for c in p.candidates.select_related("employee__user") if c.employee.user_id]
    _notify_on_commit(users, f"内部竞聘已取消：{p.title}（{reason.strip()}）", posting_url(p))
    return p


# ---------------------------------------------------------------------------------------------------
# Applying


@transaction.atomic
def candidate_apply(*, actor: User, posting: Posting, statement: str, today: date) -> Candidate:
    """The signed-in employee applies for ``posting`` with a statement (竞聘陈述), if eligible now."""
    me = user_employee(user=actor)
    if me is None:
        raise Forbidden("只有员工本人可以报名竞聘 (only an employee may apply)", code="forbidden_role")
    text = statement_check(statement)
    p = _lock(posting)
    policy = policy_of(p.policy_version)
    verdict = posting_eligibility(posting=p, employee=me, policy=policy, as_of=today)
    if not verdict.ok:
        err = Conflict if verdict.code in ("closed", "already_open") else InvalidInput
        raise err(ELIGIBILITY_MESSAGES[verdict.code], code=verdict.code)
    assert verdict.move is not None and verdict.from_level is not None
    try:
        with transaction.atomic():
            cand = Candidate.objects.create(posting=p, employee=me, from_level=verdict.from_level,
                                            move_id=verdict.move.id, statement=text, applied_on=today)
    except IntegrityError:
        raise Conflict("您已报名该竞聘 (already applied)", code="already_applied") from None
    audit_record(actor=actor, action="candidate.apply", target=cand, to_state=cand.state,
                 data={"posting": p.pk, "move": verdict.move.id})
    _notify_on_commit([p.posted_by], f"{me.name} 报名了内部竞聘：{p.title}", posting_url(p))
    return cand


@transaction.atomic
def candidate_withdraw(*, actor: User, candidate: Candidate) -> Candidate:
    """The applicant withdraws their candidacy while the posting is open."""
    cand = Candidate.objects.select_for_update(of=("self",)).select_related("employee", "posting").get(pk=candidate.pk)
    authority.require_capacity(actor=actor, subject=cand.employee, allowed={"self"}, action="撤回竞聘报名")
    if cand.posting.state != PostingState.OPEN or cand.state not in (CandidateState.APPLIED, CandidateState.SCORED):
        raise Conflict("该报名已不能撤回 (cannot be withdrawn now)", code="invalid_transition")
    old = cand.state
    cand.state = CandidateState.WITHDRAWN
    cand.save(update_fields=["state"])
    audit_record(actor=actor, action="candidate.withdraw", target=cand, from_state=old, to_state=cand.state)
    return cand


# ---------------------------------------------------------------------------------------------------
# Interview and scoring, with the promotion's review form


def score_check(value: Any) -> Decimal:
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput("评分应为 0–100 的数 (a score from 0 to 100)", field="score", code="invalid_score") from None
    if not score.is_finite() or score < 0 or score > 100:
        raise InvalidInput("评分应为 0–100 的数 (a score from 0 to 100)", field="score", code="invalid_score")
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def candidate_score(*, actor: User, candidate: Candidate, interview: Interview, report: ReviewReport, score: Any,
                    today: date) -> Candidate:
    """HR records the interview, the 评审报告 (the same sections as a promotion's) and a 0–100 score.

    Nobody scores themself (``accounts.authority``); a score may be corrected until a candidate is selected.
    """
    cand = Candidate.objects.select_for_update(of=("self",)).select_related("employee", "posting").get(pk=candidate.pk)
    authority.require_capacity(actor=actor, subject=cand.employee, allowed={"hr"}, action="竞聘面试评分")
    if cand.posting.state != PostingState.OPEN:
        raise Conflict("该竞聘已结束，不能再评分 (the posting is closed)", code="invalid_transition")
    if cand.state not in (CandidateState.APPLIED, CandidateState.SCORED):
        raise Conflict("该竞聘人已撤回或已有结果 (the candidate cannot be scored)", code="invalid_transition")
    value = score_check(score)
    interview.check(today=today, submitted_on=cand.applied_on)
    report.check()
    me = user_employee(user=actor)
    reviewer = f"{me.name}（{me.employee_no}）" if me else actor.get_username()
    old = cand.state
    cand.interview_note, cand.review_report = interview.text(), report.text(reviewer=reviewer, on=today)
    cand.recommendation, cand.score = report.recommendation, value
    cand.scored_by, cand.scored_at, cand.state = actor, timezone.now(), CandidateState.SCORED
    cand.save()
    audit_record(actor=actor, action="candidate.score", target=cand, from_state=old, to_state=cand.state,
                 data={"posting": cand.posting_id, "score": str(value)})
    return cand


# ---------------------------------------------------------------------------------------------------
# Selection: one per posting, continued in the promotion workflow


@transaction.atomic
def posting_select(*, actor: User, posting: Posting, candidate: Candidate, today: date, note: str = "") -> Posting:
    """HR selects one scored candidate after the application period: their promotion application is
    opened and submitted (evaluated as of today) and continues through the usual workflow.

    Once per posting (the posting's row is locked and its state checked; the database allows one
    selected candidate). The others are told they were not selected.
    """
    p = _lock(posting)
    cand = Candidate.objects.select_for_update(of=("self",)).select_related("employee", "employee__user").get(
        pk=candidate.pk)
    if cand.posting_id != p.pk:
        raise InvalidInput("该竞聘人不属于此竞聘 (not a candidate of this posting)", field="candidate")
    authority.require_capacity(actor=actor, subject=cand.employee, allowed={"hr"}, action="选定竞聘人选")
    if p.state != PostingState.OPEN:
        raise Conflict("该竞聘已选定人选或已取消 (a candidate was already selected)", code="already_selected")
    if today <= p.closes_on:
        raise Conflict(f"报名至 {date_label(p.closes_on, lang='zh')} 下班截止，截止后才能选定人选 "
                       "(select after the application period)", code="posting_running")
    if cand.state != CandidateState.SCORED:
        raise InvalidInput("须先完成该竞聘人的面试评分 (score the candidate first)", field="candidate",
                           code="not_scored")
    statement = (f"内部竞聘「{p.title}」入选（面试评分 {cand.score}）。\n竞聘陈述：{cand.statement}"
                 + (f"\n人力资源部意见：{note.strip()}" if note.strip() else ""))
    app = application_create(actor=actor, employee=cand.employee, to_level=p.level, statement=statement,
                             policy_version=p.policy_version)
    app = application_submit(actor=actor, application=app, as_of=today)
    p.state, p.application = PostingState.SELECTED, app
    p.save(update_fields=["state", "application", "updated_at"])
    cand.state = CandidateState.SELECTED
    cand.save(update_fields=["state"])
    others = list(p.candidates.exclude(pk=cand.pk).filter(state__in=[CandidateState.APPLIED, CandidateState.SCORED])
                  .select_related("employee__user"))
    Candidate.objects.filter(pk__in=[o.pk for o in others]).update(state=CandidateState.NOT_SELECTED)
    audit_record(actor=actor, action="posting.select", target=p, from_state=PostingState.OPEN, to_state=p.state,
                 reason=note, data={"candidate": cand.pk, "employee": cand.employee.employee_no, "application": app.pk})
    _notify_on_commit([o.employee.user for o in others if o.employee.user_id],
                      f"内部竞聘「{p.title}」已选定人选，感谢您的参与", posting_url(p))
    return p


@transaction.atomic
def posting_reopen(*, actor: User, posting: Posting, reason: str) -> Posting:
    """HR reopens a posting whose selected person's promotion ended without effect (rejected or withdrawn).

    The post is still vacant, so the other candidates return to where the selection left them (scored, or
    awaiting their interview) and HR may select one of them; the person whose application ended is no longer
    a candidate. Applications stay closed: the period has passed.
    """
    require_roles(actor, Role.HR, action="重新开放内部竞聘")
    p = _lock(posting)
    if p.state != PostingState.SELECTED or p.application is None:
        raise Conflict("只有已选定人选的竞聘可以重新开放 (only a posting with a selected candidate can be reopened)",
                       code="invalid_transition")
    ended = (State.REJECTED.value, State.WITHDRAWN.value)
    if p.application.state not in ended:
        raise Conflict("入选人的晋升申请仍在进行或已生效，不能重新开放 (the selected person's application is still "
                       "running or took effect)", code="application_running")
    if not reason.strip():
        raise InvalidInput("须填写重新开放的原因 a reason is required", field="reason", code="reason_required")
    failed = p.application
    Candidate.objects.filter(posting=p, state=CandidateState.SELECTED).update(state=CandidateState.NOT_SELECTED)
    others = list(p.candidates.filter(state=CandidateState.NOT_SELECTED).exclude(employee_id=failed.employee_id)
                  .select_related("employee__user"))
    for c in others:
        c.state = CandidateState.SCORED if c.score is not None else CandidateState.APPLIED
    Candidate.objects.bulk_update(others, ["state"])
    p.state, p.application = PostingState.OPEN, None
    p.save(update_fields=["state", "application", "updated_at"])
    audit_record(actor=actor, action="posting.reopen", target=p, from_state=PostingState.SELECTED, to_state=p.state,
                 reason=reason, data={"application": failed.pk, "application_state": failed.state,
                                      "employee": failed.employee.employee_no})
    _notify_on_commit([c.employee.user for c in others if c.employee.user_id],
                      f"内部竞聘「{p.title}」重新开放选定：{reason.strip()}", posting_url(p))
    return p


# ---------------------------------------------------------------------------------------------------
# Filling the post on the effective date


def postings_fill(*, today: date) -> list[Posting]:
    """Move each selected person whose promotion took effect into the posting's department; idempotent.

    The promotion's own effective run changed the level; the post belongs to the posting's department,
    so the person is counted there from the effective date on (``org.selectors.headcount_overview``).
    Run by the daily apply-effective job after the promotions.
    """
    done = []
    due = (Posting.objects.filter(state=PostingState.SELECTED, filled_on__isnull=True,
                                  application__state__in=[State.IN_PROBATION.value, State.CONFIRMED.value],
                                  application__effective_on__lte=today)
           .order_by("pk").values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            p = (Posting.objects.select_for_update(of=("self",)).select_related("application", "department")
                 .get(pk=pk))
            if p.filled_on is not None or p.application is None:
                continue
            emp = p.application.employee
            if p.department_id is not None and emp.department_id != p.department_id:
                employee_update(actor=None, employee=emp, department=p.department)
            p.filled_on = p.application.effective_on
            p.save(update_fields=["filled_on", "updated_at"])
            audit_record(actor=None, action="posting.fill", target=p, from_state=p.state, to_state=p.state,
                         data={"employee": emp.employee_no, "department": p.department.name if p.department else None,
                               "application": p.application_id})
            done.append(p)
    return done
