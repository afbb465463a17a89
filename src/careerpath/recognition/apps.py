from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "careerpath.recognition"
    label = "recognition"
    verbose_name = _("评优与表彰")
