"""The code values of evidence fields as (code, label) choices, read from a policy.

``Policy.code_choices(kind, lang)`` is being added to the core; until every policy object has it,
:func:`code_choices` derives the same list from what the policy holds today (its competencies,
levels and evidence settings) and the codes the engine reads (``core.facts``). Drop the fallback
once the core method is everywhere.
"""

from __future__ import annotations

from typing import Any

from careerpath.core.policy import Policy

KINDS: frozenset[str] = frozenset(
    {"incident_type", "leave_type", "competency", "exam", "training_result", "praise_source", "level"}
)

# The codes the engine reads for these two fields (core.facts); their labels, Chinese and English.
_TRAINING_RESULTS: tuple[tuple[str, str, str], ...] = (
    ("passed", "通过", "Passed"),
    ("failed", "未通过", "Failed"),
    ("attended", "参加", "Attended"),
)
_PRAISE_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("customer", "客户", "Customer"),
    ("internal", "内部", "Internal"),
)

# Leave, exam and incident types are named in Chinese in the policy and are their own codes; these
# are the English labels of the preset values (another value is shown as written).
_EN: dict[str, str] = {
    "事假": "Personal leave",
    "病假": "Sick leave",
    "年假": "Annual leave",
    "调休": "Time off in lieu",
    "婚假": "Marriage leave",
    "产假": "Maternity leave",
    "丧假": "Bereavement leave",
    "陪产假": "Paternity leave",
    "技术评定考试": "Technical assessment exam",
    "资质考试": "Qualification exam",
    "管理能力测评": "Management assessment",
    "重大事故": "Major accident",
    "重大投诉": "Major complaint",
    "红头文件通报": "Official circular (红头文件)",
    "触犯高压线": "Red-line violation",
}


def _en(lang: str) -> bool:
    return lang.lower().startswith("en")


def _named(values: tuple[str, ...], lang: str) -> list[tuple[str, str]]:
    return [(v, _EN.get(v, v) if _en(lang) else v) for v in values]


def _fallback(policy: Policy, kind: str, lang: str) -> list[tuple[str, str]]:
    ev = policy.evidence
    if kind == "incident_type":
        return _named(ev.incident_types, lang)
    if kind == "leave_type":
        return _named(ev.leave_types, lang)
    if kind == "exam":
        return _named(ev.exam_types, lang)
    if kind == "competency":
        return [(code, label.get(lang)) for code, label in policy.competencies.items()]
    if kind == "level":
        return [(code, lv.name.get(lang)) for code, lv in policy.levels.items()]
    table = _TRAINING_RESULTS if kind == "training_result" else _PRAISE_SOURCES
    return [(code, en if _en(lang) else zh) for code, zh, en in table]


def code_choices(policy: Policy, kind: str, lang: str) -> list[tuple[str, str]]:
    """Return the codes of ``kind`` the engine counts under ``policy``, labelled in ``lang`` (zh, en)."""
    if kind not in KINDS:
        raise ValueError(f"unknown code kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    method: Any = getattr(policy, "code_choices", None)
    if method is not None:
        return list(method(kind, lang))
    return _fallback(policy, kind, lang)


def code_label(policy: Policy, kind: str, code: str, lang: str) -> str:
    """Return the label of one code (the code itself when the policy does not know it)."""
    return dict(code_choices(policy, kind, lang)).get(code, code)


def training_programs(policy: Policy) -> list[str]:
    """Return the training programs the policy's criteria count (e.g. 储备干部培训), in policy order.

    Programs are not codes: a company runs programs no criterion names, and their attendance is still a
    record worth keeping (SPEC §5 Development). These are offered as suggestions.
    """
    seen: dict[str, None] = {}

    def walk(criteria: Any) -> None:
        for c in criteria:
            walk(getattr(c, "parts", ()))
            if getattr(c, "kind", "") == "count" and getattr(c, "evidence", "") == "trainings":
                for key, values in getattr(c, "filters", ()):
                    if key == "program":
                        seen.update(dict.fromkeys(str(v) for v in values))

    walk(policy.common_criteria)
    for move in policy.moves:
        walk(move.criteria)
    for standard in policy.placement:
        walk(standard.criteria)
    return list(seen)
