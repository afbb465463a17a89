"""Every state change of employee voice: one service, one transaction, an audit event.

HR drafts a survey (questions, anonymous or named, a target group, an open period) and opens it — the
target group is told in-app; each employee of the group answers once; HR closes it and reads the
results (``voice.results``). Employees drop suggestions into the box (意见箱), named or anonymous; HR
sets a status and a reply, which the submitter sees (named: on their page and by a notification;
anonymous: with the receipt code shown once).

Anonymous answers: the answer is written with no person on it (``voice.models``); the audit event of
answering names the participation (who took part), never the answer.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import user_employee
from careerpath.audit.services import audit_record
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound
from careerpath.labels import date_label
from careerpath.notifications.services import notify
from careerpath.people.models import Department, Employee
from careerpath.people.selectors import position_current
from careerpath.voice.models import (
    Answer,
    Audience,
    Participation,
    Question,
    QuestionKind,
    Response,
    Suggestion,
    SuggestionCategory,
    SuggestionStatus,
    Survey,
    SurveyLevel,
    SurveyState,
)
from careerpath.voice.selectors import survey_targets, target_employees_queryset

User = AbstractBaseUser

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
QUESTION_MAX = 300
OPTION_MAX = 100
OPTIONS_MAX = 12
QUESTIONS_MAX = 40
TEXT_ANSWER_MAX = 2000
SUGGESTION_MIN, SUGGESTION_MAX = 5, 2000
REPLY_MAX = 2000
# Stored messages are Chinese whatever language the replier reads.
STATUS_ZH = {"received": "已收到", "in_progress": "处理中", "adopted": "已采纳", "declined": "未采纳"}
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed again


def survey_url(survey: Survey) -> str:
    return f"/voice/surveys/{survey.pk}/answer/"


def _text(value: Any, *, field: str, max_length: int, required: bool = True, min_length: int = 1) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and len(text) < min_length:
        raise InvalidInput(f"须填写 {field} (required)" if not text else
                           f"{field} 至少 {min_length} 个字 (at least {min_length} characters)",
                           field=field, code="required" if not text else "too_short")
    if len(text) > max_length:
        raise InvalidInput(f"{field} 不超过 {max_length} 字 (at most {max_length} characters)", field=field,
                           code="too_long")
    return text


def _lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


# ---------------------------------------------------------------------------------------------------
# Surveys: HR drafts, opens and closes


def _period(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise InvalidInput("截止日期不能早于开始日期 (closes before it opens)", field="closes_on",
                           code="invalid_period")


def _target(survey: Survey, audience: str, departments: Iterable[Department], levels: Iterable[str],
            known_levels: Iterable[str] | None) -> dict[str, Any]:
    depts, codes = list(departments), sorted(set(levels))
    if audience not in Audience.values:
        raise InvalidInput(f"未知的调查对象 {audience!r} (unknown audience)", field="audience", code="invalid_audience")
    if audience == Audience.DEPARTMENTS and not depts:
        raise InvalidInput("须选择至少一个部门 (choose a department)", field="departments", code="required")
    if audience == Audience.LEVELS:
        if not codes:
            raise InvalidInput("须选择至少一个职级 (choose a level)", field="levels", code="required")
        unknown = [c for c in codes if known_levels is not None and c not in set(known_levels)]
        if unknown:
            raise InvalidInput(f"未知的职级 {'、'.join(unknown)} (unknown level)", field="levels", code="invalid_level")
    survey.departments.set(depts if audience == Audience.DEPARTMENTS else [])
    SurveyLevel.objects.filter(survey=survey).delete()
    if audience == Audience.LEVELS:
        SurveyLevel.objects.bulk_create([SurveyLevel(survey=survey, level=c) for c in codes])
    return {"audience": audience, "departments": [d.name for d in depts] if audience == Audience.DEPARTMENTS else [],
            "levels": codes if audience == Audience.LEVELS else []}


@transaction.atomic
def survey_create(*, actor: User, title: str, description: str = "", anonymous: bool = True,
                  audience: str = Audience.COMPANY, departments: Iterable[Department] = (),
                  levels: Iterable[str] = (), known_levels: Iterable[str] | None = None,
                  opens_on: date, closes_on: date) -> Survey:
    """HR drafts a survey; questions are added while it is a draft."""
    require_roles(actor, Role.HR, action="创建问卷")
    t = _text(title, field="title", max_length=TITLE_MAX)
    d = _text(description, field="description", max_length=DESCRIPTION_MAX, required=False)
    _period(opens_on, closes_on)
    survey = Survey.objects.create(title=t, description=d, anonymous=bool(anonymous), audience=audience
                                   if audience in Audience.values else Audience.COMPANY,
                                   opens_on=opens_on, closes_on=closes_on, created_by=actor)
    target = _target(survey, audience, departments, levels, known_levels)
    audit_record(actor=actor, action="survey.create", target=survey, to_state=survey.state,
                 data={"title": t, "anonymous": survey.anonymous, **target, "opens_on": opens_on.isoformat(),
                       "closes_on": closes_on.isoformat()})
    return survey


@transaction.atomic
def survey_update(*, actor: User, survey: Survey, title: str, description: str = "", anonymous: bool = True,
                  audience: str = Audience.COMPANY, departments: Iterable[Department] = (),
                  levels: Iterable[str] = (), known_levels: Iterable[str] | None = None,
                  opens_on: date, closes_on: date) -> Survey:
    """HR changes a draft's settings (everything but its questions, which are added and removed)."""
    require_roles(actor, Role.HR, action="编辑问卷")
    s = _draft(survey)
    t = _text(title, field="title", max_length=TITLE_MAX)
    d = _text(description, field="description", max_length=DESCRIPTION_MAX, required=False)
    _period(opens_on, closes_on)
    if audience not in Audience.values:
        raise InvalidInput(f"未知的调查对象 {audience!r} (unknown audience)", field="audience", code="invalid_audience")
    s.title, s.description, s.anonymous, s.audience = t, d, bool(anonymous), audience
    s.opens_on, s.closes_on = opens_on, closes_on
    s.save()
    target = _target(s, audience, departments, levels, known_levels)
    audit_record(actor=actor, action="survey.update", target=s, from_state=s.state, to_state=s.state,
                 data={"title": t, "anonymous": s.anonymous, **target, "opens_on": opens_on.isoformat(),
                       "closes_on": closes_on.isoformat()})
    return s


