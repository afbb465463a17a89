"""On PostgreSQL the database also refuses TRUNCATE of the audit table.

The row trigger of 0002 never fires for TRUNCATE (it removes no single row), so a statement-level
trigger closes that gap, including a TRUNCATE ... CASCADE reaching the table through a foreign key.

The one way through is the session (or transaction) setting ``careerpath.allow_audit_truncate = 'on'``,
which only ``careerpath flush --allow-audit-loss`` (or CAREERPATH_ALLOW_AUDIT_LOSS=1, which the test
suite sets for its flushes between tests) turns on. Any session may set it, so this guards against
accidents, not against a hostile role: that is the job of the privileges in docs/deployment.md (the
application's role gets no TRUNCATE and does not own the table, so it can neither truncate it nor
drop or disable the trigger). SQLite gets no trigger, as in 0002.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION careerpath_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('careerpath.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE of % refused', TG_TABLE_NAME
        USING HINT = 'careerpath flush --allow-audit-loss erases them on purpose';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION careerpath_audit_no_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS careerpath_audit_no_truncate();
"""


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # no placeholders: the % is PL/pgSQL's


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
