"""Generate a realistic synthetic company for demos, tests and benchmarks.

The data is plausible rather than tuned: careers follow the policy's ladder with dwell times and
stalls, supervisors hold the management levels, evidence arrives at believable rates (praise letters,
mentoring new hires, yearly exams and appraisals, leave of every kind, monthly workload). About 30
rows per employee in total. The output is deterministic for a seed (no set or hash ordering is used).

Record ids are the rows the standard writer will put them on (``"书面表扬:12"``), so synth → write →
read gives back equal records.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from careerpath.core.dates import add_months, month_index
from careerpath.core.facts import (
    Appraisal,
    Attestation,
    Employee,
    Exam,
    Incident,
    Leave,
    Mentorship,
    MetricMonth,
    Position,
    Praise,
    Training,
)
from careerpath.core.policy import Move, Policy
from careerpath.workbook.reader import WorkbookData, paused_gc
from careerpath.workbook.schema import standard_sheets
from careerpath.workbook.synth_data import (
    ATTEST_NOTES,
    COMPETENCY_RULES,
    CUSTOMER_NOTES,
    CUSTOMERS,
    DEPARTMENTS,
    EDUCATION,
    EDUCATION_MGMT,
    GIVEN_F,
    GIVEN_M,
    HQ,
    INCIDENT_NOTES,
    INTERNAL_NOTES,
    KEY_ACCOUNT_METRICS,
    METRIC_HISTORY_MONTHS,
    NEW_HIRE_TRAINING,
    NOT_A_SKILL,
    RATE_PROFILES,
    SEASON,
    SURNAME_WEIGHTS,
    SURNAMES,
    TRAININGS,
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


def _months(as_of: date, count: int) -> list[date]:
    """The last ``count`` months whose last day is on or before ``as_of``, oldest first."""
    last = date(as_of.year, as_of.month, 1)
    if _first_of_next_month(as_of) - timedelta(days=1) != as_of:
        last = add_months(last, -1)
    return [add_months(last, -i) for i in range(count - 1, -1, -1)]


class _Evidence:
    """Generate the evidence rows of every person, then number them as the writer will."""

    def __init__(self, s: _Synth) -> None:
        self.s = s
        self.rng = s.rng
        self.as_of = s.as_of
        self.policy = s.policy
        self.by_key = {p.key: p for p in s.people}
        self.rows: dict[str, list[tuple[Any, ...]]] = {
            k: [] for k in ("positions", "praises", "mentorships", "trainings", "leaves", "metrics")
        }
        self.rows |= {k: [] for k in ("exams", "appraisals", "attestations", "incidents")}
        self.independent: dict[int, date] = {}
        self.months = _months(self.as_of, METRIC_HISTORY_MONTHS)
        ev = self.policy.evidence
        self.leave_types = set(ev.leave_types)
        self.exam_types = list(ev.exam_types)
        self.incident_types = list(ev.incident_types)
        self.counted_programs = _counted_programs(self.policy, s.ladder.agent_path)

    def run(self) -> None:
        self.mentorships()
        for p in self.s.people:
            self.positions(p)
            self.praises(p)
            self.trainings(p)
            self.leaves(p)
            self.metrics(p)
            self.exams(p)
            self.appraisals(p)
            self.attestations(p)
            self.incidents(p)

    def _end(self, p: _Person) -> date:
        return min(self.as_of, p.end)

    def positions(self, p: _Person) -> None:
        for i, (lv, start, reason) in enumerate(p.path):
            end = p.path[i + 1][1] - timedelta(days=1) if i + 1 < len(p.path) else None
            self.rows["positions"].append((p.employee_no, lv, start, end, reason))

    def mentorships(self) -> None:
        rng, as_of = self.rng, self.as_of
        by_dept: dict[str, list[_Person]] = {}
        for p in self.s.people:  # already sorted by hire date
            if p.role == "agent":
                by_dept.setdefault(p.department, []).append(p)
        recent = add_months(as_of, -36)
        for dept in sorted(by_dept):
            people = by_dept[dept]
            hires = [q.hired_on for q in people]
            for mentee in people:
                if mentee.cs_start_on < recent or rng.random() > 0.85:
                    continue
                start = mentee.cs_start_on + timedelta(days=rng.randint(0, 7))
                if start > as_of:
                    continue
                limit = bisect_right(hires, start - timedelta(days=365))
                mentor = None
                for _ in range(6):  # a colleague of a year's standing who is past the entry level
                    if limit == 0:
                        break
                    cand = people[rng.randrange(limit)]
                    if cand.step_at(start) >= 1 and cand.end > start:
                        mentor = cand
                        break
                if mentor is None:
                    continue
                indep = start + timedelta(days=rng.randint(45, 120))
                if indep > min(as_of, mentee.end) or rng.random() < 0.05:
                    indep_on = None
                else:
                    indep_on = indep
                    self.independent[mentee.key] = indep
                self.rows["mentorships"].append((mentor.employee_no, mentee.employee_no, start, indep_on))

    def praises(self, p: _Person) -> None:
        rng = self.rng
        start = max(p.hired_on, add_months(self.as_of, -36))
        end = self._end(p)
        if end <= start:
            return
        years = (end - start).days / 365
        seen: set[tuple[Any, ...]] = set()
        for source, rates in (
            ("customer", (0.35, 0.8, 1.1, 1.5, 1.9, 0.6)),
            ("internal", (0.4, 0.6, 0.8, 1.0, 1.2, 0.8)),
        ):
            step = len(p.step_starts) - 1
            rate = rates[5] if p.role == "mgmt" else rates[min(step, 4)]
            for _ in range(_poisson(rng, rate * years)):
                d = _day_between(rng, start, end)
                row: tuple[Any, ...]
                if source == "customer":
                    row = (p.employee_no, d, source, rng.choice(p.clients), rng.choice(CUSTOMER_NOTES))
                else:
                    row = (p.employee_no, d, source, None, rng.choice(INTERNAL_NOTES))
                if row not in seen:
                    seen.add(row)
                    self.rows["praises"].append(row)

    def trainings(self, p: _Person) -> None:
        rng, as_of = self.rng, self.as_of
        end = self._end(p)
        seen: set[tuple[str, date]] = set()

        def add(program: str, d: date, result: str) -> None:
            if d <= end and d >= p.hired_on and (program, d) not in seen:
                seen.add((program, d))
                self.rows["trainings"].append((p.employee_no, program, d, result))

        if p.cs_start_on >= add_months(as_of, -36):
            add(NEW_HIRE_TRAINING, p.cs_start_on + timedelta(days=rng.randint(0, 10)), "passed")
        for program, first_step in self.counted_programs:
            # A program the entry level's move counts is part of every agent's first months.
            if first_step == 0 and p.role == "agent" and rng.random() < 0.95:
                add(program, p.cs_start_on + timedelta(days=rng.randint(14, 60)),
                    rng.choices(("passed", "attended", "failed"), weights=(85, 10, 5))[0])
        for back in (1, 0):
            year = as_of.year - back
            for _ in range(rng.choices((0, 1, 2), weights=(25, 50, 25))[0]):
                d = date(year, rng.randint(1, 12), rng.randint(1, 28))
                result = rng.choices(("passed", "attended", "failed"), weights=(78, 17, 5))[0]
                add(rng.choice(TRAININGS), d, result)
            # A program a move counts (储备干部培训 in the default policy, SPEC §4) is offered from the
            # ladder step of that move's holders on.
            for program, first_step in self.counted_programs:
                if first_step == 0 or p.role != "agent" or p.step_at(date(year, 9, 1)) < first_step:
                    continue
                if rng.random() < 0.4:
                    d = date(year, rng.choice((3, 9)), rng.randint(10, 20))
                    add(
                        program,
                        d,
                        rng.choices(("passed", "attended", "failed"), weights=(80, 15, 5))[0],
                    )

    def leaves(self, p: _Person) -> None:
        rng, as_of = self.rng, self.as_of
        start = max(p.hired_on, add_months(as_of, -24))
        end = self._end(p)
        if end <= start:
            return
        years = (end - start).days / 365
        age = (as_of - p.birth).days // 365
        kinds: list[tuple[str, float, Any]] = [
            ("年假", 1.0, lambda: float(rng.randint(1, 5))),
            (
                "病假",
                0.8,
                lambda: float(rng.randint(1, 3)) if rng.random() < 0.93 else float(rng.randint(8, 30)),
            ),
            ("事假", 0.6, lambda: rng.choice((0.5, 1.0, 1.0, 2.0))),
            ("调休", 0.8, lambda: 1.0),
            ("丧假", 0.02, lambda: 3.0),
        ]
        if 22 <= age <= 35:
            kinds.append(("婚假", 0.03, lambda: 10.0))
        if p.gender == "F" and 23 <= age <= 38:
            kinds.append(("产假", 0.04, lambda: float(rng.randint(128, 158))))
        if p.gender == "M" and 24 <= age <= 40:
            kinds.append(("陪产假", 0.03, lambda: 15.0))
        seen: set[tuple[str, date]] = set()
        for kind, rate, days in kinds:
            if kind not in self.leave_types:
                continue
            for _ in range(_poisson(rng, rate * years)):
                d = _day_between(rng, start, end)
                if d.weekday() >= 5:
                    d -= timedelta(days=d.weekday() - 4)
                if (kind, d) in seen or d < p.hired_on:
                    continue
                seen.add((kind, d))
                self.rows["leaves"].append((p.employee_no, kind, d, days()))

    def metrics(self, p: _Person) -> None:
        if p.role == "mgmt" or not self.policy.metrics:
            return
        rng = self.rng
        first = p.cs_start_on if p.cs_start_on.day <= 10 else _first_of_next_month(p.cs_start_on)
        first = date(first.year, first.month, 1)
        end = self._end(p)
        months = [m for m in self.months if first <= m <= end]
        if not months:
            return
        targets = self.policy.process.business_targets
        price = rng.gauss(1150, 120)
        profile: dict[str, float] = {}
        for code, m in self.policy.metrics.items():
            if m.is_rate:
                mean, sd = RATE_PROFILES.get(code) or (
                    (0.01, 0.006) if any(w in code for w in ("error", "complaint")) else (0.93, 0.03)
                )
                profile[code] = _clip(rng.gauss(mean, sd), 0.0, 1.0)
        for month in months:
            step = p.step_at(month)
            since = month_index(month) - month_index(first)
            ramp = (0.6, 0.8, 0.9)[since] if since < 3 else 1.0  # new hires ramp up over a quarter
            volume = (
                p.productivity * (1 + 0.06 * step) * ramp * SEASON.get(month.month, 1.0) * rng.gauss(1, 0.08)
            )
            values: dict[str, float] = {}
            for code, m in self.policy.metrics.items():
                if m.is_rate:
                    if code in KEY_ACCOUNT_METRICS and not p.key_account:
                        continue
                    base = profile[code]
                    spread = 0.15 * base if base < 0.05 else 0.01
                    values[code] = round(_clip(rng.gauss(base, spread), 0.0, 1.0), 4)
                elif code == "tickets":
                    values[code] = float(round(_clip(470 * volume, 150, 950)))
                elif code == "amount":
                    tickets = values.get("tickets", 470 * volume)
                    values[code] = round(tickets * price * rng.gauss(1, 0.04), 2)
                else:
                    # The policy's monthly target is what a usual agent reaches (500票 in the default policy).
                    target = float(targets.get(code, 1000))
                    values[code] = float(round(1.05 * target * volume))
            self.rows["metrics"].append((p.employee_no, month, values))

    def exams(self, p: _Person) -> None:
        rng = self.rng
        end = self._end(p)
        for back in (1, 0):
            year = self.as_of.year - back
            for exam in self.exam_types:
                if exam == "技术评定考试":
                    d = date(year, 11, rng.choice((12, 19, 26)))
                    step = p.step_at(d)
                    tenure = (d - p.hired_on).days
                    prob = 0.0 if p.role == "mgmt" else 0.7 if step >= 1 else 0.25 if tenure > 270 else 0.0
                elif exam == "管理能力测评":
                    d = date(year, 10, rng.choice((15, 22)))
                    prob = 0.12 if p.role == "agent" and p.step_at(d) >= 2 else 0.0
                elif exam == "资质考试":
                    d = date(year, 6, rng.choice((8, 15)))
                    prob = 0.15
                else:
                    d = date(year, 5, 20)
                    prob = 0.1
                if d > end or d < p.hired_on or rng.random() >= prob:
                    continue
                score = round(_clip(rng.gauss(75 + 8 * (p.productivity - 1), 11), 30, 100) * 2) / 2
                self.rows["exams"].append((p.employee_no, exam, d, score >= 60, score))

    def appraisals(self, p: _Person) -> None:
        rng, as_of = self.rng, self.as_of
        # 年度考评 happens at year end, so the as-of year has a score only once December has come.
        last = as_of.year if as_of.month == 12 else as_of.year - 1
        for year in (last - 1, last):
            if p.hired_on > date(year, 10, 1) or (p.left_on and p.left_on < date(year, 12, 31)):
                continue
            score = round(_clip(rng.gauss(80 + 10 * (p.productivity - 1), 7), 50, 99), 1)
            grade = "A" if score >= 90 else "B" if score >= 80 else "C" if score >= 70 else "D"
            self.rows["appraisals"].append((p.employee_no, year, score, grade))

    def attestations(self, p: _Person) -> None:
        rng = self.rng
        end = self._end(p)
        step = len(p.step_starts) - 1
        boss = self.by_key.get(p.supervisor) if p.supervisor is not None else None
        for code in self.policy.competencies:
            first_step, prob = COMPETENCY_RULES.get(code, (2, 0.3))
            if first_step >= NOT_A_SKILL:
                # Organisational conditions (业务萎缩) are rare and concern a current management post.
                if p.role != "mgmt" or rng.random() >= 0.03:
                    continue
                first_step, chance = step, 1.0
            elif p.role == "mgmt":
                first_step, chance = min(first_step, step), 0.97
            else:
                # Each further level makes an attestation more likely: the higher post needed it.
                chance = 1 - (1 - prob) ** (1 + step - first_step)
            if step < first_step or rng.random() >= chance:
                continue
            since = p.step_starts[first_step]
            if code == "independent_operation" and p.key in self.independent:
                d = self.independent[p.key]
            else:
                d = since + timedelta(days=rng.randint(45, 270))
            if p.role == "mgmt" and code == "management_potential" and len(p.step_starts) > 1:
                d = min(d, p.path[-1][1] - timedelta(days=rng.randint(30, 200)))
            if d > end:
                continue
            attested_by = boss.employee_no if boss is not None else None
            self.rows["attestations"].append((p.employee_no, code, d, attested_by, rng.choice(ATTEST_NOTES)))

    def incidents(self, p: _Person) -> None:
        rng = self.rng
        if not self.incident_types or rng.random() >= 0.012:
            return
        start = max(p.hired_on, add_months(self.as_of, -24))
        d = _day_between(rng, start, self._end(p))
        kind = rng.choices(
            self.incident_types, weights=[(25, 50, 20, 5)[i % 4] for i in range(len(self.incident_types))]
        )[0]
        self.rows["incidents"].append((p.employee_no, d, kind, INCIDENT_NOTES.get(kind)))


def _counted_programs(policy: Policy, agent_path: tuple[str, ...]) -> list[tuple[str, int]]:
    """The training programs the agents' moves count, each with the first ladder step that needs it."""
    first: dict[str, int] = {}

    def walk(c: Any, step: int) -> None:
        if getattr(c, "evidence", None) == "trainings":
            for program in dict(getattr(c, "filters", ())).get("program", ()):
                first[program] = min(first.get(program, step), step)
        for part in getattr(c, "parts", ()):
            walk(part, step)

    for move in policy.moves:
        if move.type == "promotion" and move.from_level in agent_path:
            for c in move.criteria:
                walk(c, agent_path.index(move.from_level))
    return sorted(first.items(), key=lambda kv: (kv[1], kv[0]))


