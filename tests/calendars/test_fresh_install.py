"""A fresh install (migrate + import, no demo) has the statutory calendar: notices and cycles work."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.calendars.models import CalendarDay, CalendarSource, CalendarYear
from careerpath.evidence.services import workbook_import
from careerpath.holidays import known_years
from careerpath.people.models import Department
from careerpath.policy_versions.models import PolicyStatus, PolicyVersion
from tests.apiclient import Api, make_user
from tests.procedures.conftest import make_reporting_line

pytestmark = pytest.mark.django_db


def test_it_has_every_statutory_year_after_migrate() -> None:
    # given: the test database, created by `migrate` and nothing else
    # then
    years = dict(CalendarYear.objects.values_list("year", "source"))
    assert sorted(years) == list(known_years()) and {2025, 2026} <= set(years)
    assert set(years.values()) == {CalendarSource.STATUTORY}
    # National Day 2026 is off; Saturday 10-10 is a 调休 make-up workday
    assert CalendarDay.objects.get(day=date(2026, 10, 1)).is_workday is False
    assert CalendarDay.objects.get(day=date(2026, 10, 10)).is_workday is True


def test_it_has_the_configured_preset_as_the_active_version_after_migrate(settings) -> None:
    # given: the test database, created by `migrate` and nothing else
    # then: one published, active version of the configured preset, its notes saying what happened
    pv = PolicyVersion.objects.get()
    assert (pv.name, pv.status, pv.is_active) == (settings.CAREERPATH_POLICY, PolicyStatus.PUBLISHED, True)
    assert "待人力资源部补录" in pv.consultation_note and "待人力资源部补录" in pv.announcement_note


def test_it_publishes_a_notice_and_opens_a_cycle_after_migrate_and_import(make_workbook, policy, settings) -> None:
    # given: a fresh install with an imported company and logins; no policy set-up beyond migrate
    settings.CAREERPATH_TODAY = "2026-09-28"
    workbook_import(path=make_workbook(30), policy=policy)
    mgr, sup, agent = make_reporting_line(Department.objects.create(name="试点客服部"))
    me, boss, head = (Api(make_user("agent", "employee", employee=agent)),
                      Api(make_user("supervisor", "supervisor", "employee", employee=sup)),
                      Api(make_user("manager", "manager", "employee", employee=mgr)))
    hr = Api(make_user("hr", "hr"))
    pk = me.post("/applications", {"employee_no": "E1", "to_level": "intermediate"}).json()["id"]
    assert me.post(f"/applications/{pk}/submit", {}).status_code == 200
    assert boss.post(f"/applications/{pk}/supervisor_review", {"interview_note": "面谈", "review_report": "同意"}
                     ).status_code == 200
    assert head.post(f"/applications/{pk}/manager_review", {"note": "同意"}).status_code == 200

    # when
    notice = hr.post("/notices", {"application_ids": [pk], "published_on": "2026-09-30",
                                  "effective_on": "2026-10-16"})
    cycle = hr.post("/cycles", {"year": 2026})

    # then
    assert notice.status_code == 201, notice.json()
    assert (notice.json()["first_day"], notice.json()["last_day"]) == ("2026-09-30", "2026-10-12")
    assert cycle.status_code == 201, cycle.json()
    # 7 working days: 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 (调休), 10-12
    assert cycle.json()["nomination_deadline"] == "2026-10-12"
