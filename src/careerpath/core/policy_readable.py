"""A policy in words: the ladder, each level and every criterion of every move, in Chinese or English.

The criteria's own labels are used (the sentences the engine prints next to a verdict), so what HR
reads here is exactly what an employee later reads on their career page. Pure: no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from careerpath.core.criteria.base import Criterion, Ctx
from careerpath.core.facts import Employee, PersonFacts, Population
from careerpath.core.policy import Policy

_NOBODY = PersonFacts(employee=Employee(employee_no="-", name="-", education=None, hired_on=date(2000, 1, 1)))


@dataclass(frozen=True, slots=True)
class ReadableCriterion:
    id: str
    text: str
    children: tuple[ReadableCriterion, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadableLevel:
    code: str
    name: str
    track: str
    tier: int
    grade: int
    allowance: float
    duties: tuple[str, ...]
    kpis: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReadableMove:
    id: str
    from_name: str
    to_name: str
    type: str  # "promotion" | "lateral"
    appointed: bool
    criteria: tuple[ReadableCriterion, ...]


@dataclass(slots=True)
class ReadablePolicy:
    title: str
    name: str
    version: str
    window_months: int
    tracks: list[tuple[str, list[ReadableLevel]]] = field(default_factory=list)  # (track name, its levels)
    moves: list[ReadableMove] = field(default_factory=list)
    common: tuple[ReadableCriterion, ...] = ()


def _ctx(policy: Policy, lang: str) -> Ctx:
    ev = policy.evidence
    return Ctx(
        person=_NOBODY, as_of=date(2000, 1, 1), window_start=date(2000, 1, 1), lang=lang, population=Population(),
        current=None, level_start=None, window_months=ev.window_months,
        exempt_leave_types=ev.exempt_leave_types,
        level_names={c: (lv.name.zh, lv.name.en) for c, lv in policy.levels.items()},
        competency_names={c: (t.zh, t.en) for c, t in policy.competencies.items()},
        metric_names={c: (m.name.zh, m.name.en) for c, m in policy.metrics.items()},
        evidence_names={c: (t.zh, t.en) for table in (ev.exam_types, ev.incident_types, ev.leave_types,
                                                       ev.training_programs) for c, t in table.items()},
    )


def _criterion(c: Criterion, ctx: Ctx) -> ReadableCriterion:
    parts = getattr(c, "parts", None)
    if parts is not None:  # all / any / not
        op = getattr(c, "op", "all")
        own = c.label(ctx) if getattr(c, "label_override", None) else ""  # type: ignore[attr-defined]
        head = {"any": ctx.t("满足以下任一项", "any one of"), "not": ctx.t("不得满足", "must not meet"),
                }.get(op, ctx.t("同时满足以下各项", "all of"))
        return ReadableCriterion(c.id, f"{own}（{head}）" if own and not ctx.en else f"{own} ({head})" if own else head,
                                 tuple(_criterion(p, ctx) for p in parts))
    return ReadableCriterion(c.id, c.label(ctx))  # type: ignore[attr-defined]


def readable(policy: Policy, lang: str = "zh") -> ReadablePolicy:
    ctx = _ctx(policy, lang)
    out = ReadablePolicy(policy.title.get(lang), policy.name, policy.version, policy.evidence.window_months)
    for tcode, track in policy.tracks.items():
        levels = [ReadableLevel(lv.code, lv.name.get(lang), track.name.get(lang), lv.tier, lv.grade, lv.allowance,
                                tuple(t.get(lang) for t in lv.duties), tuple(t.get(lang) for t in lv.kpis))
                  for lv in policy.levels.values() if lv.track == tcode]
        out.tracks.append((track.name.get(lang), sorted(levels, key=lambda lv: (lv.grade, lv.tier))))
    for move in policy.moves:
        ctx.target_level = move.to_level
        out.moves.append(ReadableMove(
            move.id, policy.levels[move.from_level].name.get(lang), policy.levels[move.to_level].name.get(lang),
            move.type, move.appointed, tuple(_criterion(c, ctx) for c in move.criteria)))
    ctx.target_level = None
    out.common = tuple(_criterion(c, ctx) for c in policy.common_criteria)
    return out
