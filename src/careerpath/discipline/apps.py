from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "careerpath.discipline"
    label = "discipline"
    verbose_name = _("奖惩与津贴")
