"""Synthetic companies are deterministic and look like a real customer-service department."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from careerpath.core.dates import completed_years
from careerpath.core.engine import evaluate
from careerpath.core.facts import current_position
from careerpath.core.loader import load_policy
from careerpath.workbook.synth import synth

AS_OF = date(2026, 12, 31)


@pytest.fixture(scope="module")
def company(policy):
    return synth(800, seed=7, as_of=AS_OF, policy=policy)


def test_it_is_deterministic_for_a_seed(policy):
    a = synth(60, seed=3, as_of=AS_OF, policy=policy)
    b = synth(60, seed=3, as_of=AS_OF, policy=policy)
    c = synth(60, seed=4, as_of=AS_OF, policy=policy)

    assert a == b
    assert a.employees != c.employees


def test_it_has_about_thirty_rows_per_employee(company):
    rows = sum(company.counts().values())

    assert 25 <= rows / len(company.employees) <= 40
    assert all(n > 0 for kind, n in company.counts().items() if kind != "incidents")


def test_people_look_real(company):
    emps = company.employees
    assert all(re.fullmatch(r"E\d{6}", e.employee_no) for e in emps)
    assert len({e.employee_no for e in emps}) == len(emps)
    assert all(2 <= len(e.name) <= 3 for e in emps)
    ages = [completed_years(e.birth_date, AS_OF) for e in emps]
    assert min(ages) >= 20 and max(ages) <= 50
    assert len({e.department for e in emps}) >= 2
    assert Counter(e.education for e in emps).most_common(1)[0][0] == "大专"
    assert sum(e.system_account is not None for e in emps) / len(emps) > 0.9
    hires = sorted(e.hired_on for e in emps)
    assert (AS_OF - hires[len(hires) // 10]).days > 4 * 365  # a long tail of veterans
    assert all(e.confirmed_on is None or e.confirmed_on > e.hired_on for e in emps)


def test_most_people_are_on_the_shared_trunk_and_supervisors_hold_management_posts(company, policy):
    pop = company.population()
    levels = {no: current_position(p).level for no, p in pop.people.items()}
    counts = Counter(levels.values())
    shared = sum(n for lv, n in counts.items() if policy.levels[lv].track == "shared")
    assert shared / len(levels) > 0.7
    assert 0 < counts["senior"] + counts["expert"] < shared
    management = {lv for lv, level in policy.levels.items() if level.track == "management"}
    supervisors = {e.supervisor_no for e in company.employees if e.supervisor_no}
    assert supervisors and all(levels[no] in management for no in supervisors)
    assert sum(counts[lv] for lv in management) / len(levels) < 0.1


def test_careers_follow_the_ladder(company, policy):
    moves = {(m.from_level, m.to_level) for m in policy.moves}
    by_person: dict[str, list] = {}
    for p in company.positions:
        by_person.setdefault(p.employee_no, []).append(p)
    for rows in by_person.values():
        for before, after in zip(rows, rows[1:], strict=False):
            assert (before.level, after.level) in moves
            assert before.end_on is not None and (after.start_on - before.end_on).days == 1
        assert rows[-1].end_on is None


def test_evidence_is_plausible(company, policy):
    assert all(p.customer for p in company.praises if p.source == "customer")
    assert all(p.customer is None for p in company.praises if p.source == "internal")
    assert any(t.program == "储备干部培训" for t in company.trainings)
    assert {lv.type for lv in company.leaves} >= {"年假", "病假", "婚假", "产假"}
    assert {lv.type for lv in company.leaves} <= set(policy.evidence.leave_types)
    tickets = [m.values["tickets"] for m in company.metrics]
    assert 300 <= sorted(tickets)[len(tickets) // 2] <= 800
    assert all(
        0 <= v <= 1 for m in company.metrics for code, v in m.values.items() if policy.metrics[code].is_rate
    )
    assert all(e.passed == (e.score >= 60) for e in company.exams)
    assert {e.exam for e in company.exams} == set(policy.evidence.exam_types)
    assert {a.year for a in company.appraisals} == {AS_OF.year - 1, AS_OF.year}
    assert all(m.mentor_no != m.mentee_no for m in company.mentorships)
    assert len(company.incidents) < len(company.employees) * 0.05


def test_a_realistic_share_of_people_is_eligible(company, policy):
    evaluation = evaluate(company.population(), policy, AS_OF)

    evaluated = {r.employee_no for r in evaluation.results}
    eligible = {r.employee_no for r in evaluation.results if r.eligible}
    assert 0.05 <= len(eligible) / len(evaluated) <= 0.25


def test_it_works_for_another_policy():
    policy = load_policy("ecommerce-three-levels")
    data = synth(200, seed=1, as_of=AS_OF, policy=policy)

    assert {p.level for p in data.positions} <= set(policy.levels)
    assert {c for m in data.metrics for c in m.values} <= set(policy.metrics)
    assert evaluate(data.population(), policy, AS_OF).results


def test_it_rejects_an_empty_company(policy):
    with pytest.raises(ValueError):
        synth(0, as_of=AS_OF, policy=policy)


@pytest.mark.parametrize("n", [1, 3, 17])
def test_tiny_companies_still_work(policy, n):
    data = synth(n, seed=2, as_of=AS_OF, policy=policy)

    assert len(data.employees) == n
    assert {p.employee_no for p in data.positions} == {e.employee_no for e in data.employees}
