"""Explanations read in English name the policy's codes in English: exams, incidents, training programs and
education levels are Chinese codes in the policy, never shown as such to an English reader."""

from __future__ import annotations

import re
from datetime import date

import pytest

from careerpath.core.engine import evaluate
from careerpath.core.loader import load_policy
from careerpath.core.results import CriterionResult

from .builders import PersonBuilder, population

CJK = re.compile(r"[\u4e00-\u9fff]")
AS_OF = date(2026, 12, 31)


def _all(results: tuple[CriterionResult, ...]) -> list[CriterionResult]:
    out: list[CriterionResult] = []
    for r in results:
        out.append(r)
        out.extend(_all(r.children))
    return out


def _person() -> PersonBuilder:
    # Everything that names a code: a failed exam, an incident, a training, a (low) education
    return (PersonBuilder(level="intermediate", level_start=date(2025, 1, 1))
            .set(education="高中")
            .exam(date(2026, 5, 1), passed=False)
            .incident(date(2026, 6, 1), "重大投诉")
            .training(date(2026, 4, 1), program="新员工入职培训"))


@pytest.mark.parametrize("preset", ["logistics-dual-track", "ecommerce-three-levels"])
def test_english_explanations_name_no_code_in_chinese(preset):
    # given a person whose record touches every coded criterion
    policy = load_policy(preset)
    ev = evaluate(population(_person()), policy, AS_OF, lang="en")
    # when every move is explained in English
    words = [(r.id, text) for m in ev.results for r in _all(m.criteria)
             for text in (r.label, r.actual, r.required, r.shortfall or "") if text]
    # then no sentence holds a Chinese word
    assert words, "nothing was explained"
    leftovers = [(cid, text) for cid, text in words if CJK.search(text)]
    assert leftovers == []


def test_the_english_names_come_from_the_policy():
    ev = evaluate(population(_person()), load_policy("logistics-dual-track"), AS_OF, lang="en")
    move = next(m for m in ev.results if m.move_id == "intermediate_to_senior")
    texts = " | ".join(f"{r.label} {r.actual} {r.required} {r.shortfall}" for r in _all(move.criteria))
    assert "Skills assessment" in texts and "Major complaint" in texts and "associate degree" in texts
