from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "careerpath.mentoring"
    label = "mentoring"
    verbose_name = _("导师制")
