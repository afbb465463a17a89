"""The evidence lists in the admin show a code as the active policy's label in the current language."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_set_roles
from careerpath.evidence import models as ev
from tests.discipline.conftest import Company, _isolated, company  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(company: Company) -> Client:  # noqa: F811
    user: AbstractBaseUser = company.users["hr"]
    user_set_roles(user=user, roles=[Role.HR])
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize(("make", "url", "column", "label"), [
    (lambda e: ev.Leave.objects.create(employee=e, type="病假", start_on=date(2026, 3, 2), days=1),
     "/admin/evidence/leave/", "type_label", "Sick leave"),
    (lambda e: ev.Exam.objects.create(employee=e, exam="资质考试", date=date(2026, 3, 2), passed=True),
     "/admin/evidence/exam/", "exam_label", "Qualification exam"),
])
def test_it_lists_a_code_by_its_label_in_the_current_language(company: Company, hr_client: Client,  # noqa: F811
                                                               make, url: str, column: str, label: str) -> None:  # noqa: ANN001
    # given a record holding a code of the active policy
    make(company.senior)
    # when HR reads the list in English
    hr_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    res = hr_client.get(url)
    # then the column shows the English label and sorts (by the stored code)
    assert res.status_code == 200
    html = res.content.decode()
    assert f'<td class="field-{column}">{label}</td>' in html
    assert f'class="sortable column-{column}"' in html