def _draft(survey: Survey) -> Survey:
    s = _lock(survey)
    if s.state != SurveyState.DRAFT:
        raise Conflict("问卷已开始，不能再修改 (only a draft can be changed)", code="not_draft")
    return s


def _options(kind: str, options: Iterable[str]) -> list[str]:
    opts = [o.strip() for o in options if isinstance(o, str) and o.strip()]
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return []
    if len(opts) < 2:
        raise InvalidInput("选择题至少需要两个选项 (at least two options)", field="options", code="too_few_options")
    if len(opts) > OPTIONS_MAX:
        raise InvalidInput(f"选项不超过 {OPTIONS_MAX} 个 (at most {OPTIONS_MAX})", field="options",
                           code="too_many_options")
    if len(set(opts)) != len(opts):
        raise InvalidInput("选项不能重复 (options repeat)", field="options", code="duplicate_options")
    for o in opts:
        if len(o) > OPTION_MAX:
            raise InvalidInput(f"每个选项不超过 {OPTION_MAX} 字 (at most {OPTION_MAX} characters)", field="options",
                               code="too_long")
    return opts


@transaction.atomic
def question_add(*, actor: User, survey: Survey, kind: str, text: str, options: Iterable[str] = (),
                 required: bool = True) -> Question:
    require_roles(actor, Role.HR, action="编辑问卷")
    s = _draft(survey)
    if kind not in QuestionKind.values:
        raise InvalidInput(f"未知的题型 {kind!r} (unknown kind)", field="kind", code="invalid_kind")
    t = _text(text, field="text", max_length=QUESTION_MAX)
    opts = _options(kind, options)
    last = s.questions.order_by("-order").values_list("order", flat=True).first() or 0
    if s.questions.count() >= QUESTIONS_MAX:
        raise InvalidInput(f"一份问卷不超过 {QUESTIONS_MAX} 题 (at most {QUESTIONS_MAX})", field="text",
                           code="too_many_questions")
    q = Question.objects.create(survey=s, order=last + 1, kind=kind, text=t, options=opts, required=bool(required))
    audit_record(actor=actor, action="survey.question_add", target=s, data={"order": q.order, "kind": kind, "text": t})
    return q


@transaction.atomic
def question_remove(*, actor: User, question: Question) -> None:
    require_roles(actor, Role.HR, action="编辑问卷")
    s = _draft(question.survey)
    audit_record(actor=actor, action="survey.question_remove", target=s,
                 data={"order": question.order, "text": question.text})
    Question.objects.filter(pk=question.pk, survey=s).delete()


