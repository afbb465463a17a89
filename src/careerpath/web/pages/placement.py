"""Pages: initial placement (初评) and the organisation — headcount plans with vacancies, lateral moves.

The views live in ``placement_runs`` (HR: runs, start, a run, confirmation), ``placement_review`` (the
department's review, one proposal explained) and ``placement_org`` (headcount, lateral moves); this
module owns the URLs and the navigation entries (group "org", 组织与纪律).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.clock import today
from careerpath.placement.selectors import runs_awaiting_review_queryset
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import placement_org as org
from careerpath.web.pages import placement_review as review
from careerpath.web.pages import placement_runs as runs
from careerpath.web.pages.placement_common import HEADCOUNT_ROLES, HR_ROLES, PLACEMENT_ROLES


def _awaiting(user: AbstractBaseUser) -> list[QuerySet]:
    return [runs_awaiting_review_queryset(user=user, today=today())]


nav_register(NavEntry("placement", _("初评"), "placement_runs", PLACEMENT_ROLES, counts=_awaiting, order=80,
                      group="org"))
nav_register(NavEntry("headcount", _("岗位编制与空缺"), "headcount", HEADCOUNT_ROLES, order=81, group="org"))
nav_register(NavEntry("lateral", _("横向调整"), "lateral_moves", HR_ROLES, order=82, group="org"))

urlpatterns: list[URLPattern] = [
    path("placement/", runs.placement_runs, name="placement_runs"),
    path("placement/new/", runs.placement_run_new, name="placement_run_new"),
    path("placement/<int:pk>/", runs.placement_run, name="placement_run"),
    path("placement/<int:pk>/review/", review.placement_review, name="placement_review"),
    path("placement/<int:pk>/proposals/<int:pid>/", review.placement_proposal, name="placement_proposal"),
    path("placement/<int:pk>/confirm/", runs.placement_confirm, name="placement_confirm"),
    path("org/headcount/", org.headcount, name="headcount"),
    path("org/headcount/new/", org.headcount_edit, name="headcount_new"),
    path("org/headcount/<int:pk>/edit/", org.headcount_edit, name="headcount_edit"),
    path("org/lateral/", org.lateral_moves, name="lateral_moves"),
    path("org/lateral/<str:employee_no>/", org.lateral_person, name="lateral_person"),
]


