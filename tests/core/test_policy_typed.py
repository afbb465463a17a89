"""Every policy setting is typed: a wrong type, an unknown value or an unknown key names its YAML path."""

from __future__ import annotations

import dataclasses
from importlib import resources
from typing import Any

import pytest
import yaml

from careerpath.core.loader import PolicyError, load_policy, parse_policy
from careerpath.core.policy import CODE_KINDS, ProcessSettings, TrackKind


def base(name: str = "logistics-dual-track") -> dict:
    return yaml.safe_load((resources.files("careerpath.policies") / f"{name}.yaml").read_text("utf-8"))


def paths_with(section: str, key: str, value: Any) -> list[str]:
    d = base()
    d[section][key] = value
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    return [p for p, _ in exc.value.problems]


def parsed_with(section: str, key: str, value: Any):  # noqa: ANN201
    d = base()
    d[section][key] = value
    return parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))


@pytest.mark.parametrize(("key", "value", "path"), [
    ("foo", 1, "process.foo"),
    ("extra", {"x": 1}, "process.extra"),
    ("notice_working_days", "five", "process.notice_working_days"),
    ("notice_working_days", 0, "process.notice_working_days"),
    ("nomination_working_days", 2.5, "process.nomination_working_days"),
    ("placement_review_working_days", True, "process.placement_review_working_days"),
    ("probation_months", -1, "process.probation_months"),
    ("allow_exceptions", "yes", "process.allow_exceptions"),
    ("score_exam", "期末考试", "process.score_exam"),
    ("business_targets", {"tickets": -5}, "process.business_targets"),
    ("business_targets", {"ticket": 500}, "process.business_targets.ticket"),
    ("review_steps", "supervisor", "process.review_steps"),
    ("review_steps", ["supervisor", "boss", "hr"], "process.review_steps[1]"),
    ("review_steps", ["supervisor", "committee", "hr"], "process.review_steps[1]"),  # a cycle-only step
    ("review_steps", ["supervisor", "manager"], "process.review_steps"),  # hr not last
    ("review_steps", ["supervisor", "hr", "manager"], "process.review_steps"),
    ("review_steps", ["hr"], "process.review_steps"),  # no review before hr
    ("review_steps", ["supervisor", "supervisor", "hr"], "process.review_steps"),
    ("review_steps", ["manager", "supervisor", "hr"], "process.review_steps"),  # out of order
    ("cycle_review_steps", ["supervisor", "auditor", "hr"], "process.cycle_review_steps[1]"),
    ("cycle_review_steps", ["vp", "committee", "hr"], "process.cycle_review_steps"),
    ("cycle_review_steps", ["committee", "vp"], "process.cycle_review_steps"),
    ("deduct_allowance_levels", ["senior", "guru"], "process.deduct_allowance_levels[1]"),
    ("deduct_allowance_incidents", ["小事故"], "process.deduct_allowance_incidents[0]"),
    ("demotion_incidents", "触犯高压线", "process.demotion_incidents"),
    ("demotion_incidents", ["迟到"], "process.demotion_incidents[0]"),
])
def test_it_names_a_bad_process_setting(key: str, value: Any, path: str) -> None:
    assert paths_with("process", key, value) == [path]


@pytest.mark.parametrize(("key", "value", "path"), [
    ("foo", 1, "evidence.foo"),
    ("window_months", 0, "evidence.window_months"),
    ("leave_types", "事假", "evidence.leave_types"),
    ("leave_types", {"事假": {"en": "Personal", "colour": "red"}}, "evidence.leave_types.事假.colour"),
    ("exempt_leave_types", ["长假"], "evidence.exempt_leave_types[0]"),
    ("praise_sources", {"friend": "朋友"}, "evidence.praise_sources.friend"),
    ("training_results", {"excellent": "优秀"}, "evidence.training_results.excellent"),
    ("incident_types", {"重大事故": 3}, "evidence.incident_types.重大事故"),
])
def test_it_names_a_bad_evidence_setting(key: str, value: Any, path: str) -> None:
    found = paths_with("evidence", key, value)
    assert found[0] == path, found


@pytest.mark.parametrize(("steps", "cycle"), [
    (["supervisor", "hr"], ["committee", "hr"]),
    (["manager", "hr"], ["supervisor", "vp", "hr"]),
    (["supervisor", "manager", "hr"], ["supervisor", "manager", "committee", "vp", "hr"]),
])
def test_a_company_chooses_its_chain_and_notice_in_yaml_only(steps: list[str], cycle: list[str]) -> None:
    d = base()
    d["process"] |= {"review_steps": steps, "cycle_review_steps": cycle, "notice_working_days": 3}
    p = parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert (p.process.review_steps, p.process.cycle_review_steps) == (tuple(steps), tuple(cycle))
    assert p.process.notice_working_days == 3  # 第十一条: 公示期为3个工作日


@pytest.mark.parametrize("name", ["logistics-dual-track", "ecommerce-three-levels"])
def test_the_presets_declare_the_seeds_chain(name: str) -> None:
    p = load_policy(name).process
    # 直接上级初步评审 → 客服部经理复审 → 公示五个工作日 → 人事部最终审批
    assert p.review_steps == ("supervisor", "manager", "hr") and p.notice_working_days == 5


def test_the_process_settings_have_no_untyped_bag() -> None:
    assert "extra" not in {f.name for f in dataclasses.fields(ProcessSettings)}


