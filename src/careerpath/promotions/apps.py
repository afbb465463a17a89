from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "careerpath.promotions"
    verbose_name = _("晋升申请与公示")
