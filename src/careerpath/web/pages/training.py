"""Pages of training (培训): 我的培训 for everyone with an employee record; the sessions for HR, supervisors,
managers and trainers; the programs for HR. The views live in ``training_views``; this module owns the URLs
and the navigation entries."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from careerpath.accounts.models import Role
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import training_views as v

nav_register(NavEntry("training_my", _("我的培训"), "training_my", frozenset(), order=15, needs_employee=True))
nav_register(NavEntry("training_sessions", _("培训场次"), "training_sessions",
                      frozenset({Role.HR, Role.SUPERVISOR, Role.MANAGER}), order=10, group="growth"))
nav_register(NavEntry("training_programs", pgettext_lazy("plural", "培训项目"), "training_programs", frozenset({Role.HR}), order=11,
                      group="growth"))

urlpatterns: list[URLPattern] = [
    path("training/", v.my_training, name="training_my"),
    path("training/sessions/", v.sessions_page, name="training_sessions"),
    path("training/sessions/new/", v.session_new, name="training_session_new"),
    path("training/sessions/<int:pk>/", v.session_page, name="training_session"),
    path("training/sessions/<int:pk>/enrol/", v.session_enrol, name="training_enrol"),
    path("training/sessions/<int:pk>/cancel/", v.session_cancel, name="training_session_cancel"),
    path("training/sessions/<int:pk>/close/", v.session_close, name="training_session_close"),
    path("training/sessions/<int:pk>/results/", v.session_results, name="training_results"),
    path("training/sessions/<int:pk>/results/upload/", v.session_results_upload, name="training_results_upload"),
    path("training/sessions/<int:pk>/results.xlsx", v.session_results_template, name="training_results_template"),
    path("training/enrolments/<int:pk>/cancel/", v.enrolment_cancel, name="training_enrolment_cancel"),
    path("training/enrolments/<int:pk>/certificate.pdf", v.certificate, name="training_certificate"),
    path("training/programs/", v.programs_page, name="training_programs"),
    path("training/programs/new/", v.program_edit, name="training_program_new"),
    path("training/programs/<int:pk>/edit/", v.program_edit, name="training_program_edit"),
]
