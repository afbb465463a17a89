"""Pages: discipline — incidents and the deductions they cause, demotion cases (降级) with their evidence
packet and steps, and HR's monthly allowance sheet (津贴). The views live in ``discipline_incidents``,
``discipline_cases`` and ``discipline_allowances``; this module owns the URLs and the navigation entries
(the "org" menu, 组织与纪律)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.discipline.casework import DESK_ROLES, PAYROLL_ROLES, cases_waiting_queryset
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import discipline_allowances as allowances
from careerpath.web.pages import discipline_cases as cases
from careerpath.web.pages import discipline_incidents as incidents


def _waiting(user: AbstractBaseUser) -> list[QuerySet]:
    return [cases_waiting_queryset(user=user)]


nav_register(NavEntry("discipline_incidents", _("违纪与扣减"), "discipline_incidents", DESK_ROLES, order=81,
                      group="org"))
nav_register(NavEntry("discipline_cases", pgettext_lazy("plural", "降级案件"), "discipline_cases", DESK_ROLES, counts=_waiting, order=82,
                      group="org"))
nav_register(NavEntry("discipline_allowances", _("津贴表"), "discipline_allowances", PAYROLL_ROLES, order=83,
                      group="org"))

urlpatterns: list[URLPattern] = [
    path("discipline/incidents/", incidents.incidents, name="discipline_incidents"),
    path("discipline/cases/", cases.case_index, name="discipline_cases"),
    path("discipline/cases/new/", cases.case_new, name="discipline_case_new"),
    path("discipline/cases/<int:pk>/", cases.case_detail, name="discipline_case"),
    path("discipline/cases/<int:pk>/review/", cases.case_review, name="discipline_case_review"),
    path("discipline/cases/<int:pk>/approve/", cases.case_approve, name="discipline_case_approve"),
    path("discipline/cases/<int:pk>/reject/", cases.case_reject, name="discipline_case_reject"),
    path("discipline/cases/<int:pk>/withdraw/", cases.case_withdraw, name="discipline_case_withdraw"),
    path("discipline/cases/<int:pk>/notes/", cases.case_notes, name="discipline_case_notes"),
    path("discipline/cases/<int:pk>/documents/", cases.case_document_add, name="discipline_case_document_add"),
    path("discipline/documents/<int:pk>/", cases.document_file, name="discipline_document"),
    path("discipline/allowances/", allowances.allowances, name="discipline_allowances"),
    path("discipline/allowances/<str:month>.xlsx", allowances.allowances_xlsx, name="discipline_allowances_xlsx"),
]
