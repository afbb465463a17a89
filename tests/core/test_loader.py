"""A broken policy is refused with every problem and its YAML path."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from careerpath.core.loader import PolicyError, load_policy, parse_policy, preset_names


def base() -> dict:
    return yaml.safe_load((resources.files("careerpath.policies") / "logistics-dual-track.yaml").read_text("utf-8"))


def problems_of(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(data, allow_unicode=True))
    return exc.value.problems


def paths(data: dict) -> list[str]:
    return [p for p, _ in problems_of(data)]


@pytest.mark.parametrize("name", ["logistics-dual-track", "ecommerce-three-levels"])
def test_the_presets_load(name: str) -> None:
    assert name in preset_names()
    assert load_policy(name).name == name


def test_it_names_an_unknown_level_in_a_move() -> None:
    d = base()
    d["moves"][1]["to"] = "intermedate"
    assert paths(d) == ["moves[1].to"]


def test_it_names_an_unknown_criterion_kind() -> None:
    d = base()
    d["moves"][0]["criteria"][2]["kind"] = "attestd"
    (path, message), = problems_of(d)
    assert path == "moves[0].criteria[2].kind" and "attestd" in message


def test_it_names_a_missing_threshold() -> None:
    d = base()
    del d["moves"][0]["criteria"][1]["months"]
    assert paths(d) == ["moves[0].criteria[1].months"]


def test_it_names_a_missing_threshold_inside_a_combinator() -> None:
    d = base()
    d["moves"][2]["criteria"][1]["criteria"][1]["months"] = "thirty"
    assert paths(d) == ["moves[2].criteria[1].criteria[1].months"]


def test_it_refuses_a_cycle_in_the_ladder() -> None:
    d = base()
    d["moves"].append({"id": "back", "from": "junior", "to": "assistant", "criteria": []})
    found = problems_of(d)
    assert any(p == "moves" and "cycle" in m and "assistant → junior → assistant" in m for p, m in found)


def test_it_refuses_a_move_that_skips_a_level() -> None:
    d = base()
    d["moves"].append({"id": "jump", "from": "junior", "to": "senior", "criteria": []})
    (path, message), = problems_of(d)
    assert path == f"moves[{len(d['moves']) - 1}].to" and "skips a level" in message


def test_it_refuses_a_lateral_move_across_tiers() -> None:
    d = base()
    d["moves"].append({"from": "senior", "to": "manager", "type": "lateral", "criteria": []})
    assert paths(d) == [f"moves[{len(d['moves']) - 1}].to"]


def test_it_names_an_unknown_competency_and_metric() -> None:
    d = base()
    d["moves"][0]["criteria"][2]["competencies"] = ["independent_operaton"]
    d["moves"][2]["criteria"][8]["thresholds"][0]["metric"] = "ticket"
    assert paths(d) == ["moves[0].criteria[2].competencies", "moves[2].criteria[8].thresholds[0].metric"]


def test_it_collects_every_problem_at_once() -> None:
    d = base()
    d["levels"][0]["track"] = "nowhere"
    d["process"]["scoring_weights"] = {"business": 0.5, "exam": 0.3, "appraisal": 0.3}
    d["moves"][0]["criteria"][0]["bogus"] = 1
    assert paths(d) == ["levels[0].track", "process.scoring_weights", "moves[0].criteria[0]"]


def test_it_reports_yaml_syntax_errors_with_the_line() -> None:
    with pytest.raises(PolicyError) as exc:
        parse_policy("name: x\nlevels: [\n")
    assert exc.value.problems[0][0].startswith("line ")


def test_duplicate_criterion_ids_are_refused() -> None:
    d = base()
    d["moves"][0]["criteria"][1]["id"] = "confirmed"
    assert paths(d) == ["moves[0].criteria[1].id"]


def test_an_unknown_preset_name_lists_the_presets() -> None:
    with pytest.raises(PolicyError) as exc:
        load_policy("no-such-policy")
    assert "logistics-dual-track" in str(exc.value)
