"""What the review page shows, shaped from the promotions selectors: the snapshot next to today, the
evidence records with labels, what changed since submission in words, and the history.

Reads only: one evaluation of the applicant today (``application_evaluate``, one query per record type),
the comparison with the stored snapshot (``promotions.snapshots``), one query for the names the records
refer to, one for the history. No query per record or per criterion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from careerpath.audit.models import AuditEvent
from careerpath.core.dates import window_start
from careerpath.core.policy import Policy
from careerpath.core.workflow import STEP_ACTIONS, Route, State, machine_for
from careerpath.labels import code_label, date_label
from careerpath.people.models import Employee
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Application
from careerpath.promotions.selectors import application_actions, application_history, application_version
from careerpath.promotions.services import application_evaluate
from careerpath.promotions.snapshots import Change, SnapshotComparison, snapshot_compare, snapshot_result

# The steps a reviewer takes on this page (CONTRACT: which page performs which action). The policy's
# individual chain runs the supervisor and the manager; the committee's and the VP's steps belong to the
# annual cycle, which takes them for the whole cycle (cycles/services), so a cycle's application is read here,
# not decided.
STEP_FORMS = ("supervisor_review", "manager_review")
PAGE_ACTIONS = {*STEP_FORMS, "return_to_applicant", "reject"}


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence of "what changed": a symbol (never colour alone), a tone for the style, the words."""

    symbol: str
    tone: str  # "bad" | "good" | "info"
    text: str


@dataclass(slots=True)
class EvidenceRow:
    cells: list[tuple[str, str, bool]]  # (column, value, whether the value may wrap: a name or a note)
    change: str = ""  # "added" | "changed" | "removed" (since submission) | ""
    in_window: bool | None = None  # None: the kind has no window


@dataclass(slots=True)
class EvidenceTable:
    kind: str
    title: str
    columns: list[str]
    rows: list[EvidenceRow] = field(default_factory=list)
    windowed: bool = False

    @property
    def changes(self) -> int:
        return sum(1 for r in self.rows if r.change)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime
    actor: str
    action: str
    to_state: str
    reason: str


@dataclass(slots=True)
class ReviewPage:
    application: Application
    policy: Policy
    from_name: str
    to_name: str
    actions: set[str]
    version: str
    comparison: SnapshotComparison
    summary: list[Line]
    evidence: list[EvidenceTable]
    history: list[HistoryRow]
    today: date
    window_from: date
    submitted_at: datetime | None

    @property
    def policy_title(self) -> str:
        return self.policy.title.get(_lang())

    @property
    def empty_kinds(self) -> list[str]:
        return [t.title for t in self.evidence if not t.rows]

    @property
    def step_action(self) -> str | None:
        return next((a for a in STEP_FORMS if a in self.actions), None)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _d(value: Any) -> str:
    return date_label(_date(value)) or "—"


