"""The facts the engine evaluates: plain, immutable records for a whole population.

Both loaders (the standard workbook and the database) build exactly these objects, so the engine
cannot tell where the facts came from. Every evidence record carries an ``id`` that says where it
came from (``"书面表扬:12"`` for row 12 of a sheet, ``"praise:42"`` for a database row); the engine
only passes those ids through into its explanations.

Codes used in the fields (the workbook and the database translate to them):
- ``Praise.source``: ``"customer"`` | ``"internal"``
- ``Training.result``: ``"passed"`` | ``"failed"`` | ``"attended"``
- ``Employee.status``: ``"active"`` | ``"left"``
- ``Employee.gender``: ``"M"`` | ``"F"`` | ``None``
- ``Employee.education``: a key of :data:`EDUCATION_RANK` or ``None`` when unknown
- leave, exam and incident types are the Chinese names of the policy (``"病假"``, ``"技术评定考试"``, ``"重大事故"``)
- ``Position.reason``: ``"入职"`` | ``"初评"`` | ``"晋升"`` | ``"降级"`` | ``"横向"`` | ``"任命"`` | ``None``
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Education order from SPEC §4: 初中 < 高中 = 中专 = 职高 < 大专 (专科) < 本科 < 硕士 < 博士.
EDUCATION_RANK: dict[str, int] = {
    "小学": 0,
    "初中": 1,
    "高中": 2,
    "中专": 2,
    "职高": 2,
    "大专": 3,
    "本科": 4,
    "硕士": 5,
    "博士": 6,
}

# The English names of the education keys, for explanations read in English.
EDUCATION_EN: dict[str, str] = {
    "小学": "primary school",
    "初中": "junior high school",
    "高中": "senior high school",
    "中专": "secondary vocational school",
    "职高": "vocational high school",
    "大专": "associate degree",
    "本科": "bachelor's degree",
    "硕士": "master's degree",
    "博士": "doctorate",
}

# Other spellings accepted on input, mapped to the canonical key above.
EDUCATION_ALIASES: dict[str, str] = {
    "专科": "大专",
    "技校": "中专",
    "中技": "中专",
    "研究生": "硕士",
    "primary": "小学",
    "junior_high": "初中",
    "middle_school": "初中",
    "high_school": "高中",
    "secondary_vocational": "中专",
    "vocational_high": "职高",
    "college": "大专",
    "associate": "大专",
    "bachelor": "本科",
    "master": "硕士",
    "doctor": "博士",
    "phd": "博士",
}


def normalize_education(value: str) -> str | None:
    """Return the canonical education key for ``value``, or None when it is not known."""
    text = value.strip()
    if text in EDUCATION_RANK:
        return text
    return EDUCATION_ALIASES.get(text.lower()) or EDUCATION_ALIASES.get(text)


@dataclass(frozen=True, slots=True)
class Employee:
    employee_no: str
    name: str
    education: str | None
    hired_on: date
    gender: str | None = None
    birth_date: date | None = None
    department: str | None = None
    supervisor_no: str | None = None
    cs_start_on: date | None = None
    confirmed_on: date | None = None
    system_account: str | None = None
    status: str = "active"


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    employee_no: str
    level: str  # level code of the policy
    start_on: date
    end_on: date | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Praise:
    id: str
    employee_no: str
    date: date
    source: str  # "customer" | "internal"
    customer: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Mentorship:
    id: str
    mentor_no: str
    mentee_no: str
    start_on: date
    independent_on: date | None = None


@dataclass(frozen=True, slots=True)
class Training:
    id: str
    employee_no: str
    program: str
    date: date
    result: str = "attended"  # "passed" | "failed" | "attended"


@dataclass(frozen=True, slots=True)
class Leave:
    id: str
    employee_no: str
    type: str
    start_on: date
    days: float


@dataclass(frozen=True, slots=True)
class MetricMonth:
    id: str
    employee_no: str
    month: date  # first day of the month
    values: Mapping[str, float]  # metric code -> value; rates as 0-1 fractions


@dataclass(frozen=True, slots=True)
class Exam:
    id: str
    employee_no: str
    exam: str
    date: date
    passed: bool
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Appraisal:
    id: str
    employee_no: str
    year: int
    score: float
    grade: str | None = None


@dataclass(frozen=True, slots=True)
class Attestation:
    id: str
    employee_no: str
    competency: str  # competency code of the policy
    date: date
    attested_by: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    employee_no: str
    date: date
    type: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Contribution:
    """辅助晋级项: an approved, documented contribution to a customer's revenue or margin (财务数据为准)."""

    id: str
    employee_no: str
    date: date  # the day it was approved (审评)
    kind: str  # "revenue" | "margin"
    customer: str


