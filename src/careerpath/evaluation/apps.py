from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "careerpath.evaluation"
    label = "evaluation"
    verbose_name = _("资格快照")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Marks a person's stored eligibility stale when one of their facts is saved or deleted.
        from careerpath.evaluation import invalidation

        invalidation.connect()
