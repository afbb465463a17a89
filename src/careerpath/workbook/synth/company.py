"""The synthetic company itself: departments, careers along the policy's ladder, names and 工号."""
from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from careerpath.core.dates import add_months
from careerpath.core.policy import Move, Policy
from careerpath.workbook.synth_data import (
    CUSTOMERS,
    DEPARTMENTS,
    EDUCATION,
    EDUCATION_MGMT,
    GIVEN_F,
    GIVEN_M,
    HQ,
    SURNAME_WEIGHTS,
    SURNAMES,
)


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _clip(v: float, lo: float, hi: float) -> float:
    return lo if v < lo else hi if v > hi else v


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _day_between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _first_of_next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


# --- ladder ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ladder:
    entry: str
    agent_path: tuple[str, ...]  # entry → … along non-management promotions
    management: dict[int, list[str]]  # tier -> management levels of that tier
    path_to: dict[str, tuple[str, ...]]  # shortest promotion path from entry
    moves: dict[tuple[str, str], Move]

    @staticmethod
    def of(policy: Policy) -> _Ladder:
        promos = [m for m in policy.moves if m.type == "promotion"]
        targets = {m.to_level for m in promos}
        codes = list(policy.levels)
        entry = next((c for c in codes if c not in targets), codes[0])
        nxt: dict[str, list[str]] = {}
        for m in promos:
            nxt.setdefault(m.from_level, []).append(m.to_level)
        if not promos:  # a policy without moves: walk the ladder in order
            for a, b in zip(codes, codes[1:], strict=False):
                nxt[a] = [b]
        mgmt = set(policy.management_levels)
        path = [entry]
        while True:
            options = [c for c in nxt.get(path[-1], []) if c not in mgmt and c not in path]
            if not options:
                break
            path.append(options[0])
        path_to: dict[str, tuple[str, ...]] = {entry: (entry,)}
        queue = [entry]
        while queue:
            cur = queue.pop(0)
            # Reach management through the deepest shared level (SPEC §3: intermediate → supervisor).
            for to in nxt.get(cur, []):
                if to not in path_to:
                    path_to[to] = (*path_to[cur], to)
                    queue.append(to)
        tiers: dict[int, list[str]] = {}
        for c in codes:
            if c in mgmt and c in path_to:
                tiers.setdefault(policy.levels[c].tier, []).append(c)
        return _Ladder(
            entry,
            tuple(path),
            dict(sorted(tiers.items())),
            path_to,
            {(m.from_level, m.to_level): m for m in policy.moves},
        )


# --- people ------------------------------------------------------------------------------------------


@dataclass
class _Person:
    key: int
    role: str  # "agent" | "mgmt"
    target: str
    department: str
    key_account: bool
    gender: str = "F"
    name: str = ""
    birth: date = date(1990, 1, 1)
    education: str = "大专"
    hired_on: date = date(2020, 1, 1)
    cs_start_on: date = date(2020, 1, 1)
    confirmed_on: date | None = None
    system_account: str | None = None
    left_on: date | None = None
    supervisor: int | None = None
    employee_no: str = ""
    path: list[tuple[str, date, str]] = field(default_factory=list)  # (level, start, reason)
    step_starts: list[date] = field(default_factory=list)  # start of each ladder step reached
    productivity: float = 1.0
    clients: list[str] = field(default_factory=list)

    @property
    def end(self) -> date:
        """Last day evidence can be about (the leaving date for people who left)."""
        return self.left_on or date.max

    def step_at(self, d: date) -> int:
        return bisect_right(self.step_starts, d) - 1