def test_the_incident_rules_are_typed_settings() -> None:
    p = parsed_with("process", "demotion_incidents", ["触犯高压线", "重大事故"])
    assert p.process.demotion_incidents == ("触犯高压线", "重大事故")
    assert load_policy("logistics-dual-track").process.deduct_allowance_levels == ("senior", "expert")


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    with pytest.raises(PolicyError) as exc:
        parse_policy("name: x\nprocess:\n  notice_working_days: 5\n  notice_working_days: 3\n")
    (where, message), = exc.value.problems
    assert where.startswith("line 4") and "duplicate key" in message


# Track kinds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kinds"), [
    ("logistics-dual-track", {"shared": "shared", "skill": "skill", "management": "management"}),
    ("ecommerce-three-levels", {"service": "skill", "management": "management"}),
])
def test_the_presets_declare_their_track_kinds(name: str, kinds: dict[str, str]) -> None:
    assert {c: t.kind.value for c, t in load_policy(name).tracks.items()} == kinds


def test_placement_levels_come_from_the_track_kinds() -> None:
    p = load_policy("ecommerce-three-levels")
    assert p.placement_levels == ("junior", "intermediate", "senior")
    assert p.management_levels == ("supervisor", "manager")
    assert p.track_kind("senior") is TrackKind.SKILL and p.is_management("manager")


@pytest.mark.parametrize(("track", "path"), [
    ({"zh": "共用", "kind": "trunk"}, "tracks.shared.kind"),
    ({"zh": "共用", "kind": "shared", "colour": "red"}, "tracks.shared.colour"),
])
def test_it_names_a_bad_track(track: dict, path: str) -> None:
    d = base()
    d["tracks"]["shared"] = track
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert [p for p, _ in exc.value.problems] == [path]


def test_a_lateral_move_must_cross_the_management_line() -> None:
    # given the management track declared as a second skill track
    d = base()
    d["tracks"]["management"]["kind"] = "skill"
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    laterals = [f"moves[{i}].to" for i, m in enumerate(d["moves"]) if m.get("type") == "lateral"]
    assert [p for p, _ in exc.value.problems] == laterals
    assert all("management" in m for _, m in exc.value.problems)


def test_an_unknown_level_key_is_refused() -> None:
    d = base()
    d["levels"][0]["colour"] = "red"
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert [p for p, _ in exc.value.problems] == ["levels[0].colour"]


def test_a_counted_training_program_must_be_declared() -> None:
    d = base()
    d["evidence"]["training_programs"] = {"新员工入职培训": None}
    with pytest.raises(PolicyError) as exc:
        parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    found = [p for p, _ in exc.value.problems]
    # Criteria count it, and the probation plan of the supervisor levels names it as a training task.
    assert found and all(p.endswith(".where.program") or p.startswith("process.probation_plan.") for p in found)
    assert "moves[2].criteria[6].where.program" in found
    assert "process.probation_plan.supervisor[0].program" in found


# Code choices -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "lang", "first"), [
    ("incident_type", "zh", ("重大事故", "重大事故")),
    ("incident_type", "en", ("重大事故", "Major accident")),
    ("leave_type", "en", ("事假", "Personal leave")),
    ("competency", "zh", ("independent_operation", "能独立操作系统、服务A/B/C级客户")),
    ("exam", "en", ("技术评定考试", "Skills assessment")),
    ("training_result", "zh", ("passed", "通过")),
    ("training_program", "zh", ("新员工入职培训", "新员工入职培训")),
    ("praise_source", "en", ("customer", "Customer")),
    ("level", "zh", ("assistant", "客服助理")),
    ("level", "en-us", ("assistant", "CS Assistant")),
])
def test_code_choices_offer_the_policys_codes_with_labels(kind: str, lang: str, first: tuple[str, str]) -> None:
    choices = load_policy("logistics-dual-track").code_choices(kind, lang)
    assert choices[0] == first
    assert len({c for c, _ in choices}) == len(choices)


def test_every_code_kind_has_choices_in_both_presets() -> None:
    for name in ("logistics-dual-track", "ecommerce-three-levels"):
        p = load_policy(name)
        assert all(p.code_choices(kind, "zh") for kind in CODE_KINDS)
    with pytest.raises(KeyError):
        load_policy().code_choices("colour", "zh")


def test_the_incident_choices_are_the_policys_incident_types() -> None:
    d = base()
    d["evidence"]["incident_types"] = {"重大事故": {"en": "Major accident"}, "触犯高压线": None}
    d["common_criteria"][0]["types"] = ["重大事故", "触犯高压线"]
    d["process"]["deduct_allowance_incidents"] = ["重大事故"]
    p = parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    assert p.code_choices("incident_type", "en") == [("重大事故", "Major accident"), ("触犯高压线", "触犯高压线")]


def test_a_plain_list_of_codes_is_still_accepted() -> None:
    p = parsed_with("evidence", "exam_types", ["技术评定考试", "管理能力测评"])
    assert p.code_choices("exam", "en") == [("技术评定考试", "技术评定考试"), ("管理能力测评", "管理能力测评")]


def test_levels_may_carry_duties_and_kpis() -> None:
    d = base()
    d["levels"][1]["duties"] = [{"zh": "做好日常货物跟踪", "en": "Tracks shipments"}]
    d["levels"][1]["kpis"] = ["客户投诉率 ≤ 0.3%"]
    lv = parse_policy(yaml.safe_dump(d, allow_unicode=True, sort_keys=False)).levels["junior"]
    assert lv.duties[0].get("en") == "Tracks shipments" and lv.kpis[0].zh == "客户投诉率 ≤ 0.3%"
