"""The demo's recognition: last month's 月度服务明星 approved with certificates (and their internal praise),
last year's 年度服务明星 proposed and waiting for the nomination, and one 辅助晋级项 approved.

Called once from :func:`careerpath.demo_procedures.demo_procedures_load`. Everything goes through the
services: the rule proposes, HR nominates, HR (the monthly award's approver) approves; the demo manager
proposes a contribution with a finance document and the demo VP approves it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from careerpath.attachments import CheckedFile
from careerpath.core.policy import Policy
from careerpath.errors import ServiceError
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.recognition import services as rs
from careerpath.recognition.models import AwardRound, Contribution


def _finance_document() -> CheckedFile:
    """A one-page PDF standing in for the finance department's confirmation."""
    from weasyprint import HTML  # imported lazily: Pango is needed only here

    html = ("<html><body style='font-family: \"Noto Sans CJK SC\", sans-serif; font-size: 13pt'>"
            "<h1 style='font-size: 18pt'>客户毛利确认单（演示附件）</h1>"
            "<p>客户：华东冷链物流有限公司　　期间：本年度1–10月</p>"
            "<p>专线方案实施后客户毛利较上年同期提升 12.5%，以财务部核算为准。</p></body></html>")
    return CheckedFile(name="客户毛利确认单.pdf", content=HTML(string=html).write_pdf(),
                       content_type="application/pdf", suffix=".pdf")


def _last_month(today: date) -> date:
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def demo_recognition_load(*, today: date, hr: Any, policy: Policy) -> list[str]:
    if AwardRound.objects.exists():
        return ["评优演示数据已存在 (recognition demo already loaded)"]
    out: list[str] = []
    if "monthly_star" in policy.awards:
        r, _ = rs.round_propose(actor=hr, award="monthly_star", period_start=_last_month(today), today=today)
        if r.candidates.filter(nominated=True).exists():
            r = rs.round_nominate(actor=hr, round=r, today=today, note="按规则提名（演示）")
            r = rs.round_approve(actor=hr, round=r, today=today, note="同意，予以表彰（演示）")
            names = "、".join(a.employee.name for a in r.awards.select_related("employee").order_by("certificate_no"))
            out.append(f"{rs.round_title(r)}：已批准，获奖 {names}，荣誉证书已生成并计为内部书面表扬")
        else:
            out.append(f"{rs.round_title(r)}：本期无人达到评选条件")
    if "yearly_star" in policy.awards:
        try:
            y, _ = rs.round_propose(actor=hr, award="yearly_star", period_start=date(today.year - 1, 1, 1), today=today)
            out.append(f"{rs.round_title(y)}：候选人已按规则提出 {y.candidates.filter(proposed=True).count()} 人，待提名")
        except ServiceError as exc:
            out.append(f"年度服务明星：{exc.message}")
    out += _contribution(today=today)
    return out


def _contribution(*, today: date) -> list[str]:
    users = get_user_model().objects
    manager, vp = users.filter(username="manager").first(), users.filter(username="vp").first()
    me = Employee.objects.filter(user=manager).first() if manager else None
    if vp is None or me is None or me.department_id is None or Contribution.objects.exists():
        return []
    subject = (Employee.objects.filter(department_id=me.department_id, status=EmployeeStatus.ACTIVE)
               .exclude(pk=me.pk).exclude(user__isnull=False).order_by("employee_no").first())
    if subject is None:
        return []
    c = rs.contribution_propose(actor=manager, employee=subject, kind="margin", customer="华东冷链物流有限公司",
                                year=today.year, percent="12.5", amount="380000",
                                description="牵头设计冷链专线服务方案，客户毛利较上年同期提升 12.5%（演示）",
                                attachment=_finance_document(), today=today)
    rs.contribution_decide(actor=vp, contribution=c, approve=True, today=today, note="财务数据属实，同意（演示）")
    return [f"辅助晋级项：{subject.name} 的客户毛利贡献已由分管副总审核通过"]
