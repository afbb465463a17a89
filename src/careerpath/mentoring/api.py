"""Mentoring (导师制) and the probation plan over REST: the same services and selectors as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.api.types import Code, Day, EmployeeNo, Id, Note, Title
from careerpath.i18n import engine_lang
from careerpath.mentoring import selectors as sel
from careerpath.mentoring import services as s
from careerpath.mentoring.models import Goal, Pair, ProbationTask
from careerpath.people.models import Employee

router = Router(tags=["mentoring"])


class GoalOut(Schema):
    id: int
    text: str
    due_on: date
    done_on: date | None


class CheckInOut(Schema):
    id: int
    on: date
    note: str
    by: str | None


class PairOut(Schema):
    id: int
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    purpose: str
    state: str
    started_on: date
    planned_on: date
    completed_on: date | None
    completion_note: str
    mentorship_id: int | None
    goals: list[GoalOut] = []
    checkins: list[CheckInOut] = []


def _pair_out(p: Pair, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.pk, "mentor": p.mentor.employee_no, "mentor_name": p.mentor.name, "mentee": p.mentee.employee_no,
        "mentee_name": p.mentee.name, "purpose": p.purpose, "state": p.state, "started_on": p.started_on,
        "planned_on": p.planned_on, "completed_on": p.completed_on, "completion_note": p.completion_note,
        "mentorship_id": p.mentorship_id}
    if detail:
        out["goals"] = [{"id": g.pk, "text": g.text, "due_on": g.due_on, "done_on": g.done_on} for g in p.goals.all()]
        out["checkins"] = [{"id": c.pk, "on": c.on, "note": c.note, "by": c.by.get_username() if c.by else None}
                           for c in p.checkins.all()]
    return out


def _pair(request: HttpRequest, pk: int) -> Pair:
    pair = sel.pair_get(user=request.user, pk=pk)
    if pair is None:
        raise Http404
    return pair


def _employee(no: str) -> Employee:
    return get_object_or_404(Employee, employee_no=no)


@router.get("/mentoring/pairs", response=list[PairOut], summary="Mentoring pairs the caller mentors or may see")
def pairs_list(request: HttpRequest, state: Code | None = None, purpose: Code | None = None) -> list[dict[str, Any]]:
    return [_pair_out(p) for p in sel.pairs_list(user=request.user, state=state or "", purpose=purpose or "")]


class GoalIn(Schema):
    text: Title
    due_on: Day


class PairIn(Schema):
    mentor: EmployeeNo
    mentee: EmployeeNo
    started_on: Day
    planned_on: Day
    purpose: Code = "new_hire"
    goals: list[GoalIn] = []


@router.post("/mentoring/pairs", response={201: PairOut},
             summary="Pair a mentor with a mentee (HR or the mentee's supervisor); a new-hire pair records the 带教")
def pair_create(request: HttpRequest, payload: PairIn) -> Status:
    if len(payload.goals) > 20:
        from careerpath.errors import InvalidInput

        raise InvalidInput("最多 20 个目标 (at most 20 goals)", code="too_many", field="goals")
    pair = s.pair_create(actor=request.user, mentor=_employee(payload.mentor), mentee=_employee(payload.mentee),
                         started_on=payload.started_on, planned_on=payload.planned_on, purpose=payload.purpose,
                         goals=[(g.text, g.due_on) for g in payload.goals])
    return Status(201, _pair_out(_pair(request, pair.pk), detail=True))


@router.get("/mentoring/pairs/{pair_id}", response=PairOut, summary="One pair with its goals and check-ins")
def pair_detail(request: HttpRequest, pair_id: Id) -> dict[str, Any]:
    return _pair_out(_pair(request, pair_id), detail=True)


@router.post("/mentoring/pairs/{pair_id}/goals", response={201: GoalOut}, summary="Add a goal to the pair's plan")
def goal_add(request: HttpRequest, pair_id: Id, payload: GoalIn) -> Status:
    return Status(201, s.goal_add(actor=request.user, pair=_pair(request, pair_id), text=payload.text,
                                  due_on=payload.due_on))


class GoalDoneIn(Schema):
    done_on: Day | None = None


@router.post("/mentoring/goals/{goal_id}/done", response=GoalOut,
             summary="Mark a goal reached on done_on (null: not reached)")
def goal_done(request: HttpRequest, goal_id: Id, payload: GoalDoneIn) -> Goal:
    goal = get_object_or_404(Goal, pk=goal_id)
    _pair(request, goal.pair_id)
    return s.goal_set_done(actor=request.user, goal=goal, done_on=payload.done_on)


class CheckInIn(Schema):
    on: Day
    note: Note


@router.post("/mentoring/pairs/{pair_id}/checkins", response={201: CheckInOut}, summary="Record a check-in")
def checkin_add(request: HttpRequest, pair_id: Id, payload: CheckInIn) -> Status:
    c = s.checkin_add(actor=request.user, pair=_pair(request, pair_id), on=payload.on, note=payload.note)
    return Status(201, {"id": c.pk, "on": c.on, "note": c.note, "by": request.user.get_username()})


class ConfirmIn(Schema):
    on: Day
    note: Note


@router.post("/mentoring/pairs/{pair_id}/confirm", response=PairOut,
             summary="The mentor confirms the mentee's independent operation (sets the 带教 record's date)")
def pair_confirm(request: HttpRequest, pair_id: Id, payload: ConfirmIn) -> dict[str, Any]:
    s.pair_confirm_independence(actor=request.user, pair=_pair(request, pair_id), on=payload.on, note=payload.note)
    return _pair_out(_pair(request, pair_id), detail=True)


class ReasonIn(Schema):
    reason: Note


@router.post("/mentoring/pairs/{pair_id}/undo", response=PairOut,
             summary="The mentee's supervisor or HR corrects the mentor's confirmation, with a reason")
def pair_undo(request: HttpRequest, pair_id: Id, payload: ReasonIn) -> dict[str, Any]:
    s.pair_undo_independence(actor=request.user, pair=_pair(request, pair_id), reason=payload.reason)
    return _pair_out(_pair(request, pair_id), detail=True)


@router.post("/mentoring/pairs/{pair_id}/end", response=PairOut, summary="End an active pair, with a reason")
def pair_end(request: HttpRequest, pair_id: Id, payload: ReasonIn) -> dict[str, Any]:
    s.pair_end(actor=request.user, pair=_pair(request, pair_id), reason=payload.reason)
    return _pair_out(_pair(request, pair_id), detail=True)


class MentorRecordOut(Schema):
    employee_no: str
    name: str
    department: str | None
    mentees: int
    independent: int
    in_training: int
    active_pairs: int
    average_days: float | None
    median_days: float | None


@router.get("/mentoring/mentors", response=list[MentorRecordOut],
            summary="The mentors' record (HR): mentees, reached independence, days to independence, active pairs")
def mentors(request: HttpRequest, sort: Code = "independent") -> list[dict[str, Any]]:
    require_roles(request.user, Role.HR, action="查看导师带教记录")
    if sort not in sel.MENTOR_SORTS:
        from careerpath.errors import InvalidInput

        raise InvalidInput(f"未知排序 {sort!r}，应为：{'、'.join(sel.MENTOR_SORTS)} (unknown sort)", code="unknown_sort",
                           field="sort")
    return [{"employee_no": r.employee_no, "name": r.name, "department": r.department, "mentees": r.mentees,
             "independent": r.independent, "in_training": r.in_training, "active_pairs": r.active_pairs,
             "average_days": r.average_days, "median_days": r.median_days} for r in sel.mentor_records(sort=sort)]


class TaskOut(Schema):
    id: int
    kind: str
    name: str
    program: str
    done: bool
    failed: bool
    done_on: date | None
    detail: str


class PlanOut(Schema):
    application_id: int
    employee: str
    to_level: str
    effective_on: date | None
    due_on: date
    mentor: str | None
    pair_id: int | None
    open_tasks: int
    tasks: list[TaskOut]


def _plan(request: HttpRequest, application_id: int) -> Any:
    plan = sel.plan_of_application(application_id=application_id)
    if plan is None or not sel.plan_visible(user=request.user, plan=plan):
        raise Http404
    return plan


def _plan_out(plan: Any) -> dict[str, Any]:
    view = sel.plan_view(plan=plan)
    lang = engine_lang()
    return {"application_id": plan.application_id, "employee": plan.application.employee.employee_no,
            "to_level": plan.application.to_level, "effective_on": plan.application.effective_on,
            "due_on": plan.due_on, "mentor": plan.pair.mentor.employee_no if plan.pair else None,
            "pair_id": plan.pair_id, "open_tasks": view.open_count,
            "tasks": [{"id": t.task.pk, "kind": t.task.kind, "name": t.task.name(lang), "program": t.task.program,
                       "done": t.done, "failed": t.failed, "done_on": t.done_on, "detail": t.detail}
                      for t in view.tasks]}


@router.get("/mentoring/probation/{application_id}", response=PlanOut,
            summary="The probation plan of an effective application: tasks, progress, the assigned mentor")
def plan_detail(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    return _plan_out(_plan(request, application_id))


class MentorIn(Schema):
    mentor: EmployeeNo


@router.post("/mentoring/probation/{application_id}/mentor", response=PlanOut,
             summary="Assign the probation's mentor (HR or the supervisor)")
def plan_mentor(request: HttpRequest, application_id: Id, payload: MentorIn) -> dict[str, Any]:
    plan = _plan(request, application_id)
    s.probation_assign_mentor(actor=request.user, plan=plan, mentor=_employee(payload.mentor))
    return _plan_out(_plan(request, application_id))


class TaskRecordIn(Schema):
    result: Code
    note: Note


@router.post("/mentoring/probation/tasks/{task_id}", response=PlanOut,
             summary="Record an assessment task's result (passed/failed) with a note (HR or the supervisor)")
def plan_task_record(request: HttpRequest, task_id: Id, payload: TaskRecordIn) -> dict[str, Any]:
    task = get_object_or_404(ProbationTask.objects.select_related("plan"), pk=task_id)
    _plan(request, task.plan.application_id)
    s.probation_task_record(actor=request.user, task=task, result=payload.result, note=payload.note)
    return _plan_out(_plan(request, task.plan.application_id))
