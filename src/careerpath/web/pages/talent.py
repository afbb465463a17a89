"""Pages: the talent reserve pool (人才储备库) and internal competition (内部竞聘).

HR and department managers read the pool with each member's readiness for the management posts; HR posts
a vacancy the headcount plan shows, scores the candidates with the promotion's review form and selects
one, whose promotion then runs the usual workflow. Employees apply from the posting's page (their home
page lists the open postings they may apply for). The views live in ``talent_pool`` and
``talent_postings``; this module owns the URLs and the navigation entries.
"""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.talent.selectors import postings_awaiting_scoring_count
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import talent_pool as pool
from careerpath.web.pages import talent_postings as postings

nav_register(NavEntry("talent_pool", _("人才储备库"), "talent_pool", frozenset({Role.HR, Role.MANAGER}),
                      order=20, group="org"))
nav_register(NavEntry("talent_postings", _("内部竞聘"), "talent_postings", frozenset({Role.HR}),
                      count=postings_awaiting_scoring_count, order=21, group="org"))

urlpatterns: list[URLPattern] = [
    path("talent/pool/", pool.pool_page, name="talent_pool"),
    path("talent/postings/", postings.postings_page, name="talent_postings"),
    path("talent/postings/new/", postings.posting_new, name="talent_posting_new"),
    path("talent/postings/<int:pk>/", postings.posting_page, name="talent_posting"),
    path("talent/postings/<int:pk>/candidates/<int:cid>/", postings.candidate_page, name="talent_candidate"),
]
