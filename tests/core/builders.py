"""A small fluent builder of facts, so each test states only what it is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from careerpath.core import facts as F
from careerpath.core.engine import evaluate
from careerpath.core.policy import Policy
from careerpath.core.results import MoveResult


class PersonBuilder:
    def __init__(self, no: str = "E001", *, level: str = "intermediate", level_start: date = date(2025, 1, 1),
                 hired_on: date = date(2022, 1, 1), education: str | None = "大专", **employee: object) -> None:
        self.no = no
        self.employee = F.Employee(employee_no=no, name=f"员工{no}", education=education, hired_on=hired_on,
                                   confirmed_on=hired_on, **employee)  # type: ignore[arg-type]
        self.records: dict[str, list] = {k: [] for k in (
            "positions", "praises", "mentorships", "trainings", "leaves", "metrics", "exams", "appraisals",
            "attestations", "incidents")}
        self._n = 0
        self.position(level, level_start)

    def _id(self, kind: str) -> str:
        self._n += 1
        return f"{kind}:{self.no}:{self._n}"

    def set(self, **changes: object) -> PersonBuilder:
        self.employee = replace(self.employee, **changes)  # type: ignore[arg-type]
        return self

    def position(self, level: str, start: date, end: date | None = None) -> PersonBuilder:
        self.records["positions"].append(F.Position(self._id("pos"), self.no, level, start, end))
        return self

    def only_position(self, level: str, start: date) -> PersonBuilder:
        self.records["positions"] = []
        return self.position(level, start)

    def praise(self, d: date, source: str = "customer", customer: str | None = "顺丰客户A") -> PersonBuilder:
        self.records["praises"].append(F.Praise(self._id("praise"), self.no, d, source,
                                                customer if source == "customer" else None))
        return self

    def mentee(self, independent_on: date | None, mentee_no: str = "N001") -> PersonBuilder:
        self.records["mentorships"].append(F.Mentorship(self._id("mentor"), self.no, mentee_no,
                                                        date(2026, 1, 5), independent_on))
        return self

    def training(self, d: date, program: str = "储备干部培训", result: str = "attended") -> PersonBuilder:
        self.records["trainings"].append(F.Training(self._id("training"), self.no, program, d, result))
        return self

    def leave(self, start: date, days: float, type_: str = "事假") -> PersonBuilder:
        self.records["leaves"].append(F.Leave(self._id("leave"), self.no, type_, start, days))
        return self

    def metric(self, month: date, **values: float) -> PersonBuilder:
        self.records["metrics"].append(F.MetricMonth(self._id("metric"), self.no, month, values))
        return self

    def metrics(self, first: date, n: int, **values: float) -> PersonBuilder:
        y, m = first.year, first.month
        for _ in range(n):
            self.metric(date(y, m, 1), **values)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return self

    def exam(self, d: date, passed: bool = True, exam: str = "技术评定考试", score: float | None = 80) -> PersonBuilder:
        self.records["exams"].append(F.Exam(self._id("exam"), self.no, exam, d, passed, score))
        return self

    def appraisal(self, year: int, score: float = 85) -> PersonBuilder:
        self.records["appraisals"].append(F.Appraisal(self._id("appraisal"), self.no, year, score))
        return self

    def attest(self, *codes: str, d: date = date(2026, 3, 1)) -> PersonBuilder:
        for c in codes:
            self.records["attestations"].append(F.Attestation(self._id("attest"), self.no, c, d))
        return self

    def incident(self, d: date, type_: str = "重大投诉") -> PersonBuilder:
        self.records["incidents"].append(F.Incident(self._id("incident"), self.no, d, type_))
        return self


def population(*builders: PersonBuilder, vacancies: dict[str, int] | None = None) -> F.Population:
    merged: dict[str, list] = {}
    for b in builders:
        for k, v in b.records.items():
            merged.setdefault(k, []).extend(v)
    return F.build_population([b.employee for b in builders], vacancies=vacancies, **merged)


def move_result(policy: Policy, b: PersonBuilder, as_of: date, move_id: str,
                vacancies: dict[str, int] | None = None) -> MoveResult:
    ev = evaluate(population(b, vacancies=vacancies), policy, as_of)
    for r in ev.results:
        if r.move_id == move_id:
            return r
    raise AssertionError(f"move {move_id} not evaluated; got {[r.move_id for r in ev.results]}")


def criterion(result: MoveResult, cid: str):  # noqa: ANN201
    for c in result.criteria:
        if c.id == cid:
            return c
    raise AssertionError(f"criterion {cid} not in {[c.id for c in result.criteria]}")
