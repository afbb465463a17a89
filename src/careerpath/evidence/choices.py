"""The code values of evidence fields as (code, label) choices, read from the policy (the only source).

A thin layer over ``Policy.code_choices`` for the admin and forms: it names the kinds a form may ask
for and the training programs the policy's criteria count (offered as suggestions).
"""

from __future__ import annotations

from typing import Any

from careerpath.core.policy import CODE_KINDS, Policy

KINDS: frozenset[str] = frozenset(CODE_KINDS)


def code_choices(policy: Policy, kind: str, lang: str) -> list[tuple[str, str]]:
    """Return the codes of ``kind`` the engine counts under ``policy``, labelled in ``lang`` (zh, en)."""
    if kind not in KINDS:
        raise ValueError(f"unknown code kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    return policy.code_choices(kind, lang)


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
