"""The employee's own view of the policy, shaped for the pages: the ladder (both tracks by tier, where the
person stands, the moves open to them, what each level means) and one checklist per open move.

Read-only and set-based like every evaluation: one population load (a fixed handful of queries) and one
query for the person's applications, however much evidence they have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from careerpath.core.dates import completed_months
from careerpath.core.engine import level_run_start
from careerpath.core.facts import PersonFacts, current_position
from careerpath.core.policy import Policy
from careerpath.core.results import CriterionResult, MoveResult
from careerpath.core.workflow import FINAL, State
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.labels import code_label, date_label
from careerpath.people.models import Employee
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import applications_of

# ---------------------------------------------------------------------------------------------------
# The ladder


@dataclass(slots=True)
class LevelCard:
    code: str
    name: str
    track: str
    tier: int
    grade: int
    allowance: float
    duties: list[str]
    kpis: list[str]
    here: bool = False
    move: MoveView | None = None  # the open move that leads here from where the person stands


@dataclass(frozen=True, slots=True)
class TrackColumn:
    code: str
    name: str
    kind: str


@dataclass(slots=True)
class Cell:
    track: TrackColumn
    levels: list[LevelCard]  # highest grade first


@dataclass(slots=True)
class TierRow:
    tier: int
    cells: list[Cell]  # one per track, in the ladder's track order


@dataclass(slots=True)
class Ladder:
    tracks: list[TrackColumn]
    rows: list[TierRow]  # the highest tier first: a ladder is read from the top
    current: LevelCard | None

    @property
    def columns(self) -> int:
        return len(self.tracks)


def ladder_build(*, policy: Policy, lang: str, current_level: str | None = None,
                 moves: list[MoveView] | None = None) -> Ladder:
    """Both tracks side by side by tier, with the person's level and their open moves marked."""
    by_target = {m.target_level: m for m in moves or []}
    tracks = [TrackColumn(t.code, t.name.get(lang), t.kind.value) for t in policy.tracks.values()]
    index = {t.code: i for i, t in enumerate(tracks)}
    cards: dict[str, LevelCard] = {}
    for lv in policy.levels.values():
        cards[lv.code] = LevelCard(
            code=lv.code, name=lv.name.get(lang), track=lv.track, tier=lv.tier, grade=lv.grade,
            allowance=lv.allowance, duties=[t.get(lang) for t in lv.duties], kpis=[t.get(lang) for t in lv.kpis],
            here=lv.code == current_level, move=by_target.get(lv.code))
    rows = []
    for tier in sorted({c.tier for c in cards.values()}, reverse=True):
        cells = [Cell(t, []) for t in tracks]
        for card in cards.values():
            if card.tier == tier and card.track in index:
                cells[index[card.track]].levels.append(card)
        for cell in cells:
            cell.levels.sort(key=lambda c: -c.grade)
        rows.append(TierRow(tier, cells))
    return Ladder(tracks=tracks, rows=rows, current=cards.get(current_level or ""))


# ---------------------------------------------------------------------------------------------------
# The checklists


@dataclass(frozen=True, slots=True)
class CriterionRow:
    depth: int
    result: CriterionResult
    evidence: tuple[str, ...] = ()  # the records used, described in words

    # The engine's projections (CONTRACT "Engine results"): read defensively, so the page works with an
    # engine that does not project yet and shows the dates as soon as it does.
    @property
    def shortfall(self) -> str:
        return getattr(self.result, "shortfall", "") or ""

    @property
    def projected_on(self) -> date | None:
        return getattr(self.result, "projected_on", None)

    @property
    def lapses_on(self) -> date | None:
        return getattr(self.result, "lapses_on", None)


@dataclass(slots=True)
class MoveView:
    move_id: str
    move_type: str
    target_level: str
    target_name: str
    move_label: str
    eligible: bool
    appointed: bool
    projected_on: date | None = None
    rows: list[CriterionRow] = field(default_factory=list)
    missing: list[CriterionRow] = field(default_factory=list)
    application: Application | None = None  # the application in progress for this move, if any
    apply_url: str | None = None  # where to apply, when the viewer may (set by the page)
    apply_note: str = ""  # otherwise why not, in words

    @property
    def passed_count(self) -> int:
        return sum(1 for r in self.rows if r.depth == 0 and r.result.passed)

    @property
    def total_count(self) -> int:
        return sum(1 for r in self.rows if r.depth == 0)


@dataclass(slots=True)
class CareerView:
    employee: Employee
    as_of: date
    policy: Policy
    policy_title: str
    current_level: str | None
    current_name: str | None
    level_since: date | None
    months_in_level: int | None
    positions: list[PositionRow]
    moves: list[MoveView]
    ladder: Ladder
    applications: list[Application]  # newest first

    @property
    def open_applications(self) -> list[Application]:
        return [a for a in self.applications if State(a.state) not in FINAL]

    @property
    def eligible_moves(self) -> list[MoveView]:
        return [m for m in self.moves if m.eligible]


@dataclass(frozen=True, slots=True)
class PositionRow:
    level: str
    level_name: str
    start_on: date
    end_on: date | None
    reason: str | None
    current: bool


