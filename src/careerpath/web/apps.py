from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "careerpath.web"
    label = "web"
    verbose_name = _("网站")

    def ready(self) -> None:
        from django.core import checks

        from careerpath.clock import check_pinned_today

        # The pinned date is validated once at start-up, not by the first request that reads the clock.
        checks.register(check_pinned_today)
