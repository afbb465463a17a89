"""Safe YAML (issue 7): each bound refuses with a problem naming where; a legal policy still loads."""

from __future__ import annotations

from importlib import resources

import pytest

from careerpath.core.loader import PolicyError, load_policy, parse_policy, preset_names
from careerpath.core.yamlbounds import DEFAULT_LIMITS, YamlLimits, shown

from . import bombs

PRESET = (resources.files("careerpath.policies") / "logistics-dual-track.yaml").read_text(encoding="utf-8")


def problems_of(text: str, limits: YamlLimits = DEFAULT_LIMITS) -> list[tuple[str, str]]:
    with pytest.raises(PolicyError) as exc:
        parse_policy(text, limits=limits)
    return exc.value.problems


@pytest.mark.parametrize(("text", "where", "says"), [
    (bombs.alias_bomb(), "line 5, column 5", "too large"),
    (bombs.scalar_fanout(size=40_000, copies=30), "line 3, column 10", "too large"),
    (bombs.deep_nesting(60), "line 2, column 58", "nesting deeper than 50"),
    (bombs.deep_mapping(60), "line 2, column 202", "nesting deeper than 50"),
    # each anchor nests 10 levels inside the previous one: 6 × 10 levels once expanded
    ("".join(f"a{i}: &a{i} {'[' * 10}{f'*a{i - 1}' if i else '1'}{']' * 10}\n" for i in range(6)),
     "line 5, column 5", "nesting deeper than 50 levels once its aliases are expanded"),
    ("a: &a [1, *a]\n", "line 1, column 11", "refers to a node that contains it"),
    ("name: x\nlevels: [" + "1, " * 30_000 + "]\n", "line 2, column 59995", "at most 20,000 nodes"),
    ("name: x\ntitle: " + "长" * 100_000 + "\n", "$", "larger than 262,144 bytes"),
    ("name: x\nversion: 2026-13-01\n", "line 2, column 10", "unreadable value: month must be in 1..12"),
    ("name: x\nversion: " + "9" * 5_000 + "\n", "line 2, column 10", "unreadable value"),
    ("name: x\ntitle: \ud800\n", "line 2, column 8", "invalid character"),
    ("name: x\nname: y\n", "line 2, column 1", "duplicate key 'name'"),
])
def test_it_refuses_what_crosses_a_bound_and_says_where(text: str, where: str, says: str) -> None:
    # when / then
    assert [(p, m) for p, m in problems_of(text) if says in m and p == where], problems_of(text)


@pytest.mark.parametrize("name", preset_names())
def test_the_presets_load_within_the_bounds_aliases_included(name: str) -> None:
    assert load_policy(name).name == name


def test_the_bounds_are_a_parameter_and_the_presets_fit_well_inside_them() -> None:
    # the largest preset (2,150 nodes with its awards) fits an eighth of the node bound, a tenth of the rest
    narrow = YamlLimits(max_bytes=DEFAULT_LIMITS.max_bytes // 10, max_depth=DEFAULT_LIMITS.max_depth // 5,
                        max_nodes=DEFAULT_LIMITS.max_nodes // 8, max_expanded=DEFAULT_LIMITS.max_expanded // 10)
    assert parse_policy(PRESET, limits=narrow).name == "logistics-dual-track"
    # and a smaller bound is honoured
    assert "nesting deeper than 5 levels" in problems_of(PRESET, YamlLimits(max_depth=5))[0][1]


@pytest.mark.parametrize(("field", "value"), [
    ("version", "[" + ", ".join(["'" + "x" * 5_000 + "'"] * 3) + "]"),
    ("levels", "[{code: a, track: " + "t" * 50_000 + ", tier: 1, grade: 1, zh: 甲}]"),
    ("levels", "[{code: a, track: t, tier: " + "[1, 2, 3, 4, 5, 6, 7, 8, 9]" * 1 + ", grade: 1, zh: 甲}]"),
    ("evidence", "{window_months: '" + "9" * 10_000 + "'}"),
])
def test_no_message_renders_a_whole_value(field: str, value: str) -> None:
    # given a policy whose value is long, in a field whose message quotes it
    text = PRESET.replace(f"\n{field}:", f"\n{field}_replaced:", 1) + f"\n{field}: {value}\n"
    text = text.replace(f"\n{field}_replaced:", "\nold_replaced:", 1)
    # when / then: every message stays short, even though the value does not
    problems = problems_of(text)
    assert all(len(m) <= 500 and len(p) <= 200 for p, m in problems)
    assert not any("x" * 100 in m or "t" * 100 in m or "9" * 100 in m for _, m in problems)


def test_it_lists_every_problem_but_prints_the_first_hundred() -> None:
    # given 300 levels, each missing its track
    text = "name: x\ntracks: {t: 甲}\nlevels:\n" + "".join(
        f"  - {{code: l{i}, track: nope, tier: 1, grade: {i}, zh: 甲}}\n" for i in range(300)) + "moves: []\n"
    with pytest.raises(PolicyError) as exc:
        parse_policy(text)
    assert len(exc.value.problems) == 300
    assert str(exc.value).count("unknown track") == 100 and "and 200 more" in str(exc.value)


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}])
def test_an_unhashable_code_is_a_problem_not_a_type_error(value: object) -> None:
    text = PRESET.replace("track: skill", f"track: {value}", 1)
    assert any(p.endswith(".track") and "unknown track" in m for p, m in problems_of(text))


def test_a_ladder_too_long_to_check_is_a_problem_not_a_recursion_error() -> None:
    # given 3,000 levels, each promoted to the next (the cycle check follows the chain)
    n = 3_000
    levels = "".join(f"  - {{code: l{i}, track: t, tier: 1, grade: {i}, zh: 甲}}\n" for i in range(n))
    moves = "".join(f"  - {{from: l{i}, to: l{i + 1}, criteria: []}}\n" for i in range(n - 1))
    text = f"name: x\ntracks: {{t: 甲}}\nlevels:\n{levels}moves:\n{moves}"
    problems = problems_of(text, YamlLimits(max_bytes=1 << 20, max_nodes=200_000, max_expanded=4 << 20))
    assert problems == [("$", "策略过于复杂，无法校验 the policy is too large to check")]


@pytest.mark.parametrize(("value", "expected"), [
    ("short", "'short'"),
    ("x" * 1_000_000, None),
    ([["y" * 1_000] * 1_000] * 1_000, None),
    ({"k" * 500: "v" * 500}, None),
])
def test_shown_renders_at_most_eighty_characters(value: object, expected: str | None) -> None:
    out = shown(value)
    assert len(out) <= 80 and (expected is None or out == expected)
