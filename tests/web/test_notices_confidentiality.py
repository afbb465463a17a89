"""Who objected is for HR only: no other page — for the person on the notice, their supervisor, their
manager, a colleague, the committee or the VP — shows the objector, and the attachment is HR's alone."""
# ruff: noqa: F811 - the fixtures imported from tests.web.notices_fixtures are pytest arguments here

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.people.models import Department, Employee, Position
from careerpath.promotions import services
from careerpath.promotions.models import Objection
from tests.web.notices_fixtures import (  # noqa: F401 - fixtures
    PNG,
    company,
    make_user,
    media,
    publish,
    ready_application,
    upload,
)

pytestmark = pytest.mark.django_db

OBJECTOR_NAME, OBJECTOR_NO, OBJECTOR_DEPT = "钱七", "QIAN-0707", "华北客服部"
TEXT = "其带教的新人尚未独立操作"


@pytest.fixture
def objection(company, media):  # noqa: ANN001, ANN201
    """A colleague from a third department objects to the agent's entry, with a photo."""
    dept = Department.objects.create(name=OBJECTOR_DEPT)
    emp = Employee.objects.create(employee_no=OBJECTOR_NO, name=OBJECTOR_NAME, education="本科",
                                  hired_on=date(2022, 1, 1), department=dept)
    Position.objects.create(employee=emp, level="junior", start_on=date(2022, 1, 1))
    company.users["objector"] = make_user("qian", "employee", employee=emp)
    notice = publish(company, ready_application(company.agent))
    from careerpath.attachments import attachment_check

    return services.objection_file(actor=company.users["objector"], entry=notice.entries.get(), text=TEXT,
                                   today=date(2026, 9, 28), attachment=attachment_check(upload("证据.png", PNG)))


def _pages(obj: Objection) -> list[str]:
    notice = obj.entry.notice
    return [reverse("web:notice_list"), reverse("web:notice_detail", args=[notice.pk]),
            reverse("web:objection_new", args=[notice.pk, obj.entry_id]), reverse("web:home"),
            reverse("web:notifications")]


def _hr_pages(obj: Objection) -> list[str]:
    return [reverse("web:objection_list"), reverse("web:objection_list") + "?state=all",
            reverse("web:objection_detail", args=[obj.pk]), reverse("web:objection_attachment", args=[obj.pk])]


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager", "far", "committee", "vp"])
def test_nobody_but_hr_sees_who_objected_on_any_page(client, company, objection, who):  # noqa: ANN001
    client.force_login(company.users[who])
    for url in _pages(objection):
        res = client.get(url)
        if url == reverse("web:home") and res.status_code == 302:
            continue  # no employee record (committee, VP): home is the employee list, not an objection page
        assert res.status_code == 200, url
        body = res.text
        for secret in (OBJECTOR_NAME, OBJECTOR_NO, OBJECTOR_DEPT, TEXT, "证据.png"):
            assert secret not in body, (who, url, secret)
    # the objection pages and the file itself are refused, whether or not the objection exists
    for url in [*_hr_pages(objection), reverse("web:objection_detail", args=[999]),
                reverse("web:objection_attachment", args=[999])]:
        res = client.get(url)
        assert res.status_code == 403, (who, url)
        assert OBJECTOR_NAME not in res.text and TEXT not in res.text
    assert client.post(reverse("web:objection_detail", args=[objection.pk]),
                       {"decision": "dismiss", "note": "x"}).status_code == 403
    assert Objection.objects.get().state == "open"


def test_the_objector_themself_sees_no_list_of_objections_either(client, company, objection):  # noqa: ANN001
    client.force_login(company.users["objector"])
    detail = client.get(reverse("web:notice_detail", args=[objection.entry.notice_id])).text
    assert TEXT not in detail and 'id="objections"' not in detail
    assert client.get(reverse("web:objection_list")).status_code == 403


@pytest.mark.parametrize("who", ["hr", "admin"])
def test_hr_sees_the_objectors_identity_the_text_and_the_attachment(client, company, objection, who):  # noqa: ANN001
    client.force_login(company.users[who])
    listing = client.get(reverse("web:objection_list")).text
    detail = client.get(reverse("web:objection_detail", args=[objection.pk])).text
    notice = client.get(reverse("web:notice_detail", args=[objection.entry.notice_id])).text
    for html in (listing, detail):
        assert OBJECTOR_NAME in html and OBJECTOR_NO in html and OBJECTOR_DEPT in html and "张三" in html
    assert TEXT in detail and "证据.png" in detail and objection.entry.notice.number in detail
    assert OBJECTOR_NAME in notice and "1 条异议待调解" in notice
    res = client.get(reverse("web:objection_attachment", args=[objection.pk]))
    assert res.status_code == 200 and b"".join(res.streaming_content) == PNG
    assert res["Content-Type"] == "image/png" and res["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in res["Content-Security-Policy"] and "no-store" in res["Cache-Control"]


def test_an_hr_person_on_the_notice_does_not_see_who_objected_to_them(client, company, objection):  # noqa: ANN001
    # given the HR login is the agent's own account (the person objected to)
    hr = company.users["hr"]
    company.agent.user = hr
    company.agent.save(update_fields=["user"])
    client.force_login(hr)
    assert OBJECTOR_NAME not in client.get(reverse("web:objection_list")).text
    assert client.get(reverse("web:objection_detail", args=[objection.pk])).status_code == 404
    assert client.get(reverse("web:objection_attachment", args=[objection.pk])).status_code == 404
    assert OBJECTOR_NAME not in client.get(reverse("web:notice_detail", args=[objection.entry.notice_id])).text


def test_an_objection_without_a_file_has_no_attachment_to_serve(client, company, objection):  # noqa: ANN001
    bare = services.objection_file(actor=company.users["far"], entry=objection.entry, text="另一条", today=date(2026, 9, 28))
    client.force_login(company.users["hr"])
    assert client.get(reverse("web:objection_attachment", args=[bare.pk])).status_code == 404
    assert "证据.png" not in client.get(reverse("web:objection_detail", args=[bare.pk])).text
