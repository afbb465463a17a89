"""Projected dates are exact: checked against the engine itself, day by day, on the shipped presets.

For random people (facts scattered around the as-of date, some dated after it, some on month ends),
every criterion's ``projected_on`` must be the first later day the engine says it passes (and the day
before it must fail), every ``lapses_on`` the first later day it fails, and ``None`` must mean no such
day within the horizon. The same for a move's ``projected_on``. The engine is re-run for each day of
the horizon, so nothing here trusts the closed forms under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.core import facts as F
from careerpath.core.engine import evaluate
from careerpath.core.loader import load_policy
from careerpath.core.policy import Policy
from careerpath.core.results import CriterionResult

from .test_kinds import POLICY as KINDS_POLICY

HORIZON_DAYS = 3 * 366 + 31  # past 36 months: the longest tenure of the presets still reached inside
PRESETS = {name: load_policy(name) for name in ("logistics-dual-track", "ecommerce-three-levels")}
# The kinds the presets leave out (not, age with a maximum, a window-less count, score thresholds, an
# all-thresholds average), on the small policy of tests/core/test_kinds.py.
PRESETS["kinds"] = KINDS_POLICY
AS_OFS = [date(2026, 12, 31), date(2026, 2, 28), date(2027, 3, 31), date(2026, 6, 15), date(2028, 2, 29)]
DAY = timedelta(days=1)


def _walk(results: tuple[CriterionResult, ...], prefix: str = "") -> Iterator[tuple[str, CriterionResult]]:
    for r in results:
        yield prefix + r.id, r
        yield from _walk(r.children, prefix + r.id + "/")


def _verdicts(population: F.Population, policy: Policy, day: date) -> dict[str, bool]:
    """Every move's and criterion's verdict on ``day``, by path."""
    out: dict[str, bool] = {}
    for m in evaluate(population, policy, day).results:
        out[m.move_id] = m.eligible
        for path, r in _walk(m.criteria):
            out[f"{m.move_id}:{path}"] = r.passed
    return out


@st.composite
def people(draw: st.DrawFn, policy_name: str) -> tuple[F.Population, date]:
    policy = PRESETS[policy_name]
    as_of = draw(st.sampled_from(AS_OFS))
    no = "P1"

    def day(lo: int = -900, hi: int = 400) -> date:
        # Around the as-of date, often on a month end (where add_months clamps).
        d = as_of + timedelta(days=draw(st.integers(lo, hi)))
        if draw(st.booleans()):
            nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
            d = nxt - DAY
        return d

    def past(lo: int = -900) -> date:
        return day(lo, 0)

    levels = sorted({m.from_level for m in policy.moves})
    level = draw(st.sampled_from(levels))
    hired = past(-2000)
    level_start = max(hired, past(-1300))
    comps = sorted(policy.competencies)
    emp = F.Employee(
        employee_no=no, name="甲", education=draw(st.sampled_from([None, "高中", "大专", "本科"])),
        hired_on=hired, birth_date=as_of - timedelta(days=draw(st.integers(20 * 365, 48 * 365))),
        confirmed_on=draw(st.sampled_from([None, hired, day(-100, 200)])),
        system_account=draw(st.sampled_from([None, "acc-1"])), department="客服一部",
    )
    positions = [F.Position("pos:1", no, level, level_start)]
    n = draw(st.integers(0, 4))
    praises = [F.Praise(f"praise:{i}", no, day(), draw(st.sampled_from(["customer", "internal"])),
                        draw(st.sampled_from(["客户A", "客户B"]))) for i in range(n)]
    mentorships = [F.Mentorship(f"mentor:{i}", no, f"N{i}", past(), draw(st.sampled_from([None, day()])))
                   for i in range(draw(st.integers(0, 2)))]
    programs = sorted(policy.evidence.training_programs) or ["储备干部培训"]
    programs = [*programs, "岗前培训"] if policy_name == "kinds" else programs
    trainings = [F.Training(f"training:{i}", no, draw(st.sampled_from(programs)), day(),
                            draw(st.sampled_from(["passed", "attended", "failed"])))
                 for i in range(draw(st.integers(0, 2)))]
    leaves = [F.Leave(f"leave:{i}", no, draw(st.sampled_from(["事假", "病假", "婚假"])), day(-500, 300),
                      draw(st.sampled_from([0.5, 1.0, 2.5, 5.0, 8.0, 10.0])))
              for i in range(draw(st.integers(0, 6)))]
    first_month = date(as_of.year - 2, as_of.month, 1)
    months = sorted({first_month + timedelta(days=31 * k) for k in draw(
        st.lists(st.integers(0, 27), max_size=14, unique=True))})
    metrics = [F.MetricMonth(f"metric:{i}", no, m.replace(day=1), {
        "tickets": draw(st.sampled_from([300.0, 500.0, 700.0])),
        "amount": draw(st.sampled_from([400_000.0, 600_000.0])),
        "hotline_volume": draw(st.sampled_from([1000.0, 1300.0])), "error_rate": 0.004,
        "feedback_rate": 0.99, "consult_satisfaction": 0.97,
        **({"error_rate": draw(st.sampled_from([0.005, 0.01, 0.02]))} if policy_name == "kinds" else {}),
    }) for i, m in enumerate(months)]
    exams = [F.Exam(f"exam:{i}", no, draw(st.sampled_from(["技术评定考试", "管理能力测评", "资质考试"])), day(),
                    draw(st.booleans()), draw(st.sampled_from([70.0, 80.0]))) for i in range(draw(st.integers(0, 2)))]
    appraisals = [F.Appraisal(f"appraisal:{y}", no, y, draw(st.sampled_from([85.0, 95.0])))
                  for y in sorted(set(draw(st.lists(st.integers(as_of.year - 3, as_of.year + 1), max_size=2))))]
    attestations = [F.Attestation(f"attest:{i}", no, draw(st.sampled_from(comps)), day(-700, 300))
                    for i in range(draw(st.integers(0, 4)))]
    incidents = [F.Incident(f"incident:{i}", no, day(-500, 200), draw(st.sampled_from(["重大投诉", "触犯高压线"])))
                 for i in range(draw(st.integers(0, 2)))]
    population = F.build_population(
        [emp], positions=positions, praises=praises, mentorships=mentorships, trainings=trainings,
        leaves=leaves, metrics=metrics, exams=exams, appraisals=appraisals, attestations=attestations,
        incidents=incidents, vacancies=draw(st.sampled_from([None, {"supervisor": 1, "manager": 0}])),
    )
    return population, as_of


def _first_change(timeline: list[tuple[date, dict[str, bool]]], key: str, now: bool) -> date | None:
    return next((d for d, v in timeline if v.get(key) is not None and v[key] != now), None)


def _check(population: F.Population, policy: Policy, as_of: date) -> None:
    ev = evaluate(population, policy, as_of)
    timeline = [(as_of + DAY * k, _verdicts(population, policy, as_of + DAY * k))
                for k in range(1, HORIZON_DAYS + 1)]
    end = timeline[-1][0]
    for m in ev.results:
        # A move: eligible now → today; otherwise the first day it is eligible.
        if m.eligible:
            assert m.projected_on == as_of
        else:
            truth = _first_change(timeline, m.move_id, False)
            assert m.projected_on == truth or (truth is None and m.projected_on and m.projected_on > end), (
                m.move_id, m.projected_on, truth)
        for path, r in _walk(m.criteria):
            key = f"{m.move_id}:{path}"
            truth = _first_change(timeline, key, r.passed)
            got = r.lapses_on if r.passed else r.projected_on
            other = r.projected_on if r.passed else r.lapses_on
            assert other is None, (key, r)
            assert got == truth or (truth is None and got is not None and got > end), (key, r.passed, got, truth)
            if got is not None and got <= end:
                # The contract in so many words: on the date the verdict has turned, the day before not.
                before = as_of if got - DAY == as_of else got - DAY
                assert _verdicts(population, policy, got)[key] is not r.passed
                assert _verdicts(population, policy, before)[key] is r.passed
            assert bool(r.shortfall) is not r.passed, (key, r.shortfall)


@pytest.mark.parametrize("policy_name", sorted(PRESETS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_projected_dates_agree_with_the_engine_day_by_day(policy_name: str, data: st.DataObject) -> None:
    population, as_of = data.draw(people(policy_name))
    _check(population, PRESETS[policy_name], as_of)
