"""Engine behaviour that does not depend on one criterion."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date
from pathlib import Path

from careerpath.core import facts as F
from careerpath.core.dates import completed_months, window_start
from careerpath.core.engine import evaluate
from careerpath.core.loader import load_policy

from .builders import PersonBuilder, population

POLICY = load_policy()
AS_OF = date(2026, 12, 31)


def test_completed_months() -> None:
    assert completed_months(date(2025, 6, 15), date(2026, 6, 15)) == 12
    assert completed_months(date(2025, 6, 15), date(2026, 6, 14)) == 11
    assert completed_months(date(2024, 1, 31), date(2024, 2, 29)) == 1  # month-end start
    assert completed_months(date(2024, 1, 31), date(2024, 2, 28)) == 0
    assert completed_months(date(2026, 1, 1), date(2025, 1, 1)) == 0


def test_window() -> None:
    assert window_start(date(2026, 12, 31)) == date(2026, 1, 1)
    assert window_start(date(2026, 6, 15)) == date(2025, 6, 16)
    assert window_start(date(2028, 2, 29)) == date(2027, 3, 1)


def test_left_employees_and_future_hires_are_not_evaluated() -> None:
    active = PersonBuilder("E1", level="junior")
    left = PersonBuilder("E2", level="junior", status="left")
    future = PersonBuilder("E3", level="junior", hired_on=date(2027, 3, 1))
    ev = evaluate(population(active, left, future), POLICY, AS_OF)
    assert {r.employee_no for r in ev.results} == {"E1"}


def test_every_move_from_the_current_level_is_evaluated() -> None:
    ev = evaluate(population(PersonBuilder("E1", level="intermediate")), POLICY, AS_OF)
    assert [r.target_level for r in ev.results] == ["senior", "supervisor", "project_supervisor"]
    ev = evaluate(population(PersonBuilder("E1", level="senior")), POLICY, AS_OF)
    assert {(r.target_level, r.move) for r in ev.results} == {
        ("expert", "promotion"), ("supervisor", "lateral"), ("project_supervisor", "lateral")}


def test_results_do_not_depend_on_the_order_facts_arrive_in() -> None:
    people = [PersonBuilder(f"E{i:03}", level=lv).praise(date(2026, 3, i % 28 + 1), "customer", f"客户{i % 3}")
              .leave(date(2026, 2, 2), i % 30).metrics(date(2026, 1, 1), 12, tickets=400 + i * 5)
              for i, lv in enumerate(["junior", "intermediate", "senior"] * 5)]
    first = evaluate(population(*people), POLICY, AS_OF).to_dict()
    rng = random.Random(1)
    for _ in range(3):
        shuffled = people[:]
        rng.shuffle(shuffled)
        for b in shuffled:
            for recs in b.records.values():
                rng.shuffle(recs)
        assert evaluate(population(*shuffled), POLICY, AS_OF).to_dict() == first


def test_english_labels() -> None:
    ev = evaluate(population(PersonBuilder(level="junior")), POLICY, AS_OF, lang="en")
    labels = [c.label for c in ev.results[0].criteria]
    assert "time in current level at least 12 months" in labels
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in c.actual) for c in ev.results[0].criteria
               if c.id in ("level_tenure", "mentoring"))


def test_initial_placement_takes_the_highest_standard_met() -> None:
    b = (PersonBuilder("E1", level="assistant", cs_start_on=date(2023, 12, 31))
         .praise(date(2026, 3, 1), "customer", "A").praise(date(2026, 4, 1), "customer", "B")
         .attest("client_engagement"))
    mid = PersonBuilder("E2", level="assistant", cs_start_on=date(2025, 12, 31)).attest(
        "independent_operation", "routine_exceptions")
    new = PersonBuilder("E3", level="assistant", cs_start_on=date(2026, 9, 1))
    boss = PersonBuilder("E4", level="manager")
    ev = evaluate(population(b, mid, new, boss), POLICY, AS_OF, placements=True)
    got = {p.employee_no: (p.proposed_level, p.kept_management_post) for p in ev.placements}
    assert got == {"E1": ("expert", False), "E2": ("intermediate", False), "E3": ("assistant", False),
                   "E4": ("manager", True)}
    e2 = next(p for p in ev.placements if p.employee_no == "E2")
    assert [lv for lv, _, _ in e2.standards] == ["expert", "senior", "intermediate"]


def test_a_person_without_any_position_gets_no_moves() -> None:
    emp = F.Employee("E9", "无职级", "大专", date(2020, 1, 1))
    assert evaluate(F.build_population([emp]), POLICY, AS_OF).results == []


def test_the_core_never_imports_django() -> None:
    core = Path(__file__).resolve().parents[2] / "src" / "careerpath" / "core"
    for f in core.rglob("*.py"):
        text = f.read_text("utf-8")
        assert "import django" not in text and "from django" not in text, f
    code = ("import sys, careerpath.core.engine, careerpath.core.loader;"
            "careerpath.core.loader.load_policy();"
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
