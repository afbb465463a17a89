"""The 晋升申请表 (/applications/new/<move_id>/): the person's details, the statement, and for HR filing for
someone else the exception reason; it creates and submits in one go, or says why not beside the field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.promotions.models import Application
from tests.web.journey_company import STATEMENT, Company, company_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db, settings) -> Company:  # noqa: ANN001
    return company_build(settings)

MOVE = "junior_to_intermediate"


def _url(move: str = MOVE, employee: str | None = None) -> str:
    url = reverse("web:application_new", args=[move])
    return f"{url}?employee={employee}" if employee else url


def test_it_shows_the_applicants_details_read_only_and_the_statement_field(client, company: Company):
    client.force_login(company.users["agent"])
    response = client.get(_url())
    html = response.content.decode()
    assert response.status_code == 200
    applicant = html[html.index('data-testid="applicant"'):html.index("</dl>")]
    for words in ("张三", "E1", "华东客服一部", "初级客服专员", "个月（自 2025年6月1日）", "中级客服专员"):
        assert words in applicant, words
    assert '<textarea name="statement"' in html and 'for="id_statement"' in html
    assert "exception_reason" not in html  # the agent files for themself: no exception to give


def test_it_creates_and_submits_the_application_in_one_go(client, company: Company):
    client.force_login(company.users["agent"])
    response = client.post(_url(), {"statement": STATEMENT})
    app = Application.objects.get(employee=company.agent)
    assert response.status_code == 302 and response["Location"] == reverse("web:application_detail", args=[app.pk])
    assert (app.state, app.to_level, app.statement, app.eligible) == ("submitted", "intermediate", STATEMENT, True)
    assert app.snapshot["eligible"] is True and app.as_of.isoformat() == "2026-09-28"
    actions = list(AuditEvent.objects.filter(target_type="application", target_id=str(app.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["application.create", "application.submit"]
    # the detail page greets them with what happened
    assert "晋升申请已提交" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("statement", "message"), [
    ("", "这个字段是必填项。"),
    ("太短了", "至少包含 10 字符"),
    ("很" * 2001, "不超过 2000 字符"),
])
def test_a_bad_statement_is_refused_beside_the_field_and_nothing_is_stored(client, company: Company, statement,
                                                                           message):
    client.force_login(company.users["agent"])
    response = client.post(_url(), {"statement": statement})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_statement_error"' in html and message in html
    assert not Application.objects.exists()


def test_a_move_that_is_not_eligible_shows_why_instead_of_the_form(client, company: Company):
    # given the teammate, a junior since 2026-03 without the evidence
    client.force_login(company.users["teammate"])
    response = client.get(_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="not-eligible"' in html and "本职级任职" in html and "apply-form" not in html
    # and a forged POST changes nothing
    assert client.post(_url(), {"statement": STATEMENT}).status_code == 200
    assert not Application.objects.exists()


def test_a_second_application_is_refused_while_one_is_open(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    # the same move: straight to the open application
    response = client.get(_url())
    assert response.status_code == 302 and response["Location"] == reverse("web:application_detail", args=[app.pk])


def test_an_application_opened_meanwhile_is_reported_on_the_form(client, company: Company, monkeypatch):
    # given the form was opened, and meanwhile the same application was filed (another tab)
    client.force_login(company.users["agent"])
    from careerpath.web.pages import journey

    real = journey.application_apply

    def filed_meanwhile(**kwargs):
        company.apply()
        return real(**kwargs)

    monkeypatch.setattr(journey, "application_apply", filed_meanwhile)
    response = client.post(_url(), {"statement": STATEMENT})
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="form-error"' in html and "一次只能申请一个晋升路径" in html
    assert Application.objects.count() == 1


@pytest.mark.parametrize(("move", "status"), [
    ("no_such_move", 404),
    ("intermediate_to_senior", 409),  # a move of the policy, but not from 初级: no skipping a level
])
def test_an_unknown_or_skipping_move_is_refused(client, company: Company, move, status):
    client.force_login(company.users["agent"])
    response = client.get(_url(move))
    assert response.status_code == status
    if status == 409:
        assert "须逐级晋升" in response.content.decode()


def test_hr_files_for_an_eligible_employee(client, company: Company):
    client.force_login(company.users["hr"])
    assert "张三" in client.get(_url(employee="E1")).content.decode()
    response = client.post(_url(employee="E1"), {"statement": STATEMENT})
    app = Application.objects.get(employee=company.agent)
    assert response.status_code == 302 and app.state == "submitted" and app.applied_by == company.users["hr"]


def test_hr_files_an_exception_only_with_a_reason(client, company: Company):
    # given the teammate who is not eligible and a policy that allows exceptions
    client.force_login(company.users["hr"])
    html = client.get(_url(employee="E2")).content.decode()
    assert 'name="exception_reason"' in html and "该员工还差" in html
    # a missing reason is refused beside its field
    response = client.post(_url(employee="E2"), {"statement": STATEMENT})
    assert response.status_code == 400 and 'id="id_exception_reason_error"' in response.content.decode()
    assert not Application.objects.exists()
    # with the reason it is submitted, marked as not eligible at submission
    response = client.post(_url(employee="E2"), {"statement": STATEMENT, "exception_reason": "部门推荐：业绩突出"})
    app = Application.objects.get(employee=company.teammate)
    assert response.status_code == 302 and (app.state, app.eligible) == ("submitted", False)
    assert app.exception_reason == "部门推荐：业绩突出"


@pytest.mark.parametrize(("who", "number", "status"), [
    ("supervisor", "E1", 403),  # a supervisor reviews, they do not file for their people
    ("teammate", "E1", 403),
    ("hr", "NO-SUCH", 404),  # HR may browse, so an unknown 工号 is a 404
    ("teammate", "NO-SUCH", 403),  # others cannot probe 工号
    ("committee", None, 403),  # no employee record of their own
])
def test_only_the_employee_or_hr_may_open_the_form(client, company: Company, who, number, status):
    client.force_login(company.users[who])
    assert client.get(_url(employee=number)).status_code == status


def test_the_form_reads_in_english(client, company: Company):
    client.force_login(company.users["agent"])
    html = client.get(_url(), {"lang": "en"}).content.decode()
    for words in ("Promotion application form", "Applicant", "Time in level", "Statement", "Submit the application",
                  "Intermediate CS Specialist"):
        assert words in html, words


def test_the_form_stays_within_the_query_budget(client, company: Company, django_assert_max_num_queries):
    client.force_login(company.users["agent"])
    with django_assert_max_num_queries(29):
        assert client.get(_url()).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.post(_url(), {"statement": ""}).status_code == 400