def _evidence_words(person: PersonFacts, policy: Policy, lang: str) -> dict[str, str]:
    """Each evidence record of the person by id, in a few words (the checklist names what it counted)."""
    def d(x: date | None) -> str:
        return date_label(x, lang=lang)

    def label(kind: str, code: str) -> str:
        return code_label(kind, code, lang=lang, policy=policy)

    out: dict[str, str] = {}
    for p in person.praises:
        text = _("%(date)s %(source)s书面表扬") % {"date": d(p.date), "source": label("praise_source", p.source)}
        out[p.id] = f"{text}（{p.customer}）" if p.customer else text
    for m in person.mentorships:
        out[m.id] = (_("带教新人 %(no)s，%(date)s 独立操作") % {"no": m.mentee_no, "date": d(m.independent_on)}
                     if m.independent_on else _("带教新人 %(no)s，%(date)s 起") % {"no": m.mentee_no,
                                                                                   "date": d(m.start_on)})
    for t in person.trainings:
        out[t.id] = f"{label('training_program', t.program)} · {d(t.date)} · {label('training_result', t.result)}"
    for e in person.exams:
        verdict = _("通过") if e.passed else _("未通过")
        score = _("%(score)s 分") % {"score": f"{e.score:g}"} if e.score is not None else ""
        out[e.id] = " · ".join(x for x in (label("exam", e.exam), d(e.date), score, verdict) if x)
    for a in person.attestations:
        out[a.id] = _("%(what)s（%(date)s 认定）") % {"what": label("competency", a.competency), "date": d(a.date)}
    for lv in person.leaves:
        out[lv.id] = _("%(type)s %(days)s 天，%(date)s 起") % {"type": label("leave_type", lv.type),
                                                              "days": f"{lv.days:g}", "date": d(lv.start_on)}
    for i in person.incidents:
        out[i.id] = f"{label('incident_type', i.type)} · {d(i.date)}"
    for ap in person.appraisals:
        out[ap.id] = _("%(year)s 年度考评 %(score)s 分") % {"year": ap.year, "score": f"{ap.score:g}"}
    for pos in person.positions:
        out[pos.id] = _("%(level)s，%(date)s 起") % {"level": label("level", pos.level), "date": d(pos.start_on)}
    for mm in person.metrics:
        out[mm.id] = _METRIC_MONTH
    return out


# Monthly metrics are counted as months, not listed one by one: twelve lines of "2026-03" read badly.
_METRIC_MONTH = "\0metric"


def _rows(results: tuple[CriterionResult, ...], words: dict[str, str], depth: int = 0) -> list[CriterionRow]:
    rows: list[CriterionRow] = []
    for r in results:
        used = tuple(words[e] for e in r.evidence if words.get(e, _METRIC_MONTH) != _METRIC_MONTH)
        months = sum(1 for e in r.evidence if words.get(e) == _METRIC_MONTH)
        if months:
            used += (_("%(n)s 个月的月度指标") % {"n": months},)
        rows.append(CriterionRow(depth=depth, result=r, evidence=used))
        rows.extend(_rows(r.children, words, depth + 1))
    return rows


def _leaves(rows: list[CriterionRow], result: MoveResult) -> list[CriterionRow]:
    failing = {id(leaf) for c in result.criteria for leaf in c.failing_leaves()}
    return [r for r in rows if id(r.result) in failing]


def career_view(*, employee: Employee, policy: Policy, as_of: date, lang: str) -> CareerView:
    """Evaluate one person and shape everything their page shows (a fixed handful of queries)."""
    def level_name(code: str) -> str:
        lv = policy.levels.get(code)
        return lv.name.get(lang) if lv else code

    population = population_load(policy=policy, employee_no=employee.employee_no)
    person = population.people.get(employee.employee_no)
    evaluation = evaluation_run(policy=policy, as_of=as_of, lang=lang, employee_no=employee.employee_no,
                                population=population)
    applications = applications_of(employee=employee)
    open_by_move = {a.move_id: a for a in applications if State(a.state) not in FINAL}
    appointed = {m.id for m in policy.moves if m.appointed}
    words = _evidence_words(person, policy, lang) if person else {}

    moves = []
    for result in evaluation.results:
        rows = _rows(result.criteria, words)
        moves.append(MoveView(
            move_id=result.move_id, move_type=result.move, target_level=result.target_level,
            target_name=level_name(result.target_level), move_label=code_label("move_type", result.move, lang=lang),
            eligible=result.eligible, appointed=result.move_id in appointed,
            projected_on=getattr(result, "projected_on", None), rows=rows, missing=_leaves(rows, result),
            application=open_by_move.get(result.move_id)))

    current = current_position(person) if person else None
    since = level_run_start(person, current) if person and current else None
    positions = [PositionRow(p.level, level_name(p.level), p.start_on, p.end_on, p.reason, p is current)
                 for p in (person.positions if person else [])]
    positions.reverse()  # newest first reads like a CV
    return CareerView(
        employee=employee, as_of=as_of, policy=policy, policy_title=policy.title.get(lang),
        current_level=current.level if current else None,
        current_name=level_name(current.level) if current else None,
        level_since=since, months_in_level=completed_months(since, as_of) if since else None,
        positions=positions, moves=moves,
        ladder=ladder_build(policy=policy, lang=lang, current_level=current.level if current else None, moves=moves),
        applications=applications,
    )
