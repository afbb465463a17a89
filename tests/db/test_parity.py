"""Evaluating from the workbook and from the database gives the same verdicts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from careerpath.core.engine import evaluate
from careerpath.core.facts import PersonFacts
from careerpath.core.results import CriterionResult, Evaluation
from careerpath.evidence.selectors import load_population
from careerpath.evidence.services import workbook_import
from careerpath.workbook.reader import read_workbook

pytestmark = pytest.mark.django_db

EVIDENCE_KINDS = (
    "positions",
    "praises",
    "mentorships",
    "trainings",
    "leaves",
    "metrics",
    "exams",
    "appraisals",
    "attestations",
    "incidents",
)


def _criterion(c: CriterionResult) -> dict[str, Any]:
    # Evidence ids differ by design ("书面表扬:12" vs "praise:42"); everything else must match.
    return {
        "id": c.id,
        "label": c.label,
        "passed": c.passed,
        "actual": c.actual,
        "required": c.required,
        "evidence_count": len(c.evidence),
        "children": [_criterion(x) for x in c.children],
    }


def _verdicts(ev: Evaluation) -> list[dict[str, Any]]:
    return [
        {
            "employee_no": r.employee_no,
            "name": r.name,
            "department": r.department,
            "current_level": r.current_level,
            "target_level": r.target_level,
            "move": r.move_id,
            "eligible": r.eligible,
            "criteria": [_criterion(c) for c in r.criteria],
        }
        for r in ev.results
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_database_and_workbook_give_identical_verdicts(make_workbook, policy, as_of, lang):
    # given a synthetic company of 150 people
    path = make_workbook(150)
    from_workbook = evaluate(read_workbook(path, policy).population(), policy, as_of, lang=lang)

    # when it is imported and evaluated from the database
    workbook_import(path=path, policy=policy)
    from_db = evaluate(load_population(policy=policy), policy, as_of, lang=lang)

    # then every verdict and every criterion agrees
    expected = _verdicts(from_workbook)
    assert len(expected) > 150  # most people have more than one next move
    assert any(r["eligible"] for r in expected) and not all(r["eligible"] for r in expected)
    assert _verdicts(from_db) == expected


def test_the_database_facts_equal_the_workbook_facts(make_workbook, policy):
    path = make_workbook(150)
    wb = read_workbook(path, policy).population()
    workbook_import(path=path, policy=policy)
    db = load_population(policy=policy)

    assert db.people.keys() == wb.people.keys()
    for no, person in wb.people.items():
        other = db.people[no]
        assert other.employee == person.employee, no
        for kind in EVIDENCE_KINDS:
            assert _records(other, kind) == _records(person, kind), (no, kind)


def test_one_employee_loads_the_same_facts_as_the_whole_company(make_workbook, policy, as_of):
    path = make_workbook(150)
    workbook_import(path=path, policy=policy)
    everyone = load_population(policy=policy)
    no = sorted(everyone.people)[17]

    one = load_population(policy=policy, employee_no=no)

    assert list(one.people) == [no]
    assert one.people[no] == everyone.people[no]
    assert _verdicts(evaluate(one, policy, as_of)) == _verdicts(
        evaluate(everyone, policy, as_of, employee_no=no)
    )


def _records(person: PersonFacts, kind: str) -> list[str]:
    """The person's records of one kind without their ids, in a stable order."""
    out = []
    for record in getattr(person, kind):
        # Metric values are compared as sorted pairs: PostgreSQL's jsonb does not keep key order.
        d = {
            k: sorted(v.items()) if isinstance(v, dict) else v for k, v in asdict(record).items() if k != "id"
        }
        out.append(repr(sorted(d.items())))
    return sorted(out)
