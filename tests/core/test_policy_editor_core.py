"""The policy editor's pure helpers: a loader problem's line, the semantic diff, the readable rendering,
and the what-if comparison's gains, losses and the criterion that changed the verdict."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.loader import PolicyError, parse_policy, read_policy_source
from careerpath.core.policy_diff import side_by_side, summarize
from careerpath.core.policy_lines import line_of, locate_problems, path_segments
from careerpath.core.policy_readable import readable
from careerpath.core.results import CriterionResult, MoveResult
from careerpath.core.whatif import GAIN, LOSS, Comparison, changed_criteria

TEXT = read_policy_source("logistics-dual-track")[0]
LINES = TEXT.splitlines()
TENURE = "      - {id: level_tenure, kind: tenure, of: level, months: 12}"


def _line_no(fragment: str, start: int = 0) -> int:
    return next(i + 1 for i, line in enumerate(LINES) if i >= start and fragment in line)


def _problems(text: str) -> list:
    with pytest.raises(PolicyError) as exc:
        parse_policy(text)
    return locate_problems(text, exc.value.problems)


# --- line mapping -----------------------------------------------------------------------------------

def test_path_segments_split_keys_and_indexes() -> None:
    assert path_segments("moves[1].criteria[0].months") == ["moves", 1, "criteria", 0, "months"]
    assert path_segments("evidence.window_months") == ["evidence", "window_months"]


@pytest.mark.parametrize(("path", "fragment"), [
    ("name", "name: logistics-dual-track"),
    ("levels[1].code", "- code: junior"),
    ("levels[3].allowance", "allowance: 500"),
    ("evidence.window_months", "window_months: 12"),
    ("moves[1]", "- id: junior_to_intermediate"),
])
def test_a_path_maps_to_the_line_of_its_key(path: str, fragment: str) -> None:
    assert line_of(TEXT, path) == _line_no(fragment)


def test_a_broken_threshold_is_reported_at_its_own_line() -> None:
    # given junior_to_intermediate's months-in-level typed as a word
    line = _line_no("months: 12}", _line_no("- id: junior_to_intermediate"))
    broken = "\n".join(ln.replace("months: 12}", "months: twelve}") if i + 1 == line else ln
                       for i, ln in enumerate(LINES))
    # when checked / then the one problem is at that line, with the loader's path
    (p,) = _problems(broken)
    assert p.path == "moves[1].criteria[0].months"
    assert p.line == line
    assert LINES[line - 1][p.column - 1:].startswith("months") or "months" in LINES[line - 1]


def test_a_missing_key_points_at_the_mapping_it_is_missing_from() -> None:
    broken = TEXT.replace('name: logistics-dual-track\n', "", 1)
    (p,) = _problems(broken)
    first_key = next(i + 1 for i, ln in enumerate(broken.splitlines()) if ln and not ln.startswith("#"))
    assert p.path == "name" and p.line == first_key  # where the top-level mapping starts


def test_a_syntax_error_keeps_the_line_yaml_gave() -> None:
    broken = TEXT.replace(TENURE, TENURE.replace("months: 12}", "months: [12}"), 1)
    (p,) = _problems(broken)
    assert p.line == _line_no("months: 12}", _line_no("- id: junior_to_intermediate"))


def test_a_whole_text_problem_has_no_line() -> None:
    assert locate_problems("- a\n- b\n", [("$", "not a mapping")])[0].line is None


# --- diff ---------------------------------------------------------------------------------------------

def test_the_summary_names_a_changed_threshold_and_nothing_else() -> None:
    new = TEXT.replace(TENURE, TENURE.replace("months: 12", "months: 9"), 1)
    s = summarize(TEXT, new)
    assert [(c.kind, c.op, c.where, c.details) for c in s.changes] == [
        ("criterion", "changed", "junior_to_intermediate / level_tenure", ("months: 12 → 9",))]


def test_the_summary_lists_levels_moves_and_criteria_added_and_removed() -> None:
    new = TEXT.replace("      - {id: system_account, kind: system_account}\n", "", 1)  # a criterion removed
    new = new.replace("allowance: 500", "allowance: 650", 1)  # a level changed
    new = new.replace("\nmoves:\n", "\nmoves:\n  - id: junior_fast\n    from: junior\n    to: intermediate\n"
                      "    criteria:\n      - {id: level_tenure, kind: tenure, of: level, months: 36}\n", 1)
    s = summarize(TEXT, new)
    got = {(c.kind, c.op, c.where) for c in s.changes}
    assert ("criterion", "removed", "assistant_to_junior / system_account") in got
    assert ("level", "changed", "senior") in got
    assert ("move", "added", "junior_fast") in got
    assert s.of("level")[0].details == ("allowance: 500 → 650",)
    assert s.counts()["move"] == {"added": 1, "removed": 0, "changed": 0}


def test_identical_texts_have_no_changes_and_no_rows() -> None:
    assert summarize(TEXT, TEXT).empty
    assert side_by_side(TEXT, TEXT) == []


def test_side_by_side_pairs_the_changed_line_with_its_numbers() -> None:
    new = TEXT.replace(TENURE, TENURE.replace("months: 12", "months: 9"), 1)
    changed = [r for r in side_by_side(TEXT, new) if r.op != "same"]
    line = _line_no(TENURE.strip())
    assert [(r.op, r.old_no, r.new_no) for r in changed] == [("changed", line, line)]
    assert "months: 9" in changed[0].new and "months: 12" in changed[0].old


# --- readable -----------------------------------------------------------------------------------------

def test_every_criterion_reads_as_a_sentence_in_both_languages() -> None:
    policy = parse_policy(TEXT)
    zh, en = readable(policy, "zh"), readable(policy, "en")
    move = next(m for m in zh.moves if m.id == "junior_to_intermediate")
    assert move.from_name == "初级客服专员" and move.to_name == "中级客服专员"
    assert move.criteria[0].text == "本职级任职时间满 12 个月"
    praise = next(c for c in move.criteria if c.id == "praise")
    assert praise.text == "满足以下任一项" and len(praise.children) == 2
    assert next(m for m in en.moves if m.id == "junior_to_intermediate").criteria[0].text.startswith(
        "time in current level at least 12 months")
    assert sum(len(levels) for _, levels in zh.tracks) == len(policy.levels)
    assert all(c.text for m in zh.moves for c in m.criteria if not c.children)


# --- what-if ------------------------------------------------------------------------------------------

def _r(no: str, eligible: bool, crits: dict[str, bool], move: str = "junior_to_intermediate",
       dept: str = "华东") -> MoveResult:
    return MoveResult(no, no, dept, "junior", "intermediate", "promotion", move, eligible,
                      tuple(CriterionResult(k, "", v, "", "") for k, v in crits.items()))


def test_gains_and_losses_name_the_criterion_that_changed_the_verdict() -> None:
    policy = parse_policy(TEXT)
    c = Comparison(policy, policy)
    c.add(
        active=[_r("A", False, {"level_tenure": False, "praise": True}),
                _r("B", True, {"level_tenure": True, "praise": True}, dept="华南"),
                _r("C", True, {"level_tenure": True, "praise": True})],
        draft=[_r("A", True, {"level_tenure": True, "praise": True}),
               _r("B", False, {"level_tenure": True, "praise": False}, dept="华南"),
               _r("C", True, {"level_tenure": True, "praise": True})],
        people=3)
    by = {ch.employee_no: ch for ch in c.changes}
    assert set(by) == {"A", "B"}  # C is eligible under both: not a change
    assert (by["A"].direction, by["A"].criteria) == (GAIN, ("level_tenure",))
    assert (by["B"].direction, by["B"].criteria) == (LOSS, ("praise",))
    allowance = policy.levels["intermediate"].allowance - policy.levels["junior"].allowance
    assert by["A"].allowance_delta == allowance and by["B"].allowance_delta == -allowance
    s = c.summary()
    assert (s["gains"], s["losses"], s["people"]) == (1, 1, 3)
    assert s["moves"]["junior_to_intermediate"]["eligible_active"] == 2
    assert s["moves"]["junior_to_intermediate"]["eligible_draft"] == 2
    assert s["departments"] == {"华东": {"gain": 1, "loss": 0}, "华南": {"gain": 0, "loss": 1}}
    assert s["cost_change"] == 0


def test_a_criterion_the_draft_adds_or_removes_is_named() -> None:
    old = _r("A", False, {"level_tenure": True, "exam": False})
    new = _r("A", True, {"level_tenure": True})
    assert changed_criteria(old, new) == ("exam",)
    assert changed_criteria(new, old) == ("exam",)
    assert changed_criteria(None, new) == ("*move",)


def test_the_company_gains_and_loses_under_a_real_draft() -> None:
    from careerpath.core.engine import evaluate
    from careerpath.core.facts import Employee, Population, Position, build_population

    active = parse_policy(TEXT)
    draft = parse_policy(TEXT.replace(TENURE, TENURE.replace("months: 12", "months: 9"), 1))
    as_of = date(2026, 9, 28)
    people = [Employee(f"E{i}", f"E{i}", "大专", date(2020, 1, 1), department="D") for i in range(2)]
    positions = [Position("p0", "E0", "junior", date(2025, 11, 1)), Position("p1", "E1", "junior", date(2026, 6, 1))]
    pop: Population = build_population(people, positions=positions)
    c = Comparison(active, draft)
    c.add(evaluate(pop, active, as_of, explain=False).results, evaluate(pop, draft, as_of, explain=False).results)
    # both still lack attestations etc.: nobody gains, but the tenure verdict changed for E0 only
    assert c.changes == []
    r_old = evaluate(pop, active, as_of, explain=False).results
    r_new = evaluate(pop, draft, as_of, explain=False).results
    e0 = [(o, n) for o, n in zip(r_old, r_new, strict=True) if o.employee_no == "E0" and o.move_id == "junior_to_intermediate"][0]
    assert {x.id: x.passed for x in e0[0].criteria}["level_tenure"] is False
    assert {x.id: x.passed for x in e0[1].criteria}["level_tenure"] is True


def test_a_nested_criterion_change_is_named_by_its_path_of_ids() -> None:
    internal = "      - {id: internal, kind: count, evidence: praises, where: {source: 内部}, min: 1}"
    assert internal in TEXT
    s = summarize(TEXT, TEXT.replace(internal, internal.replace("min: 1", "min: 2"), 1))
    assert [(c.where, c.details) for c in s.changes] == [
        ("junior_to_intermediate / praise", ("criteria.internal.min: 1 → 2",))]
