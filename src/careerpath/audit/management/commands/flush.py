"""careerpath flush — Django's flush, refusing to erase the audit log unless told explicitly.

A command named ``flush`` in an installed app takes precedence over django.core's, so every caller
(the CLI, ``call_command``, the test runner's flush between transactional tests) comes through here.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from careerpath.audit.selectors import audit_event_count

CONSENT_VARIABLE = "CAREERPATH_ALLOW_AUDIT_LOSS"
EXIT_REFUSED = 2


def consent_from_environment() -> bool:
    """Whether CAREERPATH_ALLOW_AUDIT_LOSS says yes; a value that is neither yes nor no is an error."""
    # Read here, not in the settings: the consent belongs to this one run, not to the deployment.
    raw = os.environ.get(CONSENT_VARIABLE, "").strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise CommandError(f"{CONSENT_VARIABLE}={raw!r} 不是布尔值 is not a boolean (use 1/0, true/false, yes/no, on/off)",
                       returncode=EXIT_REFUSED)


class Command(DjangoFlush):
    help = (DjangoFlush.help + " 数据库中有审计事件时拒绝执行，除非加 --allow-audit-loss "
            f"(refuses a database holding audit events unless --allow-audit-loss or {CONSENT_VARIABLE}=1).")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--allow-audit-loss", action="store_true",
            help=f"确认删除全部审计事件 erase the audit log too (or set {CONSENT_VARIABLE}=1)")

    def handle(self, **options: Any) -> None:
        database = options["database"]
        consent = options.get("allow_audit_loss", False) or consent_from_environment()
        held = audit_event_count(using=database)
        if held and not consent:
            raise CommandError(
                f"数据库中有 {held} 条审计事件，flush 会将其全部删除；确需清空请加 --allow-audit-loss "
                f"或设置 {CONSENT_VARIABLE}=1 (the database holds {held} audit events, which flush would "
                f"erase: pass --allow-audit-loss or set {CONSENT_VARIABLE}=1 to erase them on purpose)",
                returncode=EXIT_REFUSED)
        connection = connections[database]
        if connection.vendor != "postgresql":
            super().handle(**options)
            return
        # Decided above: let this session's TRUNCATE through the audit table's trigger, for this flush only.
        with connection.cursor() as cursor:
            cursor.execute("SET careerpath.allow_audit_truncate = 'on'")
        try:
            super().handle(**options)
        finally:
            if not connection.needs_rollback:  # else the failed transaction takes the setting with it
                with connection.cursor() as cursor:
                    cursor.execute("RESET careerpath.allow_audit_truncate")
