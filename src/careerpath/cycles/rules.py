"""The cycle's rules that are not arithmetic: which moves a cycle selects for, and who is proposed.

Pure: no Django. The arithmetic (score, tie-break, quota rounding) is :mod:`careerpath.core.cycle`;
this module groups candidates under their quota and applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from careerpath.core.cycle import quota_size
from careerpath.core.policy import Move, Policy


def selects(move: Move, policy: Policy) -> bool:
    """True when the annual cycle selects for ``move``.

    The cycle decides vertical promotions on the shared trunk and the skill track by score and quota
    (SPEC §5). Management posts are filled when a post is vacant, through internal competition or
    appointment (SPEC §3), and lateral moves depend on a person's circumstances, so those moves are
    listed with the cycle for information but go through the individual workflow.
    """
    return (move.type == "promotion" and not move.appointed
            and not policy.is_management(move.to_level))


@dataclass(frozen=True, slots=True)
class QuotaRule:
    move_id: str
    department_id: int | None  # None: company-wide for the move
    absolute: int | None = None
    percent: float | None = None


@dataclass(frozen=True, slots=True)
class Nominee:
    key: int  # the candidate's id
    move_id: str
    department_id: int | None
    rank: int | None  # None: nominated but not ranked (no longer eligible when scored)


@dataclass(slots=True)
class QuotaGroup:
    move_id: str
    department_id: int | None  # the department of the quota that applies (None: company-wide)
    rule: QuotaRule | None  # None: no quota set for these candidates yet
    nominated: int = 0
    size: int = 0
    members: list[Nominee] = field(default_factory=list)

    @property
    def proposed(self) -> list[Nominee]:
        ranked = sorted((m for m in self.members if m.rank is not None), key=lambda m: m.rank or 0)
        return ranked[:self.size]


def _quota_department(dept: int | None, move_id: str, rules: Mapping[tuple[str, int | None], QuotaRule],
                      parents: Mapping[int, int | None]) -> int | None:
    """The nearest department at or above ``dept`` with its own quota for the move, else None."""
    seen: set[int] = set()
    while dept is not None and dept not in seen:
        if (move_id, dept) in rules:
            return dept
        seen.add(dept)
        dept = parents.get(dept)
    return None


def quota_groups(nominees: Iterable[Nominee], rules: Iterable[QuotaRule],
                 parents: Mapping[int, int | None]) -> list[QuotaGroup]:
    """Group nominees under the quota that applies to them and size each group.

    A department's quota covers its sub-departments unless one of them has its own (the nearest
    wins); the company-wide quota of a move covers everyone not under a department quota. A
    percentage is of the nominated candidates of the group, rounded half up (SPEC §5).
    """
    by_key = {(r.move_id, r.department_id): r for r in rules}
    groups: dict[tuple[str, int | None], QuotaGroup] = {}
    for n in nominees:
        dept = _quota_department(n.department_id, n.move_id, by_key, parents)
        g = groups.get((n.move_id, dept))
        if g is None:
            g = groups[(n.move_id, dept)] = QuotaGroup(n.move_id, dept, by_key.get((n.move_id, dept)))
        g.members.append(n)
        g.nominated += 1
    for g in groups.values():
        r = g.rule
        if r is None:
            g.size = 0
        elif r.absolute is not None:
            g.size = quota_size(r.absolute, nominated=g.nominated)
        else:
            g.size = quota_size(percent=r.percent, nominated=g.nominated)
    return sorted(groups.values(), key=lambda g: (g.move_id, g.department_id is not None, g.department_id or 0))


def in_quota(groups: Iterable[QuotaGroup]) -> set[int]:
    """Keys of the nominees proposed within their quota: the committee's starting proposal."""
    return {n.key for g in groups for n in g.proposed}
