"""The demo's individual promotions past the notice, so HR's queue has something in every section.

Called by ``demo_procedures_load``: three notices that ran in the past (so their periods are over) and
their applications carried on through the real services —

- one closed notice with a person awaiting HR's final approval, one approved and awaiting the letter,
  one whose letter is issued and who takes the new level on the first of next month;
- two people whose promotion took effect a probation ago: one confirmed, one whose probation has just
  ended and waits for HR's decision; and one more, effective later, whose probation ends soon.

Procedures that started weeks ago are replayed on their own dates: the clock is pinned to each day
for the services that read it (``CAREERPATH_TODAY``, as a training site would), then restored.
Running it again changes nothing (the demo loads procedures once).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.conf import settings

from careerpath.core.dates import add_months
from careerpath.core.policy import Policy
from careerpath.evaluation.selectors import evaluation_run
from careerpath.jobs.services import effective_apply_all
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import positions_current_queryset
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application, Notice

MARK = "（演示：人事审批）"


@contextmanager
def _on_day(day: date) -> Iterator[None]:
    """Run the services that read ``clock.today()`` as on ``day``."""
    before = getattr(settings, "CAREERPATH_TODAY", None)
    settings.CAREERPATH_TODAY = day.isoformat()
    try:
        yield
    finally:
        settings.CAREERPATH_TODAY = before


def _eligible(policy: Policy, as_of: date, n: int, taken: set[int]) -> list[tuple[Employee, str]]:
    """``n`` people eligible for a promotion on ``as_of`` who still hold that level today, not yet used."""
    current = dict(positions_current_queryset().values_list("employee_id", "level"))
    people = {e.employee_no: e for e in Employee.objects.filter(status=EmployeeStatus.ACTIVE, user__isnull=True)
              .exclude(pk__in=taken).select_related("department", "supervisor")}
    out = []
    for r in evaluation_run(policy=policy, as_of=as_of).results:
        emp = people.get(r.employee_no)
        # Demo logins stay free to apply; the skill track's senior levels are left to the annual cycle.
        if (emp is None or not r.eligible or r.move != "promotion" or r.target_level in ("senior", "expert")
                or current.get(emp.pk) != r.current_level or emp.pk in taken):
            continue
        out.append((emp, r.target_level))
        taken.add(emp.pk)
        if len(out) == n:
            break
    return out


def _through_notice(*, admin: Any, hr: Any, policy: Policy, published_on: date, effective_on: date, n: int,
                    taken: set[int], objection: Any = None) -> tuple[Notice | None, list[Application]]:
    """Apply, review and publish on ``published_on``; close the notice the day after its last day."""
    picked = _eligible(policy, published_on, n, taken)
    if not picked:
        return None, []
    with _on_day(published_on):
        apps = []
        for emp, level in picked:
            app = ps.application_create(actor=admin, employee=emp, to_level=level, statement="本人申请晋升" + MARK)
            app = ps.application_submit(actor=admin, application=app, as_of=published_on)
            app = ps.application_supervisor_review(
                actor=admin, application=app, interview_note="面谈：业务熟练，能独立处理常规异常，带教新人认真",
                review_report="该同志任职以来表现稳定，各项条件均已满足，同意晋升。")
            apps.append(ps.application_manager_review(actor=admin, application=app, note="同意晋升"))
        notice = ps.notice_publish(actor=hr, applications=apps, published_on=published_on, effective_on=effective_on)
    if objection is not None:
        obj = ps.objection_file(actor=objection, entry=notice.entries.order_by("id").first(),
                                text="听说其客户表扬信来自亲属，请核实。", today=notice.first_day)
        ps.objection_resolve(actor=hr, objection=obj, upheld=False,
                             note="经核实，表扬来自客户企业的采购负责人，与本人无亲属关系，异议不成立。")
    ps.notice_close(actor=hr, notice=notice, today=notice.last_day + timedelta(days=1))
    return notice, [Application.objects.get(pk=a.pk) for a in apps]


def demo_approvals_load(*, today: date, admin: Any, hr: Any, policy: Policy,
                        objector: Any = None) -> list[str]:
    """Put applications in every section of HR's queue; return what was done, for the console."""
    if Application.objects.filter(statement__endswith=MARK).exists():
        return []
    taken = set(Application.objects.values_list("employee_id", flat=True))
    months = policy.process.probation_months
    first_of_month = today.replace(day=1)
    next_month = add_months(first_of_month, 1)
    out: list[str] = []

    # A probation ago: effective on the first of the month `months` back, so it ends this month.
    ended = add_months(first_of_month, -months)
    notice, apps = _through_notice(admin=admin, hr=hr, policy=policy, published_on=ended - timedelta(days=21),
                                   effective_on=ended, n=2, taken=taken)
    # A month later: the probation ends on the first of next month (ending soon).
    notice2, apps2 = _through_notice(admin=admin, hr=hr, policy=policy,
                                     published_on=add_months(ended, 1) - timedelta(days=21),
                                     effective_on=add_months(ended, 1), n=1, taken=taken)
    for app in apps + apps2:
        app = ps.application_hr_approve(actor=hr, application=app, note="同意" + MARK)
        ps.letter_issue(actor=hr, application=app, issued_on=app.effective_on - timedelta(days=7))
    # The daily run (careerpath apply-effective) changes their positions on the effective date.
    run = effective_apply_all(today=today)
    if apps:
        ps.application_confirm(actor=hr, application=Application.objects.get(pk=apps[0].pk),
                               note="考察期内完成储备干部培训，考核合格" + MARK)
        out.append(f"考察期：{len(run.applications)} 人已生效；1 人已确认，"
                   f"{len(apps) - 1 + len(apps2)} 人考察期中（1 人已到期待确认）")

    # Three weeks ago: a notice that has closed (with an objection HR dismissed).
    notice3, apps3 = _through_notice(admin=admin, hr=hr, policy=policy, published_on=today - timedelta(days=21),
                                     effective_on=next_month, n=3, taken=taken, objection=objector)
    if len(apps3) >= 2:
        approved = ps.application_hr_approve(actor=hr, application=apps3[1], note="同意" + MARK)
        if len(apps3) == 3:
            issued = ps.application_hr_approve(actor=hr, application=apps3[2], note="同意" + MARK)
            ps.letter_issue(actor=hr, application=issued, issued_on=today - timedelta(days=1))
        out.append(f"人事审批：公示 {notice3.number if notice3 else ''} 已结束，{apps3[0].employee.name} 待审批，"
                   f"{approved.employee.name} 待发通知书" + ("，1 人已发通知书待生效" if len(apps3) == 3 else ""))
    return out

