"""Tokens expire: existing ones get the default lifetime counted from this migration, so no script
stops working the moment it is applied; a revoked token keeps when it was revoked."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def _give_existing_tokens_an_expiry(apps, schema_editor):  # noqa: ANN001, ANN202
    ApiToken = apps.get_model("api", "ApiToken")
    days = getattr(settings, "API_TOKEN_EXPIRY_DAYS", 90)
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + timedelta(days=days))


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        # Set by the service, so a token's expiry is exactly its lifetime after its creation.
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(default=timezone.now, verbose_name="创建时间"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="吊销时间"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="到期时间"),
        ),
        migrations.RunPython(_give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="到期时间"),
        ),
    ]
