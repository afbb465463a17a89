from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_statutory_calendar(*, using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs: object) -> None:
    """After every ``migrate``, load the statutory years the installed chinesecalendar knows.

    A post_migrate handler rather than a data migration: a migration runs once, with the package of that
    day, while this also loads the years a newer package brings at the next ``migrate``; and the test
    database gets it after every flush too. It only adds missing years: loaded years change only through
    ``careerpath calendar refresh``, which reports what it changes.
    """
    from django.db import connections

    from careerpath.audit.models import AuditEvent
    from careerpath.calendars.models import CalendarDay, CalendarYear
    from careerpath.calendars.services import calendar_refresh

    if using != DEFAULT_DB_ALIAS:
        return
    tables = set(connections[using].introspection.table_names())
    if not {CalendarYear._meta.db_table, CalendarDay._meta.db_table, AuditEvent._meta.db_table} <= tables:
        return  # migrated backwards, or only part of the way: nothing to load into yet
    report = calendar_refresh(actor=None, update_loaded=False)
    if report.years_added and verbosity >= 1:
        stdout = kwargs.get("stdout")
        years = report.years_added
        line = f"  已载入法定工作日历 loaded the statutory calendar: {years[0]}–{years[-1]} ({len(years)} 年 years)"
        if stdout is not None:
            stdout.write(line)  # type: ignore[attr-defined]
        else:
            print(line)


class CalendarsConfig(AppConfig):
    name = "careerpath.calendars"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        post_migrate.connect(_load_statutory_calendar, sender=self, dispatch_uid="careerpath.calendars.load")
