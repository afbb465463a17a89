"""Recognition in the core: the ``awards`` section, the candidate proposal, the ``bonus`` criterion and the
cycle's bonus points (all pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import yaml

from careerpath.core import facts as F
from careerpath.core.awards import period_bounds, propose
from careerpath.core.cycle import score
from careerpath.core.loader import PolicyError, load_policy, parse_policy
from tests.core.builders import PersonBuilder, criterion, move_result, population
from tests.core.test_policy_typed import base

POLICY = load_policy("logistics-dual-track")
OCT = date(2026, 10, 1)


def _p(no: str, dept: str, sat: float | None, tickets: float = 600, complaints: float = 0.0, **kw: Any) -> PersonBuilder:
    b = PersonBuilder(no, department=dept, **kw)
    values = {"tickets": tickets, "complaint_rate": complaints}
    if sat is not None:
        values["satisfaction"] = sat
    return b.metric(OCT, **values)


def _run(award: str, *builders: PersonBuilder, start: date = OCT):  # noqa: ANN202
    pop = population(*builders)
    return propose(award=POLICY.awards[award], people=pop.people.values(), period_start=start,
                   metrics=POLICY.metrics, incident_names=POLICY.evidence.incident_types)


@pytest.mark.parametrize(("people", "top", "why_out"), [
    # the best of each department
    ([_p("A1", "东", 0.98), _p("A2", "东", 0.97), _p("B1", "南", 0.95)], ["A1", "B1"], {}),
    # a tie on the metric: more tickets wins, then 工号
    ([_p("A2", "东", 0.98, tickets=700), _p("A1", "东", 0.98, tickets=600)], ["A2"], {}),
    ([_p("A2", "东", 0.98), _p("A1", "东", 0.98)], ["A1"], {}),
    # below 500 tickets and 600,000 yuan: out, with the reason
    ([_p("A1", "东", 0.99, tickets=300), _p("A2", "东", 0.90)], ["A2"], {"A1": "月均工作量未达到"}),
    # a complaint rate above 1%: out
    ([_p("A1", "东", 0.99, complaints=0.02), _p("A2", "东", 0.90)], ["A2"], {"A1": "客户投诉率 2% 高于上限 1%"}),
    # an incident in the month: out (any declared incident type, by default)
    ([_p("A1", "东", 0.99).incident(date(2026, 10, 9), "重大投诉"), _p("A2", "东", 0.90)], ["A2"],
     {"A1": "本期有重大投诉"}),
    # an incident in another month does not count
    ([_p("A1", "东", 0.99).incident(date(2026, 9, 9), "重大投诉")], ["A1"], {}),
    # no satisfaction figure: not ranked at all; someone who left: not ranked
    ([_p("A1", "东", None), _p("A2", "东", 0.9).set(status="left")], [], {}),
])
def test_the_monthly_star_is_proposed_by_the_rule(people, top, why_out):
    out = _run("monthly_star", *people)
    assert [c.employee_no for c in out.candidates] == top
    assert {e.employee_no: e.reason.zh for e in out.excluded if any(w in e.reason.zh for w in why_out.values())} \
        .keys() == why_out.keys()
    for e in out.excluded:
        assert why_out[e.employee_no] in e.reason.zh and e.reason.en


def test_a_candidate_carries_its_value_rank_and_reason_in_both_languages():
    out = _run("monthly_star", _p("A1", "东", 0.985, tickets=620), _p("A2", "东", 0.97))
    c = out.candidates[0]
    assert (c.value, c.rank, c.months) == (0.985, 1, 1)
    assert c.reason.zh == "客户满意度 98.5%，本部门第 1 名；月均工作量票数 620；本期无重大投诉等事故"
    assert c.reason.en.startswith("Customer satisfaction 98.5%, No. 1 in the department; monthly Tickets 620")
    assert [(o.employee_no, o.rank) for o in out.others] == [("A2", 2)]


def test_the_yearly_star_averages_the_year_and_ranks_company_wide():
    a = PersonBuilder("A1", department="东").metrics(date(2026, 1, 1), 12, satisfaction=0.96, tickets=600)
    b = PersonBuilder("B1", department="南").metrics(date(2026, 1, 1), 6, satisfaction=0.99, tickets=600)
    c = PersonBuilder("C1", department="南").metrics(date(2026, 1, 1), 12, satisfaction=0.97, tickets=600)
    d = PersonBuilder("D1", department="东").metric(date(2025, 12, 1), satisfaction=1.0, tickets=900)
    out = _run("yearly_star", a, b, c, d, start=date(2026, 5, 17))
    assert (out.period_start, out.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert [(x.employee_no, x.rank) for x in out.candidates] == [("B1", 1), ("C1", 2), ("A1", 3)]
    assert out.candidates[0].months == 6


@pytest.mark.parametrize(("period", "start", "bounds"), [
    ("month", date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 28))),
    ("month", date(2026, 12, 3), (date(2026, 12, 1), date(2026, 12, 31))),
    ("year", date(2024, 7, 1), (date(2024, 1, 1), date(2024, 12, 31))),
])
def test_period_bounds(period, start, bounds):
    assert period_bounds(period, start) == bounds


def _award_problems(award: dict) -> list[str]:
    d = base()
    d["awards"] = {"x": award}
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    return [p for p, _ in exc.value.problems]


GOOD = {"zh": "月度之星", "period": "month", "rule": {"metric": "satisfaction"}}


@pytest.mark.parametrize(("change", "path"), [
    ({"period": "week"}, "awards.x.period"),
    ({"period": None}, "awards.x.period"),
    ({"zh": None}, "awards.x.zh"),
    ({"approver": "ceo"}, "awards.x.approver"),
    ({"counts_as": "bonus"}, "awards.x.counts_as"),
    ({"colour": "gold"}, "awards.x.colour"),
    ({"rule": None}, "awards.x.rule"),
    ({"rule": {"metric": "smiles"}}, "awards.x.rule.metric"),
    ({"rule": {"metric": "satisfaction", "top": 0}}, "awards.x.rule.top"),
    ({"rule": {"metric": "satisfaction", "order": "up"}}, "awards.x.rule.order"),
    ({"rule": {"metric": "satisfaction", "per": "team"}}, "awards.x.rule.per"),
    ({"rule": {"metric": "satisfaction", "min_workload": {"calls": 5}}}, "awards.x.rule.min_workload.calls"),
    ({"rule": {"metric": "satisfaction", "max": {"complaint_rate": -1}}}, "awards.x.rule.max.complaint_rate"),
    ({"rule": {"metric": "satisfaction", "exclude_incident_types": ["迟到"]}},
     "awards.x.rule.exclude_incident_types[0]"),
    ({"rule": {"metric": "satisfaction", "limit": 3}}, "awards.x.rule.limit"),
])
def test_a_bad_award_is_refused_with_its_path(change, path):
    award = {**GOOD, **change}
    award = {k: v for k, v in award.items() if v is not None or k not in ("rule",)}
    if change.get("rule", 1) is None:
        award.pop("rule", None)
    assert path in _award_problems({k: v for k, v in award.items() if v is not None})


def test_the_awards_section_must_be_a_mapping():
    d = base()
    d["awards"] = ["monthly_star"]
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert "awards" in [p for p, _ in exc.value.problems]


def test_the_presets_declare_their_awards():
    assert list(POLICY.awards) == ["monthly_star", "yearly_star", "excellent_agent"]
    m = POLICY.awards["monthly_star"]
    assert (m.period, m.approver, m.counts_as, m.rule.per, m.rule.top) == ("month", "hr", "internal_praise",
                                                                          "department", 1)
    assert dict(m.rule.min_workload) == {"tickets": 500.0, "amount": 600000.0}
    assert POLICY.awards["yearly_star"].approver == "vp"
    assert list(load_policy("ecommerce-three-levels").awards) == ["monthly_star", "yearly_star"]
    d = base()
    del d["awards"]
    assert parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False)).awards == {}


# ---------------------------------------------------------------------------------------------------
# 辅助晋级项: the bonus criterion and the cycle's bonus points

AS_OF = date(2026, 12, 31)


def _with_contribution(b: PersonBuilder, d: date, kind: str = "revenue") -> F.Population:
    pop = population(b)
    pop.people[b.no].contributions.append(F.Contribution(f"contribution:{b.no}", b.no, d, kind, "顺丰"))
    return pop


@pytest.mark.parametrize(("on", "passed", "words"), [
    (None, True, "暂无（不影响晋级）"),
    (date(2026, 6, 1), True, "辅助晋级项：已有经审核的客户收入/客户毛利贡献（1 项）"),
    (date(2025, 6, 1), True, "暂无（不影响晋级）"),  # outside the 12-month window
])
def test_the_bonus_criterion_is_a_plus_that_never_blocks(on, passed, words):
    from careerpath.core.engine import evaluate
    b = PersonBuilder("E1")
    pop = _with_contribution(b, on) if on else population(b)
    res = next(r for r in evaluate(pop, POLICY, AS_OF).results if r.move_id == "intermediate_to_senior")
    c = criterion(res, "bonus_contribution")
    assert (c.passed, c.actual) == (passed, words)
    assert "辅助晋级项" in c.label


def test_the_bonus_criterion_does_not_change_eligibility():
    b = PersonBuilder("E1")
    without = move_result(POLICY, b, AS_OF, "intermediate_to_senior")
    assert criterion(without, "bonus_contribution").passed
    assert without.eligible == all(c.passed for c in without.criteria if c.id != "bonus_contribution")


def test_a_bonus_criterion_with_an_unknown_kind_is_refused():
    d = base()
    d["moves"][0]["criteria"].append({"id": "b", "kind": "bonus", "kinds": ["profit"]})
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert "moves[0].criteria[4].kinds" in [p for p, _ in exc.value.problems]


@pytest.mark.parametrize(("points", "contribution", "total"), [
    (0, date(2026, 6, 1), 70.0),  # no bonus_points: the SPEC formula (0.4·100 + 0.3·100 + 0.3·0)
    (5, None, 70.0),
    (5, date(2026, 6, 1), 75.0),
    (5, date(2025, 6, 1), 70.0),  # outside the window
    (50, date(2026, 6, 1), 100.0),  # capped at 100
])
def test_the_cycle_adds_the_policy_bonus_points(points, contribution, total):
    policy = replace(POLICY, process=replace(POLICY.process, bonus_points=float(points)))
    b = PersonBuilder("E1").metrics(date(2026, 1, 1), 12, tickets=500).exam(date(2026, 5, 1), score=100)
    b.appraisal(2026, 0)
    pop = _with_contribution(b, contribution) if contribution else population(b)
    s = score(pop.people["E1"], policy, AS_OF)
    assert s.total == total
    assert s.bonus == (points if contribution and contribution.year == 2026 and points else 0.0)


@pytest.mark.parametrize("value", [-1, 101, "5", True])
def test_bad_bonus_points_are_refused(value):
    d = base()
    d["process"]["bonus_points"] = value
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert "process.bonus_points" in [p for p, _ in exc.value.problems]
