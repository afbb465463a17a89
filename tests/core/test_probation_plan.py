"""The probation plan of a level (``process.probation_plan``): parsed with path-precise problems."""

from __future__ import annotations

import pytest
import yaml

from careerpath.core.loader import load_policy, parse_policy
from careerpath.core.policy import ProbationTaskSpec, Text
from tests.core.test_loader import base, paths


def _with(plan: object) -> dict:
    data = base()
    data["process"]["probation_plan"] = plan
    return data


def test_the_preset_attaches_training_and_assessment_to_the_supervisor_level() -> None:
    plan = load_policy("logistics-dual-track").process.probation_plan
    assert plan["supervisor"] == (
        ProbationTaskSpec(kind="training", program="储备干部培训", name=Text("储备干部培训", "Reserve cadre training")),
        ProbationTaskSpec(kind="assessment", name=Text("考察期带班考核", "Probation team-lead assessment")))
    assert "assistant" not in plan and "junior" not in plan


def test_absent_means_no_tasks() -> None:
    data = base()
    del data["process"]["probation_plan"]
    assert parse_policy(yaml.safe_dump(data, allow_unicode=True)).process.probation_plan == {}


def test_a_named_training_keeps_its_own_label() -> None:
    data = _with({"senior": [{"kind": "training", "program": "新员工入职培训", "zh": "复训", "en": "Refresher"}]})
    spec = parse_policy(yaml.safe_dump(data, allow_unicode=True)).process.probation_plan["senior"][0]
    assert spec == ProbationTaskSpec(kind="training", program="新员工入职培训", name=Text("复训", "Refresher"))


@pytest.mark.parametrize(("plan", "expected"), [
    ([1], ["process.probation_plan"]),
    ({"nobody": [{"kind": "assessment", "zh": "考核"}]}, ["process.probation_plan.nobody"]),
    ({"senior": []}, ["process.probation_plan.senior"]),
    ({"senior": ["x"]}, ["process.probation_plan.senior[0]"]),
    ({"senior": [{"kind": "exam"}]}, ["process.probation_plan.senior[0].kind"]),
    ({"senior": [{"kind": "training", "program": "未知培训"}]}, ["process.probation_plan.senior[0].program"]),
    ({"senior": [{"kind": "assessment"}]}, ["process.probation_plan.senior[0].zh"]),
    ({"senior": [{"kind": "assessment", "zh": "考核", "program": "储备干部培训"}]},
     ["process.probation_plan.senior[0].program"]),
    ({"senior": [{"kind": "assessment", "zh": "考核", "due": 3}]}, ["process.probation_plan.senior[0].due"]),
    ({"senior": [{"kind": "assessment", "zh": " "}]}, ["process.probation_plan.senior[0].zh"]),
    ({"senior": [{"kind": "assessment", "zh": "考核"}], "expert": [{"kind": "assessment", "en": "x"}]},
     ["process.probation_plan.expert[0].zh"]),
])
def test_each_problem_names_its_path(plan: object, expected: list[str]) -> None:
    assert paths(_with(plan)) == expected
