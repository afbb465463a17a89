"""Audit log, policy versions and the working-day calendar (issue: procedures)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from careerpath.audit.models import AppendOnly, AuditEvent
from careerpath.audit.services import audit_record
from careerpath.calendars.selectors import work_calendar
from careerpath.calendars.services import CalendarInputError, calendar_seed, calendar_year_set
from careerpath.core.loader import read_policy_source
from careerpath.core.workdays import CalendarMissing
from careerpath.errors import InvalidInput
from careerpath.policy_versions.models import Immutable, PolicyStatus, PolicyVersion
from careerpath.policy_versions.selectors import active_policy, active_version
from careerpath.policy_versions.services import (
    PolicyVersionError,
    policy_version_activate,
    policy_version_create,
    policy_version_install_preset,
    policy_version_publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("hr1", password="x")
    user.groups.add(Group.objects.get_or_create(name="hr")[0])
    return user


def test_people_without_the_hr_role_cannot_manage_policies_or_the_calendar() -> None:
    from careerpath.errors import Forbidden

    clerk = get_user_model().objects.create_user("clerk", password="x")
    text, _ = read_policy_source("logistics-dual-track")
    with pytest.raises(Forbidden):
        policy_version_create(actor=clerk, yaml_text=text)
    with pytest.raises(Forbidden):
        calendar_year_set(actor=clerk, year=2027, holidays={}, workdays={})


def test_audit_events_cannot_be_changed_or_deleted(hr) -> None:
    ev = audit_record(actor=hr, action="test.act", target=("thing", "1"), from_state="a", to_state="b", reason="why")
    assert (ev.actor_label, ev.target_type, ev.reason) == ("hr1", "thing", "why")
    ev.reason = "rewritten"
    with pytest.raises(AppendOnly):
        ev.save()
    with pytest.raises(AppendOnly):
        ev.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=ev.pk).update(reason="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=ev.pk).reason == "why"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_refuses_raw_updates_of_audit_events(hr) -> None:
    ev = audit_record(actor=None, action="test.act", target=("thing", "1"))
    assert ev.actor_label == "system"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [ev.pk])


def test_a_policy_version_is_validated_published_and_then_immutable(hr) -> None:
    text, _ = read_policy_source("ecommerce-three-levels")
    pv = policy_version_create(actor=hr, yaml_text=text)
    assert pv.is_valid and pv.status == PolicyStatus.DRAFT
    with pytest.raises(PolicyVersionError) as exc:
        policy_version_publish(actor=hr, version=pv, published_on=date(2026, 11, 1), consultation_note="",
                               announcement_note="已公示")
    assert exc.value.code == "notes_required"
    pv = policy_version_publish(actor=hr, version=pv, published_on=date(2026, 11, 1),
                                consultation_note="2026-10-20 职工代表大会讨论通过", announcement_note="2026-10-25 内网公示")
    assert pv.is_active and active_version() == pv and active_policy().name == "ecommerce-three-levels"
    pv.yaml_text = pv.yaml_text.replace("初级客服", "初级")
    with pytest.raises(Immutable):
        pv.save()
    actions = list(AuditEvent.objects.filter(target_type="policyversion", target_id=str(pv.pk))
                   .values_list("action", flat=True))
    assert sorted(actions) == ["policy.activate", "policy.create", "policy.publish"]


def test_an_invalid_policy_is_refused_and_nothing_is_stored(hr) -> None:
    before = PolicyVersion.objects.count()
    with pytest.raises(InvalidInput) as exc:
        policy_version_create(actor=hr, yaml_text="name: x\nlevels: []\n")
    assert exc.value.code == "policy_invalid"
    assert ["levels", "缺少职级列表 missing list of levels"] in exc.value.details["problems"]
    assert PolicyVersion.objects.count() == before
    # an invalid draft stored by an earlier release still cannot be published or activated
    old = PolicyVersion.objects.create(name="invalid", version="draft", yaml_text="name: x\n",
                                       problems=[["levels", "缺少职级列表 missing list of levels"]])
    with pytest.raises(PolicyVersionError) as refused:
        policy_version_publish(actor=hr, version=old, published_on=date(2026, 11, 1), consultation_note="a",
                               announcement_note="b")
    assert refused.value.code == "invalid"
    with pytest.raises(PolicyVersionError):
        policy_version_activate(actor=hr, version=old)


def test_only_one_version_is_active(hr) -> None:
    a = policy_version_install_preset(actor=hr, name="logistics-dual-track", published_on=date(2026, 1, 1))
    b = policy_version_install_preset(actor=hr, name="ecommerce-three-levels", published_on=date(2026, 2, 1))
    a.refresh_from_db()
    assert b.is_active and not a.is_active
    assert policy_version_install_preset(actor=hr, name="ecommerce-three-levels", published_on=date(2026, 2, 1)) == b


def test_the_calendar_is_seeded_and_refuses_unknown_years(hr) -> None:
    calendar_seed(years=[2026])
    cal = work_calendar()
    assert cal.deadline(date(2026, 9, 30), 5) == date(2026, 10, 12)
    with pytest.raises(CalendarMissing):
        cal.deadline(date(2026, 12, 28), 7)


def test_hr_enters_2027_and_reseeding_keeps_it(hr) -> None:
    calendar_seed(years=[2026])
    calendar_year_set(actor=hr, year=2027, holidays={date(2027, 1, 1): "元旦"}, workdays={}, note="国办发明电〔2026〕")
    calendar_seed(years=[2026])
    cal = work_calendar()
    assert cal.deadline(date(2026, 12, 28), 7) == date(2027, 1, 6)


@pytest.mark.parametrize("holidays,workdays,field", [
    ({date(2026, 1, 1): "x"}, {}, "holidays"),         # wrong year
    ({date(2027, 1, 2): "x"}, {}, "holidays"),         # a Saturday is not a holiday to enter
    ({}, {date(2027, 1, 4): "x"}, "workdays"),         # a Monday is not a make-up workday
])
def test_bad_calendar_entries_are_refused_with_the_field(hr, holidays, workdays, field) -> None:  # noqa: ANN001
    with pytest.raises(CalendarInputError) as exc:
        calendar_year_set(actor=hr, year=2027, holidays=holidays, workdays=workdays)
    assert exc.value.field == field
