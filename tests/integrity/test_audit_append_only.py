"""Append-only means append-only: TRUNCATE and `flush` cannot wipe the audit log (issue 7, finding 6).

On PostgreSQL a statement trigger refuses TRUNCATE of the audit table (the row trigger cannot see it);
`flush`, on either database, refuses a database holding audit events unless told explicitly.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from careerpath.audit.models import AuditEvent
from careerpath.audit.services import audit_record
from careerpath.people.models import Department

only_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
CONSENT = "CAREERPATH_ALLOW_AUDIT_LOSS"


def _events(n: int = 2) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.event", target=("test", str(i)))
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Check the deferred foreign keys now: PostgreSQL refuses any TRUNCATE of a table with pending
        # trigger events, which would hide whether the audit trigger refuses it.
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _refused(sql: str) -> str:
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    return str(exc.value)


@only_postgresql
@pytest.mark.parametrize("sql", [
    "TRUNCATE audit_auditevent",
    "TRUNCATE audit_auditevent RESTART IDENTITY",
    "TRUNCATE auth_user CASCADE",  # reaches the audit table through its actor foreign key
])
def test_it_refuses_truncate_of_the_audit_table(db, sql) -> None:  # noqa: ANN001
    _events()
    held = AuditEvent.objects.count()
    assert "append-only" in _refused(sql)
    assert AuditEvent.objects.count() == held


@only_postgresql
def test_it_still_refuses_update_and_delete_in_sql(db) -> None:  # noqa: ANN001
    _events()
    held = AuditEvent.objects.count()
    assert "append-only" in _refused("UPDATE audit_auditevent SET reason = 'x'")
    assert "append-only" in _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == held


@only_postgresql
def test_the_truncate_guard_yields_only_to_the_session_setting(db) -> None:  # noqa: ANN001
    # the escape hatch `flush --allow-audit-loss` uses, for this transaction only
    _events()
    with connection.cursor() as cur:
        cur.execute("SET LOCAL careerpath.allow_audit_truncate = 'off'")
    _refused("TRUNCATE audit_auditevent")
    with connection.cursor() as cur:
        cur.execute("SET LOCAL careerpath.allow_audit_truncate = 'on'")
        cur.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 0


def test_flush_refuses_a_database_holding_audit_events(db, monkeypatch) -> None:  # noqa: ANN001
    # given audit events and no explicit consent
    monkeypatch.delenv(CONSENT, raising=False)
    _events(3)
    held = AuditEvent.objects.count()  # the three, and the statutory calendar's loading
    Department.objects.create(name="华东客服一部")
    # when an operator runs flush
    with pytest.raises(CommandError) as exc:
        call_command("flush", interactive=False, verbosity=0)
    # then it says why and how to go on, and nothing is gone
    assert f"{held} audit events" in str(exc.value)
    assert "--allow-audit-loss" in str(exc.value) and CONSENT in str(exc.value)
    assert AuditEvent.objects.count() == held and Department.objects.count() == 1


def test_flush_refuses_when_the_consent_variable_says_no(db, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(CONSENT, "0")
    _events(1)
    held = AuditEvent.objects.count()
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == held


@pytest.mark.parametrize("consent", ["flag", "environment"])
def test_flush_with_explicit_consent_empties_the_database(transactional_db, monkeypatch, consent) -> None:  # noqa: ANN001
    # given audit events, and the operator saying explicitly that they may go
    _events(2)
    Department.objects.create(name="华东客服一部")
    # (monkeypatch.context: the suite's own consent must be back for pytest-django's flush after the test)
    with monkeypatch.context() as m:
        if consent == "flag":
            m.delenv(CONSENT, raising=False)
            call_command("flush", interactive=False, verbosity=0, allow_audit_loss=True)
        else:
            m.setenv(CONSENT, "1")
            call_command("flush", interactive=False, verbosity=0)
    # (flush's post-migrate step loads the statutory calendar again, and audits that)
    assert not AuditEvent.objects.filter(action="test.event").exists() and Department.objects.count() == 0


@only_postgresql
def test_the_consent_ends_with_the_flush(transactional_db, monkeypatch) -> None:  # noqa: ANN001
    # given a flush that was allowed to erase the log
    _events(1)
    with monkeypatch.context() as m:
        m.delenv(CONSENT, raising=False)
        call_command("flush", interactive=False, verbosity=0, allow_audit_loss=True)
    # then the same connection is guarded again afterwards
    _events(1)
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), connection.cursor() as cur:
        cur.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == before


def test_flush_refuses_a_consent_it_cannot_read(db, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv(CONSENT, "maybe")
    with pytest.raises(CommandError) as exc:
        call_command("flush", interactive=False, verbosity=0)
    assert CONSENT in str(exc.value)


def test_the_console_script_refuses_to_flush_and_exits_2(tmp_path) -> None:  # noqa: ANN001
    # the real `careerpath flush`, as an operator would type it, on a freshly migrated SQLite file
    script = Path(sys.executable).with_name("careerpath")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "careerpath"]
    env = {k: v for k, v in os.environ.items() if k != CONSENT}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'flush.sqlite3'}"
    run = functools.partial(subprocess.run, env=env, capture_output=True, text=True, timeout=300)
    assert run([*cmd, "migrate", "--verbosity", "0"]).returncode == 0
    refused = run([*cmd, "flush", "--noinput"])
    assert refused.returncode == 2 and "--allow-audit-loss" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run([*cmd, "flush", "--noinput", "--allow-audit-loss"]).returncode == 0
