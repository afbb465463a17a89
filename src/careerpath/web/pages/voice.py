"""Pages of employee voice (关注员工声音): surveys and the suggestion box (意见箱).

Employees answer the open surveys of their group (their home page lists the ones waiting) and drop
suggestions, named or anonymous; HR drafts, opens and closes surveys, reads the results as charts
(aggregated, small groups withheld) and replies to suggestions. Views live in ``voice_employee`` and
``voice_hr``; this module owns the URLs and the navigation entries.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_employee, user_roles
from careerpath.clock import today
from careerpath.voice.selectors import suggestions_waiting_queryset, surveys_waiting_queryset
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import voice_employee as emp
from careerpath.web.pages import voice_hr as hr


def _waiting_surveys(user: AbstractBaseUser) -> list[QuerySet]:
    me = user_employee(user=user)
    return [surveys_waiting_queryset(employee=me, today=today())] if me is not None else []


nav_register(NavEntry("voice_mine", _("员工声音"), "voice_mine", frozenset(), order=60, needs_employee=True,
                      counts=_waiting_surveys))
nav_register(NavEntry("voice_surveys", _("问卷调查"), "voice_surveys", frozenset({Role.HR}), order=40,
                      group="growth"))
def _suggestions_waiting(user: AbstractBaseUser) -> list[QuerySet]:
    # What waits is HR's to handle; a manager only reads.
    return [suggestions_waiting_queryset()] if user_roles(user=user) & {Role.HR, Role.ADMIN} else []


nav_register(NavEntry("voice_suggestions", _("意见箱"), "voice_suggestions", frozenset({Role.HR, Role.MANAGER}),
                      order=41, group="growth", counts=_suggestions_waiting))

urlpatterns: list[URLPattern] = [
    path("voice/", emp.my_voice, name="voice_mine"),
    path("voice/suggest/", emp.suggest_page, name="voice_suggest"),
    path("voice/surveys/<int:pk>/answer/", emp.answer_page, name="voice_answer"),
    path("voice/surveys/", hr.surveys_page, name="voice_surveys"),
    path("voice/surveys/new/", hr.survey_new, name="voice_survey_new"),
    path("voice/surveys/<int:pk>/", hr.survey_page, name="voice_survey"),
    path("voice/surveys/<int:pk>/edit/", hr.survey_edit, name="voice_survey_edit"),
    path("voice/surveys/<int:pk>/results/", hr.results_page, name="voice_results"),
    path("voice/surveys/<int:pk>/named/", hr.named_page, name="voice_named"),
    path("voice/surveys/<int:pk>/results/<str:key>.<str:fmt>", hr.results_download, name="voice_download"),
    path("voice/suggestions/", hr.suggestions_page, name="voice_suggestions"),
    path("voice/suggestions/<uuid:pk>/", hr.suggestion_page, name="voice_suggestion"),
]
