from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OrgConfig(AppConfig):
    name = "careerpath.org"
    label = "org"
    verbose_name = pgettext_lazy("plural", "岗位编制")
