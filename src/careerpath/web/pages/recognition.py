"""Pages of recognition (评优与表彰): award rounds (proposal → nomination → approval), awards with their
certificates, 辅助晋级项 contributions, and an employee's own awards.

HR proposes a round (or the monthly command does), HR and the department managers adjust the nomination,
HR submits it, the approver the policy names (HR or the VP) approves. Managers propose contributions, the
VP approves them. The views live in ``recognition_rounds`` and ``recognition_contributions``.
"""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.recognition.selectors import contributions_waiting, rounds_waiting
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import recognition_contributions as contributions
from careerpath.web.pages import recognition_rounds as rounds

nav_register(NavEntry("recognition_rounds", _("评优评选"), "recognition_rounds",
                      frozenset({Role.HR, Role.VP, Role.MANAGER}), counts=rounds_waiting, order=30, group="growth"))
nav_register(NavEntry("recognition_awards", _("获奖名单"), "recognition_awards", frozenset({Role.HR, Role.VP}),
                      order=31, group="growth"))
nav_register(NavEntry("recognition_contributions", _("辅助晋级项"), "recognition_contributions",
                      frozenset({Role.HR, Role.VP, Role.MANAGER}), counts=contributions_waiting, order=32,
                      group="growth"))
nav_register(NavEntry("recognition_mine", _("我的荣誉"), "recognition_mine", frozenset(), order=15,
                      needs_employee=True))

urlpatterns: list[URLPattern] = [
    path("recognition/", rounds.rounds_page, name="recognition_rounds"),
    path("recognition/rounds/<int:pk>/", rounds.round_page, name="recognition_round"),
    path("recognition/awards/", rounds.awards_page, name="recognition_awards"),
    path("recognition/awards/<int:pk>/certificate.pdf", rounds.certificate, name="recognition_certificate"),
    path("recognition/mine/", rounds.mine_page, name="recognition_mine"),
    path("recognition/contributions/", contributions.contributions_page, name="recognition_contributions"),
    path("recognition/contributions/<int:pk>/attachment", contributions.attachment,
         name="recognition_contribution_attachment"),
]
