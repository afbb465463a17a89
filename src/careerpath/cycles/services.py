"""Every state change of an annual selection (评选): one service, one transaction, a row lock, an audit event.

The cycle computes its candidate lists and scores set-based (one load of the facts, one evaluation);
the promotion applications it creates for the selected candidates then run through the same
promotion workflow as individual applications (route ``cycle``), so the notice, objections, HR
approval, letters and the effective date are shared with :mod:`careerpath.promotions.services`.

Permission checks live here, not in the API, so no entry point can bypass them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from careerpath import clock
from careerpath.accounts import authority
from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.audit.services import audit_record
from careerpath.calendars.selectors import work_calendar
from careerpath.core import cycle as arithmetic
from careerpath.core.dates import window_start
from careerpath.core.policy import Policy
from careerpath.core.workdays import CalendarMissing
from careerpath.core.workflow import FINAL as APPLICATION_FINAL
from careerpath.core.workflow import STEP_ACTIONS, Route, State
from careerpath.core.workflow import machine_for as promotion_machine_for
from careerpath.cycles import rules
from careerpath.cycles.exam_sheet import read_exam_sheet
from careerpath.cycles.models import Candidate, Cycle, CycleState, Decision, Quota
from careerpath.cycles.selectors import cycle_applications, quota_groups_of
from careerpath.cycles.workflow import ACTIVITIES, Transition
from careerpath.cycles.workflow import CycleState as S
from careerpath.cycles.workflow import machine_for as cycle_machine_for
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.evidence.models import Exam
from careerpath.people.models import Department, Employee, Position
from careerpath.people.selectors import department_subtree_ids, positions_current
from careerpath.policy_versions.models import PolicyStatus, PolicyVersion
from careerpath.policy_versions.selectors import active_version, policy_of
from careerpath.promotions import services as promotions
from careerpath.promotions.models import Application, ApplicationState, Letter, NoticeState, Notification
from careerpath.workbook.reader import WorkbookInvalid, paused_gc

User = AbstractBaseUser

_OPEN_APPLICATION_STATES = [s.value for s in State if s not in APPLICATION_FINAL]


# ---------------------------------------------------------------------------------------------------
# Helpers: locking, transitions, roles


def _lock(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().select_related("policy_version").get(pk=cycle.pk)


def _check(actor: User | None, cycle: Cycle, action: str, reason: str = "") -> Transition:
    """Refuse ``action`` unless the state allows it (under the policy's cycle chain), the role and a reason."""
    return authority.transition_check(machine=cycle_machine_for(_policy(cycle).process), state=S(cycle.state),
                                      action=action, actor=actor, reason=reason)


def _not_about_themself(actor: User | None, employees: Iterable[Employee] | QuerySet[Employee], what: str) -> None:
    # Nobody decides about themself: a committee member, VP or HR who is a candidate of the cycle
    # cannot nominate, score, decide or approve a selection that includes them.
    authority.require_not_subject(actor=actor, subjects=employees, action=what)


def _transition(actor: User | None, cycle: Cycle, action: str, *, reason: str = "",
                data: dict[str, Any] | None = None) -> Cycle:
    """Apply ``action`` to a locked cycle: state check, role, reason, audit."""
    t = _check(actor, cycle, action, reason)
    old = cycle.state
    cycle.state = t.target.value
    cycle.save()
    audit_record(actor=actor, action=f"cycle.{action}", target=cycle, from_state=old, to_state=cycle.state,
                 reason=reason, data=data)
    return cycle


def _awaiting(cycle: Cycle, action: str) -> list[str]:
    """The states of the cycle's applications ready for ``action`` under the policy's cycle chain."""
    machine = promotion_machine_for(_policy(cycle).process)
    return sorted(st.value for st in machine.sources_of(action, Route.CYCLE.value))


def _activity(cycle: Cycle, activity: str, what: str) -> None:
    if S(cycle.state) not in ACTIVITIES[activity]:
        raise Conflict(f"评选当前状态「{cycle.get_state_display()}」不能{what} (not allowed in state {cycle.state})",
                       code="invalid_state")


def _policy(cycle: Cycle) -> Policy:
    return policy_of(cycle.policy_version)


def _decimal(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal("0.01"))


def _no_decisions_yet(cycle: Cycle, what: str) -> None:
    # Scores and quotas are fixed once the committee decides: a decision is taken on a ranking.
    if Candidate.objects.filter(cycle=cycle).exclude(decision=Decision.PENDING).exists():
        raise Conflict(f"评定小组已有决定，不能再{what} (the committee has recorded decisions)",
                       code="decisions_made")


# ---------------------------------------------------------------------------------------------------
# Opening: candidate lists per move, set-based


def _candidates_compute(cycle: Cycle, policy: Policy) -> dict[str, int]:
    """Create the candidate rows of ``cycle``: every eligible person for every move, in a constant number of queries.

    One load of the whole company's facts, one evaluation, two small lookups (工号 → id, department
    name → id) and one bulk insert: the query count does not depend on the headcount.
    """
    # Millions of long-lived fact objects and no reference cycles: automatic collections would only
    # walk them again and again (seconds at 100,000 employees). Reference counting still frees them.
    with paused_gc():
        return _candidates_build(cycle, policy)


def _candidates_build(cycle: Cycle, policy: Policy) -> dict[str, int]:
    ev = evaluation_run(policy=policy, as_of=cycle.as_of)
    moves = {m.id: m for m in policy.moves}
    emp_pk = dict(Employee.objects.values_list("employee_no", "pk").iterator(chunk_size=20_000))
    dept_pk = dict(Department.objects.values_list("name", "pk"))
    rows = []
    for r in ev.results:
        if not r.eligible:
            continue
        move = moves[r.move_id]
        rows.append(Candidate(
            cycle=cycle, employee_id=emp_pk[r.employee_no], move_id=r.move_id, move_type=r.move,
            from_level=r.current_level, to_level=r.target_level, selectable=rules.selects(move, policy),
            department_id=dept_pk.get(r.department) if r.department else None,
            department_name=r.department or "", eligible=True,
            snapshot={"as_of": cycle.as_of.isoformat(),
                      "policy": {"name": policy.name, "version": policy.version},
                      "criteria": [c.to_dict() for c in r.criteria]},
        ))
    Candidate.objects.bulk_create(rows)
    selectable = sum(1 for c in rows if c.selectable)
    return {"candidates": len(rows), "selectable": selectable, "listed_only": len(rows) - selectable}


@transaction.atomic
def cycle_open(*, actor: User, year: int, as_of: date | None = None,
               policy_version: PolicyVersion | None = None, today: date | None = None) -> Cycle:
    """Open cycle ``year``: pin the policy version, fix the nomination deadline, list the candidates.

    ``as_of`` defaults to 31 December of ``year`` (统一年底评定); the nomination period of the
    policy's working days starts on the opening day; positions change on 1 January of the next year.
    """
    require_roles(actor, Role.HR, action="开启年度评选")
    today = today or clock.today()
    as_of = as_of or date(year, 12, 31)
    if as_of.year != year:
        raise InvalidInput(f"评定日期 {as_of} 不在 {year} 年内 (as_of must fall in the cycle's year)", field="as_of")
    pv = policy_version or active_version()
    if pv is None:
        raise Conflict("尚未发布生效的晋升办法 no active policy version", code="no_active_policy")
    if pv.status != PolicyStatus.PUBLISHED:
        raise InvalidInput(f"{pv} 未发布，不能用于评选 (only a published version)", code="policy_not_published",
                           field="policy_version")
    policy = policy_of(pv)
    try:
        deadline = work_calendar().deadline(today, policy.process.nomination_working_days)
    except CalendarMissing as exc:
        raise InvalidInput(str(exc), code="calendar_missing", field="today") from None
    try:
        with transaction.atomic():  # a savepoint, so a lost race on the year is reported cleanly
            cycle = Cycle.objects.create(
                year=year, as_of=as_of, policy_version=pv, opened_on=today, opened_by=actor,
                nomination_deadline=deadline, effective_on=date(year + 1, 1, 1), state=CycleState.OPEN)
    except IntegrityError:
        raise Conflict(f"{year} 年度评选已存在 (a cycle for {year} exists)", code="cycle_exists") from None
    counts = _candidates_compute(cycle, policy)
    audit_record(actor=actor, action="cycle.open", target=cycle, to_state=cycle.state,
                 data={"as_of": as_of.isoformat(), "policy": str(pv), "nomination_deadline": deadline.isoformat(),
                       **counts})
    return cycle


@transaction.atomic
def cycle_candidates_refresh(*, actor: User, cycle: Cycle) -> Cycle:
    """Recompute the lists after a data correction; only before the departments have seen them."""
    c = _lock(cycle)
    _check(actor, c, "refresh_candidates")
    before = Candidate.objects.filter(cycle=c).count()
    Candidate.objects.filter(cycle=c).delete()
    counts = _candidates_compute(c, _policy(c))
    return _transition(actor, c, "refresh_candidates", data={"before": before, **counts})


# ---------------------------------------------------------------------------------------------------
# Nominations (综合评选提报)


@transaction.atomic
def cycle_nominations_start(*, actor: User, cycle: Cycle, today: date | None = None) -> Cycle:
    """Release the candidate lists to the departments; the deadline stays the one fixed at opening."""
    c = _lock(cycle)
    _check(actor, c, "start_nominations")
    today = today or clock.today()
    if today > c.nomination_deadline:
        raise Conflict(f"提报截止日 {c.nomination_deadline} 已过，不能再开始提报 (the nomination period is over)",
                       code="nomination_closed")
    return _transition(actor, c, "start_nominations")


def _nomination_scope(actor: User) -> list[int] | None:
    """Departments whose candidates ``actor`` may nominate: None for all (HR), else a manager's subtree."""
    roles = user_roles(user=actor) if actor is not None else frozenset()
    if roles & {Role.HR, Role.ADMIN}:
        return None
    if Role.MANAGER in roles:
        me = user_employee(user=actor)
        if me is not None and me.department_id is not None:
            return department_subtree_ids(root_id=me.department_id)
    raise Forbidden("无权限：综合评选提报需要部门负责人或人力资源部 (requires manager or HR)", code="forbidden_role")


def _nomination_targets(actor: User, cycle: Cycle, candidate_ids: Sequence[int], what: str,
                        today: date | None) -> list[Candidate]:
    """Lock the cycle and the candidates; check the period, the role and the scope of every one."""
    if not candidate_ids:
        raise InvalidInput("请选择候选人 no candidates given", field="candidate_ids")
    c = _lock(cycle)
    scope = _nomination_scope(actor)
    if c.state == CycleState.OPEN:
        raise Conflict("候选名单尚未发布，提报未开始 (nominations have not started)", code="nomination_not_started")
    today = today or clock.today()
    if c.state != CycleState.NOMINATING or today > c.nomination_deadline:
        raise Conflict(f"提报已于 {c.nomination_deadline} 截止，不能再{what} (the nomination period is over)",
                       code="nomination_closed")
    cands = list(Candidate.objects.select_for_update().select_related("employee")
                 .filter(cycle=c, pk__in=set(candidate_ids)).order_by("pk"))
    missing = set(candidate_ids) - {x.pk for x in cands}
    if missing:
        raise NotFound(f"候选人不存在 no such candidates in {c.year}: {sorted(missing)}")
    _not_about_themself(actor, [x.employee for x in cands], what)
    for x in cands:
        if scope is not None and x.department_id not in scope:
            raise Forbidden(f"无权限：{x.employee.employee_no} 不在您的部门，不能{what} (out of your scope)",
                            code="out_of_scope")
        if not x.selectable:
            raise Conflict(f"{x.employee.employee_no} 的 {x.move_id} 不参加年度评选（管理岗位按编制竞聘/任命，横向调整个别办理）"
                           " (this move is not selected by the cycle)", code="not_selectable")
    return cands


@transaction.atomic
def cycle_nominate(*, actor: User, cycle: Cycle, candidate_ids: Sequence[int], note: str = "",
                   today: date | None = None) -> list[Candidate]:
    """A department manager (own department and below) or HR (any) nominates candidates until the deadline."""
    cands = _nomination_targets(actor, cycle, candidate_ids, "提报", today)
    busy = set(Application.objects.filter(employee_id__in=[x.employee_id for x in cands],
                                          state__in=_OPEN_APPLICATION_STATES)
               .values_list("employee__employee_no", flat=True))
    if busy:
        raise Conflict(f"已有进行中的晋升申请，不能再提报：{'、'.join(sorted(busy))} (open application exists)",
                       code="already_open", details={"employee_nos": sorted(busy)})
    now = timezone.now()
    changed = [x for x in cands if not x.nominated]  # nominating twice changes nothing
    for x in changed:
        x.nominated, x.nominated_by, x.nominated_at, x.nomination_note = True, actor, now, note
        audit_record(actor=actor, action="candidate.nominate", target=x, from_state="", to_state="nominated",
                     reason=note, data={"cycle": cycle.year, "employee_no": x.employee.employee_no,
                                        "move": x.move_id})
    Candidate.objects.bulk_update(changed, ["nominated", "nominated_by", "nominated_at", "nomination_note"])
    return cands


@transaction.atomic
def cycle_nomination_withdraw(*, actor: User, cycle: Cycle, candidate_ids: Sequence[int], reason: str,
                              today: date | None = None) -> list[Candidate]:
    """Take a nomination back before the deadline, with a reason (same scope as nominating)."""
    if not reason.strip():
        raise InvalidInput("须填写撤回提报的原因 a reason is required", code="reason_required", field="reason")
    cands = _nomination_targets(actor, cycle, candidate_ids, "撤回提报", today)
    changed = [x for x in cands if x.nominated]
    for x in changed:
        x.nominated, x.nominated_by, x.nominated_at, x.nomination_note = False, None, None, ""
        audit_record(actor=actor, action="candidate.withdraw_nomination", target=x, from_state="nominated",
                     to_state="", reason=reason, data={"cycle": cycle.year, "employee_no": x.employee.employee_no})
    Candidate.objects.bulk_update(changed, ["nominated", "nominated_by", "nominated_at", "nomination_note"])
    return cands


@transaction.atomic
def cycle_nominations_close(*, actor: User, cycle: Cycle, today: date | None = None) -> Cycle:
    """Close the nominations after the deadline: the departments have their full period (SPEC §5)."""
    c = _lock(cycle)
    _check(actor, c, "close_nominations")
    today = today or clock.today()
    if today <= c.nomination_deadline:
        raise Conflict(f"提报期至 {c.nomination_deadline} 下班，尚未结束 (nominations run until the end of "
                       f"{c.nomination_deadline})", code="nomination_running")
    nominated = Candidate.objects.filter(cycle=c, nominated=True).count()
    return _transition(actor, c, "close_nominations", data={"nominated": nominated})


# ---------------------------------------------------------------------------------------------------
# Exams (技能考试, 资质考试): entered one by one or imported from the 考试 sheet


def _exam_context(actor: User, cycle: Cycle, what: str) -> tuple[Policy, tuple[date, date], dict[str, int]]:
    require_roles(actor, Role.COMMITTEE, Role.HR, action=what)
    _activity(cycle, "record_exam", what)
    policy = _policy(cycle)
    window = (window_start(cycle.as_of, policy.evidence.window_months), cycle.as_of)
    candidates = dict(Candidate.objects.filter(cycle=cycle, selectable=True)
                      .values_list("employee__employee_no", "employee_id"))
    return policy, window, candidates


@transaction.atomic
def candidate_exam_record(*, actor: User, cycle: Cycle, employee_no: str, exam: str, on: date,
                          passed: bool, score: float | None = None) -> Exam:
    """Enter one exam result of a candidate (committee or HR); a second entry for the same exam and day corrects it."""
    c = _lock(cycle)
    policy, (first, last), candidates = _exam_context(actor, c, "录入考试成绩")
    if employee_no not in candidates:
        raise InvalidInput(f"工号 '{employee_no}' 不是本次评选的候选人 (not a candidate)", field="employee_no")
    if exam not in policy.evidence.exam_types:
        raise InvalidInput(f"未知的考试 '{exam}'（可选：{'、'.join(policy.evidence.exam_types)}）", field="exam")
    if not first <= on <= last:
        raise InvalidInput(f"考试日期 {on} 不在评定期 {first} 至 {last} 内，不能计入本次评选", field="date")
    if score is not None and not 0 <= score <= 100:
        raise InvalidInput(f"分数应在 0–100 之间 (score out of range): {score}", field="score")
    emp_id = candidates[employee_no]
    _not_about_themself(actor, Employee.objects.filter(pk=emp_id), "录入考试成绩")
    row = Exam.objects.select_for_update().filter(employee_id=emp_id, exam=exam, date=on).first()
    before = None if row is None else {"score": row.score, "passed": row.passed, "source": row.source_label}
    if row is None:
        row = Exam(employee_id=emp_id, exam=exam, date=on)
    row.score, row.passed, row.created_by, row.source_file, row.source_row = score, passed, actor, "", None
    row.save()
    audit_record(actor=actor, action="exam.record", target=row, data={
        "cycle": c.year, "employee_no": employee_no, "exam": exam, "date": on.isoformat(), "score": score,
        "passed": passed, "before": before})
    return row


@dataclass(frozen=True, slots=True)
class ExamImportResult:
    file_name: str
    rows: int
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def cycle_exams_import(*, actor: User, cycle: Cycle, path: str | Path, file_name: str | None = None
                       ) -> ExamImportResult:
    """Import the 考试 sheet: every row is validated first; one error and nothing is written.

    Rows become evidence ``Exam`` records with their source (file and row), matched on the natural key
    (工号 + 考试 + 日期), so importing the same file again changes nothing.
    """
    c = _lock(cycle)
    policy, window, candidates = _exam_context(actor, c, "导入考试成绩")
    name = file_name or Path(path).name
    try:
        rows = read_exam_sheet(path, policy=policy, window=window, candidates=candidates.keys())
    except WorkbookInvalid as exc:
        raise InvalidInput(exc.summary(), code="workbook_invalid",
                           details={"errors": [e.to_dict() for e in exc.errors]}) from None
    _not_about_themself(actor, Employee.objects.filter(employee_no__in={r.employee_no for r in rows}), "导入考试成绩")
    # The candidates as a subquery, not a list of ids: the statement stays the same size for any cycle.
    cand_ids = Candidate.objects.filter(cycle=c, selectable=True).values("employee_id")
    existing = {(e.employee_id, e.exam, e.date): e for e in Exam.objects.select_for_update().filter(
        employee_id__in=cand_ids, date__gte=window[0], date__lte=window[1])}
    new, changed, same = [], [], 0
    for r in rows:
        emp_id = candidates[r.employee_no]
        e = existing.get((emp_id, r.exam, r.date))
        if e is None:
            new.append(Exam(employee_id=emp_id, exam=r.exam, date=r.date, score=r.score, passed=r.passed,
                            source_file=name, source_row=r.row, created_by=actor))
        elif (e.score, e.passed) != (r.score, r.passed):
            e.score, e.passed, e.source_file, e.source_row = r.score, r.passed, name, r.row
            e.updated_at = timezone.now()  # bulk_update does not run auto_now
            changed.append(e)
        else:
            same += 1
    Exam.objects.bulk_create(new)
    Exam.objects.bulk_update(changed, ["score", "passed", "source_file", "source_row", "updated_at"])
    result = ExamImportResult(name, len(rows), len(new), len(changed), same)
    audit_record(actor=actor, action="exam.import", target=c, data={
        "file": name, "rows": len(rows), "created": len(new), "updated": len(changed), "unchanged": same})
    return result


# ---------------------------------------------------------------------------------------------------
# Scoring, ranking and quotas


def _propose(cycle: Cycle) -> list[rules.QuotaGroup]:
    """Mark the candidates proposed within their quota (the committee's starting point)."""
    groups = quota_groups_of(cycle)
    proposed = rules.in_quota(groups)
    cands = list(Candidate.objects.filter(cycle=cycle).only("pk", "in_quota"))
    changed = [x for x in cands if x.in_quota != (x.pk in proposed)]
    for x in changed:
        x.in_quota = x.pk in proposed
    Candidate.objects.bulk_update(changed, ["in_quota"])
    return groups


@transaction.atomic
def cycle_score(*, actor: User, cycle: Cycle) -> Cycle:
    """Score (B/E/A, weighted) and rank the nominated candidates per move, on the facts as they are now.

    The facts are reloaded set-based, so exams entered since opening count. A nominee who is no longer
    eligible (say an incident was recorded since) is kept on the list but not ranked.
    """
    c = _lock(cycle)
    _check(actor, c, "score")
    _not_about_themself(actor, Employee.objects.filter(cycle_candidacies__cycle=c, cycle_candidacies__nominated=True),
                        "计分排名")
    _no_decisions_yet(c, "重新计分")
    policy = _policy(c)
    with paused_gc():  # see _candidates_compute
        pop = population_load(policy=policy)
        ev = evaluation_run(policy=policy, as_of=c.as_of, population=pop)
        eligible = {(r.employee_no, r.move_id) for r in ev.results if r.eligible}
    cands = list(Candidate.objects.select_related("employee").filter(cycle=c, nominated=True, selectable=True))
    scores: dict[int, arithmetic.CycleScore] = {}
    for x in cands:
        no = x.employee.employee_no
        x.eligible_at_scoring = (no, x.move_id) in eligible
        if x.eligible_at_scoring:
            scores[x.pk] = arithmetic.score(pop.people[no], policy, c.as_of)
    by_move: dict[str, list[Candidate]] = {}
    for x in cands:
        by_move.setdefault(x.move_id, []).append(x)
    ineligible = []
    for move_cands in by_move.values():
        # core.cycle.rank sorts CycleScores; the 工号 inside them carries the tie-break to the end.
        order = arithmetic.rank(scores[x.pk] for x in move_cands if x.pk in scores)
        rank_of = {s.employee_no: i for i, s in enumerate(order, start=1)}
        for x in move_cands:
            s = scores.get(x.pk)
            if s is None:
                x.business = x.exam = x.appraisal = x.total = None
                x.months_in_level = x.rank = None
                ineligible.append(x.employee.employee_no)
                continue
            x.business, x.exam, x.appraisal = _decimal(s.business), _decimal(s.exam), _decimal(s.appraisal)
            x.total, x.months_in_level, x.rank = _decimal(s.total), s.months_in_level, rank_of[s.employee_no]
    Candidate.objects.bulk_update(cands, ["eligible_at_scoring", "business", "exam", "appraisal", "total",
                                          "months_in_level", "rank"])
    groups = _propose(c)
    w = policy.process.scoring_weights
    return _transition(actor, c, "score", data={
        "scored": len(scores), "not_eligible_any_more": sorted(ineligible), "weights": dict(w),
        "quota_groups": [{"move": g.move_id, "department": g.department_id, "nominated": g.nominated,
                          "size": g.size} for g in groups]})


@transaction.atomic
def cycle_quota_set(*, actor: User, cycle: Cycle, move_id: str, department: Department | None = None,
                    absolute: int | None = None, percent: float | Decimal | None = None) -> Quota:
    """Set the 名额 of a move, company-wide or for a department: a number, or a percentage of the nominated."""
    require_roles(actor, Role.HR, Role.COMMITTEE, action="设置评选名额")
    c = _lock(cycle)
    _activity(c, "set_quota", "设置名额")
    _no_decisions_yet(c, "修改名额")
    policy = _policy(c)
    move = next((m for m in policy.moves if m.id == move_id), None)
    if move is None or not rules.selects(move, policy):
        options = "、".join(m.id for m in policy.moves if rules.selects(m, policy))
        raise InvalidInput(f"'{move_id}' 不是年度评选的晋升路径（可选：{options}）", field="move_id")
    if (absolute is None) == (percent is None):
        raise InvalidInput("名额须填写人数或百分比其中之一 (give exactly one of absolute or percent)",
                           field="absolute")
    if absolute is not None and absolute < 0:
        raise InvalidInput("名额人数不能为负数", field="absolute")
    pct = None
    if percent is not None:
        pct = Decimal(str(percent)).quantize(Decimal("0.01"))
        if not Decimal(0) <= pct <= Decimal(100):
            raise InvalidInput("百分比应在 0–100 之间 (percent out of range)", field="percent")
    q = Quota.objects.select_for_update().filter(cycle=c, move_id=move_id, department=department).first()
    before = None if q is None else {"absolute": q.absolute, "percent": str(q.percent) if q.percent else None}
    if q is None:
        q = Quota(cycle=c, move_id=move_id, department=department)
    q.absolute, q.percent = absolute, pct
    q.save()
    audit_record(actor=actor, action="quota.set", target=q, data={
        "cycle": c.year, "move": move_id, "department": department.name if department else None,
        "absolute": absolute, "percent": str(pct) if pct is not None else None, "before": before})
    _propose(c)
    return q


@transaction.atomic
def cycle_quota_remove(*, actor: User, quota: Quota) -> None:
    require_roles(actor, Role.HR, Role.COMMITTEE, action="删除评选名额")
    c = _lock(quota.cycle)
    _activity(c, "set_quota", "删除名额")
    _no_decisions_yet(c, "修改名额")
    q = Quota.objects.select_for_update().get(pk=quota.pk)
    audit_record(actor=actor, action="quota.remove", target=q, data={
        "cycle": c.year, "move": q.move_id, "department": q.department_id, "absolute": q.absolute,
        "percent": str(q.percent) if q.percent is not None else None})
    q.delete()
    _propose(c)


# ---------------------------------------------------------------------------------------------------
# The committee (评定小组): decisions with reasons, then the applications


def _decide(actor: User, c: Cycle, x: Candidate, selected: bool, reason: str) -> Candidate:
    if x.rank is None:
        raise Conflict(f"{x.employee.employee_no} 未参加排名（未提名、未计分或计分时不符合条件），不能决定 (not ranked)",
                       code="not_ranked")
    deviation = selected != x.in_quota
    if deviation and not reason.strip():
        what = "名额外入选" if selected else "名额内未入选"
        raise InvalidInput(f"{x.employee.employee_no}（排名第{x.rank}）{what}，须写明理由 (a deviation from the "
                           "proposal needs a written reason)", code="reason_required", field="reason")
    old = x.decision
    x.decision = Decision.SELECTED if selected else Decision.NOT_SELECTED
    x.decision_reason, x.decided_by, x.decided_at = reason, actor, timezone.now()
    x.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    audit_record(actor=actor, action="candidate.decide", target=x, from_state=old, to_state=x.decision,
                 reason=reason, data={"cycle": c.year, "employee_no": x.employee.employee_no, "move": x.move_id,
                                      "rank": x.rank, "in_quota": x.in_quota, "deviation": deviation})
    return x


@transaction.atomic
def candidate_decide(*, actor: User, candidate: Candidate, selected: bool, reason: str = "") -> Candidate:
    """Record the committee's decision on one ranked candidate; deviating from the proposal needs a reason."""
    require_roles(actor, Role.COMMITTEE, action="评定小组决定")
    c = _lock(candidate.cycle)
    _activity(c, "decide", "作出评定决定")
    x = Candidate.objects.select_for_update().select_related("employee").get(pk=candidate.pk)
    _not_about_themself(actor, [x.employee], "作出评定决定")
    return _decide(actor, c, x, selected, reason)


@transaction.atomic
def cycle_accept_proposal(*, actor: User, cycle: Cycle) -> int:
    """Decide every undecided ranked candidate as proposed (within quota → selected); return how many."""
    require_roles(actor, Role.COMMITTEE, action="评定小组决定")
    c = _lock(cycle)
    _activity(c, "decide", "作出评定决定")
    pending = list(Candidate.objects.select_for_update().select_related("employee").filter(
        cycle=c, rank__isnull=False, decision=Decision.PENDING).order_by("move_id", "rank"))
    _not_about_themself(actor, [x.employee for x in pending], "作出评定决定")
    for x in pending:
        _decide(actor, c, x, x.in_quota, "")
    return len(pending)


def _step(actor: User, app: Application, action: str, reason: str, data: dict[str, Any], policy: Policy) -> None:
    """Move a cycle application one step along the shared workflow (route cycle, the policy's chain), audited."""
    # The same table as individual applications; the cycle's own checks stood in for the permission.
    t = promotion_machine_for(policy.process).transition_for(State(app.state), action, Route.CYCLE.value)
    old = app.state
    app.state = t.target.value
    app.save()
    audit_record(actor=actor, action=f"application.{action}", target=app, from_state=old, to_state=app.state,
                 reason=reason, data=data)


def _application_for(actor: User, c: Cycle, x: Candidate, position: Position, policy: Policy) -> Application:
    """Create the selected candidate's application and bring it to the committee's decision.

    The cycle's own procedure stands in for the individual reviews: the department's nomination for
    the supervisor's and manager's reviews, the committee's scoring and ranking for the review report.
    The audit trail says so — every step is recorded with the committee member who concluded as the
    actor and "年度评选 {Y}" as the reason, naming who nominated and how the candidate ranked.
    """
    y = c.year
    nominator = x.nominated_by.get_username() if x.nominated_by_id else "-"
    levels = policy.levels
    app = Application.objects.create(
        employee=x.employee, move_id=x.move_id, move_type=x.move_type, from_level=x.from_level,
        to_level=x.to_level, route=Route.CYCLE.value, policy_version=c.policy_version, applied_by=actor,
        statement=f"年度评选 {y}：{x.department_name or '-'} 综合评选提报",
        as_of=c.as_of, eligible=True, position_before=position,
        snapshot={**x.snapshot, "cycle": y, "eligible": True,
                  "score": {"business": str(x.business), "exam": str(x.exam), "appraisal": str(x.appraisal),
                            "total": str(x.total), "rank": x.rank, "in_quota": x.in_quota}},
        interview_note=f"年度评选 {y}：以部门综合评选提报代替个别面谈",
        review_report=(f"年度评选 {y}：{levels[x.from_level].name.zh}→{levels[x.to_level].name.zh} 总分 {x.total}"
                       f"（B {x.business} / E {x.exam} / A {x.appraisal}），排名第 {x.rank}"
                       f"{'，名额内' if x.in_quota else '，名额外'}"),
        manager_note=x.nomination_note,
        committee_note=x.decision_reason or f"年度评选 {y}：名额内入选",
    )
    data = {"cycle": y, "candidate": x.pk}
    audit_record(actor=actor, action="application.create", target=app, to_state=app.state,
                 reason=f"年度评选 {y}", data={**data, "move": x.move_id, "route": Route.CYCLE.value})
    _step(actor, app, "submit", f"年度评选 {y}：候选名单资格审查（评定日期 {c.as_of}）", data, policy)
    reasons = {
        "supervisor": f"年度评选 {y}：以评定小组统一评分代替个别评审",
        "manager": f"年度评选 {y}：部门综合评选提报（{nominator}）",
        "committee": f"年度评选 {y}：评定小组决定入选，排名第 {x.rank}"
                     + (f"；理由：{x.decision_reason}" if x.decision_reason else ""),
    }
    # The policy's cycle chain up to the VP: the VP's step is the cycle's own (cycle_vp_approve).
    chain = [step for step in policy.process.cycle_review_steps if step in STEP_ACTIONS]
    for step in chain[:chain.index("vp")] if "vp" in chain else chain:
        _step(actor, app, STEP_ACTIONS[step], reasons.get(step, f"年度评选 {y}"), data, policy)
    return app


@transaction.atomic
def cycle_conclude(*, actor: User, cycle: Cycle) -> Cycle:
    """The committee concludes: every ranked candidate decided, every group under a quota; applications created."""
    c = _lock(cycle)
    _check(actor, c, "conclude")
    ranked = list(Candidate.objects.select_for_update(of=("self",)).select_related("employee", "nominated_by").filter(
        cycle=c, rank__isnull=False).order_by("move_id", "rank"))
    if not ranked:
        raise Conflict("尚未计分排名 (score and rank first)", code="not_scored")
    pending = [x.employee.employee_no for x in ranked if x.decision == Decision.PENDING]
    if pending:
        raise Conflict(f"尚有 {len(pending)} 名候选人未决定 (undecided candidates)", code="decisions_pending",
                       details={"employee_nos": pending})
    unquoted = sorted({g.move_id for g in quota_groups_of(c) if g.rule is None and any(
        m.rank is not None for m in g.members)})
    if unquoted:
        raise Conflict(f"以下晋升路径尚未设置名额：{'、'.join(unquoted)} (quota missing)", code="quota_missing",
                       details={"moves": unquoted})
    _not_about_themself(actor, [x.employee for x in ranked], "作出评定决定")
    selected = [x for x in ranked if x.decision == Decision.SELECTED]
    busy = set(Application.objects.filter(employee_id__in=[x.employee_id for x in selected],
                                          state__in=_OPEN_APPLICATION_STATES)
               .values_list("employee__employee_no", flat=True))
    if busy:
        raise Conflict(f"已有进行中的晋升申请：{'、'.join(sorted(busy))} (open application exists)",
                       code="already_open", details={"employee_nos": sorted(busy)})
    current = positions_current(employee_ids=[x.employee_id for x in selected])
    moved = [x.employee.employee_no for x in selected
             if x.employee_id not in current or current[x.employee_id].level != x.from_level]
    if moved:
        raise Conflict(f"职级已变动，与候选名单不一致：{'、'.join(moved)} (level changed since opening)",
                       code="position_changed", details={"employee_nos": moved})
    c = _transition(actor, c, "conclude", data={
        "selected": len(selected), "ranked": len(ranked),
        "deviations": sum(1 for x in ranked if (x.decision == Decision.SELECTED) != x.in_quota)})
    policy = _policy(c)
    for x in selected:
        x.application = _application_for(actor, c, x, current[x.employee_id], policy)
    Candidate.objects.bulk_update(selected, ["application"])
    users = [x.employee.user_id for x in selected if x.employee.user_id]
    text = f"您已入选 {c.year} 年度评选，待分管副总审批后公示"
    transaction.on_commit(lambda: Notification.objects.bulk_create(
        [Notification(user_id=u, text=text) for u in users]))
    return c


# ---------------------------------------------------------------------------------------------------
# VP, notice, HR approval, letters, effective date — the shared promotion services do the work


@transaction.atomic
def cycle_vp_approve(*, actor: User, cycle: Cycle, note: str = "") -> Cycle:
    """分管副总 approves the cycle's selection: every selected application moves to vp_approved."""
    c = _transition(actor, _lock(cycle), "vp_approve", reason=note)
    apps = cycle_applications(c, *_awaiting(c, "vp_approve"))
    _not_about_themself(actor, [a.employee for a in apps], "审批评选结果")
    for app in apps:
        promotions.application_vp_approve(actor=actor, application=app, note=note)
    return c


@transaction.atomic
def cycle_vp_return(*, actor: User, cycle: Cycle, reason: str) -> Cycle:
    """The VP sends the selection back to the committee; the applications it created are rejected."""
    c = _transition(actor, _lock(cycle), "vp_return", reason=reason)
    for app in cycle_applications(c, *_awaiting(c, "vp_approve")):
        promotions.application_reject(actor=actor, application=app, reason=f"分管副总退回评定小组：{reason}")
    return c


@transaction.atomic
def cycle_notice_publish(*, actor: User, cycle: Cycle, published_on: date | None = None, title: str = "") -> Cycle:
    """Publish one 公示 for the cycle's approved applications, effective 1 January of the next year."""
    c = _transition(actor, _lock(cycle), "publish_notice")
    apps = cycle_applications(c, *_awaiting(c, "publish_notice"))
    if not apps:
        raise Conflict("没有待公示的晋升申请 (nothing to publish)", code="nothing_to_publish")
    notice = promotions.notice_publish(
        actor=actor, applications=apps, published_on=published_on or clock.today(), effective_on=c.effective_on,
        title=title or f"关于{c.year}年度客服人员晋升评选结果的公示")
    c.notice = notice
    c.save(update_fields=["notice", "updated_at"])
    return c


@transaction.atomic
def cycle_hr_approve(*, actor: User, cycle: Cycle, note: str = "") -> Cycle:
    """HR's final approval once the notice is closed; people taken off the notice are not approved."""
    c = _lock(cycle)
    _check(actor, c, "hr_approve", note)
    if c.notice is not None and c.notice.state != NoticeState.CLOSED:
        raise Conflict(f"公示 {c.notice.number} 尚未结束 (close the notice first)", code="notice_open")
    apps = cycle_applications(c, ApplicationState.NOTICE_CLOSED)
    c = _transition(actor, c, "hr_approve", reason=note, data={"applications": [a.pk for a in apps]})
    for app in apps:
        promotions.application_hr_approve(actor=actor, application=app, note=note)
    return c


@transaction.atomic
def cycle_letters_issue(*, actor: User, cycle: Cycle, issued_on: date | None = None) -> list[Letter]:
    """Issue the 晋升通知书 of every approved application of the cycle, all or nothing."""
    c = _transition(actor, _lock(cycle), "issue_letters")
    apps = cycle_applications(c, ApplicationState.HR_APPROVED)
    return promotions.letters_issue_batch(actor=actor, applications=apps, issued_on=issued_on or clock.today())


def cycles_sync_effective(*, today: date) -> list[Cycle]:
    """Mark cycles effective once every letter of theirs has taken effect; safe to run daily."""
    done = []
    for pk in Cycle.objects.filter(state=CycleState.LETTERS_ISSUED, effective_on__lte=today).values_list(
            "pk", flat=True):
        with transaction.atomic():
            c = Cycle.objects.select_for_update().get(pk=pk)
            # Only letters already due hold the cycle back: an application that left the cycle on an upheld
            # objection and was approved later on its own may carry a later effective date.
            due = [a for a in cycle_applications(c, ApplicationState.LETTER_ISSUED)
                   if a.effective_on is None or a.effective_on <= today]
            if c.state != CycleState.LETTERS_ISSUED or due:
                continue
            effective = len(cycle_applications(c, ApplicationState.IN_PROBATION, ApplicationState.CONFIRMED,
                                               ApplicationState.REVERTED))
            done.append(_transition(None, c, "make_effective", data={"effective": effective,
                                                                      "today": today.isoformat()}))
    return done


def cycle_apply_effective(*, actor: User, cycle: Cycle, today: date | None = None) -> Cycle:
    """HR runs the effective-date step now: positions change for every due application, then the cycle."""
    require_roles(actor, Role.HR, action="执行生效")
    today = today or clock.today()
    if today < cycle.effective_on:
        raise Conflict(f"生效日期为 {cycle.effective_on}，尚未到期 (not due yet)", code="not_due")
    promotions.apply_effective(today=today)
    cycles_sync_effective(today=today)
    return Cycle.objects.get(pk=cycle.pk)
