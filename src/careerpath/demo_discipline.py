"""The demo's discipline screens (组织与纪律): incidents with deductions this month, a demotion case waiting
for the demo supervisor's review, and one reviewed by the department and waiting for HR's approval, with
an evidence packet (a scanned complaint as a PDF and a written statement).

Called from ``demo_procedures_load`` inside its transaction; everything goes through the real services and
a second run changes nothing (the demo's own incidents carry a marker in their note).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from careerpath.discipline import services as ds
from careerpath.discipline.models import DemotionCase
from careerpath.discipline.workflow import OPEN
from careerpath.evidence.models import Incident
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import department_subtree_ids, positions_current_queryset
from careerpath.promotions.models import Application

MARK = "（演示·纪律）"


def _complaint_pdf() -> bytes:
    """A one-page PDF standing in for the scan of a customer's written complaint."""
    from weasyprint import HTML  # imported lazily, as for letters: Pango is needed only here

    html = ("<html><body style='font-family: \"Noto Sans CJK SC\", sans-serif; font-size: 13pt'>"
            "<h1 style='font-size: 18pt'>客户投诉函（演示附件）</h1>"
            "<p>客户反映：客服人员多次未按约定时间回电，并将客户订单信息告知无关第三方。</p>"
            "<p>投诉人签字：（演示数据）</p></body></html>")
    return bytes(HTML(string=html).write_pdf())


def _free(qs: Any) -> list[Employee]:
    """People the other demo parts leave alone: no login, no application, no case."""
    busy = set(Application.objects.values_list("employee_id", flat=True))
    busy |= set(DemotionCase.objects.values_list("employee_id", flat=True))
    return list(qs.filter(status=EmployeeStatus.ACTIVE, user__isnull=True).exclude(pk__in=busy)
                .select_related("department", "supervisor").order_by("employee_no"))


def _holding(*levels: str) -> Any:
    return positions_current_queryset().filter(level__in=levels).values("employee_id")


def demo_discipline_load(*, today: date) -> list[str]:
    """Put the discipline screens' work in progress; return what was done, for the console."""
    if Incident.objects.filter(note__endswith=MARK).exists():
        return []
    users = get_user_model().objects
    hr, admin = users.filter(username="hr").first(), users.filter(is_superuser=True).order_by("pk").first()
    sup_user, mgr_user = users.filter(username="supervisor").first(), users.filter(username="manager").first()
    sup = Employee.objects.filter(user=sup_user).first() if sup_user else None
    mgr = Employee.objects.filter(user=mgr_user).first() if mgr_user else None
    if hr is None or admin is None:
        return []
    out: list[str] = []
    dept_ids = department_subtree_ids(root_id=mgr.department_id) if mgr and mgr.department_id else []

    # 1. Deductions this month: a major accident and a red-headed circular, in the manager's department first.
    seniors = _free(Employee.objects.filter(pk__in=_holding("senior", "expert"), department_id__in=dept_ids)) or \
        _free(Employee.objects.filter(pk__in=_holding("senior", "expert")))
    for emp, kind, note in zip(seniors[:2], ("重大事故", "红头文件通报"),
                               ("系统误操作导致批量订单错发", "公司红头文件通报批评：服务态度问题"), strict=False):
        day = max(today.replace(day=1), today - timedelta(days=2))
        out_ = ds.incident_record(actor=hr, employee=emp, date=day, type=kind, note=note + MARK)
        if out_.deduction is not None:
            out.append(f"津贴扣减：{emp.name} {kind}，扣减 {out_.deduction.month:%Y-%m} 津贴 {out_.deduction.amount} 元")

    # 2. A red-line violation by one of the demo supervisor's people: a case waiting for the supervisor.
    if sup is not None and not DemotionCase.objects.filter(employee__supervisor=sup, state__in=[
            s.value for s in OPEN]).exists():
        team = _free(Employee.objects.filter(supervisor=sup, pk__in=_holding("junior", "intermediate", "senior")))
        if team:
            emp = team[0]
            res = ds.incident_record(actor=hr, employee=emp, date=today - timedelta(days=1), type="触犯高压线",
                                     note="私下向客户收取加急费用" + MARK)
            if res.case is not None:
                ds.case_document_add(actor=hr, case=res.case, upload=ds.DocumentUpload(
                    file_name="客户投诉函.pdf", content=_complaint_pdf()))
                out.append(f"降级案件 #{res.case.pk}：{emp.name}（触犯高压线，附投诉函），待直接上级 {sup.name} 审核")

    # 3. Sustained under-performance, proposed by the manager and reviewed by both levels: waiting for HR.
    # Someone of the demo supervisor's team when the manager's department holds it, so the demo logins
    # are the ones who reviewed; else someone of the department, the first review given by the admin.
    if mgr_user is not None and dept_ids:
        levels = ("junior", "intermediate", "senior", "expert")
        team = _free(Employee.objects.filter(supervisor=sup, department_id__in=dept_ids,
                                             pk__in=_holding(*levels))) if sup is not None and sup_user else []
        pool = team or _free(Employee.objects.filter(department_id__in=dept_ids, pk__in=_holding(*levels))
                             .exclude(pk__in=[e.pk for e in seniors[:2]]))
        if pool:
            emp = pool[0]
            first = sup_user if team else admin
            case = ds.demotion_case_open(
                actor=mgr_user, employee=emp, proposal="one_level_down",
                reason="连续六个月业绩未达标（系统操作准确性低于 98%），经两次面谈辅导仍未改善",
                documents=[ds.DocumentUpload(file_name="绩效记录（近六个月）", text=(
                    "6月 96.1%；7月 95.8%；8月 96.4%；9月 95.2%；10月 96.0%；11月 95.5%（标准 98%）。"
                    "8月、10月两次面谈辅导记录见部门台账。"))])
            case = ds.demotion_case_supervisor_review(actor=first, case=case, note="情况属实，辅导后仍未达标，同意降一级")
            ds.demotion_case_manager_review(actor=mgr_user, case=case, note="部门同意，请人力资源部审批")
            out.append(f"降级案件 #{case.pk}：{emp.name}（业绩持续不达标），部门已审核，待人力资源部批准")
    return out
