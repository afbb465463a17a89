"""The policy model: a company's ladder, moves, criteria and process settings as immutable data.

A policy is loaded from YAML by :mod:`careerpath.core.loader`, which validates it and reports every
problem with its YAML path. Nothing here reads files or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careerpath.core.awards import Award
    from careerpath.core.criteria import Criterion


@dataclass(frozen=True, slots=True)
class Text:
    """A label in Chinese with its English form."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh


def _labels(*pairs: tuple[str, str, str]) -> dict[str, Text]:
    return {code: Text(zh, en) for code, zh, en in pairs}


class TrackKind(StrEnum):
    """What a track is for; placement, the cycle and lateral moves read this, never a track's code."""

    SHARED = "shared"  # 共用通道: the trunk everyone climbs before the tracks split
    SKILL = "skill"  # 技能通道: the specialist ladder
    MANAGEMENT = "management"  # 管理通道: posts filled by vacancy, competition or appointment


# Review steps a company may configure, in the order a chain must respect (hr decides last).
INDIVIDUAL_REVIEW_STEPS: tuple[str, ...] = ("supervisor", "manager", "hr")
CYCLE_REVIEW_STEPS: tuple[str, ...] = ("supervisor", "manager", "committee", "vp", "hr")
# Codes the engine gives a meaning to (facts.py): a policy may relabel them, not invent new ones.
PRAISE_SOURCES: tuple[str, ...] = ("customer", "internal")
TRAINING_RESULTS: tuple[str, ...] = ("passed", "failed", "attended")


@dataclass(frozen=True, slots=True)
class Track:
    code: str
    name: Text
    kind: TrackKind = TrackKind.SKILL


@dataclass(frozen=True, slots=True)
class Level:
    code: str
    name: Text
    track: str
    tier: int
    grade: int
    allowance: float = 0.0  # monthly allowance in yuan
    duties: tuple[Text, ...] = ()  # 岗位职责, as the scheme lists them per level
    kpis: tuple[Text, ...] = ()  # 关键绩效指标


@dataclass(frozen=True, slots=True)
class Move:
    """A move open to holders of ``from_level``: a vertical promotion or a lateral move."""

    id: str
    from_level: str
    to_level: str
    type: str  # "promotion" | "lateral"
    criteria: tuple[Criterion, ...]
    name: Text | None = None
    # Management posts and above are appointed under the cadre rules: the workflow still runs,
    # but the result is a recommendation, not a decision by rule alone (SPEC §3).
    appointed: bool = False


@dataclass(frozen=True, slots=True)
class PlacementStandard:
    """Initial placement (初评): the level proposed when all criteria pass; the highest level wins."""

    level: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Metric:
    code: str
    name: Text
    is_rate: bool = False  # rates are stored as 0-1; a workbook value above 1 is read as a percent


@dataclass(frozen=True, slots=True)
class ProbationTaskSpec:
    """One task of the probation plan (考察期计划) the policy attaches to a level (``process.probation_plan``).

    ``kind`` is "training" (done by a passed or attended training of ``program`` dated within the probation)
    or "assessment" (recorded by the supervisor or HR)."""

    kind: str
    name: Text
    program: str = ""


PROBATION_TASK_KINDS: tuple[str, ...] = ("training", "assessment")


@dataclass(frozen=True, slots=True)
class ProcessSettings:
    """The ``process`` section: deadlines, approval chains, scoring and what an incident leads to."""

    notice_working_days: int = 5  # 公示期 of an individual promotion
    nomination_working_days: int = 7  # departments' nomination period in the annual cycle
    placement_review_working_days: int = 7  # departments' review of initial placement
    review_steps: tuple[str, ...] = ("supervisor", "manager", "hr")
    cycle_review_steps: tuple[str, ...] = ("supervisor", "manager", "committee", "vp", "hr")
    scoring_weights: Mapping[str, float] = field(
        default_factory=lambda: {"business": 0.4, "exam": 0.3, "appraisal": 0.3}
    )
    # Monthly business targets behind the cycle's business-completion score B (SPEC §5).
    business_targets: Mapping[str, float] = field(default_factory=lambda: {"tickets": 500.0, "amount": 600000.0})
    score_exam: str = "技术评定考试"
    allow_exceptions: bool = False
    probation_months: int = 3
    # The tasks of the probation after a move *to* the level (its code -> tasks); none: no plan tasks.
    probation_plan: Mapping[str, tuple[ProbationTaskSpec, ...]] = field(default_factory=dict)
    # SPEC §5 Demotion: whose monthly allowance an incident withholds, which incidents withhold it,
    # and which incidents open a demotion case.
    deduct_allowance_levels: tuple[str, ...] = ("senior", "expert")
    deduct_allowance_incidents: tuple[str, ...] = ("重大事故", "重大投诉", "红头文件通报")
    demotion_incidents: tuple[str, ...] = ("触犯高压线",)
    # 辅助晋级项: points the annual cycle's score adds for an approved customer revenue/margin
    # contribution in the window (0: the SPEC formula unchanged).
    bonus_points: float = 0.0


