from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_configured_preset(*, using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs: object) -> None:
    """After ``migrate``, store the configured preset as the active version when no version exists yet.

    Without it a fresh install evaluated people with the preset (``active_policy`` falls back to it) but
    refused every application with ``no_active_policy``: two answers to "which rules are in force".
    A post_migrate handler, like the calendar's, so the test database gets it after every flush too.
    It never touches a database that already holds a version.
    """
    from django.conf import settings
    from django.db import connections

    from careerpath.audit.models import AuditEvent
    from careerpath.policy_versions.models import PolicyVersion
    from careerpath.policy_versions.services import policy_version_install_first

    if using != DEFAULT_DB_ALIAS:
        return
    tables = set(connections[using].introspection.table_names())
    if not {PolicyVersion._meta.db_table, AuditEvent._meta.db_table} <= tables:
        return
    pv = policy_version_install_first(name=settings.CAREERPATH_POLICY)
    if pv is not None and verbosity >= 1:
        line = f"  已启用预置晋升办法 installed the preset policy: {pv.name} {pv.version}"
        stdout = kwargs.get("stdout")
        if stdout is not None:
            stdout.write(line)  # type: ignore[attr-defined]
        else:
            print(line)


class PolicyVersionsConfig(AppConfig):
    name = "careerpath.policy_versions"
    verbose_name = _("晋升办法版本")

    def ready(self) -> None:
        post_migrate.connect(_install_configured_preset, sender=self,
                             dispatch_uid="careerpath.policy_versions.install")
