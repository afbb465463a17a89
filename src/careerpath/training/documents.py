"""The 培训证书 (certificate) of an attended or passed enrolment: WeasyPrint, A4 landscape, Noto CJK.

Like every paper the company issues it is in Chinese, with dates as 2026年10月14日, whatever the
language of the page that asked for it. Callers check who may read it; this only renders.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from careerpath.errors import Conflict
from careerpath.evidence.models import TrainingResult
from careerpath.labels import code_label, date_label
from careerpath.training.models import Enrolment

ZH = "zh"


def certificate_pdf(enrolment: Enrolment) -> bytes:
    if not enrolment.has_certificate:
        raise Conflict("只有出席且通过（或参加）的培训才有证书 (no certificate for this enrolment)",
                       code="no_certificate")
    from weasyprint import HTML  # imported lazily: Pango is needed only when a document is printed

    s = enrolment.session
    start, end = s.starts_on, s.ends_on
    period = date_label(start, lang=ZH) + (f" 至 {date_label(end, lang=ZH)}" if end and end != start else "")
    trainer = ""
    if s.trainer_id:
        emp = getattr(s.trainer, "employee", None)
        trainer = emp.name if emp is not None else (s.trainer.get_full_name() or s.trainer.get_username())
    level = s.program.prepares_for
    html = render_to_string("training/certificate.html", {
        "company": getattr(settings, "CAREERPATH_COMPANY_NAME", "示例物流有限公司"),
        "employee": enrolment.employee,
        "department": enrolment.employee.department.name if enrolment.employee.department_id else "",
        "program": s.program.name, "place": s.place, "period": period,
        "passed": enrolment.recorded_result == TrainingResult.PASSED,
        "score": f"{enrolment.score:g}" if enrolment.score is not None else "",
        "prepares_for": code_label("level", level, lang=ZH) if level else "",
        "number": enrolment.certificate_no, "trainer": trainer,
        "issued_on": date_label(s.evidence_date, lang=ZH),  # issued on completing the session
    })
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
