"""荣誉证书: the certificate of an approved award (WeasyPrint, A4 landscape, Noto CJK), always in Chinese."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from careerpath.labels import date_label
from careerpath.recognition.models import Award
from careerpath.recognition.services import award_def, round_title


def certificate_pdf(award: Award) -> bytes:
    """The certificate as PDF bytes; the caller has checked who may read it."""
    from weasyprint import HTML  # imported lazily: Pango is needed only when a document is printed

    r = award.round
    html = render_to_string("recognition/certificate.html", {
        "company": getattr(settings, "CAREERPATH_COMPANY_NAME", "示例物流有限公司"),
        "award": award, "employee": award.employee,
        "department": award.employee.department.name if award.employee.department_id else "",
        "title": round_title(r), "award_name": award_def(r).name.zh,
        "granted_on": date_label(award.granted_on, lang="zh"), "revoked": award.revoked_on is not None,
    })
    return HTML(string=html).write_pdf()
