"""工作日历: month grids per year; statutory years read-only; HR-entered years edited day by day through the
calendar service (audited, a reason required); unknown years may be entered."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.calendars.models import CalendarDay, CalendarSource, CalendarYear
from careerpath.calendars.selectors import DayKind, calendar_year_view
from careerpath.calendars.services import calendar_year_set
from tests.web.data_fixtures import *  # noqa: F403 - the fixtures
from tests.web.data_fixtures import as_user

pytestmark = pytest.mark.django_db
HR_YEAR = 2031  # beyond any statutory calendar


@pytest.fixture
def hr_year(hr):  # noqa: ANN001, ANN201
    return calendar_year_set(actor=hr, year=HR_YEAR, holidays={date(2031, 1, 1): "元旦"},
                             workdays={date(2031, 1, 4): "调休上班"}, note="按 2031 年放假通知录入")


def _day(html: str, iso: str) -> str:
    return re.search(rf'<td class="(\w+)" data-day="{iso}"', html).group(1)


def test_a_statutory_year_shows_its_holidays_and_makeup_days_read_only(client, hr, django_assert_max_num_queries):
    as_user(client, hr)
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:data_calendar_year", args=[2026])).content.decode()
    assert "国务院放假安排（只读）" in html
    assert _day(html, "2026-10-01") == "holiday"  # 国庆节
    assert _day(html, "2026-01-05") == "workday"
    assert _day(html, "2026-01-10") == "weekend"
    makeup = CalendarDay.objects.filter(day__year=2026, is_workday=True).first()
    assert _day(html, makeup.day.isoformat()) == "makeup"
    assert 'data-testid="day-edit"' not in html


def test_a_day_of_a_statutory_year_cannot_be_changed(client, hr):
    as_user(client, hr)
    before = list(CalendarDay.objects.filter(day__year=2026).values_list("day", "is_workday"))
    res = client.post(reverse("web:data_calendar_day", args=[2026]),
                      {"day": "2026-10-01", "workday": "1", "name": "", "note": "试试"})
    assert res.status_code == 400 and "只读" in res.content.decode()
    assert list(CalendarDay.objects.filter(day__year=2026).values_list("day", "is_workday")) == before


def test_hr_marks_a_weekday_off_as_a_holiday_with_a_reason(client, hr, hr_year):
    as_user(client, hr)
    html = client.get(reverse("web:data_calendar_year", args=[HR_YEAR])).content.decode()
    assert 'data-testid="day-edit"' in html and _day(html, "2031-01-01") == "holiday"
    res = client.post(reverse("web:data_calendar_day", args=[HR_YEAR]),
                      {"day": "2031-05-02", "workday": "0", "name": "劳动节", "note": "补录劳动节"})
    assert res.status_code == 302
    view = calendar_year_view(year=HR_YEAR)
    may2 = next(d for w in view.months[4].weeks for d in w if d and d.day == date(2031, 5, 2))
    assert may2.kind == DayKind.HOLIDAY and may2.name == "劳动节"
    # the other entries of the year are kept, the year keeps its note, and the change is audited with its reason
    assert CalendarDay.objects.filter(day=date(2031, 1, 4), is_workday=True).exists()
    assert CalendarYear.objects.get(year=HR_YEAR).note == "按 2031 年放假通知录入"
    assert AuditEvent.objects.filter(action="calendar.set_year", actor=hr).count() == 2
    event = AuditEvent.objects.get(action="calendar.set_day")
    assert (event.actor, event.reason, event.from_state, event.to_state) == (hr, "补录劳动节", "workday", "holiday")
    assert event.data["day"] == "2031-05-02"
    # and the audit log says so in words
    html = client.get(reverse("web:data_audit") + "?action=calendar.set_day").content.decode()
    assert "修改工作日历中的一天" in html and "工作日 → 节假日" in html


def test_a_weekend_becomes_a_makeup_workday_and_back(client, hr, hr_year):
    as_user(client, hr)
    url = reverse("web:data_calendar_day", args=[HR_YEAR])
    client.post(url, {"day": "2031-02-08", "workday": "1", "name": "", "note": "春节调休"})
    assert CalendarDay.objects.get(day=date(2031, 2, 8)).is_workday
    client.post(url, {"day": "2031-02-08", "workday": "0", "name": "", "note": "调休取消"})
    assert not CalendarDay.objects.filter(day=date(2031, 2, 8)).exists()


@pytest.mark.parametrize(("data", "field_text"), [
    ({"day": "2030-05-01", "workday": "0", "note": "x"}, "日期须在 2031 年内"),
    ({"day": "2031-05-01", "workday": "0", "note": ""}, "请填写修改原因"),
    ({"day": "2031-13-01", "workday": "0", "note": "x"}, "请按 年-月-日 填写日期"),
    ({"day": "2031-05-01", "note": "x"}, "请选择上班或休息"),
])
def test_bad_input_names_the_field_and_changes_nothing(client, hr, hr_year, data, field_text):
    as_user(client, hr)
    before = list(CalendarDay.objects.filter(day__year=HR_YEAR).values_list("day", "is_workday", "name"))
    res = client.post(reverse("web:data_calendar_day", args=[HR_YEAR]), data)
    assert res.status_code == 400 and field_text in res.content.decode()
    assert list(CalendarDay.objects.filter(day__year=HR_YEAR).values_list("day", "is_workday", "name")) == before


def test_an_unknown_year_can_be_entered_by_hr(client, hr):
    as_user(client, hr)
    html = client.get(reverse("web:data_calendar_year", args=[2032])).content.decode()
    assert 'data-testid="year-unknown"' in html
    assert client.post(reverse("web:data_calendar_enter", args=[2032]), {"note": ""}).status_code == 400
    assert not CalendarYear.objects.filter(year=2032).exists()
    res = client.post(reverse("web:data_calendar_enter", args=[2032]), {"note": "国办发明电〔2031〕"})
    assert res.status_code == 302
    assert CalendarYear.objects.get(year=2032).source == CalendarSource.HR


def test_only_hr_and_admin_open_the_calendar(client, hr, admin, agent):
    for user, status in ((hr, 200), (admin, 200), (agent, 403)):
        as_user(client, user)
        assert client.get(reverse("web:data_calendar_year", args=[2026])).status_code == status
    as_user(client, agent)
    assert client.post(reverse("web:data_calendar_enter", args=[2033]), {"note": "x"}).status_code == 403
    as_user(client, hr)
    assert client.get(reverse("web:data_calendar_year", args=[1800])).status_code == 404


def test_the_english_calendar_speaks_english(client, hr, hr_year):
    as_user(client, hr)
    html = client.get(reverse("web:data_calendar_year", args=[HR_YEAR]) + "?lang=en").content.decode()
    main = re.sub(r"<[^>]+>", " ", html[html.index("<main"):])
    main = main.replace("元旦", "").replace("调休上班", "").replace("按 2031 年放假通知录入", "")  # data as entered
    assert "Working-day calendar" in main
    assert not re.search(r"[\u4e00-\u9fff]", main), re.findall(r".{20}[\u4e00-\u9fff]+.{20}", main)[:5]
