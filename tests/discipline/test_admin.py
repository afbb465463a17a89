"""The admin shows discipline read-only, except HR's notes on a case, which are saved through a service."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from careerpath.audit.models import AuditEvent
from careerpath.discipline.models import DemotionCase
from careerpath.discipline.services import incident_record
from careerpath.org.models import HeadcountPlan

from .conftest import Company

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(company: Company) -> Client:
    su = get_user_model().objects.create_superuser("root", password="pw-12345")
    c = Client()
    c.force_login(su)
    return c


def test_admin_pages_render_and_case_notes_are_the_only_edit(company: Company, admin_client: Client) -> None:
    case = incident_record(actor=company.users["hr"], employee=company.senior, date=date(2026, 11, 2),
                           type="触犯高压线").case
    HeadcountPlan.objects.create(department=None, level="director", planned=1)
    for url in ["/admin/discipline/demotioncase/", f"/admin/discipline/demotioncase/{case.pk}/change/",
                "/admin/discipline/allowancededuction/", "/admin/discipline/casedocument/",
                "/admin/org/headcountplan/", "/admin/org/headcountplan/add/"]:
        assert admin_client.get(url).status_code == 200, url
    res = admin_client.post(f"/admin/discipline/demotioncase/{case.pk}/change/",
                            {"notes": "已约谈本人", "proposal": "removal", "state": "effective",
                             "decisions-TOTAL_FORMS": 0, "decisions-INITIAL_FORMS": 0,
                             "documents-TOTAL_FORMS": 0, "documents-INITIAL_FORMS": 0})
    assert res.status_code == 302, res.content.decode()[:2000]
    case = DemotionCase.objects.get(pk=case.pk)
    assert (case.notes, case.proposal, case.state) == ("已约谈本人", "one_level_down", "proposed")
    assert case.incidents.count() == 1  # the read-only evidence survived the save
    assert AuditEvent.objects.filter(action="demotion_case.notes", actor_label="root").count() == 1


def test_headcount_saved_in_the_admin_goes_through_the_service(company: Company, admin_client: Client) -> None:
    res = admin_client.post("/admin/org/headcountplan/add/", {"level": "supervisor", "planned": 3, "note": "x"})
    assert res.status_code == 302
    assert HeadcountPlan.objects.get().planned == 3
    assert AuditEvent.objects.filter(action="headcount.set", actor_label="root").count() == 1
    res = admin_client.post("/admin/org/headcountplan/add/", {"level": "chief", "planned": 3})
    assert res.status_code == 200 and "未知职级" in res.content.decode()
