"""Every change of mentoring (导师制) and of the probation plan: one service, one transaction, an audit event.

Who does what:

- HR or the mentee's direct supervisor pairs a mentor with a mentee (never the mentor alone) and may end a
  pair; a new-hire pair owns the 带教 evidence record (``evidence.Mentorship``) it creates or adopts.
- The mentor (or the supervisor, HR) keeps the plan: goals with dates, check-ins.
- The mentor confirms the mentee's independent operation (date and note). That *is* the evidence
  "成功带出新人" counts: ``Mentorship.independent_on`` is written through the evidence services in the
  same transaction, and the mentee's supervisor is told; the supervisor (or HR) may undo it with a reason.
- When a promotion becomes effective its probation plan is created from the policy's
  ``process.probation_plan`` for the new level; HR or the supervisor assigns a mentor and records the
  assessments. The decision stays HR's confirm/revert of the application.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee
from careerpath.audit.services import audit_record
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence import models as ev
from careerpath.evidence.services.records import evidence_add, evidence_change
from careerpath.labels import date_label
from careerpath.mentoring.models import (
    CheckIn,
    Goal,
    Pair,
    PairPurpose,
    PairState,
    ProbationPlan,
    ProbationTask,
    TaskKind,
    TaskResult,
)
from careerpath.mentoring.selectors import ARRANGERS
from careerpath.notifications.services import notify
from careerpath.people.models import Employee, EmployeeStatus

User = AbstractBaseUser

TEXT_MAX = 200
NOTE_MAX = 2000


def pair_url(pair: Pair) -> str:
    return f"/mentoring/pairs/{pair.pk}/"


def plan_url(plan: ProbationPlan) -> str:
    return f"/mentoring/probation/{plan.application_id}/"


def _hr_user_ids() -> list[int]:
    return list(get_user_model().objects.filter(groups__name=Role.HR.value, is_active=True)
                .values_list("pk", flat=True).distinct())


def _supervisor_user_ids(employee: Employee) -> list[int]:
    """The employee's direct supervisor's login, or HR's when there is none."""
    sup = Employee.objects.filter(pk=employee.supervisor_id).values_list("user_id", flat=True).first()
    return [sup] if sup else _hr_user_ids()


