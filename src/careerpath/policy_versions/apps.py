from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import pgettext_lazy


def _install_configured_preset() -> str | None:
    """After ``migrate``, store the configured preset as the active version when no version exists yet.

    Without it a fresh install evaluated people with the preset (``active_policy`` falls back to it) but
    refused every application with ``no_active_policy``: two answers to "which rules are in force".
    It never touches a database that already holds a version.
    """
    from django.conf import settings

    from careerpath.policy_versions.services import policy_version_install_first

    pv = policy_version_install_first(name=settings.CAREERPATH_POLICY)
    return f"  已启用预置晋升办法 installed the preset policy: {pv.name} {pv.version}" if pv else None


def _tables() -> list[str]:
    from careerpath.audit.models import AuditEvent
    from careerpath.policy_versions.models import PolicyVersion

    return [PolicyVersion._meta.db_table, AuditEvent._meta.db_table]


class PolicyVersionsConfig(AppConfig):
    name = "careerpath.policy_versions"
    verbose_name = pgettext_lazy("plural", "晋升办法版本")

    def ready(self) -> None:
        from careerpath.install import after_migrate

        post_migrate.connect(after_migrate(_install_configured_preset, tables=_tables), sender=self,
                             dispatch_uid="careerpath.policy_versions.install", weak=False)