@transaction.atomic
def survey_open(*, actor: User, survey: Survey, today: date) -> Survey:
    """HR opens a draft: its target group is told in-app (one bulk insert after commit)."""
    require_roles(actor, Role.HR, action="发布问卷")
    s = _draft(survey)
    if not s.questions.exists():
        raise InvalidInput("问卷还没有题目 (add a question first)", field="questions", code="no_questions")
    if s.closes_on < today:
        raise InvalidInput("截止日期已过，请先修改日期 (the survey would close in the past)", field="closes_on",
                           code="invalid_period")
    s.state = SurveyState.OPEN
    s.save(update_fields=["state", "updated_at"])
    user_ids = list(target_employees_queryset(survey=s).filter(user__isnull=False).values_list("user_id", flat=True))
    audit_record(actor=actor, action="survey.open", target=s, from_state=SurveyState.DRAFT, to_state=s.state,
                 data={"told": len(user_ids)})
    kind = "匿名" if s.anonymous else "实名"
    notify(user_ids=user_ids, event="voice", url=survey_url(s),
           text=f"{kind}问卷：{s.title}，{date_label(s.opens_on, lang='zh')} 至 {date_label(s.closes_on, lang='zh')}，"
                "欢迎填写")
    return s


@transaction.atomic
def survey_close(*, actor: User, survey: Survey) -> Survey:
    require_roles(actor, Role.HR, action="结束问卷")
    s = _lock(survey)
    if s.state != SurveyState.OPEN:
        raise Conflict("只有进行中的问卷可以结束 (only an open survey can be closed)", code="invalid_transition")
    s.state = SurveyState.CLOSED
    s.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action="survey.close", target=s, from_state=SurveyState.OPEN, to_state=s.state)
    return s


# ---------------------------------------------------------------------------------------------------
# Answering


def _answer(q: Question, value: Any) -> Answer | None:
    """The answer row for ``value`` (None: not answered), or InvalidInput naming the question."""
    field = f"q{q.pk}"
    empty = value is None or value == "" or value == []
    if empty:
        if q.required:
            raise InvalidInput(f"第 {q.order} 题为必答题 (question {q.order} is required)", field=field,
                               code="required")
        return None
    if q.kind == QuestionKind.SINGLE:
        picks = [value]
    elif q.kind == QuestionKind.MULTIPLE:
        picks = list(value) if isinstance(value, (list, tuple)) else [value]
    else:
        picks = []
    if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        try:
            idx = sorted({int(p) for p in picks})
        except (TypeError, ValueError):
            raise InvalidInput(f"第 {q.order} 题的选项无效 (invalid option)", field=field, code="invalid_choice") from None
        if not idx or idx[0] < 0 or idx[-1] >= len(q.options) or (q.kind == QuestionKind.SINGLE and len(idx) != 1):
            raise InvalidInput(f"第 {q.order} 题的选项无效 (invalid option)", field=field, code="invalid_choice")
        return Answer(question=q, choices=idx)
    if q.kind == QuestionKind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = 0
        if isinstance(value, bool) or not 1 <= rating <= 5:
            raise InvalidInput(f"第 {q.order} 题的评分应为 1–5 (a rating from 1 to 5)", field=field,
                               code="invalid_rating")
        return Answer(question=q, rating=rating)
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        if q.required:
            raise InvalidInput(f"第 {q.order} 题为必答题 (question {q.order} is required)", field=field,
                               code="required")
        return None
    if len(text) > TEXT_ANSWER_MAX:
        raise InvalidInput(f"第 {q.order} 题不超过 {TEXT_ANSWER_MAX} 字 (too long)", field=field, code="too_long")
    return Answer(question=q, text=text)


def survey_is_open(survey: Survey, *, today: date) -> bool:
    return survey.state == SurveyState.OPEN and survey.opens_on <= today <= survey.closes_on


@transaction.atomic
def survey_answer(*, actor: User, survey: Survey, answers: Mapping[int, Any], today: date) -> None:
    """The signed-in employee answers once. ``answers``: question id → option index (single), indexes
    (multiple), 1–5 (rating) or text.

    Two rows are written together and share nothing but the survey: the participation (who took part)
    and the response (what was answered: no person when anonymous, only the department and level).
    Returns nothing, so no caller holds the response's key next to the person.
    """
    me = user_employee(user=actor)
    if me is None:
        raise Forbidden("只有员工本人可以填写问卷 (only an employee may answer)", code="forbidden_role")
    survey_answer_record(actor=actor, employee=me, survey=survey, answers=answers, today=today)


