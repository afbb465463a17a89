"""The default policy's criteria at and around their boundaries (SPEC §4).

Each move has a baseline person who is eligible on 2026-12-31 (window 2026-01-01 … 2026-12-31);
each case changes one fact and states which criterion flips.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from careerpath.core.loader import load_policy

from .builders import PersonBuilder, criterion, move_result

AS_OF = date(2026, 12, 31)
POLICY = load_policy("logistics-dual-track")
D = date


def assistant() -> PersonBuilder:
    return PersonBuilder(level="assistant", level_start=D(2026, 1, 10), hired_on=D(2026, 1, 10),
                         system_account="sf-001").attest("independent_operation")


def junior() -> PersonBuilder:
    return (PersonBuilder(level="junior", level_start=D(2025, 12, 31))
            .attest("independent_operation", "routine_exceptions")
            .mentee(D(2026, 6, 1)).praise(D(2026, 3, 1), "internal").exam(D(2026, 9, 1)))


def intermediate() -> PersonBuilder:
    return (PersonBuilder(level="intermediate", level_start=D(2025, 12, 31), hired_on=D(2023, 1, 1))
            .attest("office_ppt_functions", "learning_adaptability")
            .mentee(D(2026, 5, 1)).praise(D(2026, 3, 1), "customer").praise(D(2026, 4, 1), "internal")
            .training(D(2026, 6, 1)).metrics(D(2026, 1, 1), 12, tickets=520, amount=400_000)
            .appraisal(2025).exam(D(2026, 9, 1)))


def senior() -> PersonBuilder:
    return (PersonBuilder(level="senior", level_start=D(2024, 12, 31), hired_on=D(2020, 1, 1))
            .attest("office_ppt_functions", "office_visio", "major_exceptions", "client_engagement", "leads_training")
            .praise(D(2026, 3, 1), "customer", "京东物流").praise(D(2026, 5, 1), "customer", "安踏电商")
            .praise(D(2026, 4, 1), "internal").praise(D(2026, 7, 1), "internal")
            .training(D(2026, 6, 1)).metrics(D(2026, 1, 1), 12, tickets=300, amount=650_000)
            .appraisal(2026).exam(D(2026, 9, 1)))


@pytest.mark.parametrize("build,move_id", [
    (assistant, "assistant_to_junior"),
    (junior, "junior_to_intermediate"),
    (intermediate, "intermediate_to_senior"),
    (senior, "senior_to_expert"),
])
def test_the_baseline_person_is_eligible(build: Callable[[], PersonBuilder], move_id: str) -> None:
    r = move_result(POLICY, build(), AS_OF, move_id)
    assert r.eligible, [(c.id, c.actual, c.required) for c in r.criteria if not c.passed]


Case = tuple[str, Callable[[], PersonBuilder], str, str, bool]

CASES: list[Case] = [
    # --- assistant → junior
    ("confirmed on the as-of date", lambda: assistant().set(confirmed_on=D(2026, 12, 31)),
     "assistant_to_junior", "confirmed", True),
    ("confirmed the day after", lambda: assistant().set(confirmed_on=D(2027, 1, 1)),
     "assistant_to_junior", "confirmed", False),
    ("not yet confirmed", lambda: assistant().set(confirmed_on=None), "assistant_to_junior", "confirmed", False),
    ("exactly 6 completed months in the company", lambda: assistant().set(hired_on=D(2026, 6, 30)),
     "assistant_to_junior", "company_tenure", True),
    ("one day short of 6 months", lambda: assistant().set(hired_on=D(2026, 7, 1)),
     "assistant_to_junior", "company_tenure", False),
    ("no own system account", lambda: assistant().set(system_account=None),
     "assistant_to_junior", "system_account", False),
    ("independent operation not attested", lambda: PersonBuilder(level="assistant", hired_on=D(2026, 1, 1),
                                                                 system_account="x"),
     "assistant_to_junior", "attested", False),
    ("attested after the as-of date", lambda: PersonBuilder(level="assistant", hired_on=D(2026, 1, 1),
                                                            system_account="x").attest("independent_operation",
                                                                                       d=D(2027, 1, 2)),
     "assistant_to_junior", "attested", False),
    # --- junior → intermediate
    ("exactly 12 completed months in level", lambda: junior().only_position("junior", D(2025, 12, 31)),
     "junior_to_intermediate", "level_tenure", True),
    ("11 completed months in level", lambda: junior().only_position("junior", D(2026, 1, 1)),
     "junior_to_intermediate", "level_tenure", False),
    ("one praise: customer instead of internal", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(D(2026, 6, 1)).praise(D(2026, 3, 1), "customer").exam(D(2026, 9, 1))),
     "junior_to_intermediate", "praise", True),
    ("no praise at all", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(D(2026, 6, 1)).exam(D(2026, 9, 1))),
     "junior_to_intermediate", "praise", False),
    ("the praise is one day before the window", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(D(2026, 6, 1)).praise(D(2025, 12, 31), "internal").exam(D(2026, 9, 1))),
     "junior_to_intermediate", "praise", False),
    ("the praise is on the window's first day", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(D(2026, 6, 1)).praise(D(2026, 1, 1), "internal").exam(D(2026, 9, 1))),
     "junior_to_intermediate", "praise", True),
    ("the mentee has not reached independent operation", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(None).praise(D(2026, 3, 1), "internal").exam(D(2026, 9, 1))),
     "junior_to_intermediate", "mentoring", False),
    ("the skill exam was failed", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(D(2026, 6, 1)).praise(D(2026, 3, 1), "internal").exam(D(2026, 9, 1), passed=False)),
     "junior_to_intermediate", "skill_exam", False),
    ("the skill exam was passed before the window", lambda: (
        PersonBuilder(level="junior", level_start=D(2025, 1, 1)).attest("independent_operation", "routine_exceptions")
        .mentee(D(2026, 6, 1)).praise(D(2026, 3, 1), "internal").exam(D(2025, 12, 31))),
     "junior_to_intermediate", "skill_exam", False),
    ("a major complaint in the window blocks every move", lambda: junior().incident(D(2026, 5, 1), "重大投诉"),
     "junior_to_intermediate", "no_major_incident", False),
    ("a major complaint before the window does not", lambda: junior().incident(D(2025, 12, 31), "重大投诉"),
     "junior_to_intermediate", "no_major_incident", True),
    # --- intermediate → senior
    ("12 months in level with 大专", lambda: intermediate(), "intermediate_to_senior", "level_tenure", True),
    ("11 months in level", lambda: intermediate().only_position("intermediate", D(2026, 1, 1)),
     "intermediate_to_senior", "level_tenure", False),
    ("12 months is not enough below 大专", lambda: intermediate().set(education="高中"),
     "intermediate_to_senior", "level_tenure", False),
    ("18 months below 大专", lambda: intermediate().set(education="中专").only_position("intermediate", D(2025, 6, 30)),
     "intermediate_to_senior", "level_tenure", True),
    ("17 months below 大专", lambda: intermediate().set(education="中专").only_position("intermediate", D(2025, 7, 1)),
     "intermediate_to_senior", "level_tenure", False),
    ("below 大专 but 30 months in the company", lambda: intermediate().set(education="高中", hired_on=D(2024, 6, 30)),
     "intermediate_to_senior", "education_or_tenure", True),
    ("below 大专 and 29 months in the company", lambda: intermediate().set(education="高中", hired_on=D(2024, 7, 1)),
     "intermediate_to_senior", "education_or_tenure", False),
    ("本科 with a short tenure", lambda: intermediate().set(education="本科", hired_on=D(2025, 1, 1)),
     "intermediate_to_senior", "education_or_tenure", True),
    ("23 counted leave days", lambda: intermediate().leave(D(2026, 3, 2), 20).leave(D(2026, 8, 3), 3, "病假"),
     "intermediate_to_senior", "leave", False),
    ("22 counted leave days plus a maternity leave", lambda: intermediate().leave(D(2026, 3, 2), 22, "病假")
     .leave(D(2026, 5, 4), 98, "产假"), "intermediate_to_senior", "leave", True),
    ("marriage and bereavement leave do not count", lambda: intermediate().leave(D(2026, 3, 2), 10, "婚假")
     .leave(D(2026, 4, 2), 15, "丧假").leave(D(2026, 5, 2), 15, "陪产假"), "intermediate_to_senior", "leave", True),
    ("a leave that starts before the window does not count", lambda: intermediate().leave(D(2025, 12, 31), 30),
     "intermediate_to_senior", "leave", True),
    ("a leave starting on the window's first day counts in full", lambda: intermediate().leave(D(2026, 1, 1), 23),
     "intermediate_to_senior", "leave", False),
    ("half days add up: 22.5 passes", lambda: intermediate().leave(D(2026, 2, 2), 22.5),
     "intermediate_to_senior", "leave", True),
    ("499 tickets but 600,000 yuan (就高不就低)", lambda: intermediate().only_metrics(tickets=499, amount=600_000),
     "intermediate_to_senior", "workload", True),
    ("exactly 500 tickets", lambda: intermediate().only_metrics(tickets=500, amount=0),
     "intermediate_to_senior", "workload", True),
    ("499 tickets and 599,999 yuan", lambda: intermediate().only_metrics(tickets=499, amount=599_999),
     "intermediate_to_senior", "workload", False),
    ("no metrics at all", lambda: intermediate().only_metrics(), "intermediate_to_senior", "workload", False),
    ("the average is over months with data only", lambda: intermediate().only_metrics(n=3, tickets=510),
     "intermediate_to_senior", "workload", True),
    ("a strong month before the window does not lift the average", lambda: intermediate()
     .only_metrics(n=2, tickets=450).metric(D(2025, 12, 1), tickets=5000), "intermediate_to_senior", "workload", False),
    ("no customer praise", lambda: intermediate().drop("praises").praise(D(2026, 4, 1), "internal"),
     "intermediate_to_senior", "customer_praise", False),
    ("no internal praise", lambda: intermediate().drop("praises").praise(D(2026, 4, 1), "customer"),
     "intermediate_to_senior", "internal_praise", False),
    ("no reserve-cadre training", lambda: intermediate().drop("trainings").training(D(2026, 6, 1), "客服基础培训"),
     "intermediate_to_senior", "reserve_training", False),
    ("appraisal of the year before counts", lambda: intermediate(), "intermediate_to_senior", "appraisal", True),
    ("an appraisal two years back does not", lambda: intermediate().drop("appraisals").appraisal(2024),
     "intermediate_to_senior", "appraisal", False),
    ("learning adaptability not attested", lambda: intermediate().drop("attestations").attest("office_ppt_functions"),
     "intermediate_to_senior", "attested", False),
    # --- senior → expert
    ("two praises from two different customers", lambda: senior(), "senior_to_expert", "customer_praise", True),
    ("two praises from the same customer", lambda: senior().drop("praises").praise(D(2026, 3, 1), "customer", "京东物流")
     .praise(D(2026, 5, 1), "customer", "京东物流").praise(D(2026, 4, 1), "internal").praise(D(2026, 7, 1), "internal"),
     "senior_to_expert", "customer_praise", False),
    ("one of two customer praises outside the window", lambda: senior().drop("praises")
     .praise(D(2025, 12, 31), "customer", "京东物流").praise(D(2026, 5, 1), "customer", "安踏电商"),
     "senior_to_expert", "customer_praise", False),
    ("only one internal praise", lambda: senior().drop("praises").praise(D(2026, 3, 1), "customer", "京东物流")
     .praise(D(2026, 5, 1), "customer", "安踏电商").praise(D(2026, 4, 1), "internal"),
     "senior_to_expert", "internal_praise", False),
    ("23 months in level", lambda: senior().only_position("senior", D(2025, 1, 1)), "senior_to_expert",
     "level_tenure", False),
    ("24 months in level", lambda: senior().only_position("senior", D(2024, 12, 31)), "senior_to_expert",
     "level_tenure", True),
    ("高中 is below the 大专 minimum", lambda: senior().set(education="高中"), "senior_to_expert", "education", False),
    ("unknown education fails with an explanation", lambda: senior().set(education=None), "senior_to_expert",
     "education", False),
    ("Visio not attested", lambda: senior().drop("attestations").attest(
        "office_ppt_functions", "major_exceptions", "client_engagement", "leads_training"),
     "senior_to_expert", "attested", False),
    ("this year's appraisal", lambda: senior(), "senior_to_expert", "appraisal", True),
]


def _only_metrics(self: PersonBuilder, n: int = 12, **values: float) -> PersonBuilder:
    self.records["metrics"] = []
    return self.metrics(D(2026, 1, 1), n, **values) if values else self


def _drop(self: PersonBuilder, kind: str) -> PersonBuilder:
    self.records[kind] = []
    return self


PersonBuilder.only_metrics = _only_metrics  # type: ignore[attr-defined]
PersonBuilder.drop = _drop  # type: ignore[attr-defined]


@pytest.mark.parametrize("name,build,move_id,cid,expected", CASES, ids=[c[0] for c in CASES])
def test_criterion_boundary(name: str, build: Callable[[], PersonBuilder], move_id: str, cid: str,
                            expected: bool) -> None:
    r = move_result(POLICY, build(), AS_OF, move_id)
    c = criterion(r, cid)
    assert c.passed is expected, (c.label, c.actual, c.required)
    if not expected:
        assert r.eligible is False


def test_a_praise_outside_the_window_is_not_listed_as_evidence() -> None:
    b = junior().praise(D(2025, 12, 31), "internal")
    c = criterion(move_result(POLICY, b, AS_OF, "junior_to_intermediate"), "praise")
    used = {e for child in c.children for e in child.evidence}
    all_praises = {p.id for p in b.records["praises"]}
    assert len(all_praises - used) == 1


def test_tenure_in_level_spans_consecutive_rows_of_the_same_level() -> None:
    b = junior().only_position("junior", D(2025, 6, 1))
    b.records["positions"][0] = b.records["positions"][0].__class__(
        b.records["positions"][0].id, b.no, "junior", D(2025, 6, 1), D(2026, 2, 28))
    b.position("junior", D(2026, 3, 1))  # department transfer, same level
    c = criterion(move_result(POLICY, b, AS_OF, "junior_to_intermediate"), "level_tenure")
    assert c.passed and c.actual.startswith("18 个月")


def test_the_latest_open_position_is_the_current_level() -> None:
    # The junior row was never closed (a common spreadsheet habit): the latest open row wins.
    b = intermediate().only_position("junior", D(2024, 1, 1)).position("intermediate", D(2025, 12, 31))
    r = move_result(POLICY, b, AS_OF, "intermediate_to_senior")
    assert r.current_level == "intermediate"
    assert criterion(r, "level_tenure").actual.startswith("12 个月")


def test_management_moves_need_a_vacancy() -> None:
    b = (PersonBuilder(level="intermediate", level_start=D(2025, 1, 1)).attest("management_potential")
         .appraisal(2026).exam(D(2026, 5, 1), exam="管理能力测评"))
    assert not criterion(move_result(POLICY, b, AS_OF, "intermediate_to_supervisor"), "vacancy").passed
    assert move_result(POLICY, b, AS_OF, "intermediate_to_supervisor", vacancies={"supervisor": 1}).eligible
    assert not move_result(POLICY, b, AS_OF, "intermediate_to_supervisor", vacancies={"supervisor": 0}).eligible


def test_lateral_move_to_skill_track_at_45_with_three_years_in_post() -> None:
    b = PersonBuilder(level="supervisor", level_start=D(2023, 12, 31), birth_date=D(1981, 12, 31))
    r = move_result(POLICY, b, AS_OF, "supervisor_to_senior")
    assert r.move == "lateral" and r.eligible
    young = PersonBuilder(level="supervisor", level_start=D(2023, 12, 31), birth_date=D(1982, 1, 1))
    assert not move_result(POLICY, young, AS_OF, "supervisor_to_senior").eligible
    shrink = PersonBuilder(level="supervisor", level_start=D(2026, 1, 1), birth_date=D(1995, 1, 1)).attest(
        "business_shrinkage")
    assert move_result(POLICY, shrink, AS_OF, "supervisor_to_senior").eligible


def test_director_needs_a_bachelor_degree_and_five_years() -> None:
    b = PersonBuilder(level="deputy_director", level_start=D(2024, 12, 31), hired_on=D(2021, 12, 31),
                      education="本科")
    assert move_result(POLICY, b, AS_OF, "deputy_director_to_director", vacancies={"director": 1}).eligible
    b.set(education="大专")
    assert not move_result(POLICY, b, AS_OF, "deputy_director_to_director", vacancies={"director": 1}).eligible
