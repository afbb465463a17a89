"""Pages: approvals — HR's queue, the final approval, letters, the effective date and the probation,
and the printable documents. The views live in ``approvals_hr``, ``approvals_letters`` and
``approvals_documents``; this module owns the URLs and the navigation entry."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.clock import today
from careerpath.promotions.hr_selectors import hr_waiting_queryset
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import approvals_documents as docs
from careerpath.web.pages import approvals_hr as hr
from careerpath.web.pages import approvals_letters as letters


def _waiting(user: AbstractBaseUser) -> list[QuerySet]:
    return [hr_waiting_queryset(user=user, today=today())]


nav_register(NavEntry("hr_queue", _("人事审批"), "hr_queue", frozenset({Role.HR}), counts=_waiting, order=70))

urlpatterns: list[URLPattern] = [
    path("hr/", hr.hr_queue, name="hr_queue"),
    path("applications/<int:pk>/approve/", hr.application_approve, name="application_approve"),
    path("applications/<int:pk>/probation/", hr.application_probation, name="application_probation"),
    path("applications/<int:pk>/letter/", letters.application_letter, name="application_letter"),
    path("applications/<int:pk>/letter.pdf", letters.application_letter_pdf, name="application_letter_pdf"),
    path("letters/", letters.letters, name="letters"),
    path("letters/print.pdf", letters.letters_print, name="letters_print"),
    path("applications/<int:pk>/form.pdf", docs.application_form_pdf, name="application_form_pdf"),
    path("applications/<int:pk>/report.pdf", docs.application_report_pdf, name="application_report_pdf"),
    path("notices/<int:pk>/notice.pdf", docs.notice_pdf, name="notice_pdf"),
]