@transaction.atomic
def survey_answer_record(*, actor: User | None, employee: Employee, survey: Survey, answers: Mapping[int, Any],
                         today: date) -> None:
    """Record ``employee``'s answers (``survey_answer`` for the signed-in one; the demo seeds with it)."""
    me = employee
    s = Survey.objects.get(pk=survey.pk)
    if not survey_is_open(s, today=today):
        raise Conflict("该问卷不在填写期内 (the survey is not open)", code="closed")
    if not survey_targets(survey=s, employee=me, today=today):
        raise Forbidden("您不在该问卷的调查对象范围内 (not in the survey's target group)", code="not_targeted")
    questions = list(s.questions.order_by("order"))
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise InvalidInput("答案中有不属于该问卷的题目 (unknown question)", field="answers", code="unknown_question")
    rows = [(q, _answer(q, answers.get(q.pk))) for q in questions]
    if not any(a is not None for _q, a in rows):
        raise InvalidInput("请至少回答一题 (answer at least one question)", field="answers", code="empty")
    pos = position_current(employee=me)
    try:
        with transaction.atomic():
            part = Participation.objects.create(survey=s, employee=me, department_id=me.department_id)
    except IntegrityError:
        raise Conflict("您已填写过该问卷 (already answered)", code="already_answered") from None
    response = Response.objects.create(survey=s, employee=None if s.anonymous else me,
                                       department_id=me.department_id, level=pos.level if pos else "")
    made = []
    for _q, a in rows:
        if a is not None:
            a.response = response
            made.append(a)
    Answer.objects.bulk_create(made)
    # Who took part, never what they answered (nor the answer's key).
    audit_record(actor=actor, action="survey.answer", target=part, data={"survey": s.pk})


# ---------------------------------------------------------------------------------------------------
# The suggestion box


def receipt_hash(code: str) -> str:
    norm = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(norm.encode()).hexdigest()


def _receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@dataclass(frozen=True, slots=True)
class Submitted:
    suggestion: Suggestion
    receipt: str  # shown once; only its hash is stored


@transaction.atomic
def suggestion_submit(*, actor: User, category: str, text: str, anonymous: bool, today: date) -> Submitted:
    """An employee drops a suggestion; an anonymous one keeps no person (nor department, nor exact time)."""
    me = user_employee(user=actor)
    if me is None:
        raise Forbidden("只有员工可以提交意见建议 (only an employee may submit)", code="forbidden_role")
    if category not in SuggestionCategory.values:
        raise InvalidInput(f"未知的类别 {category!r} (unknown category)", field="category", code="invalid_category")
    body = _text(text, field="text", max_length=SUGGESTION_MAX, min_length=SUGGESTION_MIN)
    code = _receipt()
    sug = Suggestion.objects.create(category=category, text=body, anonymous=bool(anonymous),
                                    employee=None if anonymous else me,
                                    department_id=None if anonymous else me.department_id,
                                    receipt_hash=receipt_hash(code), submitted_on=today)
    # An anonymous suggestion writes no audit event: its row (with the day only) is the record, and an
    # event's exact time could be matched with who was signed in at that moment.
    if not anonymous:
        audit_record(actor=actor, action="suggestion.submit", target=sug, to_state=sug.status,
                     data={"category": category, "anonymous": False})
    return Submitted(sug, code)


@transaction.atomic
def suggestion_reply(*, actor: User, suggestion: Suggestion, status: str, reply: str, today: date) -> Suggestion:
    """HR sets the status and a reply the submitter reads (a named submitter is told in-app)."""
    require_roles(actor, Role.HR, action="答复意见建议")
    sug = Suggestion.objects.select_for_update(of=("self",)).select_related("employee").filter(pk=suggestion.pk).first()
    if sug is None:
        raise NotFound("没有这条意见建议 (no such suggestion)")
    if status not in SuggestionStatus.values:
        raise InvalidInput(f"未知的处理状态 {status!r} (unknown status)", field="status", code="invalid_status")
    text = _text(reply, field="reply", max_length=REPLY_MAX, required=status != SuggestionStatus.RECEIVED)
    old = sug.status
    sug.status, sug.reply = status, text
    sug.replied_on, sug.replied_by = (today, actor) if text else (sug.replied_on, sug.replied_by)
    sug.save(update_fields=["status", "reply", "replied_on", "replied_by"])
    audit_record(actor=actor, action="suggestion.reply", target=sug, from_state=old, to_state=status,
                 data={"reply": text})
    if sug.employee is not None and sug.employee.user_id and text:
        notify(user_ids=[sug.employee.user_id], event="voice", url="/voice/",
               text=f"您的意见建议有了答复（{STATUS_ZH[status]}）：{text[:80]}")
    return sug
