from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "careerpath.cycles"
    verbose_name = _("年度评选")