def _num(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def review_actions(*, actor: AbstractBaseUser, application: Application,
                   capacities: frozenset[str] | None = None) -> set[str]:
    """What ``actor`` may do to ``application`` on the review page: its step, return, reject before the notice."""
    if application.route != Route.INDIVIDUAL.value:
        return set()
    allowed = {t.action for t in application_actions(actor=actor, application=application,
                                                     capacities=capacities)} & PAGE_ACTIONS
    if "reject" in allowed:
        # After the notice, rejecting is HR's final decision on the approval page, not a review.
        machine = machine_for(policy_of(application.policy_version).process)
        route = Route(application.route).value
        before_notice = set(machine.sources_of("publish_notice", route))
        for action in STEP_ACTIONS.values():
            before_notice |= machine.sources_of(action, route)
        if State(application.state) not in before_notice:
            allowed.discard("reject")
    return allowed


def _summary(cmp: SnapshotComparison, tables: Iterable[EvidenceTable], labels: Mapping[tuple[str, str], str],
             names: Mapping[str, str]) -> list[Line]:
    lines: list[Line] = []
    if cmp.then_eligible is not None and cmp.then_eligible != cmp.now_eligible:
        lines.append(Line("⚠", "bad", _("提交时符合晋升条件，按今天的记录已不符合。")) if cmp.then_eligible else
                     Line("✓", "good", _("提交时不符合晋升条件，按今天的记录已符合。")))
    for c in cmp.now_failing:
        lines.append(Line("✗", "bad", _("提交时满足、现已不满足：%(label)s（提交时：%(then)s；今天：%(now)s）")
                          % {"label": c.label, "then": c.then_actual, "now": c.now_actual}))
    for c in cmp.now_passing:
        lines.append(Line("✓", "good", _("提交时未满足、现已满足：%(label)s（提交时：%(then)s；今天：%(now)s）")
                          % {"label": c.label, "then": c.then_actual, "now": c.now_actual}))
    titles = {t.kind: t.title for t in tables}
    for r in cmp.records:
        what = labels.get((r.kind, r.id), "")
        title = titles.get(r.kind, r.kind)
        if r.change == "added" and r.kind == "incidents":
            lines.append(Line("⚠", "bad", _("提交后新增事故记录：%(what)s") % {"what": what}))
        elif r.change == "added":
            lines.append(Line("★", "info", _("提交后新增%(kind)s：%(what)s") % {"kind": title, "what": what}))
        elif r.change == "changed":
            lines.append(Line("✎", "info", _("提交后修改了%(kind)s：%(what)s") % {"kind": title, "what": what}))
        else:
            lines.append(Line("−", "info", _("提交后删除了%(kind)s：%(what)s") % {"kind": title, "what": what}))
    for fc in cmp.employee:
        lines.append(Line("✎", "info", _("员工信息变更：%(field)s 由「%(then)s」改为「%(now)s」") % {
            "field": str(_EMPLOYEE_TITLES.get(fc.field, fc.field)), "then": _employee_value(fc.field, fc.then, names),
            "now": _employee_value(fc.field, fc.now, names)}))
    return lines


class _Evidence:
    """Today's records as labelled tables, each row marked when it is new or changed since submission."""

    def __init__(self, *, policy: Policy, facts: Mapping[str, Any], then_facts: Mapping[str, Any] | None,
                 cmp: SnapshotComparison, today: date, names: Mapping[str, str]) -> None:
        self.policy, self.facts, self.cmp, self.names = policy, facts, cmp, names
        self.then_facts = then_facts or {}
        self.window_from = window_start(today, policy.evidence.window_months)
        self.today = today
        self.labels: dict[tuple[str, str], str] = {}  # (kind, id) -> a short description, for the summary
        # Columns whose values are sentences or names; the others (dates, codes, numbers) stay on one line.
        self.wrapping = {_("客户名称"), _("说明"), _("能力"), _("培训项目"), _("新人"), _("认定人"), _("职级"), _("考试")}

    def _in_window(self, d: Any) -> bool | None:
        day = _date(d)
        return None if day is None else self.window_from <= day <= self.today

    def _person(self, no: str | None) -> str:
        if not no:
            return "—"
        return f"{self.names[no]}（{no}）" if no in self.names else no

    def table(self, kind: str, title: str, columns: list[str], cells: Callable[[Mapping[str, Any]], list[str]],
              *, when: str | None, describe: Callable[[Mapping[str, Any]], str], windowed: bool = False) -> EvidenceTable:
        t = EvidenceTable(kind, title, columns, windowed=windowed)

        def row(r: Mapping[str, Any]) -> list[tuple[str, str, bool]]:
            return [(col, value, col in self.wrapping) for col, value in zip(columns, cells(r), strict=True)]

        records = sorted(self.facts.get(kind, ()), key=lambda r: (str(r.get(when) or "") if when else "", r["id"]),
                         reverse=True)
        for r in records:
            self.labels[(kind, r["id"])] = describe(r)
            t.rows.append(EvidenceRow(row(r), self.cmp.change_of(kind, r["id"]),
                                      self._in_window(r.get(when)) if windowed and when else None))
        for rc in self.cmp.records:
            if rc.kind == kind and rc.change == "removed" and rc.then is not None:
                self.labels[(kind, rc.id)] = describe(rc.then)
                t.rows.append(EvidenceRow(row(rc.then), "removed", None))
        return t

    def tables(self) -> list[EvidenceTable]:
        lab, pol = code_label, self.policy

        def level(code: str | None) -> str:
            return lab("level", code, policy=pol) or "—"

        metric_codes = [c for c in pol.metrics if any(c in (r.get("values") or {}) for r in self.facts.get("metrics", ()))]

        def metric(r: Mapping[str, Any], code: str) -> str:
            v = (r.get("values") or {}).get(code)
            if v is None:
                return "—"
            return f"{v * 100:.1f}%" if pol.metrics[code].is_rate else f"{v:,.0f}"

        def month(r: Mapping[str, Any]) -> str:
            m = _date(r.get("month"))
            if m is None:
                return "—"
            return f"{m:%b %Y}" if _lang() == "en" else f"{m.year}年{m.month}月"

        exempt = set(pol.evidence.exempt_leave_types)
        yes, no = _("✓ 通过"), _("✗ 未通过")
        return [
            self.table("praises", _("书面表扬"), [_("日期"), _("来源"), _("客户名称"), _("说明")],
                       lambda r: [_d(r["date"]), lab("praise_source", r["source"], policy=pol),
                                  r.get("customer") or "—", r.get("note") or "—"],
                       when="date", windowed=True,
                       describe=lambda r: f"{lab('praise_source', r['source'], policy=pol)} {_d(r['date'])}"
                                          + (f"（{r['customer']}）" if r.get("customer") else "")),
            self.table("attestations", _("能力认定"), [_("能力"), _("认定日期"), _("认定人"), _("说明")],
                       lambda r: [lab("competency", r["competency"], policy=pol), _d(r["date"]),
                                  self._person(r.get("attested_by")), r.get("note") or "—"],
                       when="date",
                       describe=lambda r: f"{lab('competency', r['competency'], policy=pol)} {_d(r['date'])}"),
            self.table("mentorships", _("带教新人"), [_("新人"), _("开始带教"), _("独立操作日期")],
                       lambda r: [self._person(r.get("mentee_no")), _d(r["start_on"]), _d(r.get("independent_on"))],
                       when="start_on",
                       describe=lambda r: f"{self._person(r.get('mentee_no'))} {_d(r['start_on'])}"),
            self.table("trainings", _("培训"), [_("培训项目"), _("日期"), _("结果")],
                       lambda r: [lab("training_program", r["program"], policy=pol), _d(r["date"]),
                                  lab("training_result", r["result"], policy=pol)],
                       when="date", windowed=True,
                       describe=lambda r: f"{lab('training_program', r['program'], policy=pol)} {_d(r['date'])}"),
            self.table("exams", _("考试"), [_("考试"), _("日期"), _("分数"), _("结果")],
                       lambda r: [lab("exam", r["exam"], policy=pol), _d(r["date"]), _num(r.get("score")),
                                  yes if r.get("passed") else no],
                       when="date", windowed=True,
                       describe=lambda r: f"{lab('exam', r['exam'], policy=pol)} {_d(r['date'])}"),
            self.table("appraisals", _("年度考评"), [_("年度"), _("分数"), _("等级")],
                       lambda r: [str(r["year"]), _num(r.get("score")), r.get("grade") or "—"],
                       when="year", describe=lambda r: _("%(year)s 年度") % {"year": r["year"]}),
            self.table("incidents", _("事故"), [_("日期"), _("类型"), _("说明")],
                       lambda r: [_d(r["date"]), lab("incident_type", r["type"], policy=pol), r.get("note") or "—"],
                       when="date", windowed=True,
                       describe=lambda r: f"{lab('incident_type', r['type'], policy=pol)} {_d(r['date'])}"),
            self.table("leaves", _("请假"), [_("类型"), _("开始日期"), _("天数"), _("是否计入")],
                       lambda r: [lab("leave_type", r["type"], policy=pol), _d(r["start_on"]), _num(r.get("days")),
                                  _("不计入") if r["type"] in exempt else _("计入")],
                       when="start_on", windowed=True,
                       describe=lambda r: f"{lab('leave_type', r['type'], policy=pol)} {_d(r['start_on'])}"),
            self.table("metrics", _("月度指标"),
                       [_("月份"), *[pol.metrics[c].name.get(_lang()) for c in metric_codes]],
                       lambda r: [month(r), *[metric(r, c) for c in metric_codes]],
                       when="month", windowed=True, describe=month),
            self.table("positions", _("任职记录"), [_("职级"), _("起始日期"), _("结束日期"), _("变动类型")],
                       lambda r: [level(r["level"]), _d(r["start_on"]), _d(r.get("end_on")),
                                  lab("position_reason", r.get("reason")) or "—"],
                       when="start_on", describe=lambda r: f"{level(r['level'])} {_d(r['start_on'])}"),
        ]


def _lang() -> str:
    from careerpath.i18n import engine_lang

    return engine_lang()


_EMPLOYEE_TITLES = {"name": _lazy("姓名"), "department": _lazy("部门"), "supervisor_no": _lazy("直接上级"),
                    "education": _lazy("学历"), "confirmed_on": _lazy("转正日期"), "system_account": _lazy("系统账号"),
                    "status": _lazy("状态")}


def _employee_value(name: str, value: Any, names: Mapping[str, str]) -> str:
    if value is None or value == "":
        return "—"
    if name == "supervisor_no":
        return f"{names.get(value, value)}（{value}）"
    if name == "education":
        return code_label("education", value)
    if name == "status":
        return code_label("employee_status", value)
    if name == "confirmed_on":
        return _d(value)
    return str(value)


def _actor_name(event: AuditEvent) -> str:
    """Who acted, as the applicant's page says it: the person's name, else their login; the system's jobs."""
    if event.actor_id is None:
        return _("系统")
    employee = getattr(event.actor, "employee", None)
    return employee.name if employee is not None else event.actor_label


def review_page(*, application: Application, actor: AbstractBaseUser, today: date, lang: str,
                capacities: frozenset[str] | None = None) -> ReviewPage:
    """Everything the review page shows about ``application`` for ``actor`` on ``today``."""
    app = application
    policy = policy_of(app.policy_version)
    now = application_evaluate(application=app, as_of=today, lang=lang)
    snap = app.snapshot or {}
    then = snapshot_result(snapshot=snap, policy=policy, move_id=app.move_id, lang=lang) if snap else None
    then_as_of = _date(snap.get("as_of"))
    cmp = snapshot_compare(then=then, now=now["result"] or {}, then_facts=snap.get("facts") if snap else None,
                           now_facts=now["facts"], then_as_of=then_as_of, now_as_of=today,
                           then_eligible=snap.get("eligible") if snap else None)
    facts = now["facts"]
    wanted = {r.get("mentee_no") for r in facts.get("mentorships", ())}
    wanted |= {r.get("attested_by") for r in facts.get("attestations", ())}
    wanted |= {(facts.get("employee") or {}).get("supervisor_no"), ((snap.get("facts") or {}).get("employee") or {})
               .get("supervisor_no")}
    names = dict(Employee.objects.filter(employee_no__in=[n for n in wanted if n]).values_list("employee_no", "name"))
    ev = _Evidence(policy=policy, facts=facts, then_facts=snap.get("facts"), cmp=cmp, today=today, names=names)
    tables = ev.tables()
    history = [HistoryRow(e.at, _actor_name(e), code_label("action", e.action), e.to_state, e.reason)
               for e in application_history(application=app)]
    submitted = next((h.at for h in reversed(history) if h.to_state == State.SUBMITTED.value), None)

    def level(code: str) -> str:
        return code_label("level", code, policy=policy)

    return ReviewPage(
        application=app, policy=policy, from_name=level(app.from_level), to_name=level(app.to_level),
        actions=review_actions(actor=actor, application=app, capacities=capacities), version=application_version(app),
        comparison=cmp,
        summary=_summary(cmp, tables, ev.labels, names), evidence=tables, history=history,
        today=today, window_from=ev.window_from,
        submitted_at=timezone.localtime(submitted) if submitted else None)


__all__ = ["Change", "PAGE_ACTIONS", "ReviewPage", "review_actions", "review_page"]
