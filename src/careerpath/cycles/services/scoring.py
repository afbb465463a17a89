"""Scoring, ranking and quotas: the committee's proposal."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from careerpath.accounts.models import Role
from careerpath.accounts.permissions import require_roles
from careerpath.audit.services import audit_record
from careerpath.core import cycle as arithmetic
from careerpath.cycles import rules
from careerpath.cycles.models import Candidate, Cycle, Decision, Quota
from careerpath.cycles.selectors import quota_groups_of
from careerpath.cycles.services._common import (
    User,
    _activity,
    _check,
    _lock,
    _not_about_themself,
    _policy,
    _transition,
)
from careerpath.errors import Conflict, InvalidInput
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.people.models import Department, Employee
from careerpath.workbook.reader import paused_gc


def _decimal(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal("0.01"))


def _no_decisions_yet(cycle: Cycle, what: str) -> None:
    # Scores and quotas are fixed once the committee decides: a decision is taken on a ranking.
    if Candidate.objects.filter(cycle=cycle).exclude(decision=Decision.PENDING).exists():
        raise Conflict(f"评定小组已有决定，不能再{what} (the committee has recorded decisions)",
                       code="decisions_made")


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
    with paused_gc():  # see opening._candidates_compute
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
