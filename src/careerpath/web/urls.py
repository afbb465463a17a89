from __future__ import annotations

from django.urls import include, path

from careerpath.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/<str:employee_no>/", views.employee_detail, name="employee_detail"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    # Each part of the journey owns its URLs (web/pages/<part>.py); names stay in the "web" namespace.
    path("", include("careerpath.web.pages.journey")),
    path("", include("careerpath.web.pages.evidence")),
    path("", include("careerpath.web.pages.team")),
    path("", include("careerpath.web.pages.reviews")),
    path("", include("careerpath.web.pages.notices")),
    path("", include("careerpath.web.pages.approvals")),
    path("", include("careerpath.web.pages.placement")),
    path("", include("careerpath.web.pages.discipline")),
    path("", include("careerpath.web.pages.data")),
    path("", include("careerpath.web.pages.cycle")),
    path("", include("careerpath.web.pages.talent")),
    path("", include("careerpath.web.pages.policy")),
    path("", include("careerpath.web.pages.insight")),
    path("", include("careerpath.web.pages.notifications")),
    path("", include("careerpath.web.pages.training")),
    path("", include("careerpath.web.pages.mentoring")),
    path("", include("careerpath.web.pages.recognition")),
    path("", include("careerpath.web.pages.voice")),
]
