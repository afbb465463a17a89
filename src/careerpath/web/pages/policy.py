"""Pages: the policy editor and the what-if simulation (HR). The views live in ``policy_editor`` and
``policy_whatif``; this module owns the URLs and the navigation entries."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from careerpath.accounts.models import Role
from careerpath.web.nav import NavEntry, nav_register
from careerpath.web.pages import policy_editor as editor
from careerpath.web.pages import policy_whatif as whatif

nav_register(NavEntry("policy_editor", _("政策编辑"), "policy_editor", frozenset({Role.HR}), order=40, group="data"))
nav_register(NavEntry("policy_simulations", _("政策模拟"), "policy_simulations", frozenset({Role.HR}), order=40,
                      group="insight"))

urlpatterns: list[URLPattern] = [
    path("policies/editor/", editor.policy_editor, name="policy_editor"),
    path("policies/lint/", editor.policy_lint, name="policy_lint"),
    path("policies/drafts/<int:pk>/", editor.policy_draft, name="policy_draft"),
    path("policies/drafts/<int:pk>/read/", editor.policy_draft_read, name="policy_draft_read"),
    path("policies/drafts/<int:pk>/diff/", editor.policy_draft_diff, name="policy_draft_diff"),
    path("policies/drafts/<int:pk>/publish/", editor.policy_draft_publish, name="policy_draft_publish"),
    path("policies/drafts/<int:pk>/simulate/", whatif.policy_simulate, name="policy_simulate"),
    path("policies/simulations/", whatif.policy_simulations, name="policy_simulations"),
    path("policies/simulations/<int:pk>/", whatif.policy_simulation, name="policy_simulation"),
    path("policies/simulations/<int:pk>/progress/", whatif.policy_simulation_progress,
         name="policy_simulation_progress"),
    path("policies/simulations/<int:pk>/export.xlsx", whatif.policy_simulation_export,
         name="policy_simulation_export"),
]
