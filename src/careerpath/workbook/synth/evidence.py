"""The evidence of a synthetic company: positions, mentoring, praise, training, leave, metrics, exams,
appraisals, attestations and incidents at believable rates."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import Any

from careerpath.core.dates import add_months, month_index
from careerpath.core.policy import Policy
from careerpath.workbook.synth.company import (
    _clip,
    _day_between,
    _first_of_next_month,
    _Person,
    _poisson,
    _Synth,
)
from careerpath.workbook.synth_data import (
    ATTEST_NOTES,
    COMPETENCY_RULES,
    CUSTOMER_NOTES,
    INCIDENT_NOTES,
    INTERNAL_NOTES,
    KEY_ACCOUNT_METRICS,
    METRIC_HISTORY_MONTHS,
    NEW_HIRE_TRAINING,
    NOT_A_SKILL,
    RATE_PROFILES,
    SEASON,
    TRAININGS,
)


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


