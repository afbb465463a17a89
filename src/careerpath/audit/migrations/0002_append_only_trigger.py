"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit events.

The model and queryset already refuse them; the trigger also stops raw SQL and other programs.
SQLite gets no trigger: its test-database flush deletes rows, and it is the embedded, single-user mode.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION careerpath_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION careerpath_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS careerpath_audit_append_only();
"""


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
