"""The admin writes evidence and incidents through the same services as the import and the API.

An HR user works in /admin/ with Django's test client: the same validation (code fields are the
active policy's choices), the same consequences (an incident deducts the allowance, a red-line
incident opens a demotion case) and the same audit events as every other door.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from careerpath.accounts.models import Role
from careerpath.accounts.services import user_set_roles
from careerpath.audit.models import AuditEvent
from careerpath.discipline.models import AllowanceDeduction, DemotionCase
from careerpath.evidence import models as ev
from tests.discipline.conftest import Company, _isolated, company  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(company: Company) -> AbstractBaseUser:  # noqa: F811
    user = company.users["hr"]
    user_set_roles(user=user, roles=[Role.HR])  # the HR group's model permissions and staff flag
    return user


@pytest.fixture
def admin_client(hr: AbstractBaseUser) -> Client:
    c = Client()
    c.force_login(hr)
    return c


def _errors(res) -> str:  # noqa: ANN001
    return res.content.decode()


# --- incidents: the consequences --------------------------------------------------------------------


def test_it_deducts_the_allowance_for_an_incident_added_in_the_admin(company: Company,  # noqa: F811
                                                                    admin_client: Client) -> None:
    # given a senior agent (allowance 500 a month)
    # when HR adds a 重大事故 in the admin
    res = admin_client.post("/admin/evidence/incident/add/", {
        "employee": company.senior.pk, "date": "2026-11-02", "type": "重大事故", "note": "错发货"})
    # then the month's allowance is withheld, exactly as through the API
    assert res.status_code == 302, _errors(res)[:3000]
    incident = ev.Incident.objects.get(employee=company.senior)
    d = AllowanceDeduction.objects.get(incident=incident)
    assert (d.month, d.amount) == (date(2026, 11, 1), Decimal("500.00"))
    assert AuditEvent.objects.filter(action="incident.record", target_id=str(incident.pk),
                                     actor_label="hr").exists()
    assert AuditEvent.objects.filter(action="allowance_deduction.create", actor_label="hr").exists()


def test_a_red_line_incident_added_in_the_admin_opens_a_demotion_case(company: Company,  # noqa: F811
                                                                      admin_client: Client) -> None:
    res = admin_client.post("/admin/evidence/incident/add/", {
        "employee": company.senior.pk, "date": "2026-11-03", "type": "触犯高压线", "note": ""})
    assert res.status_code == 302, _errors(res)[:3000]
    case = DemotionCase.objects.get(employee=company.senior)
    assert (case.state, case.from_level, case.to_level) == ("proposed", "senior", "intermediate")
    assert list(case.incidents.all()) == list(ev.Incident.objects.filter(employee=company.senior))


@pytest.mark.parametrize("typed", ["小事故", "重大事故 ", "major_accident"])
def test_it_refuses_an_incident_type_the_policy_does_not_know(company: Company, admin_client: Client,  # noqa: F811
                                                              typed: str) -> None:
    res = admin_client.post("/admin/evidence/incident/add/", {
        "employee": company.senior.pk, "date": "2026-11-02", "type": typed, "note": ""})
    assert res.status_code == 200
    assert "errorlist" in _errors(res)
    assert not ev.Incident.objects.exists()


def test_it_refuses_a_future_incident_next_to_the_date(company: Company, admin_client: Client) -> None:  # noqa: F811
    res = admin_client.post("/admin/evidence/incident/add/", {
        "employee": company.senior.pk, "date": "2026-12-24", "type": "重大事故", "note": ""})
    assert res.status_code == 200 and "晚于今天" in _errors(res)
    assert not ev.Incident.objects.exists()


def test_deleting_an_incident_in_the_admin_reverses_its_deduction(company: Company,  # noqa: F811
                                                                 admin_client: Client) -> None:
    admin_client.post("/admin/evidence/incident/add/", {
        "employee": company.expert.pk, "date": "2026-11-02", "type": "重大投诉", "note": "误录"})
    incident = ev.Incident.objects.get()
    assert AllowanceDeduction.objects.filter(incident=incident).exists()
    res = admin_client.post(f"/admin/evidence/incident/{incident.pk}/delete/", {"post": "yes"})
    assert res.status_code == 302, _errors(res)[:3000]
    assert not ev.Incident.objects.exists() and not AllowanceDeduction.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"incident.delete", "allowance_deduction.delete"} <= actions


def test_an_incident_under_an_open_case_cannot_be_deleted(company: Company, admin_client: Client) -> None:  # noqa: F811
    admin_client.post("/admin/evidence/incident/add/", {
        "employee": company.senior.pk, "date": "2026-11-03", "type": "触犯高压线", "note": ""})
    incident = ev.Incident.objects.get()
    res = admin_client.post("/admin/evidence/incident/", {
        "action": "delete_selected", "_selected_action": [incident.pk], "post": "yes"}, follow=True)
    assert res.status_code == 200
    assert ev.Incident.objects.filter(pk=incident.pk).exists()
    assert "降级案件" in _errors(res)


# --- code fields are the policy's choices -----------------------------------------------------------


def test_an_attestation_typed_as_its_label_is_refused_and_the_code_counts(company: Company,  # noqa: F811
                                                                         admin_client: Client) -> None:
    page = admin_client.get("/admin/evidence/attestation/add/").content.decode()
    # The choice is shown with its label and stores its code.
    assert '<option value="routine_exceptions">能独立处理一般常规性异常、投诉</option>' in page
    res = admin_client.post("/admin/evidence/attestation/add/", {
        "employee": company.intermediate.pk, "competency": "能独立处理一般常规性异常、投诉",
        "date": "2026-10-01", "attested_by_no": "S1", "note": ""})
    assert res.status_code == 200 and "errorlist" in _errors(res)
    assert not ev.Attestation.objects.exists()
    res = admin_client.post("/admin/evidence/attestation/add/", {
        "employee": company.intermediate.pk, "competency": "routine_exceptions",
        "date": "2026-10-01", "attested_by_no": "S1", "note": ""})
    assert res.status_code == 302, _errors(res)[:3000]
    assert ev.Attestation.objects.get().competency == "routine_exceptions"
    assert AuditEvent.objects.filter(action="evidence.create", target_type="attestation").count() == 1


def test_the_choices_are_labelled_in_english_for_an_english_user(admin_client: Client) -> None:
    page = admin_client.get("/admin/evidence/attestation/add/?lang=en").content.decode()
    assert '<option value="routine_exceptions">Handles routine exceptions and complaints independently</option>' \
        in page
    page = admin_client.get("/admin/evidence/incident/add/").content.decode()  # the cookie remembers English
    assert '<option value="触犯高压线">Red-line violation</option>' in page


# (url, valid post, field, a value the engine would not count)
CODE_FIELDS = [
    ("leave", {"type": "事假", "start_on": "2026-03-02", "days": "2"}, "type", "探亲假"),
    ("exam", {"exam": "技术评定考试", "date": "2026-03-02", "score": "88", "passed": "on"}, "exam", "英语考试"),
    ("training", {"program": "储备干部培训", "date": "2026-03-02", "result": "passed"}, "result", "excellent"),
    ("praise", {"date": "2026-03-02", "source": "customer", "customer": "京东物流", "note": ""}, "source", "客户"),
    ("attestation", {"competency": "office_visio", "date": "2026-03-02", "attested_by_no": "", "note": ""},
     "competency", "Visio"),
]


@pytest.mark.parametrize("model,valid,field,bad", CODE_FIELDS, ids=[c[0] for c in CODE_FIELDS])
def test_a_code_field_accepts_only_what_the_policy_counts(company: Company, admin_client: Client,  # noqa: F811
                                                          model: str, valid: dict, field: str, bad: str) -> None:
    url = f"/admin/evidence/{model}/add/"
    res = admin_client.post(url, {"employee": company.intermediate.pk, **valid, field: bad})
    assert res.status_code == 200 and "errorlist" in _errors(res), model
    res = admin_client.post(url, {"employee": company.intermediate.pk, **valid})
    assert res.status_code == 302, _errors(res)[:3000]
    assert AuditEvent.objects.filter(action="evidence.create", target_type=model, actor_label="hr").count() == 1


# --- validation of the import, shown next to the field ----------------------------------------------


@pytest.mark.parametrize("model,post,message", [
    ("leave", {"type": "事假", "start_on": "2026-03-02", "days": "-1"}, "不能为负"),
    ("praise", {"date": "2026-03-02", "source": "customer", "customer": "", "note": ""}, "客户名称"),
    ("metricmonth", {"month": "2026-03-01", "values": '{"tickets": 520, "bogus": 1}'}, "bogus"),
    ("metricmonth", {"month": "2026-03-01", "values": '{"accuracy": 98.5}'}, "accuracy"),
    ("appraisal", {"year": "2026", "score": "-5", "grade": ""}, "不能为负"),
])
def test_it_shows_the_import_validation_next_to_the_field(company: Company, admin_client: Client,  # noqa: F811
                                                          model: str, post: dict, message: str) -> None:
    res = admin_client.post(f"/admin/evidence/{model}/add/", {"employee": company.intermediate.pk, **post})
    assert res.status_code == 200 and "errorlist" in _errors(res) and message in _errors(res), _errors(res)[-3000:]
    assert not AuditEvent.objects.filter(action="evidence.create").exists()


def test_a_mentor_cannot_mentor_themself(company: Company, admin_client: Client) -> None:  # noqa: F811
    res = admin_client.post("/admin/evidence/mentorship/add/", {
        "mentor": company.senior.pk, "mentee": company.senior.pk, "start_on": "2026-01-05", "independent_on": ""})
    assert res.status_code == 200 and "同一人" in _errors(res)
    assert not ev.Mentorship.objects.exists()


# --- change and delete ------------------------------------------------------------------------------


def test_changing_a_leave_in_the_admin_is_validated_and_audited(company: Company,  # noqa: F811
                                                                admin_client: Client) -> None:
    admin_client.post("/admin/evidence/leave/add/", {
        "employee": company.intermediate.pk, "type": "事假", "start_on": "2026-03-02", "days": "2"})
    leave = ev.Leave.objects.get()
    url = f"/admin/evidence/leave/{leave.pk}/change/"
    res = admin_client.post(url, {"employee": company.intermediate.pk, "type": "探亲假", "start_on": "2026-03-02",
                                  "days": "3"})
    assert res.status_code == 200 and ev.Leave.objects.get().days == 2
    res = admin_client.post(url, {"employee": company.intermediate.pk, "type": "病假", "start_on": "2026-03-02",
                                  "days": "3"})
    assert res.status_code == 302, _errors(res)[:3000]
    change = AuditEvent.objects.get(action="evidence.change", target_type="leave")
    assert change.data["changed"] == {"type": ["事假", "病假"], "days": ["2.0", "3.0"]}


def test_the_bulk_delete_action_goes_through_the_service(company: Company, admin_client: Client) -> None:  # noqa: F811
    for d in ("2026-03-02", "2026-04-02"):
        admin_client.post("/admin/evidence/praise/add/", {
            "employee": company.intermediate.pk, "date": d, "source": "internal", "customer": "", "note": ""})
    pks = list(ev.Praise.objects.values_list("pk", flat=True))
    assert len(pks) == 2
    res = admin_client.post("/admin/evidence/praise/", {
        "action": "delete_selected", "_selected_action": pks, "post": "yes"})
    assert res.status_code == 302
    assert not ev.Praise.objects.exists()
    assert AuditEvent.objects.filter(action="evidence.delete", target_type="praise", actor_label="hr").count() == 2


def test_hr_cannot_edit_their_own_evidence_in_the_admin(company: Company, hr: AbstractBaseUser,  # noqa: F811
                                                        admin_client: Client) -> None:
    # given the HR user is also employee E3
    company.intermediate.user = hr
    company.intermediate.save(update_fields=["user"])
    # when they add a praise for themself
    res = admin_client.post("/admin/evidence/praise/add/", {
        "employee": company.intermediate.pk, "date": "2026-03-02", "source": "internal", "customer": "", "note": ""})
    # then nobody decides about themself
    assert res.status_code == 200 and "本人" in _errors(res)
    assert not ev.Praise.objects.exists()
