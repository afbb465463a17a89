"""Employee voice over REST: surveys (HR drafts, opens, closes; employees answer), aggregated results
(small groups withheld), and the suggestion box. The same services and reads as the pages; no endpoint
returns who answered what."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from careerpath import clock
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.api.types import Code, Day, Id, Note, Title, paginated, text
from careerpath.errors import Forbidden
from careerpath.evidence.selectors import policy_get
from careerpath.people.models import Department
from careerpath.voice import selectors as sel
from careerpath.voice import services as s
from careerpath.voice.models import Suggestion, Survey
from careerpath.voice.results import named_responses, survey_results

router = Router(tags=["voice"])

Option = text(s.OPTION_MAX)
AnswerValue = int | list[Annotated[int, Field(ge=0, le=100)]] | Annotated[str, Field(max_length=s.TEXT_ANSWER_MAX)] | None


class QuestionOut(Schema):
    id: int
    order: int
    kind: str
    text: str
    options: list[str]
    required: bool


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    anonymous: bool
    audience: str
    department_ids: list[int]
    levels: list[str]
    opens_on: date
    closes_on: date
    state: str
    questions: list[QuestionOut]


def _survey(x: Survey) -> dict[str, Any]:
    return {"id": x.pk, "title": x.title, "description": x.description, "anonymous": x.anonymous,
            "audience": x.audience, "department_ids": [d.pk for d in x.departments.all()],
            "levels": [lv.level for lv in x.target_levels.all()], "opens_on": x.opens_on, "closes_on": x.closes_on,
            "state": x.state,
            "questions": [{"id": q.pk, "order": q.order, "kind": q.kind, "text": q.text, "options": q.options,
                           "required": q.required} for q in x.questions.all()]}


def _is_hr(request: HttpRequest) -> bool:
    return bool(user_roles(user=request.user) & {Role.HR, Role.ADMIN})


def _get(request: HttpRequest, pk: int) -> Survey:
    """HR reads any survey; an employee only an open one of their group (others: 404)."""
    x = sel.survey_get(pk=pk)
    if x is None:
        raise Http404
    if not _is_hr(request):
        me = user_employee(user=request.user)
        if me is None or not sel.survey_targets(survey=x, employee=me, today=clock.today()):
            raise Http404
    return x


def _prefetched(qs: Any) -> Any:
    return qs.prefetch_related("departments", "target_levels", "questions")


@router.get("/voice/surveys", response=list[SurveyOut],
            summary="Surveys: all of them for HR; the open ones of their group for an employee")
@paginated(page_size=100)
def survey_list(request: HttpRequest, state: Code = "") -> Any:
    if _is_hr(request):
        return [_survey(x) for x in _prefetched(sel.surveys_list(state=state))]
    me = user_employee(user=request.user)
    if me is None:
        return []
    return [_survey(x) for x in _prefetched(sel.surveys_for_employee_queryset(employee=me, today=clock.today()))]


class SurveyIn(Schema):
    title: Title
    description: Note = ""
    anonymous: bool = True
    audience: Literal["company", "departments", "levels"] = "company"
    department_ids: Annotated[list[Id], Field(max_length=200)] = []
    levels: Annotated[list[Code], Field(max_length=50)] = []
    opens_on: Day
    closes_on: Day


@router.post("/voice/surveys", response={201: SurveyOut}, summary="Draft a survey (HR)")
def survey_create(request: HttpRequest, payload: SurveyIn) -> Status:
    depts = list(Department.objects.filter(pk__in=payload.department_ids))
    if len(depts) != len(set(payload.department_ids)):
        raise Http404
    x = s.survey_create(actor=request.user, title=payload.title, description=payload.description,
                        anonymous=payload.anonymous, audience=payload.audience, departments=depts,
                        levels=payload.levels, known_levels=list(policy_get().levels), opens_on=payload.opens_on,
                        closes_on=payload.closes_on)
    return Status(201, _survey(x))


@router.put("/voice/surveys/{pk}", response=SurveyOut, summary="Change a draft's settings (HR)")
def survey_update(request: HttpRequest, pk: Id, payload: SurveyIn) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="编辑问卷")
    depts = list(Department.objects.filter(pk__in=payload.department_ids))
    if len(depts) != len(set(payload.department_ids)):
        raise Http404
    x = s.survey_update(actor=request.user, survey=_get(request, pk), title=payload.title,
                        description=payload.description, anonymous=payload.anonymous, audience=payload.audience,
                        departments=depts, levels=payload.levels, known_levels=list(policy_get().levels),
                        opens_on=payload.opens_on, closes_on=payload.closes_on)
    return _survey(x)


@router.get("/voice/surveys/{pk}", response=SurveyOut)
def survey_detail(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return _survey(_get(request, pk))


class QuestionIn(Schema):
    kind: Literal["single", "multiple", "rating", "text"]
    text: text(s.QUESTION_MAX)  # type: ignore[valid-type]
    options: Annotated[list[Option], Field(max_length=s.OPTIONS_MAX)] = []  # type: ignore[valid-type]
    required: bool = True


@router.post("/voice/surveys/{pk}/questions", response={201: QuestionOut}, summary="Add a question to a draft (HR)")
def question_add(request: HttpRequest, pk: Id, payload: QuestionIn) -> Status:
    require_roles(request.user, Role.HR, action="编辑问卷")
    q = s.question_add(actor=request.user, survey=_get(request, pk), kind=payload.kind, text=payload.text,
                       options=payload.options, required=payload.required)
    return Status(201, {"id": q.pk, "order": q.order, "kind": q.kind, "text": q.text, "options": q.options,
                        "required": q.required})


@router.post("/voice/surveys/{pk}/open", response=SurveyOut, summary="Open a draft; its target group is told (HR)")
def survey_open(request: HttpRequest, pk: Id) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="发布问卷")
    x = s.survey_open(actor=request.user, survey=_get(request, pk), today=clock.today())
    return _survey(x)


@router.post("/voice/surveys/{pk}/close", response=SurveyOut, summary="Close an open survey (HR)")
def survey_close(request: HttpRequest, pk: Id) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="结束问卷")
    return _survey(s.survey_close(actor=request.user, survey=_get(request, pk)))


class AnswerIn(Schema):
    question_id: Id
    value: AnswerValue = None  # option index (single), indexes (multiple), 1–5 (rating), text


class AnswersIn(Schema):
    answers: Annotated[list[AnswerIn], Field(max_length=s.QUESTIONS_MAX)]


class Receipt(Schema):
    ok: bool
    anonymous: bool


@router.post("/voice/surveys/{pk}/responses", response={201: Receipt},
             summary="Answer a survey once (the signed-in employee); anonymous answers keep no person")
def survey_answer(request: HttpRequest, pk: Id, payload: AnswersIn) -> Status:
    x = _get(request, pk)
    s.survey_answer(actor=request.user, survey=x, answers={a.question_id: a.value for a in payload.answers},
                    today=clock.today())
    return Status(201, {"ok": True, "anonymous": x.anonymous})


class GroupOut(Schema):
    group: str | int | None
    answered: int
    counts: list[int]
    average: float | None


class QuestionResultOut(Schema):
    question_id: int
    order: int
    kind: str
    text: str
    options: list[str]
    answered: int
    counts: list[int]
    average: float | None
    texts: list[str]
    groups: list[GroupOut]


class RateOut(Schema):
    department_id: int | None
    targeted: int
    answered: int


class ResultsOut(Schema):
    survey_id: int
    minimum: int
    respondents: int
    targeted: int
    shown: bool
    by: str
    withheld_groups: int
    rates: list[RateOut]
    questions: list[QuestionResultOut]


@router.get("/voice/surveys/{pk}/results", response=ResultsOut,
            summary="Aggregated results (HR): nothing for groups below CAREERPATH_VOICE_MIN_GROUP")
def survey_results_get(request: HttpRequest, pk: Id, by: Literal["department", "level"] = "department") -> Any:
    require_roles(request.user, Role.HR, action="查看问卷结果")
    res = survey_results(survey=_get(request, pk), by=by)
    return {"survey_id": pk, "minimum": res.minimum, "respondents": res.respondents, "targeted": res.targeted,
            "shown": res.shown, "by": res.by, "withheld_groups": res.withheld_groups,
            "rates": [{"department_id": d, "targeted": n, "answered": t} for d, (n, t) in res.rates.items()],
            "questions": [{"question_id": q.question.pk, "order": q.question.order, "kind": q.question.kind,
                           "text": q.question.text, "options": q.question.options, "answered": q.answered,
                           "counts": q.counts if res.shown else [], "average": q.average, "texts": q.texts,
                           "groups": [{"group": g, "answered": q.groups[g][1], "counts": q.groups[g][0],
                                       "average": q.groups[g][2]} for g in res.shown_groups if g in q.groups]}
                          for q in res.questions]}


class NamedOut(Schema):
    employee_no: str
    name: str
    department: str
    answers: list[str]  # one per question, in order


@router.get("/voice/surveys/{pk}/named", response=list[NamedOut],
            summary="A NAMED survey's answers person by person (HR); 404 for an anonymous survey")
def survey_named(request: HttpRequest, pk: Id) -> Any:
    require_roles(request.user, Role.HR, action="查看实名答卷")
    x = _get(request, pk)
    if x.anonymous:
        raise Http404
    return [{"employee_no": r.employee_no, "name": r.name, "department": r.department, "answers": r.answers}
            for r in named_responses(survey=x)]


# ---------------------------------------------------------------------------------------------------
# The suggestion box


class SuggestionOut(Schema):
    id: uuid.UUID
    category: str
    text: str
    anonymous: bool
    employee_no: str | None
    submitted_on: date
    status: str
    reply: str
    replied_on: date | None


class SubmittedOut(SuggestionOut):
    receipt: str  # an anonymous suggestion's only handle; shown once, never stored


def _suggestion(g: Suggestion) -> dict[str, Any]:
    return {"id": g.pk, "category": g.category, "text": g.text, "anonymous": g.anonymous,
            "employee_no": g.employee.employee_no if g.employee_id and g.employee else None,
            "submitted_on": g.submitted_on, "status": g.status, "reply": g.reply, "replied_on": g.replied_on}


class SuggestionIn(Schema):
    category: Literal["career", "training", "work", "welfare", "other"]
    text: text(s.SUGGESTION_MAX)  # type: ignore[valid-type]
    anonymous: bool = True


@router.post("/voice/suggestions", response={201: SubmittedOut},
             summary="Submit a suggestion (an employee); an anonymous one returns its receipt code once")
def suggestion_submit(request: HttpRequest, payload: SuggestionIn) -> Status:
    done = s.suggestion_submit(actor=request.user, category=payload.category, text=payload.text,
                               anonymous=payload.anonymous, today=clock.today())
    return Status(201, {**_suggestion(done.suggestion), "receipt": done.receipt})


@router.get("/voice/suggestions", response=list[SuggestionOut],
            summary="Suggestions: all for HR; a manager's department's named ones; an employee's own named ones")
@paginated(page_size=100)
def suggestion_list(request: HttpRequest, status: Code = "") -> Any:
    if _is_hr(request):
        return [_suggestion(g) for g in sel.suggestions_list(status=status)]
    if Role.MANAGER in user_roles(user=request.user):  # the named ones of their department, their own included
        qs = sel.suggestions_visible_to(user=request.user)
        return [_suggestion(g) for g in (qs.filter(status=status) if status else qs)]
    me = user_employee(user=request.user)
    if me is None:
        raise Forbidden("只有员工或人力资源部可以查看意见建议 (employees and HR only)", code="forbidden_role")
    return [_suggestion(g) for g in sel.suggestions_of(employee=me).select_related("employee")]


class ReceiptIn(Schema):
    code: text(20)  # type: ignore[valid-type]


@router.post("/voice/suggestions/lookup", response=SuggestionOut,
             summary="Read an anonymous suggestion's status and reply by its receipt code")
def suggestion_lookup(request: HttpRequest, payload: ReceiptIn) -> dict[str, Any]:
    g = Suggestion.objects.select_related("employee").filter(receipt_hash=s.receipt_hash(payload.code)).first()
    if g is None:
        raise Http404
    return _suggestion(g)


class ReplyIn(Schema):
    status: Literal["received", "in_progress", "adopted", "declined"]
    reply: Note = ""


@router.post("/voice/suggestions/{pk}/reply", response=SuggestionOut,
             summary="Set a suggestion's status and public reply (HR)")
def suggestion_reply(request: HttpRequest, pk: uuid.UUID, payload: ReplyIn) -> dict[str, Any]:
    require_roles(request.user, Role.HR, action="答复意见建议")
    g = Suggestion.objects.filter(pk=pk).first()
    if g is None:
        raise Http404
    g = s.suggestion_reply(actor=request.user, suggestion=g, status=payload.status, reply=payload.reply,
                           today=clock.today())
    return _suggestion(g)
