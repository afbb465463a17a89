"""晋升通知书 as PDF (WeasyPrint with Debian's Noto CJK fonts)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string

from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Letter


def _context(letter: Letter) -> dict:
    app = letter.application
    policy = policy_of(app.policy_version)
    return {
        "company": getattr(settings, "CAREERPATH_COMPANY_NAME", "示例物流有限公司"),
        "letter": letter,
        "employee": app.employee,
        "department": app.employee.department.name if app.employee.department_id else "",
        "from_level": policy.levels[app.from_level].name.zh,
        "to_level": policy.levels[app.to_level].name.zh,
        "lateral": app.move_type == "lateral",
        "effective_on": app.effective_on,
        "probation_months": policy.process.probation_months,
    }


def letters_pdf(letters: Iterable[Letter]) -> bytes:
    """Render one PDF with one page per letter (a cycle's batch prints in one go)."""
    from weasyprint import HTML  # imported lazily: Pango is only needed when a letter is printed

    pages = [render_to_string("promotions/letter.html", _context(letter)) for letter in letters]
    html = render_to_string("promotions/letters.html", {"pages": pages})
    return HTML(string=html).write_pdf()
