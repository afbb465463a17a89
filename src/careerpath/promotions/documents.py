"""The printable documents of a promotion (WeasyPrint, A4, Debian's Noto CJK fonts), one function each.

- :func:`application_form_pdf`  晋升申请表: the person, current and target level, the statement, the
  eligibility at submission criterion by criterion, the signature boxes
- :func:`application_report_pdf` 晋升评审报告: the interview record, the supervisor's report, the
  manager's review (and the committee's and VP's notes when the route had them)
- :func:`notice_pdf` the 公示 with its 文号 and its period in working days
- :func:`letters_pdf` 晋升通知书, one page per letter (a batch prints in one go);
  :func:`letter_draft_pdf` the same letter as a 样稿 before it is issued, without a number

They are the company's official papers, so they are always in Chinese, with dates as 2026年10月14日,
whatever the language of the page that asked for them. Templates: ``promotions/templates/promotions/``.
Callers check who may read a document; these functions only render.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from careerpath.core.dates import add_months
from careerpath.labels import code_label, date_label
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.hr_selectors import application_file, application_steps, level_name
from careerpath.promotions.models import Application, Letter, Notice
from careerpath.promotions.selectors import notice_public_entries

ZH = "zh"


def _company() -> str:
    return getattr(settings, "CAREERPATH_COMPANY_NAME", "示例物流有限公司")


def _layout(template: str, context: dict[str, Any]) -> Any:
    """The document laid out on its pages (a ``weasyprint.Document``: boxes with their positions)."""
    from weasyprint import HTML  # imported lazily: Pango is needed only when a document is printed

    html = render_to_string(template, {"company": _company(), **context})
    return HTML(string=html).render()


def _render(template: str, context: dict[str, Any]) -> bytes:
    return _layout(template, context).write_pdf()


def _zh(value: date | None) -> str:
    return date_label(value, lang=ZH)


# ---------------------------------------------------------------------------------------------------
# 晋升通知书


def _letter_context(app: Application, *, number: str, issued_on: date, draft: bool = False) -> dict[str, Any]:
    policy = policy_of(app.policy_version)
    months = policy.process.probation_months
    effective = app.effective_on
    return {
        "draft": draft,
        "number": number,
        "issued_on": _zh(issued_on),
        "employee": app.employee,
        "department": app.employee.department.name if app.employee.department_id else "",
        "from_level": level_name(app, app.from_level, ZH),
        "to_level": level_name(app, app.to_level, ZH),
        "lateral": app.move_type == "lateral",
        "move_type": code_label("move_type", app.move_type, lang=ZH),
        "effective_on": _zh(effective),
        "probation_months": months,
        # The same date the effective run will store (services._make_effective: add_months).
        "probation_ends_on": _zh(add_months(effective, months)) if effective and months else "",
    }


def _letter_pages(contexts: Iterable[dict[str, Any]]) -> bytes:
    return _render("promotions/letters.html", {"letters": list(contexts)})


def letters_pdf(letters: Iterable[Letter]) -> bytes:
    """One PDF with one page per issued letter, in the order given."""
    return _letter_pages(_letter_context(x.application, number=x.number, issued_on=x.issued_on) for x in letters)


def letters_layout(letters: Iterable[Letter]) -> Any:
    """The letters laid out, before writing the PDF: where each box sits on its page (for layout checks)."""
    contexts = [_letter_context(x.application, number=x.number, issued_on=x.issued_on) for x in letters]
    return _layout("promotions/letters.html", {"letters": contexts})


def letter_draft_pdf(application: Application, *, issued_on: date) -> bytes:
    """The letter as it will be issued on ``issued_on``, marked 样稿 and without a number (none is taken)."""
    return _letter_pages([_letter_context(application, number="", issued_on=issued_on, draft=True)])


# ---------------------------------------------------------------------------------------------------
# 晋升申请表 and 晋升评审报告


def _signer(steps: dict[str, Any], action: str) -> dict[str, str] | None:
    step = steps.get(action)
    if step is None:
        return None
    return {"name": step.actor, "on": _zh(step.at), "note": step.reason}


def _person_context(app: Application) -> dict[str, Any]:
    emp = app.employee
    before = app.position_before
    return {
        "app": app,
        "employee": emp,
        "department": emp.department.name if emp.department_id else "",
        "supervisor": emp.supervisor.name if emp.supervisor_id else "",
        "gender": code_label("gender", emp.gender, lang=ZH),
        "education": code_label("education", emp.education, lang=ZH),
        "birth_date": _zh(emp.birth_date),
        "hired_on": _zh(emp.hired_on),
        "cs_start_on": _zh(emp.cs_start_on),
        "confirmed_on": _zh(emp.confirmed_on),
        "level_since": _zh(before.start_on) if before else "",
        "from_level": level_name(app, app.from_level, ZH),
        "to_level": level_name(app, app.to_level, ZH),
        "move_type": code_label("move_type", app.move_type, lang=ZH),
        "route": code_label("route", app.route, lang=ZH),
        "policy": policy_of(app.policy_version).title.get(ZH),
    }


def application_form_pdf(application: Application) -> bytes:
    """晋升申请表: who applies for what, why, and the eligibility stored at submission."""
    app = application
    f = application_file(application=app, lang=ZH)
    steps = f.steps
    return _render("promotions/application_form.html", {
        **_person_context(app),
        "criteria": f.criteria,
        "as_of": _zh(app.as_of),
        "submitted": _signer(steps, "submit"),
        "supervisor_step": _signer(steps, "supervisor_review"),
        "manager_step": _signer(steps, "manager_review"),
        "hr_step": _signer(steps, "hr_approve"),
        "notice": f.notice,
        "notice_first_day": _zh(f.notice.first_day) if f.notice else "",
        "notice_last_day": _zh(f.notice.last_day) if f.notice else "",
    })


def application_report_pdf(application: Application) -> bytes:
    """晋升评审报告: the supervisor's interview and report, the manager's review, later notes."""
    app = application
    steps = application_steps(application=app)
    return _render("promotions/application_report.html", {
        **_person_context(app),
        "supervisor_step": _signer(steps, "supervisor_review"),
        "manager_step": _signer(steps, "manager_review"),
        "committee_step": _signer(steps, "committee_decide"),
        "vp_step": _signer(steps, "vp_approve"),
        "as_of": _zh(app.as_of),
    })


# ---------------------------------------------------------------------------------------------------
# 公示


def notice_pdf(notice: Notice) -> bytes:
    """The 公示 as posted: its 文号, the people (no scores, no evidence), the period in working days."""
    entries = list(notice_public_entries(notice=notice))
    return _render("promotions/notice.html", {
        "notice": notice,
        "entries": [{"e": e, "effective_on": _zh(e.effective_on)} for e in entries],
        "published_on": _zh(notice.published_on),
        "first_day": _zh(notice.first_day),
        "last_day": _zh(notice.last_day),
    })
