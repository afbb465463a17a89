"""Every people/evidence model is usable in the admin: list, search, filters, add and change pages."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_upsert
from careerpath.evidence.services import workbook_import

pytestmark = pytest.mark.django_db

APPS = ("people", "evidence")


def _models():
    return [m for m in admin.site._registry if m._meta.app_label in APPS]


def test_all_record_types_are_registered():
    names = {m.__name__ for m in _models()}
    assert names == {
        "Department", "Employee", "Position", "Praise", "Mentorship", "Training", "Leave", "MetricMonth",
        "Exam", "Appraisal", "Attestation", "Incident", "ImportBatch", "EvidenceSubmission",
    }  # fmt: skip


@pytest.mark.parametrize("username,superuser", [("root", True), ("hr", False)])
def test_changelists_search_and_change_pages_render(client, make_workbook, policy, username, superuser):
    workbook_import(path=make_workbook(30), policy=policy)
    user_upsert(username=username, password="pw-admin-123", roles=[Role.HR], superuser=superuser)
    assert client.login(username=username, password="pw-admin-123")

    for model in _models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, opts.label
        assert client.get(changelist, {"q": "E0000"}).status_code == 200, opts.label
        first = model.objects.order_by("pk").first()
        if first is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, opts.label
        add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        # Import batches are written by the import only; positions by people.services (the employee page);
        # submitted evidence by its submitter and decided on its page (evidence.services.submissions).
        read_only = ("importbatch", "position", "evidencesubmission")
        assert add.status_code == (403 if opts.model_name in read_only else 200), opts.label


def test_an_employee_without_a_staff_role_cannot_enter_the_admin(client, make_workbook, policy):
    user_upsert(username="agent", password="pw-admin-123", roles=[Role.EMPLOYEE])
    client.login(username="agent", password="pw-admin-123")
    response = client.get(reverse("admin:people_employee_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
