"""Pages: analysis (分析) — the dashboards for HR, the VP and department managers (their own departments),
and the fairness panel for HR. The views live in ``insight_views`` and ``insight_fairness``; this module
owns the URLs and the navigation entries."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.insight.selectors import DASHBOARD_ROLES, FAIRNESS_ROLES
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import insight_fairness as fairness
from careerpath.web.pages import insight_views as views

nav_register(NavEntry("insight_dashboard", _("分析看板"), "insight_structure", DASHBOARD_ROLES, order=10,
                      group="insight"))
nav_register(NavEntry("insight_fairness", _("公平性分析"), "insight_fairness", FAIRNESS_ROLES, order=20,
                      group="insight"))

urlpatterns: list[URLPattern] = [
    path("insight/", views.dashboard, {"board": "structure"}, name="insight_structure"),
    path("insight/selection/", views.dashboard, {"board": "selection"}, name="insight_selection"),
    path("insight/movement/", views.dashboard, {"board": "movement"}, name="insight_movement"),
    path("insight/<slug:key>.<str:fmt>", views.chart_download, name="insight_download"),
    path("insight/fairness/", fairness.fairness, name="insight_fairness"),
    path("insight/fairness/data.<str:fmt>", fairness.fairness_download, name="insight_fairness_download"),
]
