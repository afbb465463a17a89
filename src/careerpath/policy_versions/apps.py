from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyVersionsConfig(AppConfig):
    name = "careerpath.policy_versions"
    verbose_name = _("晋升办法版本")
