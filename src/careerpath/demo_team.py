"""The demo's team overview: the demo supervisor's reports include someone who will be eligible soon.

The synthetic company gives the supervisor people eligible now and people blocked, but whether one
of them only waits for their tenure depends on the draw. When none does, the supervisor records what
two of them still lack besides tenure (an attestation, an internal praise, a mentee who reached
independent operation), through the evidence services; HR records it (the role that may record any
evidence today). Running it
again changes nothing: the team then already has someone within three months.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from careerpath.audit.models import AuditEvent
from careerpath.core.criteria import Attested, Combinator, Count, ExamPassed, Tenure
from careerpath.core.dates import add_months
from careerpath.core.policy import Policy
from careerpath.errors import Conflict
from careerpath.evaluation.selectors import evaluation_run, population_load
from careerpath.evaluation.team import SOON_MONTHS, TeamStatus, team_rows, team_scope
from careerpath.evidence.services import evidence_add
from careerpath.people.models import Employee, EmployeeStatus

_WANTED = 2
_REASON = "演示：直接上级提供，人力资源部录入（团队概览）"  # also how a second run knows it ran


def demo_team_load(*, today: date, policy: Policy) -> list[str]:
    """Make sure the demo supervisor's team has people eligible within three months; say what was done."""
    users = get_user_model().objects
    user = users.filter(username="supervisor").first()
    hr = users.filter(username="hr").first()
    scope = team_scope(user=user) if user is not None else None
    if scope is None or hr is None or AuditEvent.objects.filter(reason=_REASON).exists():
        return []
    rows = team_rows(scope=scope, policy=policy, as_of=today, lang="zh")
    if sum(r.status == TeamStatus.SOON for r in rows) >= _WANTED:
        return []
    population = population_load(policy=policy, employees=scope.employees)
    evaluation = evaluation_run(policy=policy, as_of=today, population=population)
    soon = add_months(today, SOON_MONTHS)
    moves = {m.id: m for m in policy.moves}
    blocked = {r.employee_no for r in rows if r.status == TeamStatus.BLOCKED}
    done: list[str] = []
    for result in evaluation.results:
        if len(done) >= _WANTED or result.employee_no not in blocked:
            continue
        kinds = {c.id: c for c in (*moves[result.move_id].criteria, *policy.common_criteria)}
        failing = [(kinds[r.id], r) for r in result.criteria if not r.passed]
        waits = [r for c, r in failing if isinstance(c, Tenure) and r.projected_on and r.projected_on <= soon]
        fixable = [c for c, r in failing if _fixable(c)]
        if not waits or len(waits) + len(fixable) != len(failing):
            continue
        # Evidence that would leave the window before the tenure is reached is renewed too.
        until = max(r.projected_on for r in waits if r.projected_on)
        lapsing = [kinds[r.id] for r in result.criteria if r.passed and r.lapses_on and r.lapses_on <= until]
        if not all(_fixable(c) for c in lapsing):
            continue
        fixable += lapsing
        person = Employee.objects.get(employee_no=result.employee_no)
        if any(isinstance(c, Count) and c.evidence == "mentorships" for c in fixable) and _mentee(person) is None:
            continue
        for c in fixable:
            try:
                _record(c, person=person, user=hr, today=today, policy=policy)
            except Conflict:
                pass  # on record already (with another date): the person then has it
        blocked.discard(result.employee_no)
        done.append(f"团队概览：{person.name} 补齐证据，{waits[0].projected_on} 任职期满后可申请")
    return done


def _fixable(c: object) -> bool:
    """Whether one record by the supervisor or HR meets ``c`` (the demo fills nothing else in)."""
    if isinstance(c, (Attested, ExamPassed)):
        return True
    if isinstance(c, Count):
        return c.evidence in ("praises", "mentorships", "trainings") and c.min == 1 and not c.distinct
    if isinstance(c, Combinator) and c.op == "any":
        return any(_fixable(p) for p in c.parts)
    return False


def _record(c: object, *, person: Employee, user: object, today: date, policy: Policy) -> None:
    reason = _REASON
    if isinstance(c, Attested):
        for code in c.competencies:
            evidence_add(actor=user, kind="attestation", employee=person, competency=code, date=today - timedelta(days=7),
                         attested_by_no=person.supervisor.employee_no if person.supervisor else "",
                         note="日常工作中已能独立完成（演示）", reason=reason, policy=policy)
    elif isinstance(c, Combinator):
        _record(next(p for p in c.parts if _fixable(p)), person=person, user=user, today=today, policy=policy)
    elif isinstance(c, ExamPassed):
        evidence_add(actor=user, kind="exam", employee=person, exam=c.exam, date=today - timedelta(days=20),
                     passed=True, score=86, reason=reason, policy=policy)
    elif not isinstance(c, Count):
        return
    elif c.evidence == "trainings":
        program = dict(c.filters).get("program", ("储备干部培训",))[0]
        evidence_add(actor=user, kind="training", employee=person, program=program, date=today - timedelta(days=21),
                     result="attended", reason=reason, policy=policy)
    elif c.evidence == "praises":
        source = dict(c.filters).get("source", ("internal",))[0]
        evidence_add(actor=user, kind="praise", employee=person, date=today - timedelta(days=14), source=source,
                     customer="演示客户" if source == "customer" else "", note="服务周到（演示）",
                     reason=reason, policy=policy)
    else:
        mentee = _mentee(person)
        if mentee is not None:
            evidence_add(actor=user, kind="mentorship", mentor=person, mentee=mentee,
                         start_on=today - timedelta(days=90), independent_on=today - timedelta(days=10),
                         reason=reason, policy=policy)


def _mentee(person: Employee) -> Employee | None:
    """A newer colleague under the same supervisor."""
    return (Employee.objects.filter(supervisor_id=person.supervisor_id, status=EmployeeStatus.ACTIVE)
            .exclude(pk=person.pk).order_by("-hired_on", "employee_no").first())
