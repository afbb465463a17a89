from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_statutory_calendar() -> str | None:
    """After every ``migrate``, load the statutory years the installed chinesecalendar knows.

    A post_migrate step rather than a data migration: a migration runs once, with the package of that
    day, while this also loads the years a newer package brings at the next ``migrate``; and the test
    database gets it after every flush too. It only adds missing years: loaded years change only through
    ``careerpath calendar refresh``, which reports what it changes.
    """
    from careerpath.calendars.services import calendar_refresh

    years = calendar_refresh(actor=None, update_loaded=False).years_added
    if not years:
        return None
    return f"  已载入法定工作日历 loaded the statutory calendar: {years[0]}–{years[-1]} ({len(years)} 年 years)"


def _tables() -> list[str]:
    from careerpath.audit.models import AuditEvent
    from careerpath.calendars.models import CalendarDay, CalendarYear

    return [CalendarYear._meta.db_table, CalendarDay._meta.db_table, AuditEvent._meta.db_table]


class CalendarsConfig(AppConfig):
    name = "careerpath.calendars"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from careerpath.install import after_migrate

        post_migrate.connect(after_migrate(_load_statutory_calendar, tables=_tables), sender=self,
                             dispatch_uid="careerpath.calendars.load", weak=False)
