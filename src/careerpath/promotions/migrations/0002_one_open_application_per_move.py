"""At most one open application per person and move, enforced by the database (issue 7, finding 4).

Before the constraint, simultaneous requests could open duplicates. Which duplicate to end is a decision
for HR, not for a migration: when any exist, the migration stops and names them (withdraw the extra ones
in the admin or with the API, then run migrate again).
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Count

FINAL = ["confirmed", "rejected", "reverted", "withdrawn"]


def refuse_duplicates(apps, schema_editor):  # noqa: ANN001, ANN201
    Application = apps.get_model("promotions", "Application")
    open_ = Application.objects.using(schema_editor.connection.alias).exclude(state__in=FINAL)
    dups = (open_.values("employee__employee_no", "move_id").annotate(n=Count("id")).filter(n__gt=1)
            .order_by("employee__employee_no", "move_id"))
    if dups:
        lines = []
        for d in dups:
            ids = sorted(open_.filter(employee__employee_no=d["employee__employee_no"], move_id=d["move_id"])
                         .values_list("id", flat=True))
            lines.append(f"  {d['employee__employee_no']} {d['move_id']}: #" + ", #".join(map(str, ids)))
        raise CommandError(
            "同一员工同一晋升路径有多个进行中的申请，请先撤回多余的申请再迁移 (duplicate open applications: withdraw "
            "the extra ones, then migrate again):\n" + "\n".join(lines))


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
        ('policy_versions', '0001_initial'),
        ('promotions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('state__in', FINAL), _negated=True), fields=('employee', 'move_id'), name='application_one_open_per_move', violation_error_code='already_open', violation_error_message='该员工已有此晋升路径的进行中申请 (an application for this move is open)'),
        ),
    ]