class _Synth:
    def __init__(self, n: int, seed: int, as_of: date, policy: Policy) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.policy = policy
        self.ladder = _Ladder.of(policy)
        self.intro = date(as_of.year - 3, 1, 1)  # when the system was introduced: 初评 for everyone
        self.people: list[_Person] = []

    # -- organisation

    def organise(self) -> None:
        rng, n = self.rng, self.n
        k = max(1, min(len(DEPARTMENTS), round(n / 650)))
        depts = list(DEPARTMENTS[:k])
        weights = [rng.uniform(0.6, 1.4) for _ in depts]
        tiers = list(self.ladder.management.items())  # ascending
        # Head count per management tier from the bottom: team supervisors (about one per 16
        # agents), one head per department, then one or two deputies and a single director.
        top_counts = [
            k if n >= 30 else 0,
            (1 if n >= 150 else 0) + (1 if n >= 3000 else 0),
            1 if n >= 50 else 0,
        ]
        upper = [
            top_counts[i] if i < len(top_counts) else (1 if n >= 500 else 0) for i in range(len(tiers) - 1)
        ]
        n_sup = max(1, round((n - sum(upper)) / 17)) if tiers and n >= 5 else 0
        counts = [n_sup, *upper][: len(tiers)]
        n_agents = n - sum(counts)
        key = 0
        agent_depts = rng.choices(range(k), weights=weights, k=n_agents)
        per_dept = [agent_depts.count(d) for d in range(k)]
        for d in agent_depts:
            name, ka = depts[d]
            self.people.append(_Person(key, "agent", "", name, ka))
            key += 1
        # Spread supervisors over departments by their size, every department at least one.
        seats = self._largest_remainder(per_dept, counts[0]) if counts else []
        for t_index, ((_tier, levels), count) in enumerate(zip(tiers, counts, strict=False)):
            for i in range(count):
                if t_index == 0:
                    d = seats[i]
                elif t_index == 1 and count == k:
                    d = i
                else:
                    d = -1
                name, ka = depts[d] if d >= 0 else (HQ, False)
                # The first level of a tier is the usual post; the others (项目主管/项目经理) are rarer.
                lv = levels[0] if len(levels) == 1 or rng.random() < 0.75 else rng.choice(levels[1:])
                self.people.append(_Person(key, "mgmt", lv, name, ka))
                key += 1

    @staticmethod
    def _largest_remainder(sizes: list[int], count: int) -> list[int]:
        """Return a department index per seat, proportional to sizes, each department at least one."""
        total = sum(sizes) or 1
        k = len(sizes)
        seats = [1 if s and count >= k else 0 for s in sizes]
        left = count - sum(seats)
        quotas = [s * left / total for s in sizes]
        for i, q in enumerate(quotas):
            seats[i] += int(q)
        order = sorted(range(k), key=lambda i: quotas[i] - int(quotas[i]), reverse=True)
        for i in order[: count - sum(seats)]:
            seats[i] += 1
        out: list[int] = []
        for i, s in enumerate(seats):
            out += [i] * s
        return out[:count] + [0] * (count - len(out))

    # -- careers

    def careers(self) -> None:
        for p in self.people:
            if p.role == "agent":
                self._agent_career(p)
            else:
                self._mgmt_career(p)
            self._identity(p)

    def _dwell(self, step: int, *, mgmt: bool = False) -> int:
        """Months spent at ladder step ``step`` before the next promotion."""
        # Future managers moved through the shared trunk faster than the average agent.
        table = (
            ((6, 12), (10, 20), (12, 30), (24, 40), (24, 48), (24, 60))
            if mgmt
            else ((6, 14), (12, 30), (14, 40), (24, 48), (24, 60), (24, 72))
        )
        lo, hi = table[min(step, 5)]
        return self.rng.randint(lo, hi)

    def _agent_career(self, p: _Person) -> None:
        rng, as_of = self.rng, self.as_of
        # Customer service has high turnover: many recent hires, a long tail up to eight years.
        r = rng.random()
        months = rng.randint(0, 24) if r < 0.45 else rng.randint(24, 60) if r < 0.82 else rng.randint(60, 96)
        p.hired_on = add_months(as_of, -months) - timedelta(days=rng.randint(0, 27))
        p.cs_start_on = p.hired_on
        if rng.random() < 0.15:  # transferred into customer service (入转客服岗) later
            p.cs_start_on = min(as_of, p.hired_on + timedelta(days=rng.randint(30, 540)))
        if months > 6 and rng.random() < 0.04:
            p.left_on = as_of - timedelta(days=rng.randint(1, 300))
        stalls = (0.03, 0.12, 0.55, 0.7, 0.85, 0.9)
        path = self.ladder.agent_path
        start, step = p.cs_start_on, 0
        levels = [(path[0], start)]
        end = min(as_of, p.end)
        while step + 1 < len(path):
            if rng.random() < stalls[min(step, 5)]:
                break
            nxt = _first_of_next_month(add_months(start, self._dwell(step)))
            if nxt > end:
                break
            step += 1
            start = nxt
            levels.append((path[step], start))
        self._set_path(p, levels)

    def _mgmt_career(self, p: _Person) -> None:
        rng, as_of = self.rng, self.as_of
        chain = self.ladder.path_to[p.target]
        # Walk back from the current post: how long in it, then in each level before it.
        starts: list[date] = [date.min] * len(chain)
        starts[-1] = _first_of_next_month(add_months(as_of, -rng.randint(4, 60)))
        for i in range(len(chain) - 2, -1, -1):
            starts[i] = _first_of_next_month(add_months(starts[i + 1], -self._dwell(i, mgmt=True)))
        p.cs_start_on = starts[0] - timedelta(days=rng.randint(0, 27))
        starts[0] = p.cs_start_on
        p.hired_on = (
            p.cs_start_on if rng.random() < 0.8 else p.cs_start_on - timedelta(days=rng.randint(60, 900))
        )
        self._set_path(p, list(zip(chain, starts, strict=True)))

    def _set_path(self, p: _Person, levels: list[tuple[str, date]]) -> None:
        p.step_starts = [s for _, s in levels]
        path: list[tuple[str, date, str]] = []
        mgmt_codes = {c for cs in self.ladder.management.values() for c in cs}
        for i, (lv, start) in enumerate(levels):
            end = levels[i + 1][1] if i + 1 < len(levels) else None
            if end is not None and end <= self.intro:
                continue  # history before the system existed is not recorded
            if start < self.intro:
                # 初评 placed everyone at the level held then; management posts were kept as appointed.
                reason = "任命" if lv in mgmt_codes else "初评"
                path.append((lv, start if lv in mgmt_codes else self.intro, reason))
                continue
            if i == 0:
                reason = "入职"
            else:
                move = self.ladder.moves.get((levels[i - 1][0], lv))
                reason = "任命" if move is not None and move.appointed else "晋升"
            path.append((lv, start, reason))
        p.path = path

    def _identity(self, p: _Person) -> None:
        rng, as_of = self.rng, self.as_of
        p.gender = "F" if rng.random() < (0.68 if p.role == "agent" else 0.5) else "M"
        surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
        pool = GIVEN_F if p.gender == "F" else GIVEN_M
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
        p.name = surname + given
        age_at_hire = 19 + int(rng.triangular(0, 16, 3))
        age_now = age_at_hire + (as_of - p.hired_on).days // 365
        if age_now > 50:
            age_at_hire -= age_now - 50
        age_at_hire = max(age_at_hire, 18)
        p.birth = p.hired_on.replace(year=p.hired_on.year - age_at_hire, day=1) + timedelta(
            days=rng.randint(0, 27)
        )
        if (as_of - p.birth).days < 20 * 365 + 5:
            p.birth = as_of.replace(year=as_of.year - 20, day=1) - timedelta(days=rng.randint(1, 300))
        p.education = _weighted(rng, EDUCATION_MGMT if p.role == "mgmt" else EDUCATION)
        probation = rng.choices((3, 2, 6), weights=(80, 10, 10))[0]
        confirmed = add_months(p.hired_on, probation)
        p.confirmed_on = confirmed if confirmed <= as_of else None
        p.productivity = _clip(rng.gauss(1.0, 0.2), 0.55, 1.55)

    def numbering(self) -> None:
        """Number people by hire date (工号 are issued on joining) and wire up supervisors."""
        rng = self.rng
        self.people.sort(key=lambda p: (p.hired_on, p.key))
        for i, p in enumerate(self.people, start=1):
            p.employee_no = f"E{i:06d}"
            # Accounts are opened in the first weeks; a few newest hires are still waiting.
            recent = (self.as_of - p.hired_on).days <= 30
            p.system_account = f"KF{i:06d}" if rng.random() < (0.5 if recent else 0.985) else None
        tiers = list(self.ladder.management.values())
        by_tier: list[list[_Person]] = [
            [p for p in self.people if p.role == "mgmt" and p.target in lv] for lv in tiers
        ]

        by_tier_dept: list[dict[str, list[_Person]]] = []
        for people in by_tier:
            by_dept: dict[str, list[_Person]] = {}
            for q in people:
                by_dept.setdefault(q.department, []).append(q)
            by_tier_dept.append(by_dept)

        def boss_in(tier_index: int, dept: str) -> int | None:
            """A boss in the same department at the nearest tier above; else anyone at that tier."""
            for t in range(tier_index, len(by_tier)):
                pool = by_tier_dept[t].get(dept) or by_tier[t]
                if pool:
                    return rng.choice(pool).key
            return None

        tier_of = {c: t for t, lv in enumerate(tiers) for c in lv}
        for p in self.people:
            if p.role == "agent":
                p.supervisor = boss_in(0, p.department)
            else:
                p.supervisor = boss_in(tier_of[p.target] + 1, p.department)
        names = {d for d, _ in DEPARTMENTS}
        for p in self.people:
            if p.department in names:
                # Each department serves its own set of customers; a person deals with a few of them.
                base = sum(ord(c) for c in p.department) % len(CUSTOMERS)
                span = [CUSTOMERS[(base + j) % len(CUSTOMERS)] for j in range(14)]
                p.clients = rng.sample(span, rng.randint(2, 5))
            else:
                p.clients = rng.sample(list(CUSTOMERS), 3)


