"""Submitting evidence (/evidence/new/): a form per kind, the file checked by its content and size, every
error beside its field, and nothing stored when anything is wrong."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.attachments import ACCEPT
from careerpath.audit.models import AuditEvent
from careerpath.evidence.models import EvidenceSubmission
from careerpath.promotions.models import Notification
from tests.web.evidence_company import company_fixture, login, png, stored_files, upload  # noqa: F401

URL = reverse("web:evidence_submit")


def _praise(**over):  # noqa: ANN003, ANN202
    data = {"kind": "praise", "praise_source": "customer", "customer": "顺达物流", "date": "2026-09-01",
            "note": "客户来信表扬异常处理及时", "attachment": upload()}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_it_submits_a_praise_letter_with_its_photo_and_tells_the_supervisor(client, company, settings,
                                                                           django_capture_on_commit_callbacks):
    # given the agent
    login(client, company.user("agent"))
    # when they submit a customer praise letter with a photo
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _praise())
    # then it waits for confirmation, with its file stored under a random name
    sub = EvidenceSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("web:evidence_detail", args=[sub.pk])
    assert (sub.state, sub.kind, sub.praise_source, sub.customer) == ("pending", "praise", "customer", "顺达物流")
    assert sub.attachment_type == "image/png" and sub.attachment_name == "letter.png"
    assert sub.attachment.name.startswith("evidence/") and "letter" not in sub.attachment.name
    assert len(stored_files(settings)) == 1
    assert AuditEvent.objects.filter(action="evidence_submission.submit", target_id=str(sub.pk)).exists()
    # and the direct supervisor is told, with a link to the submission
    note = Notification.objects.get(user=company.user("supervisor"))
    assert note.url == reverse("web:evidence_detail", args=[sub.pk]) and "张三" in note.text
    assert not Notification.objects.filter(user=company.user("hr")).exists()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"this is a text file, not an image", "letter.png", "须为 PDF、PNG、JPEG 或 WebP"),  # type by content
        (b"MZ\x90\x00" + b"\x00" * 64, "scan.pdf", "须为 PDF、PNG、JPEG 或 WebP"),  # an executable named .pdf
        (b"", "empty.png", "空文件"),
        (None, "big.png", "超过"),  # over the cap set below
    ],
)
def test_it_refuses_a_bad_file_beside_the_field_and_stores_nothing(client, company, settings, content, name,
                                                                  expected):
    settings.CAREERPATH_ATTACHMENT_MAX_BYTES = 1024
    login(client, company.user("agent"))
    big = png((400, 400), (10, 200, 30)) + b"\x00" * 2048
    response = client.post(URL, _praise(attachment=upload(big if content is None else content, name=name)))
    html = response.content.decode()
    assert response.status_code == 400
    error = html[html.index('data-testid="error-attachment"'):][:300]
    assert expected in error
    assert 'aria-invalid="true"' in html
    assert not EvidenceSubmission.objects.exists()
    assert stored_files(settings) == []
    # what the person typed is kept
    assert "顺达物流" in html


@pytest.mark.parametrize(
    ("over", "field", "expected"),
    [
        ({"attachment": None}, "attachment", "请上传表扬信的扫描件或照片"),
        ({"customer": ""}, "customer", "客户名称"),
        ({"date": "2026-10-01"}, "date", "晚于今天"),
        ({"praise_source": "boss"}, "praise_source", ""),  # not one of the policy's choices
        ({"note": "长" * 2001}, "note", ""),
    ],
)
def test_it_shows_each_problem_beside_its_field(client, company, settings, over, field, expected):
    login(client, company.user("agent"))
    response = client.post(URL, _praise(**over))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'data-testid="error-{field}"' in html
    assert expected in html[html.index(f'data-testid="error-{field}"'):][:300]
    assert not EvidenceSubmission.objects.exists() and stored_files(settings) == []


def test_a_training_certificate_needs_its_scan_and_counts_the_program_and_result(client, company):
    login(client, company.user("agent"))
    data = {"kind": "training", "program": "储备干部培训", "date": "2026-08-20", "training_result": "passed"}
    response = client.post(URL, data)
    assert response.status_code == 400 and "请上传培训证书的扫描件或照片" in response.content.decode()
    response = client.post(URL, {**data, "attachment": upload(b"%PDF-1.7\n%demo\n", name="证书.pdf",
                                                              content_type="application/pdf")})
    assert response.status_code == 302
    sub = EvidenceSubmission.objects.get()
    assert (sub.program, sub.training_result, sub.attachment_type) == ("储备干部培训", "passed", "application/pdf")


def test_a_mentee_s_independence_needs_no_file_and_names_a_real_mentee(client, company,
                                                                     django_capture_on_commit_callbacks):
    login(client, company.user("agent"))
    response = client.post(URL, {"kind": "mentee_independence", "mentee_no": "X404", "date": "2026-09-01"})
    assert response.status_code == 400 and "未找到工号为 X404" in response.content.decode()
    response = client.post(URL, {"kind": "mentee_independence", "mentee_no": "E1", "date": "2026-09-01"})
    assert response.status_code == 400 and "不能是同一人" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"kind": "mentee_independence", "mentee_no": "N1", "date": "2026-09-01"})
    assert response.status_code == 302
    sub = EvidenceSubmission.objects.get()
    # the recorded 带教 start is used, and the mentee's own supervisor (another department) is told
    assert sub.mentee == company.mentee and sub.mentee_start_on == date(2026, 6, 5) and not sub.attachment
    assert Notification.objects.filter(user=company.user("far")).exists()
    # sending it twice while it waits is refused
    again = client.post(URL, {"kind": "mentee_independence", "mentee_no": "N1", "date": "2026-09-02"})
    assert again.status_code == 409 and "正在等待确认" in again.content.decode()


def test_the_form_asks_for_the_fields_of_the_chosen_kind_and_accepts_the_file_types(client, company):
    login(client, company.user("agent"))
    praise = client.get(URL).content.decode()
    assert 'name="customer"' in praise and 'name="program"' not in praise
    assert f'accept="{ACCEPT}"' in praise and "不超过 10 MB" in praise
    training = client.get(URL, {"kind": "training"}).content.decode()
    assert 'name="program"' in training and "储备干部培训" in training  # the policy's programs suggested
    assert 'value="passed"' in training and ">通过<" in training  # results labelled, never raw codes shown
    # HTMX swaps only the form when the kind changes
    fragment = client.get(URL, {"kind": "mentee_independence"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="mentee_no"' in fragment and "<html" not in fragment


def test_the_english_form_is_english(client, company):
    login(client, company.user("agent"))
    html = client.get(URL, {"kind": "praise", "lang": "en"}).content.decode()
    for text in ("Submit evidence", "Praise source", "Customer name", "Customer", "Internal", "Submit"):
        assert text in html, text


def test_only_a_login_linked_to_an_employee_submits(client, company):
    login(client, company.user("hr"))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _praise()).status_code == 403
    assert not EvidenceSubmission.objects.exists()


def test_a_rejected_submission_is_sent_again_with_its_file(client, company):
    from careerpath.evidence.services import submission_create, submission_reject

    first = submission_create(actor=company.user("agent"), kind="praise", praise_source="customer", customer="顺达",
                              date=date(2026, 9, 1), attachment=upload())
    submission_reject(actor=company.user("supervisor"), submission=first, reason="客户名称应为全称")
    login(client, company.user("agent"))
    page = client.get(URL, {"replaces": first.pk}).content.decode()
    assert "客户名称应为全称" in page and 'value="顺达"' in page
    response = client.post(URL, {**_praise(customer="顺达物流有限公司", attachment=None), "replaces": first.pk})
    assert response.status_code == 302
    second = EvidenceSubmission.objects.exclude(pk=first.pk).get()
    assert second.replaces == first and second.attachment.name == first.attachment.name
    # only once
    response = client.post(URL, {**_praise(customer="x", attachment=None), "replaces": first.pk})
    assert response.status_code == 409


@pytest.mark.parametrize("kind", ["praise", "training", "mentee_independence"])
def test_the_submit_page_stays_within_its_query_budget(client, company, django_assert_max_num_queries, kind):
    login(client, company.user("agent"))
    with django_assert_max_num_queries(15):
        assert client.get(URL, {"kind": kind}).status_code == 200
