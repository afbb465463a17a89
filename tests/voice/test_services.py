"""Surveys and the suggestion box through their services: targeting, answering once, anonymity by design."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import models

from careerpath.audit.models import AuditEvent
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.people.models import Employee
from careerpath.promotions.models import Notification
from careerpath.voice import services as vs
from careerpath.voice.models import Answer, Participation, Question, Response, Suggestion, SurveyState
from careerpath.voice.selectors import surveys_waiting_queryset
from tests.voice.world import TODAY, build_voice

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):  # noqa: ANN001, ANN201
    return build_voice(settings)


# ---------------------------------------------------------------------------------------------------
# Anonymity is in the schema


@pytest.mark.parametrize("model", [Response, Answer])
def test_an_answer_row_has_no_sequence_no_time_and_no_user(model: type[models.Model]) -> None:
    fields = model._meta.get_fields()
    assert isinstance(model._meta.pk, models.UUIDField)
    assert not [f for f in fields if isinstance(f, (models.DateField, models.AutoField, models.BigAutoField))]
    people = [f.name for f in fields if f.is_relation and f.related_model is not None
              and f.related_model._meta.label in ("people.Employee", "auth.User")]
    # Only the named survey's employee (always empty for an anonymous one) may point at a person.
    assert people == ([] if model is Answer else ["employee"])


def test_a_participation_shares_nothing_with_the_response_but_the_survey() -> None:
    names = {f.name for f in Participation._meta.get_fields()}
    assert names == {"id", "survey", "employee", "department"}


def test_an_anonymous_answer_keeps_no_person_and_its_audit_names_no_answer(w) -> None:  # noqa: ANN001
    s = w.survey()
    e = w.people["east"][0]
    w.answer(s, e, rating=5, text="多一些培训")
    r = Response.objects.get(survey=s)
    assert r.employee_id is None
    assert (r.department_id, r.level) == (w.east.pk, "senior")
    assert Participation.objects.filter(survey=s, employee=e).exists()
    event = AuditEvent.objects.get(action="survey.answer")
    assert event.target_type == "participation"
    blob = repr(event.data) + event.target_id + event.reason
    assert str(r.pk) not in blob and "多一些培训" not in blob and "5" not in repr(event.data).replace(str(s.pk), "")


def test_a_named_answer_stores_the_employee(w) -> None:  # noqa: ANN001
    s = w.survey(anonymous=False)
    e = w.people["west"][2]
    w.answer(s, e)
    assert Response.objects.get(survey=s).employee == e


def test_a_second_answer_is_refused_and_nothing_more_is_written(w) -> None:  # noqa: ANN001
    s = w.survey()
    e = w.people["east"][0]
    w.answer(s, e)
    with pytest.raises(Conflict) as exc:
        w.answer(s, e)
    assert exc.value.code == "already_answered"
    assert Response.objects.filter(survey=s).count() == 1


# ---------------------------------------------------------------------------------------------------
# Targeting and the period


@pytest.mark.parametrize(("audience", "who", "ok"), [
    ("company", "south", True),
    ("departments", "east", True),   # the survey is for 客服中心 › 华东 only
    ("departments", "south", False),
    ("levels", "east", True),        # people[...][0] is a 高级客服专员
])
def test_only_the_target_group_may_answer(w, audience: str, who: str, ok: bool) -> None:  # noqa: ANN001
    s = w.survey(audience=audience, departments=[w.east] if audience == "departments" else None,
                 levels=["senior"] if audience == "levels" else None)
    e = w.people[who][0]
    if ok:
        w.answer(s, e)
        assert Participation.objects.filter(employee=e).count() == 1
    else:
        with pytest.raises(Forbidden):
            w.answer(s, e)
        assert not Response.objects.exists()


def test_a_department_survey_reaches_the_departments_below(w) -> None:  # noqa: ANN001
    s = w.survey(audience="departments", departments=[w.center])
    w.answer(s, w.people["south"][1])
    assert Response.objects.filter(survey=s).count() == 1


def test_a_level_survey_leaves_out_other_levels(w) -> None:  # noqa: ANN001
    s = w.survey(audience="levels", levels=["senior"])
    with pytest.raises(Forbidden):
        w.answer(s, w.people["east"][3])  # 中级客服专员


def test_answers_are_refused_before_opening_and_after_closing(w, settings) -> None:  # noqa: ANN001
    draft = w.survey(open_it=False)
    with pytest.raises(Conflict):
        w.answer(draft, w.people["east"][0])
    s = w.survey()
    vs.survey_close(actor=w.users["hr"], survey=s)
    with pytest.raises(Conflict):
        w.answer(s, w.people["east"][0])


def test_the_waiting_list_is_the_open_unanswered_surveys_of_the_group(w, django_assert_num_queries) -> None:  # noqa: ANN001
    e = w.people["east"][0]
    s1, s2 = w.survey(), w.survey(audience="departments", departments=[w.west])
    w.survey(open_it=False)
    with django_assert_num_queries(2):  # the department tree (once per request) and the surveys
        assert [x.pk for x in surveys_waiting_queryset(employee=e, today=TODAY)] == [s1.pk]
    w.answer(s1, e)
    assert not surveys_waiting_queryset(employee=e, today=TODAY).exists()
    assert s2.pk in {x.pk for x in surveys_waiting_queryset(employee=w.people["west"][0], today=TODAY)}


@pytest.mark.parametrize(("answers", "code"), [
    ({"rating": 6}, "invalid_rating"),
    ({"rating": "x"}, "invalid_rating"),
    ({"single": 5}, "invalid_choice"),
    ({"single": [0, 1]}, "invalid_choice"),
    ({"multiple": [7]}, "invalid_choice"),
    ({"rating": None}, "required"),
    ({"text": "字" * 2001}, "too_long"),
])
def test_bad_answers_are_refused_and_change_nothing(w, answers: dict, code: str) -> None:  # noqa: ANN001
    s = w.survey()
    q = {x.kind: x for x in Question.objects.filter(survey=s)}
    given = {q["rating"].pk: 4, q["single"].pk: 0, q["multiple"].pk: [0], q["text"].pk: ""}
    for kind, value in answers.items():
        given[q[kind].pk] = value
    with pytest.raises(InvalidInput) as exc:
        vs.survey_answer(actor=w.people["east"][0].user, survey=s, answers=given, today=TODAY)
    assert exc.value.code == code
    assert not Participation.objects.exists() and not Response.objects.exists()


def test_only_hr_drafts_and_a_survey_needs_questions_to_open(w) -> None:  # noqa: ANN001
    with pytest.raises(Forbidden):
        vs.survey_create(actor=w.people["east"][0].user, title="x", opens_on=TODAY, closes_on=TODAY)
    s = vs.survey_create(actor=w.users["hr"], title="空问卷", opens_on=TODAY, closes_on=TODAY)
    with pytest.raises(InvalidInput) as exc:
        vs.survey_open(actor=w.users["hr"], survey=s, today=TODAY)
    assert exc.value.code == "no_questions"
    with pytest.raises(InvalidInput):
        vs.survey_create(actor=w.users["hr"], title="倒序", opens_on=TODAY, closes_on=TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput):
        vs.question_add(actor=w.users["hr"], survey=s, kind="single", text="只有一个选项", options=["是"])


def test_an_open_survey_cannot_be_edited(w) -> None:  # noqa: ANN001
    s = w.survey()
    with pytest.raises(Conflict):
        vs.question_add(actor=w.users["hr"], survey=s, kind="rating", text="再加一题")


def test_opening_tells_the_target_group_in_app(w, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    with django_capture_on_commit_callbacks(execute=True):
        s = w.survey(audience="departments", departments=[w.south])
    assert s.state == SurveyState.OPEN
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {e.user_id for e in w.people["south"]}
    assert all(n.url == f"/voice/surveys/{s.pk}/answer/" for n in Notification.objects.all())


# ---------------------------------------------------------------------------------------------------
# The suggestion box


def test_an_anonymous_suggestion_keeps_no_person_and_is_found_by_its_receipt(w) -> None:  # noqa: ANN001
    e = w.people["west"][0]
    done = vs.suggestion_submit(actor=e.user, category="career", text="希望公布评审时间表", anonymous=True,
                                today=TODAY)
    g = Suggestion.objects.get()
    assert (g.employee_id, g.department_id) == (None, None)
    assert done.receipt not in g.receipt_hash and g.receipt_hash == vs.receipt_hash(done.receipt.lower())
    # No timestamped event to match against who was signed in; a named one is audited as usual.
    assert not AuditEvent.objects.filter(action="suggestion.submit").exists()
    vs.suggestion_submit(actor=e.user, category="work", text="统一交接单模板", anonymous=False, today=TODAY)
    assert AuditEvent.objects.get(action="suggestion.submit").actor_id == e.user_id


def test_a_reply_to_a_named_suggestion_tells_its_author(w, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    e = w.people["east"][2]
    done = vs.suggestion_submit(actor=e.user, category="work", text="交接单模板统一", anonymous=False, today=TODAY)
    with pytest.raises(Forbidden):
        vs.suggestion_reply(actor=e.user, suggestion=done.suggestion, status="adopted", reply="好", today=TODAY)
    with pytest.raises(InvalidInput):
        vs.suggestion_reply(actor=w.users["hr"], suggestion=done.suggestion, status="adopted", reply=" ", today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        g = vs.suggestion_reply(actor=w.users["hr"], suggestion=done.suggestion, status="adopted",
                                reply="下月起执行", today=TODAY)
    assert (g.status, g.reply, g.replied_on) == ("adopted", "下月起执行", TODAY)
    n = Notification.objects.get()
    assert n.user_id == e.user_id and "已采纳" in n.text


def test_a_suggestion_needs_an_employee_and_some_words(w) -> None:  # noqa: ANN001
    with pytest.raises(Forbidden):
        vs.suggestion_submit(actor=w.users["hr"], category="other", text="人力资源部自己的建议", anonymous=True,
                             today=TODAY)
    with pytest.raises(InvalidInput):
        vs.suggestion_submit(actor=w.people["east"][0].user, category="other", text="短", anonymous=True, today=TODAY)
    with pytest.raises(InvalidInput):
        vs.suggestion_submit(actor=w.people["east"][0].user, category="nope", text="足够长的建议内容", anonymous=True,
                             today=TODAY)
    assert not Suggestion.objects.exists()
    assert Employee.objects.count() == 16
