"""The demo's notice board (公示), beyond the live notice ``demo_procedures`` publishes: the objection's proof
(a small PDF, the way an employee attaches a scan) and one more application through its reviews and waiting
for HR to put it on the next notice — so HR's 发布公示 page has something to choose.

Called from ``demo_procedures_load`` inside its transaction and only on a first run; everything goes through
the real services.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from careerpath.attachments import CheckedFile
from careerpath.people.models import Employee
from careerpath.promotions import services as ps
from careerpath.promotions.models import Application

OBJECTION_TEXT = "据了解其带教的新人尚未达到独立操作，请核实。"


def demo_objection_proof() -> CheckedFile:
    """A one-page PDF standing in for the photo or scan an objector attaches."""
    from weasyprint import HTML  # imported lazily, as for letters: Pango is needed only here

    html = ("<html><body style='font-family: \"Noto Sans CJK SC\", sans-serif; font-size: 14pt'>"
            "<h1 style='font-size: 18pt'>带教记录（演示附件）</h1>"
            "<p>2026年11月 新人独立操作考核：未通过（系统截图，演示数据）。</p></body></html>")
    content = HTML(string=html).write_pdf()
    return CheckedFile(name="带教记录截图.pdf", content=content, content_type="application/pdf", suffix=".pdf")


def demo_notice_ready(*, actor: Any, today: date, eligible: Iterable[Any], by_no: dict[str, Employee]) -> list[str]:
    """Take one more eligible agent's application through both reviews, to wait for the next notice."""
    busy = set(Application.objects.values_list("employee_id", flat=True))
    for r in eligible:
        emp = by_no[r.employee_no]
        if emp.user_id is not None or emp.pk in busy or r.target_level in ("senior", "expert"):
            continue  # the demo logins stay free to apply; the skill track is left to the cycle
        app = ps.application_create(actor=actor, employee=emp, to_level=r.target_level,
                                    statement="本人申请晋升（演示）")
        app = ps.application_submit(actor=actor, application=app, as_of=today)
        app = ps.application_supervisor_review(actor=actor, application=app, interview_note="面谈：沟通顺畅，业务扎实",
                                               review_report="符合晋升条件，同意晋升")
        ps.application_manager_review(actor=actor, application=app, note="同意，请人力资源部安排公示")
        return [f"待公示：{emp.name} 的晋升申请已完成评审，等待人力资源部发布公示"]
    return []
