"""`careerpath calendar refresh`: new statutory years are loaded, changed days updated, HR years kept."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from careerpath.audit.models import AuditEvent
from careerpath.calendars.models import CalendarDay, CalendarSource, CalendarYear
from careerpath.calendars.selectors import work_calendar
from careerpath.calendars.services import calendar_refresh, calendar_year_set
from careerpath.core.workdays import WorkCalendar
from careerpath.errors import Forbidden
from careerpath.holidays import statutory_calendar
from tests.apiclient import make_user

pytestmark = pytest.mark.django_db


def _newer_package() -> WorkCalendar:
    """What a later chinesecalendar might say: 2027 and 2028 published, one 2026 day corrected."""
    now = statutory_calendar()
    holidays = dict(now.holidays) | {date(2027, 1, 1): "New Year's Day", date(2028, 1, 3): "New Year's Day"}
    holidays.pop(date(2026, 10, 7))  # a corrected schedule: 10-07 becomes a working day
    workdays = dict(now.workdays) | {date(2027, 2, 7): "Spring Festival"}
    return WorkCalendar(now.years | {2027, 2028}, holidays, workdays)


def test_it_loads_new_years_updates_changed_days_and_keeps_hr_years() -> None:
    # given: HR entered 2028 by hand before the package knew it
    hr = make_user("hr", "hr")
    calendar_year_set(actor=hr, year=2028, holidays={date(2028, 1, 3): "元旦（人力资源部）"}, workdays={})

    # when
    report = calendar_refresh(actor=None, statutory=_newer_package())

    # then
    assert report.years_added == (2027,)
    assert report.days_changed == {2026: 1}
    assert report.hr_years_kept == (2028,)
    assert CalendarYear.objects.get(year=2027).source == CalendarSource.STATUTORY
    assert CalendarDay.objects.get(day=date(2028, 1, 3)).name == "元旦（人力资源部）"
    cal = work_calendar()
    assert cal.is_working_day(date(2026, 10, 7)) and cal.is_working_day(date(2027, 2, 7))
    assert not cal.is_working_day(date(2027, 1, 1))
    event = AuditEvent.objects.filter(action="calendar.refresh").order_by("-pk").first()
    assert event.data["years_added"] == [2027] and event.data["hr_years_kept"] == [2028]


def test_it_changes_nothing_and_audits_nothing_when_the_calendar_is_current() -> None:
    before = AuditEvent.objects.filter(action="calendar.refresh").count()
    report = calendar_refresh(actor=None)
    assert not report.changed and report.years_added == () and report.days_changed == {}
    assert AuditEvent.objects.filter(action="calendar.refresh").count() == before
    assert "nothing changed" in "\n".join(report.lines())


def test_only_hr_refreshes_it_as_a_person() -> None:
    with pytest.raises(Forbidden):
        calendar_refresh(actor=make_user("agent", "employee"))


def test_the_command_reports_a_year_it_loaded_again() -> None:
    # given: 2025 lost (as if the package that knew it came after the last migrate)
    CalendarDay.objects.filter(day__year=2025).delete()
    CalendarYear.objects.filter(year=2025).delete()
    out = StringIO()

    # when
    call_command("calendar", "refresh", stdout=out)

    # then
    text = out.getvalue()
    assert "years added: 2025" in text and "days changed: 无 none" in text
    assert work_calendar().deadline(date(2025, 9, 30), 5) == date(2025, 10, 13)