def _text(value: str, field: str, *, required: bool = True, limit: int = NOTE_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput("必填项为空 (required)", code="required", field=field)
    if len(value) > limit:
        raise InvalidInput(f"文字过长：最多 {limit} 个字符 (at most {limit} characters)", code="too_long", field=field)
    return value


def _date(value: Any, field: str) -> date:
    if not isinstance(value, date):
        raise InvalidInput("请填写日期 (a date is required)", code="required", field=field)
    return value


def _lock(pair: Pair) -> Pair:
    return Pair.objects.select_for_update(of=("self",)).select_related("mentor", "mentee").get(pk=pair.pk)


def _require_arranger(actor: User, mentee: Employee, action: str) -> None:
    authority.require_capacity(actor=actor, subject=mentee, allowed=ARRANGERS, action=action)


def _is_mentor(actor: User, pair: Pair) -> bool:
    me = user_employee(user=actor)
    return me is not None and me.pk == pair.mentor_id


def _require_keeper(actor: User, pair: Pair, action: str) -> None:
    """The mentor keeps the plan; the mentee's supervisor and HR may too."""
    if _is_mentor(actor, pair):
        return
    _require_arranger(actor, pair.mentee, action)


def _require_active(pair: Pair) -> None:
    if pair.state != PairState.ACTIVE:
        raise Conflict("该带教已结束，不能再修改 (the pair is no longer active)", code="pair_not_active")


# ---------------------------------------------------------------------------------------------------
# Pairs


@transaction.atomic
def pair_create(*, actor: User, mentor: Employee, mentee: Employee, started_on: date, planned_on: date,
                purpose: str = PairPurpose.NEW_HIRE, goals: Iterable[tuple[str, date]] = ()) -> Pair:
    """HR or the mentee's supervisor pairs ``mentor`` with ``mentee``; a new-hire pair records the 带教."""
    if purpose not in PairPurpose.values:
        raise InvalidInput(f"未知带教类型 {purpose!r} (unknown purpose)", code="unknown_purpose", field="purpose")
    _require_arranger(actor, mentee, "安排导师")
    started_on, planned_on = _date(started_on, "started_on"), _date(planned_on, "planned_on")
    if mentor.pk == mentee.pk:
        raise InvalidInput("导师与带教对象不能是同一人 (the mentor cannot mentor themself)", code="same_person",
                           field="mentor")
    if mentor.status != EmployeeStatus.ACTIVE or mentee.status != EmployeeStatus.ACTIVE:
        raise InvalidInput("导师与带教对象须为在职员工 (both must be active employees)", code="inactive", field="mentor")
    if planned_on < started_on:
        raise InvalidInput("计划独立日期不能早于开始日期 (the planned date is before the start)", code="plan_before_start",
                           field="planned_on")
    if Pair.objects.select_for_update().filter(mentee=mentee, purpose=purpose, state=PairState.ACTIVE).exists():
        raise Conflict(f"{mentee.name} 已有进行中的{PairPurpose(purpose).label} (an active pair exists)",
                       code="pair_exists")
    mentorship = None
    if purpose == PairPurpose.NEW_HIRE:
        mentorship = _mentorship_for(actor, mentor, mentee, started_on)
    pair = Pair.objects.create(mentor=mentor, mentee=mentee, purpose=purpose, started_on=started_on,
                               planned_on=planned_on, mentorship=mentorship, created_by=actor)
    for text, due in goals:
        _goal_create(pair, text, due)
    audit_record(actor=actor, action="mentoring.create", target=pair, to_state=pair.state,
                 data={"mentor": mentor.employee_no, "mentee": mentee.employee_no, "purpose": purpose,
                       "started_on": started_on.isoformat(), "planned_on": planned_on.isoformat(),
                       "mentorship": mentorship.pk if mentorship else None})
    goal = (f"计划 {date_label(planned_on, lang='zh')} 前独立操作" if purpose == PairPurpose.NEW_HIRE
            else f"至考察期结束 {date_label(planned_on, lang='zh')}")
    notify(user_ids=[mentor.user_id, mentee.user_id],
           text=f"导师带教：{mentor.name} 带教 {mentee.name}（{PairPurpose(purpose).label}），{goal}",
           url=pair_url(pair), event="mentoring")
    return pair


def _mentorship_for(actor: User, mentor: Employee, mentee: Employee, started_on: date) -> ev.Mentorship:
    """The 带教 record of the pair: the one already imported for the two (if not reached yet), or a new one."""
    found = ev.Mentorship.objects.select_for_update().filter(mentor=mentor, mentee=mentee).first()
    if found is not None:
        if found.independent_on is not None:
            raise Conflict(f"{mentee.name} 已于 {date_label(found.independent_on, lang='zh')} 记录为独立操作 "
                           "(already independent)", code="already_independent")
        if Pair.objects.filter(mentorship=found).exists():
            raise Conflict("该带教记录已属于另一个带教计划 (the record belongs to another pair)", code="pair_exists")
        return found
    # The pair's arranger writes the record; the capacity "arranger" lets the supervisor of the mentee
    # write it although the mentor is not theirs, never for the arranger's own record.
    record = evidence_add(actor=actor, kind="mentorship", mentor=mentor, mentee=mentee, start_on=started_on,
                          reason="建立导师带教 (mentoring pair created)", allowed=("hr", "supervisor", "arranger"),
                          extra=("arranger",))
    assert isinstance(record, ev.Mentorship)
    return record


@transaction.atomic
def pair_end(*, actor: User, pair: Pair, reason: str) -> Pair:
    """HR or the mentee's supervisor ends an active pair (the mentee left, the mentor changed)."""
    p = _lock(pair)
    _require_arranger(actor, p.mentee, "终止带教")
    _require_active(p)
    p.state, p.ended_reason = PairState.ENDED, _text(reason, "reason")
    p.save(update_fields=["state", "ended_reason", "updated_at"])
    audit_record(actor=actor, action="mentoring.end", target=p, from_state=PairState.ACTIVE, to_state=p.state,
                 reason=p.ended_reason)
    notify(user_ids=[p.mentor.user_id, p.mentee.user_id], text=f"带教已终止：{p.mentor.name} → {p.mentee.name}"
           f"（{p.ended_reason}）", url=pair_url(p), event="mentoring")
    return p


# ---------------------------------------------------------------------------------------------------
# Goals and check-ins


def _goal_create(pair: Pair, text: str, due_on: date) -> Goal:
    text = _text(text, "text", limit=TEXT_MAX)
    due_on = _date(due_on, "due_on")
    if due_on < pair.started_on:
        raise InvalidInput("目标日期不能早于带教开始 (before the pair started)", code="before_start", field="due_on")
    return Goal.objects.create(pair=pair, text=text, due_on=due_on)


@transaction.atomic
def goal_add(*, actor: User, pair: Pair, text: str, due_on: date) -> Goal:
    p = _lock(pair)
    _require_keeper(actor, p, "添加带教目标")
    _require_active(p)
    goal = _goal_create(p, text, due_on)
    audit_record(actor=actor, action="mentoring.goal_add", target=p, data={"goal": goal.pk, "text": goal.text,
                                                                            "due_on": goal.due_on.isoformat()})
    return goal


@transaction.atomic
def goal_set_done(*, actor: User, goal: Goal, done_on: date | None) -> Goal:
    """Mark a goal reached on ``done_on`` (None: not reached after all)."""
    p = _lock(goal.pair)
    _require_keeper(actor, p, "更新带教目标")
    _require_active(p)
    g = Goal.objects.select_for_update().get(pk=goal.pk)
    if done_on is not None and done_on > clock.today():
        raise InvalidInput("完成日期不能晚于今天 (in the future)", code="future_date", field="done_on")
    g.done_on = done_on
    g.save(update_fields=["done_on"])
    audit_record(actor=actor, action="mentoring.goal_done", target=p,
                 data={"goal": g.pk, "done_on": done_on.isoformat() if done_on else None})
    return g


@transaction.atomic
def checkin_add(*, actor: User, pair: Pair, on: date, note: str) -> CheckIn:
    """The mentor (or the supervisor, HR) records a check-in: what was practised, what is next."""
    p = _lock(pair)
    _require_keeper(actor, p, "记录带教反馈")
    _require_active(p)
    on = _date(on, "on")
    if on > clock.today():
        raise InvalidInput("日期不能晚于今天 (in the future)", code="future_date", field="on")
    if on < p.started_on:
        raise InvalidInput("日期不能早于带教开始 (before the pair started)", code="before_start", field="on")
    checkin = CheckIn.objects.create(pair=p, on=on, note=_text(note, "note"), by=actor)
    audit_record(actor=actor, action="mentoring.checkin", target=p, data={"checkin": checkin.pk, "on": on.isoformat()})
    return checkin


# ---------------------------------------------------------------------------------------------------
# Independent operation: the mentor confirms, the supervisor may correct


@transaction.atomic
def pair_confirm_independence(*, actor: User, pair: Pair, on: date, note: str) -> Pair:
    """The mentor confirms the mentee operates independently since ``on``: the 带教 record counts from now."""
    p = _lock(pair)
    if not _is_mentor(actor, p):
        raise Forbidden("只有该带教的导师本人可以确认独立操作 (only the mentor confirms)", code="not_the_mentor")
    _require_active(p)
    if p.purpose != PairPurpose.NEW_HIRE or p.mentorship_id is None:
        raise Conflict("考察期带教没有独立操作确认，由人力资源部确认考察结论 (a probation pair ends with the "
                       "probation decision)", code="not_a_new_hire_pair")
    on = _date(on, "on")
    if on > clock.today():
        raise InvalidInput("独立操作日期不能晚于今天 (in the future)", code="future_date", field="on")
    if on < p.started_on:
        raise InvalidInput("独立操作日期不能早于带教开始 (before the pair started)", code="before_start", field="on")
    note = _text(note, "note")
    mentorship = ev.Mentorship.objects.select_for_update().get(pk=p.mentorship_id)
    if mentorship.independent_on is not None:
        raise Conflict("该带教记录已有独立操作日期 (already recorded)", code="already_independent")
    # Written by the system on the mentor's word (the mentor is a subject of the record, so no door lets
    # them write it as themself); this service's audit event names the mentor.
    evidence_change(actor=None, record=mentorship, independent_on=on,
                    reason=f"导师确认独立操作（带教计划 #{p.pk}）：{note}"[:500])
    p.state, p.completed_on, p.completion_note = PairState.COMPLETED, on, note
    p.save(update_fields=["state", "completed_on", "completion_note", "updated_at"])
    audit_record(actor=actor, action="mentoring.confirm", target=p, from_state=PairState.ACTIVE, to_state=p.state,
                 reason=note, data={"independent_on": on.isoformat(), "mentorship": mentorship.pk})
    notify(user_ids=_supervisor_user_ids(p.mentee),
           text=f"{p.mentor.name} 确认 {p.mentee.name} 自 {date_label(on, lang='zh')} 起独立操作，"
                "已计入导师的带教记录；如不属实请更正", url=pair_url(p), event="mentoring")
    return p


@transaction.atomic
def pair_undo_independence(*, actor: User, pair: Pair, reason: str) -> Pair:
    """The mentee's supervisor (or HR) corrects the mentor's confirmation: the pair is active again."""
    p = _lock(pair)
    _require_arranger(actor, p.mentee, "更正独立操作确认")
    if p.state != PairState.COMPLETED or p.mentorship_id is None:
        raise Conflict("只有已确认独立操作的带教可以更正 (nothing to correct)", code="invalid_transition")
    reason = _text(reason, "reason")
    mentorship = ev.Mentorship.objects.select_for_update().get(pk=p.mentorship_id)
    evidence_change(actor=actor, record=mentorship, independent_on=None, reason=reason,
                    allowed=("hr", "supervisor", "arranger"), extra=("arranger",))
    before = p.completed_on
    p.state, p.completed_on, p.completion_note = PairState.ACTIVE, None, ""
    p.save(update_fields=["state", "completed_on", "completion_note", "updated_at"])
    audit_record(actor=actor, action="mentoring.undo", target=p, from_state=PairState.COMPLETED, to_state=p.state,
                 reason=reason, data={"independent_on": before.isoformat() if before else None})
    notify(user_ids=[p.mentor.user_id], text=f"{p.mentee.name} 的独立操作确认已被更正：{reason}", url=pair_url(p),
           event="mentoring")
    return p


# ---------------------------------------------------------------------------------------------------
# The probation plan


def probation_plan_create(*, application: Any) -> ProbationPlan:
    """The plan of an application that has just become effective (called in its transaction); idempotent."""
    from careerpath.policy_versions.selectors import policy_of

    found = ProbationPlan.objects.filter(application=application).first()
    if found is not None:
        return found
    assert application.probation_ends_on is not None
    policy = policy_of(application.policy_version)
    plan = ProbationPlan.objects.create(application=application, due_on=application.probation_ends_on)
    specs = policy.process.probation_plan.get(application.to_level, ())
    ProbationTask.objects.bulk_create([
        ProbationTask(plan=plan, seq=i, kind=s.kind, program=s.program, name_zh=s.name.zh, name_en=s.name.en)
        for i, s in enumerate(specs, start=1)])
    audit_record(actor=None, action="mentoring.plan_create", target=plan,
                 data={"application": application.pk, "due_on": plan.due_on.isoformat(),
                       "tasks": [s.name.zh for s in specs]})
    emp = application.employee
    tasks = "、".join(s.name.zh for s in specs) or "无指定任务"
    notify(user_ids=[emp.user_id, *_supervisor_user_ids(emp)],
           text=f"{emp.name} 考察期计划：{tasks}，{date_label(plan.due_on, lang='zh')} 前完成", url=plan_url(plan),
           event="probation")
    return plan


def _lock_plan(plan: ProbationPlan) -> ProbationPlan:
    return (ProbationPlan.objects.select_for_update(of=("self",))
            .select_related("application", "application__employee").get(pk=plan.pk))


def _require_plan_open(plan: ProbationPlan) -> None:
    from careerpath.core.workflow import State

    if plan.application.state != State.IN_PROBATION:
        raise Conflict("考察期已有结论，计划不能再修改 (the probation is decided)", code="probation_decided")


@transaction.atomic
def probation_assign_mentor(*, actor: User, plan: ProbationPlan, mentor: Employee) -> ProbationPlan:
    """HR or the supervisor assigns the probation's mentor: a probation pair until the plan is due."""
    pl = _lock_plan(plan)
    emp = pl.application.employee
    _require_arranger(actor, emp, "指定考察期导师")
    _require_plan_open(pl)
    if pl.pair_id is not None:
        old = Pair.objects.select_for_update().get(pk=pl.pair_id)
        if old.mentor_id == mentor.pk and old.state == PairState.ACTIVE:
            raise Conflict(f"{mentor.name} 已是考察期导师 (already the mentor)", code="already_assigned")
        if old.state == PairState.ACTIVE:
            old.state, old.ended_reason = PairState.ENDED, "更换考察期导师"
            old.save(update_fields=["state", "ended_reason", "updated_at"])
            audit_record(actor=actor, action="mentoring.end", target=old, from_state=PairState.ACTIVE,
                         to_state=old.state, reason=old.ended_reason)
    start = max(pl.application.effective_on or clock.today(), clock.today())
    try:
        with transaction.atomic():
            pair = pair_create(actor=actor, mentor=mentor, mentee=emp, purpose=PairPurpose.PROBATION,
                               started_on=min(start, pl.due_on), planned_on=pl.due_on)
    except IntegrityError:
        raise Conflict("已有进行中的考察期带教 (an active pair exists)", code="pair_exists") from None
    pl.pair = pair
    pl.save(update_fields=["pair"])
    audit_record(actor=actor, action="mentoring.plan_mentor", target=pl, data={"mentor": mentor.employee_no,
                                                                               "pair": pair.pk})
    return pl


@transaction.atomic
def probation_task_record(*, actor: User, task: ProbationTask, result: str, note: str) -> ProbationTask:
    """The supervisor or HR records an assessment task's result (通过/未通过) with a note."""
    pl = _lock_plan(task.plan)
    emp = pl.application.employee
    _require_arranger(actor, emp, "记录考察期考核")
    _require_plan_open(pl)
    t = ProbationTask.objects.select_for_update().get(pk=task.pk)
    if t.kind != TaskKind.ASSESSMENT:
        raise Conflict("培训任务由培训记录自动完成 (a training task completes from the training records)",
                       code="training_task")
    if result not in TaskResult.values:
        raise InvalidInput(f"结果应为 {' / '.join(TaskResult.values)} (unknown result)", code="unknown_result",
                           field="result")
    before = t.result
    t.result, t.note, t.recorded_by, t.recorded_on = result, _text(note, "note"), actor, clock.today()
    t.save(update_fields=["result", "note", "recorded_by", "recorded_on"])
    audit_record(actor=actor, action="mentoring.task_record", target=pl, reason=t.note,
                 data={"task": t.pk, "name": t.name_zh, "result": [before, result]})
    pair_mentor = Pair.objects.filter(pk=pl.pair_id).values_list("mentor__user_id", flat=True).first()
    notify(user_ids=[emp.user_id, pair_mentor, *_hr_user_ids()],
           text=f"{emp.name} 考察期任务“{t.name_zh}”：{TaskResult(result).label}", url=plan_url(pl), event="probation")
    return t


def probation_pair_close(*, application: Any, passed: bool) -> None:
    """The probation is decided (called in the decision's transaction): its mentor's pair ends with it —
    completed when the promotion is confirmed, ended when it is reverted."""
    plan = ProbationPlan.objects.filter(application=application, pair__isnull=False).first()
    if plan is None:
        return
    pair = Pair.objects.select_for_update().get(pk=plan.pair_id)
    if pair.state != PairState.ACTIVE:
        return
    if passed:
        pair.state, pair.completed_on = PairState.COMPLETED, clock.today()
    else:
        pair.state, pair.ended_reason = PairState.ENDED, "考察期未通过，已恢复原职级"
    pair.save(update_fields=["state", "completed_on", "ended_reason", "updated_at"])
    audit_record(actor=None, action="mentoring.probation_close", target=pair, from_state=PairState.ACTIVE,
                 to_state=pair.state, data={"application": application.pk})
