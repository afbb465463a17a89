"""Criterion kinds the presets do not exercise fully, on a small policy of their own."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.criteria import KINDS
from careerpath.core.loader import parse_policy

from .builders import PersonBuilder, criterion, move_result

AS_OF = date(2026, 12, 31)

POLICY = parse_policy("""
name: kinds
tracks: {t: 通道}
levels:
  - {code: a, zh: 甲, track: t, tier: 1, grade: 1}
  - {code: b, zh: 乙, track: t, tier: 1, grade: 2}
competencies: {x: 能力X}
metrics: {tickets: 票数, error_rate: {zh: 报错率, rate: true}}
moves:
  - from: a
    to: b
    criteria:
      - {id: not_failed_exam, kind: not, criterion: {kind: count, evidence: exams, where: {passed: false}, min: 1}}
      - {id: good_appraisal, kind: appraisal, min_score: 90}
      - {id: exam_score, kind: exam_passed, exam: 资质考试, min_score: 75}
      - {id: trainings_passed, kind: count, evidence: trainings, where: {result: 通过}, min: 2, window: false}
      - {id: young_enough, kind: age, max: 35}
      - {id: low_errors, kind: metric_average, mode: all, thresholds: [{metric: error_rate, max: 0.01}]}
      - id: both
        kind: all
        criteria:
          - {kind: education, min: 本科}
          - {kind: tenure, of: cs_post, months: 6}
""")


def person() -> PersonBuilder:
    return (PersonBuilder(level="a", education="本科", birth_date=date(1995, 5, 1), cs_start_on=date(2026, 6, 30))
            .appraisal(2026, 90).exam(date(2026, 4, 1), exam="资质考试", score=75)
            .training(date(2020, 1, 1), "岗前培训", "passed").training(date(2026, 1, 1), "进阶培训", "passed")
            .metrics(date(2026, 1, 1), 12, error_rate=0.01))


def test_the_person_meets_every_kind() -> None:
    r = move_result(POLICY, person(), AS_OF, "a_to_b")
    assert r.eligible, [(c.id, c.actual) for c in r.criteria if not c.passed]


@pytest.mark.parametrize("change,cid", [
    (lambda b: b.exam(date(2026, 5, 1), passed=False, exam="技术评定考试"), "not_failed_exam"),
    (lambda b: b.drop_kind("appraisals").appraisal(2026, 89.5), "good_appraisal"),
    (lambda b: b.drop_kind("exams").exam(date(2026, 4, 1), exam="资质考试", score=74.9), "exam_score"),
    (lambda b: b.drop_kind("trainings").training(date(2020, 1, 1), "岗前培训", "passed")
     .training(date(2026, 2, 1), "进阶培训", "failed"), "trainings_passed"),
    (lambda b: b.set(birth_date=date(1990, 12, 31)), "young_enough"),
    (lambda b: b.drop_kind("metrics").metrics(date(2026, 1, 1), 12, error_rate=0.0101), "low_errors"),
    (lambda b: b.set(cs_start_on=date(2026, 7, 1)), "both"),
    (lambda b: b.set(education="大专"), "both"),
])
def test_each_kind_fails_just_past_its_threshold(change, cid: str) -> None:  # noqa: ANN001
    r = move_result(POLICY, change(person()), AS_OF, "a_to_b")
    failing = [c.id for c in r.criteria if not c.passed]
    assert failing == [cid]


def test_combinators_explain_each_branch() -> None:
    c = criterion(move_result(POLICY, person().set(education="大专"), AS_OF, "a_to_b"), "both")
    assert [ch.passed for ch in c.children] == [False, True]
    assert "✗ 大专" in c.actual


def test_every_registered_kind_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    missing = [k for k in KINDS if f"`{k}`" not in readme]
    assert not missing


def _drop_kind(self: PersonBuilder, kind: str) -> PersonBuilder:
    self.records[kind] = []
    return self


PersonBuilder.drop_kind = _drop_kind  # type: ignore[attr-defined]
