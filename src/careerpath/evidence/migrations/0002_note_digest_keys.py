"""Natural keys of praises and incidents over the note's SHA-256 instead of the note (issue 7, finding 7).

A unique index over the note itself cannot hold a long note on PostgreSQL (btree entries are limited
to 2704 bytes). Existing rows get their digest before the new constraints are created.
"""

import hashlib

from django.conf import settings
from django.db import migrations, models


def _fill_digests(apps, schema_editor):
    # The digest as evidence.models.note_digest computes it (a migration must not import the model code).
    for name in ("Praise", "Incident"):
        model = apps.get_model("evidence", name)
        batch = []
        for obj in model.objects.only("pk", "note").iterator(chunk_size=2000):
            obj.note_sha256 = hashlib.sha256((obj.note or "").encode("utf-8")).hexdigest()
            batch.append(obj)
            if len(batch) == 2000:
                model.objects.bulk_update(batch, ["note_sha256"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["note_sha256"])


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0001_initial'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='incident',
            name='incident_natural_key',
        ),
        migrations.RemoveConstraint(
            model_name='praise',
            name='praise_natural_key',
        ),
        migrations.AddField(
            model_name='incident',
            name='note_sha256',
            field=models.CharField(default='e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', editable=False, max_length=64, verbose_name='说明摘要'),
        ),
        migrations.AddField(
            model_name='praise',
            name='note_sha256',
            field=models.CharField(default='e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', editable=False, max_length=64, verbose_name='说明摘要'),
        ),
        migrations.RunPython(_fill_digests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='attestation',
            name='note',
            field=models.TextField(blank=True, default='', max_length=2000, verbose_name='说明'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='note',
            field=models.TextField(blank=True, default='', max_length=2000, verbose_name='说明'),
        ),
        migrations.AlterField(
            model_name='praise',
            name='note',
            field=models.TextField(blank=True, default='', max_length=2000, verbose_name='说明'),
        ),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(fields=('employee', 'date', 'type', 'note_sha256'), name='incident_natural_key'),
        ),
        migrations.AddConstraint(
            model_name='praise',
            constraint=models.UniqueConstraint(fields=('employee', 'date', 'source', 'customer', 'note_sha256'), name='praise_natural_key'),
        ),
    ]
