"""The probation plan a policy attaches to a level (``process.probation_plan``), read from YAML.

Shape::

    process:
      probation_plan:
        supervisor:                      # a level code: the plan after a move to that level
          - {kind: training, program: 储备干部培训}          # its label is the program's label
          - {kind: assessment, zh: 考察期考核, en: Probation assessment}

A training task names a declared training program (``evidence.training_programs``); an assessment task
needs its name. Every problem names its YAML path, like the rest of the loader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from careerpath.core.policy import PROBATION_TASK_KINDS, Level, ProbationTaskSpec, Text
from careerpath.core.yamlbounds import among, shown

MAX_TASKS = 20
_TASK_KEYS = ("kind", "program", "zh", "en")


def parse_probation_plan(raw: Any, path: str, problems: list[tuple[str, str]], *, levels: Mapping[str, Level],
                         programs: Mapping[str, Text]) -> dict[str, tuple[ProbationTaskSpec, ...]]:
    """The level → tasks mapping of ``raw`` (absent: no tasks); problems are appended with their paths."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append((path, "应为 {职级: [任务, …]} must map level codes to task lists"))
        return {}
    plan: dict[str, tuple[ProbationTaskSpec, ...]] = {}
    for level, tasks in raw.items():
        where = f"{path}.{level}"
        if not among(level, levels):
            problems.append((where, f"未知职级 unknown level {shown(level)}; declared: {', '.join(levels)}"))
            continue
        if not isinstance(tasks, list) or not tasks or len(tasks) > MAX_TASKS:
            problems.append((where, f"应为 1–{MAX_TASKS} 个任务的列表 must be a list of 1 to {MAX_TASKS} tasks"))
            continue
        specs = [_task(t, f"{where}[{i}]", problems, programs) for i, t in enumerate(tasks)]
        plan[str(level)] = tuple(s for s in specs if s is not None)
    return plan


def _task(raw: Any, path: str, problems: list[tuple[str, str]], programs: Mapping[str, Text]) -> ProbationTaskSpec | None:
    if not isinstance(raw, Mapping):
        problems.append((path, "应为 {kind, …} must be a mapping with a kind"))
        return None
    bad = [k for k in raw if k not in _TASK_KEYS]
    for k in bad:
        problems.append((f"{path}.{k}", f"未知字段 unknown key; known: {', '.join(_TASK_KEYS)}"))
    kind = raw.get("kind")
    if not among(kind, PROBATION_TASK_KINDS):
        problems.append((f"{path}.kind", f"应为 {' / '.join(PROBATION_TASK_KINDS)} must be one of "
                                         f"{', '.join(PROBATION_TASK_KINDS)}, got {shown(kind)}"))
        return None
    zh, en = raw.get("zh"), raw.get("en")
    for key, value in (("zh", zh), ("en", en)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append((f"{path}.{key}", f"应为非空字符串 must be a non-empty string, got {shown(value)}"))
            return None
    if kind == "training":
        program = raw.get("program")
        if not among(program, programs):
            problems.append((f"{path}.program", f"未声明的培训项目 undeclared training program {shown(program)}; "
                                                f"declared: {', '.join(programs) or '—'}"))
            return None
        label = programs[str(program)]
        return ProbationTaskSpec(kind="training", program=str(program),
                                 name=Text(zh or label.zh, en or (label.en if zh is None else zh)))
    if "program" in raw:
        problems.append((f"{path}.program", "考核任务不带培训项目 an assessment names no program"))
    if zh is None:
        problems.append((f"{path}.zh", "考核任务须有名称 an assessment needs its name (zh)"))
        return None
    return ProbationTaskSpec(kind="assessment", name=Text(zh, en or zh))
