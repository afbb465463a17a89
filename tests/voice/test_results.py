"""A survey's results: aggregated only, and withheld for groups below the minimum size."""

from __future__ import annotations

import pytest

from careerpath.voice.results import suppress, survey_results
from tests.voice.world import build_voice

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("sizes", "shown"), [
    ({"a": 7, "b": 6}, {"a", "b"}),
    ({"a": 7, "b": 6, "c": 3}, {"a"}),            # c hidden alone could be derived from the total: b goes too
    ({"a": 7, "b": 6, "c": 3, "d": 2}, {"a", "b"}),  # c + d = 5 hidden together: enough
    ({"a": 9, "c": 3}, set()),                    # nothing else to hide with c: nothing shown
    ({"a": 4, "b": 4}, set()),
    ({"a": 5}, {"a"}),
])
def test_small_groups_and_what_would_give_them_away_are_withheld(sizes: dict, shown: set) -> None:
    assert suppress(sizes, minimum=5) == shown


@pytest.fixture
def w(settings):  # noqa: ANN001, ANN201
    return build_voice(settings)


def test_a_survey_below_the_minimum_shows_nothing_but_its_count(w) -> None:  # noqa: ANN001
    s = w.survey()
    for e in w.people["east"][:4]:
        w.answer(s, e, rating=2, text="一条文字")
    res = survey_results(survey=s)
    assert (res.respondents, res.shown) == (4, False)
    assert all(q.answered == 0 and not q.texts and not q.groups and q.average is None for q in res.questions)


def test_results_count_every_answer_and_withhold_the_small_department(w) -> None:  # noqa: ANN001
    s = w.survey()
    for e in w.people["east"]:
        w.answer(s, e, rating=5, single=0, multiple=[0, 2])
    for e in w.people["west"]:
        w.answer(s, e, rating=3, single=1, multiple=[1], text="西部的建议")
    for e in w.people["south"]:
        w.answer(s, e, rating=1, single=1, multiple=[2])
    res = survey_results(survey=s, by="department")
    rating, single, multiple, text = res.questions
    assert (res.respondents, res.shown) == (16, True)
    assert rating.counts == [3, 0, 6, 0, 7] and rating.average == round((35 + 18 + 3) / 16, 2)
    assert single.counts == [7, 9]
    assert multiple.counts == [7, 6, 10]
    assert sorted(text.texts) == ["西部的建议"] * 6
    # 华南 (3) is below 5 and alone: 西部 (6, the smallest shown) is withheld with it; only 华东 is broken out.
    assert res.shown_groups == [w.east.pk]
    assert set(rating.groups) == {w.east.pk} and rating.groups[w.east.pk] == ([0, 0, 0, 0, 7], 7, 5.0)
    assert res.rates[w.south.pk] == (3, 3)


def test_the_level_breakdown_uses_the_level_at_answer_time(w) -> None:  # noqa: ANN001
    s = w.survey()
    for key in ("east", "west", "south"):
        for e in w.people[key]:
            w.answer(s, e)
    res = survey_results(survey=s, by="level")
    assert res.group_sizes == {"senior": 3, "intermediate": 13}
    assert res.shown_groups == []  # senior (3) alone would be the total minus intermediate


def test_an_anonymous_survey_refuses_to_list_named_responses(w) -> None:  # noqa: ANN001
    from careerpath.voice.results import named_responses

    s = w.survey()
    w.answer(s, w.people["east"][0])
    with pytest.raises(ValueError):
        named_responses(survey=s)