@dataclass(frozen=True, slots=True)
class EvidenceSettings:
    """The ``evidence`` section: the window and every code list evidence is recorded with, with labels."""

    window_months: int = 12
    leave_types: Mapping[str, Text] = field(default_factory=lambda: _labels(
        ("事假", "事假", "Personal leave"), ("病假", "病假", "Sick leave"), ("年假", "年假", "Annual leave"),
        ("调休", "调休", "Time off in lieu"), ("婚假", "婚假", "Marriage leave"),
        ("产假", "产假", "Maternity leave"), ("丧假", "丧假", "Bereavement leave"),
        ("陪产假", "陪产假", "Paternity leave")))
    exempt_leave_types: tuple[str, ...] = ("婚假", "产假", "丧假", "陪产假")
    exam_types: Mapping[str, Text] = field(default_factory=lambda: _labels(
        ("技术评定考试", "技术评定考试", "Skills assessment"), ("资质考试", "资质考试", "Qualification exam"),
        ("管理能力测评", "管理能力测评", "Management assessment")))
    incident_types: Mapping[str, Text] = field(default_factory=lambda: _labels(
        ("重大事故", "重大事故", "Major accident"), ("重大投诉", "重大投诉", "Major complaint"),
        ("红头文件通报", "红头文件通报", "Official reprimand"), ("触犯高压线", "触犯高压线", "Red-line violation")))
    training_programs: Mapping[str, Text] = field(default_factory=dict)
    praise_sources: Mapping[str, Text] = field(default_factory=lambda: _labels(
        ("customer", "客户", "Customer"), ("internal", "内部", "Internal")))
    training_results: Mapping[str, Text] = field(default_factory=lambda: _labels(
        ("passed", "通过", "Passed"), ("failed", "未通过", "Failed"), ("attended", "参加", "Attended")))


CODE_KINDS: tuple[str, ...] = ("incident_type", "leave_type", "competency", "exam", "training_result",
                               "training_program", "praise_source", "level")


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    version: str
    title: Text
    tracks: Mapping[str, Track]
    levels: Mapping[str, Level]  # by code, in ladder order
    moves: tuple[Move, ...]
    placement: tuple[PlacementStandard, ...]
    competencies: Mapping[str, Text]
    metrics: Mapping[str, Metric]
    evidence: EvidenceSettings
    process: ProcessSettings
    common_criteria: tuple[Criterion, ...] = ()  # applied to every move (e.g. no major incident)
    awards: Mapping[str, Award] = field(default_factory=dict)  # recognition awards (core.awards), by code

    def track_kind(self, level: str) -> TrackKind | None:
        """The kind of the track ``level`` sits on (None for an unknown level)."""
        lv = self.levels.get(level)
        return self.tracks[lv.track].kind if lv is not None and lv.track in self.tracks else None

    def is_management(self, level: str) -> bool:
        return self.track_kind(level) == TrackKind.MANAGEMENT

    @property
    def placement_levels(self) -> tuple[str, ...]:
        """Levels initial placement (初评) may give: the shared trunk and the skill tracks (SPEC §4)."""
        return tuple(c for c in self.levels if self.track_kind(c) in (TrackKind.SHARED, TrackKind.SKILL))

    @property
    def management_levels(self) -> tuple[str, ...]:
        return tuple(c for c in self.levels if self.is_management(c))

    @property
    def incident_types(self) -> Mapping[str, Text]:
        return self.evidence.incident_types

    @property
    def leave_types(self) -> Mapping[str, Text]:
        return self.evidence.leave_types

    @property
    def exam_types(self) -> Mapping[str, Text]:
        return self.evidence.exam_types

    def code_choices(self, kind: str, lang: str) -> list[tuple[str, str]]:
        """The codes of one kind with their label in ``lang``, in policy order, for a form's choices.

        ``kind`` is one of :data:`CODE_KINDS`; an unknown kind raises ``KeyError``.
        """
        labels: Mapping[str, Text]
        if kind == "level":
            labels = {c: lv.name for c, lv in self.levels.items()}
        else:
            ev = self.evidence
            labels = {
                "incident_type": ev.incident_types, "leave_type": ev.leave_types, "exam": ev.exam_types,
                "training_result": ev.training_results, "training_program": ev.training_programs,
                "praise_source": ev.praise_sources, "competency": self.competencies,
            }[kind]
        return [(code, text.get(lang)) for code, text in labels.items()]

    def moves_from(self, level: str) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.from_level == level)

    def level_by_name(self, text: str) -> Level | None:
        """Find a level by code, Chinese or English name (how the workbook refers to levels)."""
        t = text.strip()
        if t in self.levels:
            return self.levels[t]
        for lv in self.levels.values():
            if t in (lv.name.zh, lv.name.en) or t.lower() == lv.name.en.lower():
                return lv
        return None

    def competency_by_name(self, text: str) -> str | None:
        """Find a competency code by code or by its Chinese/English label."""
        t = text.strip()
        if t in self.competencies:
            return t
        for code, label in self.competencies.items():
            if t in (label.zh, label.en):
                return code
        return None
