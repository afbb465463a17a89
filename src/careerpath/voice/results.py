"""A survey's results for HR: aggregated, and withheld for every group smaller than the minimum size.

Nothing here returns a response's key or a person: only counts, shares, averages, and the text answers
of a survey whose respondents reach the minimum (listed in random order, without group or person).

Suppression (``CAREERPATH_VOICE_MIN_GROUP``):

- fewer respondents than the minimum in the whole survey: no result at all, only the count;
- a breakdown (by department or level) shows a group only if it has at least the minimum; and when the
  groups withheld add up to fewer than the minimum (so the total minus the shown groups would give them
  away), the smallest shown groups are withheld too until what is withheld reaches the minimum.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from careerpath.voice.models import Answer, Participation, Question, QuestionKind, Response, Survey
from careerpath.voice.selectors import target_employees_queryset

BREAKDOWNS = ("department", "level")


def min_group() -> int:
    return int(settings.CAREERPATH_VOICE_MIN_GROUP)


def suppress(sizes: dict[str | int | None, int], *, minimum: int) -> set[str | int | None]:
    """The groups that may be shown: each at least ``minimum``, and the withheld ones together either none
    or at least ``minimum`` (complementary suppression)."""
    shown = {g for g, n in sizes.items() if n >= minimum}
    hidden = sum(n for g, n in sizes.items() if g not in shown)
    for g in sorted(shown, key=lambda g: (sizes[g], str(g))):
        if hidden == 0 or hidden >= minimum:
            break
        shown.discard(g)
        hidden += sizes[g]
    if hidden and hidden < minimum:  # nothing left to withhold with them: show none
        shown = set()
    return shown


@dataclass(slots=True)
class QuestionResult:
    question: Question
    answered: int
    counts: list[int] = field(default_factory=list)  # per option (choices) or per rating 1..5
    average: float | None = None  # ratings
    texts: list[str] = field(default_factory=list)  # text answers (only when the survey is shown)
    # group -> per option/rating counts and the group's answered count (shown groups only)
    groups: dict[str | int | None, tuple[list[int], int, float | None]] = field(default_factory=dict)


@dataclass(slots=True)
class SurveyResults:
    survey: Survey
    minimum: int
    respondents: int
    targeted: int
    shown: bool  # the whole survey reaches the minimum
    by: str  # the breakdown: "department" or "level"
    group_sizes: dict[str | int | None, int]
    shown_groups: list[str | int | None]
    withheld_groups: int
    questions: list[QuestionResult]
    # department id -> (targeted now, took part)
    rates: dict[int | None, tuple[int, int]]


def survey_results(*, survey: Survey, by: str = "department") -> SurveyResults:
    """Read the survey's answers in three statements and aggregate them (never per person)."""
    by = by if by in BREAKDOWNS else "department"
    minimum = min_group()
    key = "department_id" if by == "department" else "level"
    groups_of: dict[str, str | int | None] = {str(r["id"]): r[key] for r in
                                              Response.objects.filter(survey=survey).values("id", key)}
    respondents = len(groups_of)
    sizes: dict[str | int | None, int] = dict(Counter(groups_of.values()))
    shown = respondents >= minimum
    visible = suppress(sizes, minimum=minimum) if shown else set()
    questions = list(survey.questions.order_by("order"))
    results = {q.pk: QuestionResult(q, 0, _zeros(q)) for q in questions}
    per_group: dict[int, dict[str | int | None, list[int]]] = defaultdict(dict)
    answered_group: dict[int, Counter] = defaultdict(Counter)
    ratings: dict[int, dict[str | int | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    if shown:
        rows = Answer.objects.filter(response__survey=survey).values_list("response_id", "question_id", "choices",
                                                                            "rating", "text")
        for rid, qid, choices, rating, text in rows:
            r = results.get(qid)
            if r is None:
                continue
            g = groups_of.get(str(rid))
            r.answered += 1
            answered_group[qid][g] += 1
            bucket = per_group[qid].setdefault(g, _zeros(r.question))
            if r.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                for i in choices or []:
                    if 0 <= i < len(r.counts):
                        r.counts[i] += 1
                        bucket[i] += 1
            elif r.question.kind == QuestionKind.RATING and rating:
                r.counts[rating - 1] += 1
                bucket[rating - 1] += 1
                ratings[qid][g].append(rating)
            elif r.question.kind == QuestionKind.TEXT and text:
                r.texts.append(text)
        for q in questions:
            r = results[q.pk]
            if q.kind == QuestionKind.RATING:
                r.average = _mean(v for vals in ratings[q.pk].values() for v in vals)
            for g in visible:
                avg = _mean(ratings[q.pk].get(g, [])) if q.kind == QuestionKind.RATING else None
                r.groups[g] = (per_group[q.pk].get(g, _zeros(q)), answered_group[q.pk][g], avg)
    targeted = dict(target_employees_queryset(survey=survey).values_list("department_id")
                    .annotate(n=Count("pk")).values_list("department_id", "n"))
    took = dict(Participation.objects.filter(survey=survey).values_list("department_id")
                .annotate(n=Count("pk")).values_list("department_id", "n"))
    rates = {d: (targeted.get(d, 0), took.get(d, 0)) for d in set(targeted) | set(took)}
    return SurveyResults(survey=survey, minimum=minimum, respondents=respondents,
                         targeted=sum(targeted.values()), shown=shown, by=by, group_sizes=sizes,
                         shown_groups=sorted(visible, key=lambda g: (-sizes[g], str(g))),
                         withheld_groups=len(sizes) - len(visible) if shown else len(sizes),
                         questions=[results[q.pk] for q in questions], rates=rates)


def _zeros(q: Question) -> list[int]:
    if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [0] * len(q.options)
    if q.kind == QuestionKind.RATING:
        return [0] * 5
    return []


def _mean(values: Iterable[int]) -> float | None:
    vals = list(values)
    return round(sum(vals) / len(vals), 2) if vals else None


@dataclass(slots=True)
class NamedRow:
    employee_no: str
    name: str
    department: str
    answers: list[str]  # one cell per question, in order


def named_responses(*, survey: Survey) -> list[NamedRow]:
    """Each respondent of a NAMED survey with their answers (two statements). An anonymous survey has no
    such list: its responses carry no person, and this refuses to be asked."""
    if survey.anonymous:
        raise ValueError("an anonymous survey has no named responses")
    questions = list(survey.questions.order_by("order"))
    rows = {r.pk: r for r in Response.objects.filter(survey=survey, employee__isnull=False)
            .select_related("employee", "department")}
    cells: dict[object, dict[int, str]] = defaultdict(dict)
    for a in Answer.objects.filter(response_id__in=list(rows)).select_related("question"):
        q = a.question
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            text = "、".join(q.options[i] for i in a.choices if 0 <= i < len(q.options))
        elif q.kind == QuestionKind.RATING:
            text = str(a.rating or "")
        else:
            text = a.text
        cells[a.response_id][q.pk] = text
    out = [NamedRow(r.employee.employee_no, r.employee.name, r.department.name if r.department else "",
                    [cells[pk].get(q.pk, "") for q in questions]) for pk, r in rows.items() if r.employee]
    return sorted(out, key=lambda x: x.employee_no)
