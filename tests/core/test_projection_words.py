"""What a failing criterion still needs, in words (both languages), and when it passes or lapses by itself.

Table-driven on the shipped logistics preset: each row builds one person, names a move and a criterion,
and states the shortfall in Chinese and English and the projected (or lapse) date. Every date is then
checked against the engine itself on that day and the day before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from careerpath.core.engine import evaluate
from careerpath.core.loader import load_policy
from careerpath.core.results import CriterionResult, MoveResult

from .builders import PersonBuilder, population

POLICY = load_policy("logistics-dual-track")
ECOM = load_policy("ecommerce-three-levels")
AS_OF = date(2026, 12, 31)
DAY = timedelta(days=1)


def _move(b: PersonBuilder, move_id: str, as_of: date = AS_OF, lang: str = "zh", policy=POLICY,
          vacancies: dict[str, int] | None = None) -> MoveResult:
    ev = evaluate(population(b, vacancies=vacancies), policy, as_of, lang=lang)
    return next(r for r in ev.results if r.move_id == move_id)


def _find(results: tuple[CriterionResult, ...], cid: str) -> CriterionResult:
    for r in results:
        if r.id == cid:
            return r
        try:
            return _find(r.children, cid)
        except LookupError:
            pass
    raise LookupError(cid)


@dataclass(frozen=True)
class Case:
    name: str
    person: Callable[[], PersonBuilder]
    move: str
    criterion: str
    zh: str  # the shortfall; "" when passing
    en: str
    projected_on: date | None = None
    lapses_on: date | None = None
    vacancies: dict[str, int] | None = None
    policy: object = POLICY


def junior(**kw: object) -> PersonBuilder:
    return PersonBuilder(level="junior", level_start=date(2025, 1, 1), **kw)  # type: ignore[arg-type]


def intermediate(**kw: object) -> PersonBuilder:
    return PersonBuilder(level="intermediate", level_start=date(2025, 1, 1), **kw)  # type: ignore[arg-type]


CASES = [
    Case("tenure in level", lambda: junior().only_position("junior", date(2026, 3, 1)),
         "junior_to_intermediate", "level_tenure",
         "本职级任职还差 3 个月", "3 more months in the current level", projected_on=date(2027, 3, 1)),
    Case("tenure in level, 18 months below 大专", lambda: intermediate(education="高中")
         .only_position("intermediate", date(2025, 12, 31)),
         "intermediate_to_senior", "level_tenure",
         "本职级任职还差 6 个月", "6 more months in the current level", projected_on=date(2027, 6, 30)),
    Case("company tenure from a month end", lambda: PersonBuilder(level="assistant", level_start=date(2026, 8, 31),
                                                                 hired_on=date(2026, 8, 31)),
         "assistant_to_junior", "company_tenure",
         "司龄还差 2 个月", "2 more months of company tenure", projected_on=date(2027, 2, 28)),
    Case("one internal praise missing", intermediate, "intermediate_to_senior", "internal_praise",
         "还差 1 次内部书面表扬", "1 more internal written praise"),
    Case("customer praise from a second customer", lambda: PersonBuilder(level="senior").praise(
        date(2026, 5, 1), customer="顺丰").praise(date(2026, 6, 1), customer="顺丰"),
         "senior_to_expert", "customer_praise",
         "还需 1 位不同客户的书面表扬", "written praise from 1 more different customer"),
    Case("a mentee", intermediate, "intermediate_to_senior", "mentoring",
         "还需带教 1 名新人达到独立操作", "1 more mentee brought to independent operation"),
    Case("reserve training", intermediate, "intermediate_to_senior", "reserve_training",
         "还需参加 1 次储备干部培训", "1 more Reserve cadre training attended"),
    Case("either praise", junior, "junior_to_intermediate", "praise",
         "还差 1 次客户书面表扬（或满足其他任一项）", "1 more customer written praise (or meet another option)"),
    Case("exam", intermediate, "intermediate_to_senior", "skill_exam",
         "需通过技术评定考试", "Skills assessment not passed yet"),
    Case("appraisal", intermediate, "intermediate_to_senior", "appraisal",
         "需有 2025–2026 年度考评记录", "an appraisal for 2025–2026 is needed"),
    Case("attestations", lambda: intermediate().attest("learning_adaptability"), "intermediate_to_senior", "attested",
         "还需能力认定：熟练使用PPT、函数", "still to be attested: Proficient with PowerPoint and spreadsheet functions"),
    Case("workload names the closer target", lambda: intermediate().metrics(
        date(2026, 1, 1), 12, tickets=450, amount=300_000), "intermediate_to_senior", "workload",
         "月均工作量票数还差 50", "monthly average Tickets 50 short"),
    Case("no vacancy", lambda: intermediate(), "intermediate_to_supervisor", "vacancy",
         "暂无客服主管空缺编制", "no open CS Supervisor post", vacancies={"supervisor": 0}),
    Case("no headcount plan", lambda: intermediate(), "intermediate_to_supervisor", "vacancy",
         "未录入编制计划", "no headcount plan on record"),
    Case("leave back under the limit when rows leave the window", lambda: intermediate()
         .leave(date(2026, 1, 20), 5).leave(date(2026, 4, 2), 10).leave(date(2026, 9, 1), 9.5)
         .leave(date(2026, 10, 1), 3, "婚假"),
         "intermediate_to_senior", "leave",
         "近12个月请假累计 24.5 天，须少于 23 天", "leave in the last 12 months is 24.5 days; it must be under 23",
         projected_on=date(2027, 1, 20)),
    Case("leave needs two rows to leave", lambda: intermediate()
         .leave(date(2026, 1, 20), 1).leave(date(2026, 4, 2), 12).leave(date(2026, 9, 1), 12),
         "intermediate_to_senior", "leave",
         "近12个月请假累计 25 天，须少于 23 天", "leave in the last 12 months is 25 days; it must be under 23",
         projected_on=date(2027, 4, 2)),
    Case("an incident blocks until the day after it leaves the window",
         lambda: intermediate().incident(date(2026, 3, 5)).incident(date(2026, 8, 31), "重大事故"),
         "intermediate_to_senior", "no_major_incident",
         "近12个月内有重大投诉 1 次、重大事故 1 次",
         "1 major complaint, 1 major accident in the last 12 months", projected_on=date(2027, 8, 31)),
    Case("age for the management → skill move", lambda: PersonBuilder(
        level="supervisor", level_start=date(2024, 6, 1), birth_date=date(1983, 5, 20)),
         "supervisor_to_senior", "age_and_post",
         "还差 2 年满 45 周岁；本职级任职还差 6 个月", "2 more years to be 45; 6 more months in the current level",
         projected_on=date(2028, 5, 20)),
    Case("consecutive excellent months (e-commerce)", lambda: junior().metrics(
        date(2026, 9, 1), 4, hotline_volume=1300, error_rate=0.001, feedback_rate=0.99, consult_satisfaction=0.99),
         "junior_to_intermediate", "excellent_months",
         "还需连续 2 个月达到部门优秀标准", "2 more consecutive months at the excellent standard", policy=ECOM),
    # Passing criteria that lapse by themselves.
    Case("an internal praise leaves the window", lambda: intermediate().praise(date(2026, 3, 10), "internal"),
         "intermediate_to_senior", "internal_praise", "", "", lapses_on=date(2027, 3, 10)),
    Case("the second of two praises keeps it", lambda: intermediate().praise(date(2026, 3, 10), "internal")
         .praise(date(2026, 7, 31), "internal"),
         "intermediate_to_senior", "internal_praise", "", "", lapses_on=date(2027, 7, 31)),
    Case("a training leaves the window, from a month end", lambda: intermediate().training(date(2026, 3, 31)),
         "intermediate_to_senior", "reserve_training", "", "", lapses_on=date(2026, 3, 31).replace(year=2027)),
    Case("the exam leaves the window", lambda: intermediate().exam(date(2026, 2, 1)),
         "intermediate_to_senior", "skill_exam", "", "", lapses_on=date(2027, 2, 1)),
    Case("the appraisal of 2025 stops counting in 2028", lambda: intermediate().appraisal(2025),
         "intermediate_to_senior", "appraisal", "", "", lapses_on=date(2027, 1, 1)),
    Case("tenure never lapses", intermediate, "intermediate_to_senior", "level_tenure", "", ""),
    Case("a lateral move's any lapses with its last option", lambda: PersonBuilder(
        level="supervisor", level_start=date(2020, 1, 1), birth_date=date(1970, 1, 1)),
         "supervisor_to_senior", "reason", "", ""),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_it_explains_what_is_missing_and_when_it_changes(case: Case) -> None:
    zh = _find(_move(case.person(), case.move, policy=case.policy, vacancies=case.vacancies).criteria, case.criterion)
    en = _find(_move(case.person(), case.move, lang="en", policy=case.policy, vacancies=case.vacancies).criteria,
               case.criterion)
    assert (zh.shortfall, en.shortfall) == (case.zh, case.en)
    assert zh.passed is (case.zh == "")
    assert (zh.projected_on, zh.lapses_on) == (case.projected_on, case.lapses_on)
    assert (en.projected_on, en.lapses_on) == (case.projected_on, case.lapses_on)
    turn = case.projected_on or case.lapses_on
    if turn is not None:
        # On the date the verdict has turned; on the day before it has not.
        on = _find(_move(case.person(), case.move, turn, policy=case.policy, vacancies=case.vacancies).criteria,
                   case.criterion)
        before = _find(_move(case.person(), case.move, turn - DAY, policy=case.policy,
                             vacancies=case.vacancies).criteria, case.criterion)
        assert on.passed is not zh.passed
        assert before.passed is zh.passed


def ready_junior() -> PersonBuilder:
    """A junior who meets everything for intermediate except the tenure in level."""
    return (junior().only_position("junior", date(2026, 2, 15))
            .attest("independent_operation", "routine_exceptions").mentee(date(2026, 6, 1))
            .praise(date(2026, 4, 1), "internal").exam(date(2026, 5, 1)))


def test_a_move_is_projected_to_its_last_criterion() -> None:
    m = _move(ready_junior(), "junior_to_intermediate")
    assert not m.eligible
    assert [c.id for c in m.criteria if not c.passed] == ["level_tenure"]
    assert m.projected_on == date(2027, 2, 15)
    assert _move(ready_junior(), "junior_to_intermediate", date(2027, 2, 15)).eligible
    assert not _move(ready_junior(), "junior_to_intermediate", date(2027, 2, 14)).eligible


def test_a_move_is_not_projected_past_a_criterion_that_lapses_first() -> None:
    # The only praise leaves the window (2027-02-01) before the tenure is reached (2027-02-15).
    b = ready_junior()
    b.records["praises"] = []
    b.praise(date(2026, 2, 1), "internal")
    m = _move(b, "junior_to_intermediate")
    assert _find(m.criteria, "praise").lapses_on == date(2027, 2, 1)
    assert m.projected_on is None


def test_a_move_waits_for_a_blocking_incident_after_its_tenure() -> None:
    b = ready_junior().incident(date(2026, 6, 30))
    for kind in ("praises", "mentorships", "exams"):
        b.records[kind] = []  # evidence recent enough to still count on 2027-06-30
    b.praise(date(2026, 8, 1), "internal").mentee(date(2026, 7, 15)).exam(date(2026, 7, 20))
    m = _move(b, "junior_to_intermediate")
    assert m.projected_on == date(2027, 6, 30)
    assert _move(b, "junior_to_intermediate", date(2027, 6, 30)).eligible
    assert not _move(b, "junior_to_intermediate", date(2027, 6, 29)).eligible


def test_an_eligible_move_is_projected_to_the_as_of_date() -> None:
    m = _move(ready_junior(), "junior_to_intermediate", date(2027, 3, 1))
    assert m.eligible and m.projected_on == date(2027, 3, 1)


def test_a_move_needing_new_evidence_has_no_date() -> None:
    assert _move(junior(), "junior_to_intermediate").projected_on is None


def test_the_dict_carries_the_words_and_the_dates() -> None:
    m = _move(ready_junior(), "junior_to_intermediate")
    d = m.to_dict()
    assert d["projected_on"] == "2027-02-15"
    tenure = next(c for c in d["criteria"] if c["id"] == "level_tenure")
    assert tenure["shortfall"] == "本职级任职还差 2 个月"
    assert tenure["projected_on"] == "2027-02-15" and "lapses_on" not in tenure
    praise = next(c for c in d["criteria"] if c["id"] == "praise")
    assert "shortfall" not in praise and praise["lapses_on"] == "2027-04-01"
    assert "projected_on" not in praise


def test_a_move_is_not_projected_when_evidence_lapses_before_the_blocking_incident_leaves() -> None:
    # The praise of 2026-04-01 leaves the window on 2027-04-01, before the incident does (2027-06-30).
    m = _move(ready_junior().incident(date(2026, 6, 30)), "junior_to_intermediate")
    assert _find(m.criteria, "no_major_incident").projected_on == date(2027, 6, 30)
    assert m.projected_on is None
