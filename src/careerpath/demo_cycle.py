"""The annual cycle's demo: work waiting for each role on the cycle's pages (web/pages/cycle*.py).

Called by :func:`careerpath.demo_procedures.demo_procedures_load` after this year's cycle was opened in its
nomination period (HR nominated half the list, so the department manager still has people to nominate
or leave out). Two earlier cycles were left unfinished for the demo, so each role finds a step of its own:

* the cycle two years back: the committee has decided and concluded; it waits for the 分管副总 (VP);
* last year's cycle: nominations closed, exam results in, scored and ranked under quotas, a few decisions
  taken (one against the ranking, with its reason); it waits for the 评定小组 (committee).

Everything goes through the real services, with the dates the steps would have had (the services take
``today``). The demo logins' own people are never nominated, so they stay free to try the journey.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from careerpath.cycles import services as cs
from careerpath.cycles.models import Candidate, Cycle, CycleState, Decision
from careerpath.errors import Conflict, ServiceError
from careerpath.people.selectors import positions_current
from careerpath.promotions.models import Application


def _past_year_facts(year: int, count: int, taken: set[int]) -> list[int]:
    """Give ``count`` juniors the facts of a year ``year`` that made them eligible for intermediate then.

    The demo company's synthetic records cover the last twelve months only, so an earlier year would list
    nobody: these are the records the import of that year would have brought (attestations, a mentee,
    praise, the skill exam), entered as the workbook import enters them.
    """
    from careerpath.evidence import models as ev
    from careerpath.people.models import Position

    since = date(year - 1, 12, 31)
    logins = set(get_user_model().objects.filter(employee__isnull=False).values_list("employee__pk", flat=True))
    busy = set(Application.objects.values_list("employee_id", flat=True)) | logins | taken
    juniors = list(Position.objects.filter(level="junior", end_on__isnull=True, start_on__lte=since)
                   .exclude(employee_id__in=busy).order_by("employee__employee_no")
                   .values_list("employee_id", flat=True)[:count])
    mentees = list(Position.objects.filter(level="assistant", end_on__isnull=True).exclude(employee_id__in=busy)
                   .order_by("employee__employee_no").values_list("employee_id", flat=True)[:count])
    for i, emp in enumerate(juniors):
        for code in ("independent_operation", "routine_exceptions"):
            ev.Attestation.objects.get_or_create(employee_id=emp, competency=code, defaults={"date": date(year, 3, 2)})
        if i < len(mentees):
            ev.Mentorship.objects.create(mentor_id=emp, mentee_id=mentees[i], start_on=date(year, 3, 2),
                                         independent_on=date(year, 6, 1))
        ev.Praise.objects.create(employee_id=emp, date=date(year, 4, 8), source="internal")
        ev.Exam.objects.create(employee_id=emp, exam="技术评定考试", date=date(year, 6, 15), score=70 + 6 * i,
                               passed=True)
    return juniors


def _nominate_ready(cycle: Cycle, hr: AbstractBaseUser, opened: date) -> int:
    """Nominate the candidates who are free (no open application, not a demo login, same level as listed)."""
    logins = set(get_user_model().objects.filter(employee__isnull=False).values_list("employee__pk", flat=True))
    busy = set(Application.objects.values_list("employee_id", flat=True)) | logins
    cands = list(Candidate.objects.filter(cycle=cycle, selectable=True).exclude(employee_id__in=busy)
                 .order_by("move_id", "employee__employee_no"))
    current = positions_current(employee_ids=[x.employee_id for x in cands])
    ids = [x.pk for x in cands if x.employee_id in current and current[x.employee_id].level == x.from_level][:12]
    if ids:
        cs.cycle_nominate(actor=hr, cycle=cycle, candidate_ids=ids, note="部门综合评选提报（演示）",
                          today=opened + timedelta(days=1))
    return len(ids)


def _scored(year: int, *, hr: AbstractBaseUser, committee: AbstractBaseUser, taken: set[int]) -> Cycle | None:
    """Open cycle ``year`` on the first Monday of its November, nominate, close after the deadline, score."""
    taken.update(_past_year_facts(year, 5, taken))
    opened = date(year, 11, 1)
    while opened.weekday() != 0:
        opened += timedelta(days=1)
    cycle = cs.cycle_open(actor=hr, year=year, today=opened)
    cycle = cs.cycle_nominations_start(actor=hr, cycle=cycle, today=opened)
    if not _nominate_ready(cycle, hr, opened):
        raise Conflict("演示数据中没有可提名的候选人 (nobody to nominate)", code="demo_empty")
    cycle = cs.cycle_nominations_close(actor=hr, cycle=cycle, today=cycle.nomination_deadline + timedelta(days=1))
    for move_id in sorted(set(Candidate.objects.filter(cycle=cycle, nominated=True).values_list("move_id", flat=True))):
        cs.cycle_quota_set(actor=hr, cycle=cycle, move_id=move_id, percent=50)
    return cs.cycle_score(actor=committee, cycle=cycle)


def demo_cycle_load(*, today: date, hr: AbstractBaseUser) -> list[str]:
    """Put an earlier cycle before the VP and another before the committee; return what was done."""
    users = get_user_model().objects
    committee = users.filter(username="committee").first()
    if committee is None or Cycle.objects.filter(year__lt=today.year).exists():
        return []
    out: list[str] = []
    taken: set[int] = set()
    back = last = None
    try:
        with transaction.atomic():  # all of it or none: a half-run cycle would only confuse
            back = _scored(today.year - 2, hr=hr, committee=committee, taken=taken)
            if back is not None:
                cs.cycle_accept_proposal(actor=committee, cycle=back)
                back = cs.cycle_conclude(actor=committee, cycle=back)
        if back is not None:
            out.append(f"{back.year} 年度评选：评定小组已结束评议，待分管副总审批（演示）")
    except ServiceError as exc:
        out.append(f"{today.year - 2} 年度评选未能演示到分管副总审批：{exc.message}")
    try:
        with transaction.atomic():
            last = _scored(today.year - 1, hr=hr, committee=committee, taken=taken)
            left = _decide_some(last, committee) if last is not None else 0
        if last is not None:
            out.append(f"{last.year} 年度评选：已计分排名，评定小组评议中，尚有 {left} 人待决定（演示）")
    except ServiceError as exc:
        out.append(f"{today.year - 1} 年度评选未能演示到评分排名：{exc.message}")
    states = dict(Cycle.objects.values_list("year", "state"))
    if states.get(today.year - 2) != CycleState.COMMITTEE:
        out.append("提示：分管副总的评选审批页暂无待办（演示数据中没有合适的候选人）")
    return out


def _decide_some(last: Cycle, committee: AbstractBaseUser) -> int:
    """Decide the first as proposed and one outside the quota against the ranking, with a reason; leave the rest."""
    ranked = list(Candidate.objects.filter(cycle=last, rank__isnull=False).select_related("employee")
                  .order_by("move_id", "rank"))
    # The last one always stays undecided: the committee has something to do on its first visit.
    for x in ranked[:min(1, len(ranked) - 1)]:
        cs.candidate_decide(actor=committee, candidate=x, selected=x.in_quota)
    outside = next((x for x in ranked[1:-1] if not x.in_quota), None)
    if outside is not None:
        cs.candidate_decide(actor=committee, candidate=outside, selected=True,
                            reason="重点客户项目骨干，年度贡献突出（演示）")
    return Candidate.objects.filter(cycle=last, rank__isnull=False, decision=Decision.PENDING).count()
