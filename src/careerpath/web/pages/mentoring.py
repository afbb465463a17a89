"""Pages of mentoring (导师制) and the probation plan (考察期计划), issue 10.

HR and supervisors pair mentors with mentees and see the pairs of their people (带教管理); a mentor's pairs
are listed on their 我的徒弟 page, which links each to its plan page (goals, check-ins, the confirmation of
independent operation); HR reads the mentors' record; the probation plan of an effective promotion has its
own page, shown on HR's probation screen. Views live in ``mentoring_views``.
"""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import mentoring_views as v

nav_register(NavEntry("mentoring_pairs", _("导师带教"), "mentoring_pairs", frozenset({Role.HR, Role.SUPERVISOR}),
                      order=40, group="growth"))
nav_register(NavEntry("mentoring_mentors", _("导师带教记录"), "mentoring_mentors", frozenset({Role.HR}),
                      order=41, group="growth"))

urlpatterns: list[URLPattern] = [
    path("mentoring/", v.pairs_page, name="mentoring_pairs"),
    path("mentoring/new/", v.pair_new, name="mentoring_pair_new"),
    path("mentoring/pairs/<int:pk>/", v.pair_page, name="mentoring_pair"),
    path("mentoring/mentors/", v.mentors_page, name="mentoring_mentors"),
    path("mentoring/probation/<int:application_id>/", v.plan_page, name="mentoring_plan"),
]