# The evidence record kinds, in the order every loader, the workbook and a person's facts list them.
EVIDENCE_KINDS = ("positions", "praises", "mentorships", "trainings", "leaves", "metrics", "exams", "appraisals",
                  "attestations", "incidents", "contributions")


@dataclass(slots=True)
class Evidence:
    """The evidence records, one list per kind (:data:`EVIDENCE_KINDS`)."""

    positions: list[Position] = field(default_factory=list)
    praises: list[Praise] = field(default_factory=list)
    mentorships: list[Mentorship] = field(default_factory=list)  # by mentor_no
    trainings: list[Training] = field(default_factory=list)
    leaves: list[Leave] = field(default_factory=list)
    metrics: list[MetricMonth] = field(default_factory=list)
    exams: list[Exam] = field(default_factory=list)
    appraisals: list[Appraisal] = field(default_factory=list)
    attestations: list[Attestation] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)  # no workbook sheet: entered and approved

    def evidence_kwargs(self) -> dict[str, list]:
        """The evidence lists by kind, as :func:`build_population` takes them."""
        return {kind: getattr(self, kind) for kind in EVIDENCE_KINDS}


@dataclass(slots=True, kw_only=True)
class PersonFacts(Evidence):
    """Everything known about one person (as the mentor in ``mentorships``). Lists are sorted by date, then id."""

    employee: Employee


@dataclass(slots=True)
class Records(Evidence):
    """Every fact record of a selection, flat: what a workbook holds and what the database loads."""

    employees: list[Employee] = field(default_factory=list)


@dataclass(slots=True)
class Population:
    """A company's facts: people keyed by 工号, plus facts that are not about one person.

    ``vacancies`` maps a level code to the number of open posts for it (across the company), or is
    None when no headcount plan is known; the ``vacancy`` criterion then reports that it cannot pass.
    """

    people: dict[str, PersonFacts] = field(default_factory=dict)
    vacancies: dict[str, int] | None = None


def _sort_key_date(attr: str) -> Callable[[Any], tuple[Any, str]]:
    return lambda r: (getattr(r, attr), r.id)


def build_population(
    employees: Iterable[Employee],
    *,
    positions: Iterable[Position] = (),
    praises: Iterable[Praise] = (),
    mentorships: Iterable[Mentorship] = (),
    trainings: Iterable[Training] = (),
    leaves: Iterable[Leave] = (),
    metrics: Iterable[MetricMonth] = (),
    exams: Iterable[Exam] = (),
    appraisals: Iterable[Appraisal] = (),
    attestations: Iterable[Attestation] = (),
    incidents: Iterable[Incident] = (),
    contributions: Iterable[Contribution] = (),
    vacancies: dict[str, int] | None = None,
) -> Population:
    """Group flat record streams by person and sort them, so every loader yields the same shape.

    Records about an employee_no that is not in ``employees`` are ignored here; loaders report them
    as errors before calling this.
    """
    people = {e.employee_no: PersonFacts(employee=e) for e in employees}

    def put(records: Iterable, attr: str, owner: str = "employee_no") -> None:
        for r in records:
            p = people.get(getattr(r, owner))
            if p is not None:
                getattr(p, attr).append(r)

    put(positions, "positions")
    put(praises, "praises")
    put(mentorships, "mentorships", owner="mentor_no")
    put(trainings, "trainings")
    put(leaves, "leaves")
    put(metrics, "metrics")
    put(exams, "exams")
    put(appraisals, "appraisals")
    put(attestations, "attestations")
    put(incidents, "incidents")
    put(contributions, "contributions")
    for p in people.values():
        p.positions.sort(key=lambda r: (r.start_on, r.end_on or date.max, r.id))
        p.praises.sort(key=_sort_key_date("date"))
        p.mentorships.sort(key=_sort_key_date("start_on"))
        p.trainings.sort(key=_sort_key_date("date"))
        p.leaves.sort(key=_sort_key_date("start_on"))
        p.metrics.sort(key=_sort_key_date("month"))
        p.exams.sort(key=_sort_key_date("date"))
        p.appraisals.sort(key=lambda r: (r.year, r.id))
        p.attestations.sort(key=_sort_key_date("date"))
        p.incidents.sort(key=_sort_key_date("date"))
        p.contributions.sort(key=_sort_key_date("date"))
    return Population(people=people, vacancies=vacancies)


def current_position(person: PersonFacts) -> Position | None:
    """Return the open position (no end date) with the latest start, per SPEC §7."""
    open_rows = [p for p in person.positions if p.end_on is None]
    if not open_rows:
        return None
    return max(open_rows, key=lambda p: (p.start_on, p.id))
