"""Filing an objection: any employee, during the period, with an optional attachment that is checked."""
# ruff: noqa: F811 - the fixtures imported from tests.web.notices_fixtures are pytest arguments here

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.promotions import services
from careerpath.promotions.models import Objection
from tests.web.notices_fixtures import (  # noqa: F401 - fixtures
    PDF,
    PNG,
    company,
    media,
    object_to,
    page,
    publish,
    ready_application,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(company):  # noqa: ANN001, ANN201
    return publish(company, ready_application(company.agent))


def _url(notice) -> str:  # noqa: ANN001
    return reverse("web:objection_new", args=[notice.pk, notice.entries.get().pk])


def _files(media) -> list:  # noqa: ANN001
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_form_names_the_person_and_says_only_hr_will_see_who_objected(client, company, notice):  # noqa: ANN001
    res = page(client, company.users["far"], _url(notice))
    assert res.status_code == 200
    html = res.text
    assert "张三" in html and notice.number in html and "2026年10月9日 下班" in html
    assert "只有人力资源部能看到是谁提出的异议" in html
    assert 'name="text"' in html and 'type="file" name="attachment"' in html and 'enctype="multipart/form-data"' in html


def test_an_objection_without_attachment_is_filed_and_confirmed_without_showing_any_objection(
        client, company, notice, media):  # noqa: ANN001
    client.force_login(company.users["far"])
    res = client.post(_url(notice), {"text": "表扬材料存疑，请核实"})
    assert res.status_code == 302 and res["Location"] == reverse("web:notice_detail", args=[notice.pk])
    obj = Objection.objects.get()
    assert (obj.objector, obj.text, obj.state) == (company.users["far"], "表扬材料存疑，请核实", "open")
    assert not obj.attachment and obj.attachment_name == "" and _files(media) == []
    # the confirmation, and no trace of the objection on the public page
    html = client.get(res["Location"]).text
    assert "您的异议已提交" in html and "提出人的身份只有人力资源部可见" in html
    main = html[html.index("<main"):]
    assert "表扬材料存疑" not in main and "赵六" not in main


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("证明.png", PNG, "image/png"),
    ("scan.PDF", PDF, "application/pdf"),
])
def test_an_objection_with_an_attachment_keeps_the_checked_file(client, company, notice, media, name, content,
                                                                 content_type):  # noqa: ANN001
    client.force_login(company.users["far"])
    res = client.post(_url(notice), {"text": "见附件", "attachment": upload(name, content)})
    assert res.status_code == 302
    obj = Objection.objects.get()
    assert (obj.attachment_name, obj.attachment_type, obj.attachment_size) == (name, content_type, len(content))
    assert obj.attachment_sha256 == hashlib.sha256(content).hexdigest()
    stored = _files(media)
    assert len(stored) == 1 and stored[0].read_bytes() == content
    assert name not in str(stored[0])  # stored under a random name, the uploader's name is data
    event = AuditEvent.objects.get(action="objection.file")
    assert event.data["attachment"]["sha256"] == obj.attachment_sha256


@pytest.mark.parametrize(("content", "message"), [
    (b"MZ\x90\x00 not a document", "附件须为 PDF、PNG、JPEG 或 WebP 文件。"),
    (b"", "附件是空文件。"),
    (PDF + b"x" * (1024 * 1024), "附件超过 1 MB 的上限。"),
])
def test_a_bad_attachment_is_refused_beside_the_field_and_nothing_is_stored(client, company, notice, media,
                                                                           settings, content, message):  # noqa: ANN001
    settings.CAREERPATH_ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(company.users["far"])
    res = client.post(_url(notice), {"text": "见附件", "attachment": upload("proof.pdf", content)})
    assert res.status_code == 400
    html = res.text
    error = html.index('data-testid="error-attachment"')
    assert html.index('id="id_attachment"') < error and message in html[error:error + 300]
    assert "见附件" in html  # the text is kept for the next try
    assert not Objection.objects.exists() and _files(media) == []
    assert not AuditEvent.objects.filter(action="objection.file").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("", "请填写异议内容。"),
    ("   ", "请填写异议内容。"),
    ("异" * 2001, "异议内容最多 2000 字（现为 2001 字）。"),
])
def test_the_text_is_required_and_bounded(client, company, notice, media, text, message):  # noqa: ANN001
    client.force_login(company.users["far"])
    res = client.post(_url(notice), {"text": text, "attachment": upload("a.png", PNG)})
    assert res.status_code == 400 and message in res.text
    assert not Objection.objects.exists() and _files(media) == []


@pytest.mark.parametrize(("today", "published_on", "closed", "withdrawn", "reason"), [
    ("2026-09-28", date(2026, 9, 30), False, False, "现在不接受异议"),  # scheduled: not started
    ("2026-10-10", date(2026, 9, 28), False, False, "现在不接受异议"),  # period over
    ("2026-10-12", date(2026, 9, 28), True, False, "现在不接受异议"),  # closed by HR
    ("2026-09-29", date(2026, 9, 28), False, True, "该人员已撤出公示"),  # taken off after an upheld objection
])
def test_it_refuses_an_objection_outside_the_period_with_the_reason(client, company, settings, media, today,
                                                                    published_on, closed, withdrawn, reason):  # noqa: ANN001
    notice = publish(company, ready_application(company.agent), published_on=published_on)
    if withdrawn:
        first = object_to(company, notice, who="supervisor")
        services.objection_resolve(actor=company.users["hr"], objection=first, upheld=True, note="属实")
    settings.CAREERPATH_TODAY = today
    if closed:
        services.notice_close(actor=company.users["hr"], notice=notice, today=date.fromisoformat(today))
    before = Objection.objects.count()
    # the page says why and offers no form
    res = page(client, company.users["far"], _url(notice))
    assert res.status_code == 200 and reason in res.text and 'data-testid="objection-form"' not in res.text
    if not withdrawn:
        assert "2026年" in res.text.split(reason)[0][-80:]  # the period, written the Chinese way
    # and a post anyway is refused, storing nothing
    res = client.post(_url(notice), {"text": "晚了", "attachment": upload("a.png", PNG)})
    assert res.status_code == 409 and reason in res.text
    assert Objection.objects.count() == before and _files(media) == []


def test_an_unknown_entry_is_404_and_a_visitor_must_log_in(client, company, notice):  # noqa: ANN001
    url = reverse("web:objection_new", args=[notice.pk, 999])
    assert client.get(_url(notice)).status_code == 302
    assert page(client, company.users["far"], url).status_code == 404


def test_the_form_renders_under_the_query_budget(client, company, notice, django_assert_max_num_queries):  # noqa: ANN001
    client.force_login(company.users["far"])
    with django_assert_max_num_queries(29):
        assert client.get(_url(notice)).status_code == 200
    with django_assert_max_num_queries(29):
        assert client.post(_url(notice), {"text": ""}).status_code == 400
