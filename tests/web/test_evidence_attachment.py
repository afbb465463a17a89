"""A submission's file (/evidence/<pk>/attachment/): served only to the submitter, its confirmers and staff
whose scope covers the submitter, with the type found at upload and headers that keep it from running."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.evidence.services import submission_create
from tests.web.evidence_company import company_fixture, login, png, upload  # noqa: F401


@pytest.fixture
def submission(company):  # noqa: ANN001, ANN201
    # a photo uploaded under a misleading name and type: the stored type is what the bytes are
    return submission_create(actor=company.user("agent"), kind="praise", praise_source="internal",
                             date=date(2026, 9, 1), attachment=upload(png(), name="表扬信.jpg",
                                                                       content_type="application/x-msdownload"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("agent", 200),  # the submitter
        ("supervisor", 200),  # the confirmer
        ("hr", 200),  # HR confirms too
        ("manager", 200),  # staff whose scope covers the submitter (their department)
        ("colleague", 403),  # same team, not theirs
        ("far", 403),  # a supervisor of another team
        ("mentee", 403),
    ],
)
def test_it_serves_the_file_to_the_people_allowed_only(client, company, submission, who, status):
    login(client, company.user(who))
    response = client.get(reverse("web:evidence_attachment", args=[submission.pk]))
    assert response.status_code == status
    detail = client.get(reverse("web:evidence_detail", args=[submission.pk]))
    assert detail.status_code == status  # the page and its file have the same audience
    if status == 200:
        body = b"".join(response.streaming_content)
        assert body == png()
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "private, no-store"


def test_a_visitor_is_sent_to_log_in_and_a_missing_one_is_not_found_for_staff(client, company, submission):
    url = reverse("web:evidence_attachment", args=[submission.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client, company.user("supervisor"))
    assert client.get(reverse("web:evidence_attachment", args=[submission.pk + 99])).status_code == 404
    # an employee cannot probe which numbers exist
    login(client, company.user("colleague"))
    assert client.get(reverse("web:evidence_attachment", args=[submission.pk + 99])).status_code == 403


def test_a_mentee_s_supervisor_sees_the_mentor_s_report_they_confirm(client, company):
    sub = submission_create(actor=company.user("agent"), kind="mentee_independence", mentee_no="N1",
                            date=date(2026, 9, 1), attachment=upload())
    login(client, company.user("far"))
    assert client.get(reverse("web:evidence_attachment", args=[sub.pk])).status_code == 200
    html = client.get(reverse("web:evidence_detail", args=[sub.pk])).content.decode()
    assert 'data-testid="decide"' in html
