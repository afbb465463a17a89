"""Pages: the annual cycle (评选) — HR opens it and runs its steps, managers nominate, the committee scores,
ranks and decides, the VP approves; the notice, objections, HR approval and letters reuse part 1's pages.
The views live in ``cycle_hr``, ``cycle_nominations``, ``cycle_scoring`` and ``cycle_vp``; this module owns
the URLs and the navigation entries."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.clock import today
from careerpath.cycles import screens
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import cycle_hr as hr
from careerpath.web.pages import cycle_nominations as nominations
from careerpath.web.pages import cycle_scoring as scoring
from careerpath.web.pages import cycle_vp as vp


def _hr(user: AbstractBaseUser) -> list[QuerySet]:
    return [screens.hr_waiting_queryset(today=today())]


def _manager(user: AbstractBaseUser) -> list[QuerySet]:
    return [screens.nomination_waiting_queryset(user=user, today=today())]


def _committee(user: AbstractBaseUser) -> list[QuerySet]:
    return [screens.committee_waiting_queryset()]


def _vp(user: AbstractBaseUser) -> list[QuerySet]:
    return [screens.vp_waiting_queryset()]


nav_register(NavEntry("cycle_admin", _("评选管理"), "cycle_list", frozenset({Role.HR}), counts=_hr, order=10,
                      group="cycle"))
nav_register(NavEntry("cycle_nominate", _("综合评选提报"), "cycle_nominations_current", frozenset({Role.MANAGER}),
                      counts=_manager, order=20, group="cycle"))
nav_register(NavEntry("cycle_scoring", _("评分与排名"), "cycle_scoring_current", frozenset({Role.COMMITTEE}),
                      counts=_committee, order=30, group="cycle"))
nav_register(NavEntry("cycle_approval", _("评选审批"), "cycle_approval_current", frozenset({Role.VP}),
                      counts=_vp, order=40, group="cycle"))

urlpatterns: list[URLPattern] = [
    path("cycles/", hr.cycle_list, name="cycle_list"),
    path("cycles/nominations/", nominations.nominations_current, name="cycle_nominations_current"),
    path("cycles/scoring/", scoring.scoring_current, name="cycle_scoring_current"),
    path("cycles/approval/", vp.approval_current, name="cycle_approval_current"),
    path("cycles/<int:year>/", hr.cycle_detail, name="cycle_detail"),
    path("cycles/<int:year>/do/<str:action>/", hr.cycle_action, name="cycle_action"),
    path("cycles/<int:year>/export.xlsx", hr.cycle_export, name="cycle_export"),
    path("cycles/<int:year>/letters.pdf", hr.cycle_letters_pdf, name="cycle_letters_pdf"),
    path("cycles/<int:year>/candidates/", nominations.cycle_candidates, name="cycle_candidates"),
    path("cycles/<int:year>/nominations/", nominations.cycle_nominations, name="cycle_nominations"),
    path("cycles/<int:year>/scoring/", scoring.cycle_scoring, name="cycle_scoring"),
    path("cycles/<int:year>/exams/", scoring.cycle_exam_record, name="cycle_exam_record"),
    path("cycles/<int:year>/exams/upload/", scoring.cycle_exam_upload, name="cycle_exam_upload"),
    path("cycles/<int:year>/score/", scoring.cycle_score, name="cycle_score"),
    path("cycles/<int:year>/quotas/", scoring.cycle_quota_set, name="cycle_quota_set"),
    path("cycles/<int:year>/quotas/<int:pk>/remove/", scoring.cycle_quota_remove, name="cycle_quota_remove"),
    path("cycles/<int:year>/candidates/<int:pk>/decide/", scoring.cycle_decide, name="cycle_decide"),
    path("cycles/<int:year>/accept/", scoring.cycle_accept, name="cycle_accept"),
    path("cycles/<int:year>/conclude/", scoring.cycle_conclude, name="cycle_conclude"),
    path("cycles/<int:year>/approval/", vp.cycle_approval, name="cycle_approval"),
]