def synth(n_employees: int, *, seed: int = 7, as_of: date, policy: Policy) -> WorkbookData:
    """Generate a company of ``n_employees`` with its evidence, deterministic for ``seed``."""
    if n_employees < 1:
        raise ValueError("n_employees must be at least 1")
    # Hundreds of thousands of long-lived records and no reference cycles: the cyclic collector
    # would only walk them again and again (a third of the run time at 10,000 employees).
    with paused_gc():
        return _synth(n_employees, seed, as_of, policy)


def _synth(n_employees: int, seed: int, as_of: date, policy: Policy) -> WorkbookData:
    s = _Synth(n_employees, seed, as_of, policy)
    s.organise()
    s.careers()
    s.numbering()
    ev = _Evidence(s)
    ev.run()
    sheets = {sh.kind: sh.zh for sh in standard_sheets(policy)}
    data = WorkbookData(source=f"synth-{n_employees}-seed{seed}")
    no_of = {p.key: p.employee_no for p in s.people}
    data.employees = [
        Employee(
            employee_no=p.employee_no,
            name=p.name,
            education=p.education,
            hired_on=p.hired_on,
            gender=p.gender,
            birth_date=p.birth,
            department=p.department,
            supervisor_no=no_of[p.supervisor] if p.supervisor is not None else None,
            cs_start_on=p.cs_start_on,
            confirmed_on=p.confirmed_on,
            system_account=p.system_account,
            status="left" if p.left_on else "active",
        )
        for p in s.people
    ]

    def build(kind: str, cls: type, sort_key: Callable[[tuple[Any, ...]], Any]) -> list[Any]:
        rows = sorted(ev.rows[kind], key=sort_key)
        prefix = sheets[kind] + ":"
        # Row 1 is the header, so the n-th record (from 0) sits on Excel row n + 2. Rows are in the
        # field order of the record types.
        return [cls(prefix + str(i + 2), *r) for i, r in enumerate(rows)]

    data.positions = build("positions", Position, lambda r: (r[0], r[2]))
    data.praises = build("praises", Praise, lambda r: (r[0], r[1], r[2], r[3] or "", r[4] or ""))
    data.mentorships = build("mentorships", Mentorship, lambda r: (r[0], r[2], r[1]))
    data.trainings = build("trainings", Training, lambda r: (r[0], r[2], r[1]))
    data.leaves = build("leaves", Leave, lambda r: (r[0], r[2], r[1]))
    data.metrics = build("metrics", MetricMonth, lambda r: (r[0], r[1]))
    data.exams = build("exams", Exam, lambda r: (r[0], r[2], r[1]))
    data.appraisals = build("appraisals", Appraisal, lambda r: (r[0], r[1]))
    data.attestations = build("attestations", Attestation, lambda r: (r[0], r[2], r[1]))
    data.incidents = build("incidents", Incident, lambda r: (r[0], r[1], r[2]))
    return data
