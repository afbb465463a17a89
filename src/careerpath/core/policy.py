"""The policy model: a company's ladder, moves, criteria and process settings as immutable data.

A policy is loaded from YAML by :mod:`careerpath.core.loader`, which validates it and reports every
problem with its YAML path. Nothing here reads files or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careerpath.core.criteria import Criterion


@dataclass(frozen=True, slots=True)
class Text:
    """A label in Chinese with its English form."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh


@dataclass(frozen=True, slots=True)
class Track:
    code: str
    name: Text


@dataclass(frozen=True, slots=True)
class Level:
    code: str
    name: Text
    track: str
    tier: int
    grade: int
    allowance: float = 0.0  # monthly allowance in yuan


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
class ProcessSettings:
    notice_working_days: int = 5
    nomination_working_days: int = 7
    placement_review_working_days: int = 7
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
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EvidenceSettings:
    window_months: int = 12
    exempt_leave_types: tuple[str, ...] = ("婚假", "产假", "丧假", "陪产假")
    leave_types: tuple[str, ...] = ("事假", "病假", "年假", "调休", "婚假", "产假", "丧假", "陪产假")
    exam_types: tuple[str, ...] = ("技术评定考试", "资质考试", "管理能力测评")
    incident_types: tuple[str, ...] = ("重大事故", "重大投诉", "红头文件通报", "触犯高压线")


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
