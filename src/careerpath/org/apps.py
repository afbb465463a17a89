from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "careerpath.org"
    label = "org"
    verbose_name = _("岗位编制")
