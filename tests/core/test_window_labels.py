"""Criterion labels name the policy's evidence window, not a fixed 12 months."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.engine import evaluate
from careerpath.core.loader import parse_policy

from .builders import PersonBuilder, population

AS_OF = date(2026, 12, 31)


def _policy(window_months: int):  # noqa: ANN202
    return parse_policy(f"""
name: window
tracks: {{t: 通道}}
levels:
  - {{code: a, zh: 甲, track: t, tier: 1, grade: 1}}
  - {{code: b, zh: 乙, track: t, tier: 1, grade: 2}}
metrics: {{tickets: 票数}}
evidence:
  window_months: {window_months}
moves:
  - from: a
    to: b
    criteria:
      - {{id: praise, kind: count, evidence: praises, min: 2}}
      - {{id: exam, kind: exam_passed, exam: 技术评定考试}}
      - {{id: incident, kind: no_incident, types: [重大事故]}}
      - {{id: leave, kind: leave, less_than: 5}}
      - {{id: tickets, kind: metric_average, thresholds: [{{metric: tickets, min: 100}}]}}
""")


def _labels(window_months: int, lang: str) -> dict[str, str]:
    b = PersonBuilder(level="a")
    ev = evaluate(population(b), _policy(window_months), AS_OF, lang=lang)
    (result,) = ev.results
    return {c.id: c.label for c in result.criteria}


@pytest.mark.parametrize("months,zh,en", [
    (6, "近6个月", "last 6 months"),
    (12, "近12个月", "last 12 months"),
    (24, "近24个月", "last 24 months"),
])
@pytest.mark.parametrize("cid", ["praise", "exam", "incident", "leave", "tickets"])
def test_it_labels_windowed_criteria_with_the_policys_window(months: int, zh: str, en: str, cid: str) -> None:
    # given a policy whose evidence window is `months` long
    # when its criteria are evaluated in Chinese and in English
    zh_label = _labels(months, "zh")[cid]
    en_label = _labels(months, "en")[cid]
    # then every windowed label names that window, and no other
    assert zh in zh_label
    assert en in en_label
    for other in {6, 12, 24} - {months}:
        assert f"近{other}个月" not in zh_label
        assert f"last {other} months" not in en_label
