"""The 晋升通知书: preview as a 样稿, issue, download (who may), and the batch that prints in one PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.core.workflow import State
from careerpath.promotions.models import Application, DocumentCounter, Letter
from tests.web.approvals_world import World, advance, build_world, login, needs_poppler, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _page(app: Application) -> str:
    return reverse("web:application_letter", args=[app.pk])


def _pdf(app: Application) -> str:
    return reverse("web:application_letter_pdf", args=[app.pk])


@pytest.fixture
def approved(world) -> Application:  # noqa: ANN001
    return advance(world, world.agents[:1], State.HR_APPROVED)[0]


def test_hr_sees_what_the_letter_will_say_and_an_issue_date_of_today(client, world, approved):
    login(client, world, "hr")
    html = client.get(_page(approved)).content.decode()
    assert 'data-testid="letter-issue"' in html
    assert "张三" in html and "中级客服专员" in html and "2026年10月16日" in html
    assert 'value="2026-10-12"' in html  # today by default
    assert "发放时编定" in html


@needs_poppler
def test_the_preview_is_a_draft_without_a_number_and_writes_nothing(client, world, approved, tmp_path):
    login(client, world, "hr")
    res = client.post(_page(approved), {"decision": "preview", "issued_on": "2026-10-14"})
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    text = pdf_text(res.content, tmp_path)
    assert "样稿" in text and "张三" in text and "2026年10月14日" in text and "2026年10月16日" in text
    assert "客服晋字" not in text
    # nothing issued, no number taken
    assert not Letter.objects.exists() and not DocumentCounter.objects.filter(kind="letter").exists()
    assert Application.objects.get(pk=approved.pk).state == State.HR_APPROVED


@needs_poppler
def test_issuing_numbers_the_letter_and_offers_the_download(client, world, approved, tmp_path):
    login(client, world, "hr")
    res = client.post(_page(approved), {"decision": "issue", "issued_on": "2026-10-12"})
    assert res.status_code == 302 and res["Location"] == _page(approved)
    letter = Letter.objects.get(application=approved)
    assert letter.number == "客服晋字〔2026〕1号" and str(letter.issued_on) == "2026-10-12"
    assert Application.objects.get(pk=approved.pk).state == State.LETTER_ISSUED
    assert AuditEvent.objects.filter(action="letter.issue", target_id=str(letter.pk)).exists()
    html = client.get(res["Location"]).content.decode()
    assert "客服晋字〔2026〕1号" in html and _pdf(approved) in html
    assert "2026年10月16日" in html and "3 个月" in html  # when the position changes, and the probation after
    pdf = client.get(_pdf(approved))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content, tmp_path).replace(" ", "")  # letter-spaced titles read "晋 升 通 知 书"
    for expected in ("晋升通知书", "客服晋字〔2026〕1号", "张三", "初级客服专员", "中级客服专员", "2026年10月16日",
                     "2026年10月12日", "2027年1月16日", "回执"):
        assert expected in text, expected
    assert "样稿" not in text


def test_a_bad_issue_date_is_refused_beside_the_field(client, world, approved):
    login(client, world, "hr")
    res = client.post(_page(approved), {"decision": "issue", "issued_on": "12/10/2026"})
    assert res.status_code == 400
    assert 'id="id_issued_on_error"' in res.content.decode()
    assert not Letter.objects.exists()


def test_issuing_twice_is_a_clear_409(client, world, approved):
    login(client, world, "hr")
    client.post(_page(approved), {"decision": "issue", "issued_on": "2026-10-12"})
    res = client.post(_page(approved), {"decision": "issue", "issued_on": "2026-10-12"})
    assert res.status_code == 409 and "已发晋升通知书，待生效" in res.content.decode()
    assert Letter.objects.count() == 1


@pytest.mark.parametrize(("who", "status"), [
    ("hr", 200), ("agent", 200), ("manager", 200), ("supervisor", 403), ("agent2", 403), ("far", 403),
])
def test_who_may_download_the_letter(client, world, who, status):
    app = advance(world, world.agents[:1], State.LETTER_ISSUED)[0]
    login(client, world, who)
    assert client.get(_pdf(app)).status_code == status
    assert client.get(_page(app)).status_code == status


def test_the_applicant_sees_the_download_but_no_issue_form(client, world):
    app = advance(world, world.agents[:1], State.LETTER_ISSUED)[0]
    login(client, world, "agent")
    html = client.get(_page(app)).content.decode()
    assert 'data-testid="letter-download"' in html and 'data-testid="letter-issue"' not in html
    assert client.post(_page(app), {"decision": "issue", "issued_on": "2026-10-12"}).status_code == 403


def test_before_the_letter_is_issued_the_applicant_is_told_and_the_pdf_is_404(client, world, approved):
    login(client, world, "agent")
    html = client.get(_page(approved)).content.decode()
    assert "尚未发放晋升通知书" in html
    assert client.get(_pdf(approved)).status_code == 404
    assert client.post(_page(approved), {"decision": "preview", "issued_on": "2026-10-12"}).status_code == 403


def test_logged_out_visitors_are_sent_to_log_in(client, world):
    app = advance(world, world.agents[:1], State.LETTER_ISSUED)[0]
    res = client.get(_pdf(app))
    assert res.status_code == 302 and "/accounts/login/" in res["Location"]


def test_the_letter_page_renders_under_the_query_budget(client, world, django_assert_max_num_queries):
    app = advance(world, world.agents[:1], State.IN_PROBATION)[0]
    login(client, world, "hr")
    with django_assert_max_num_queries(29):
        assert client.get(_page(app)).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Batch


def test_the_batch_page_lists_approved_applications_and_issued_letters(client, world):
    advance(world, world.agents[:1], State.LETTER_ISSUED)
    apps = advance(world, world.agents[1:4], State.HR_APPROVED)
    login(client, world, "hr")
    html = client.get(reverse("web:letters")).content.decode()
    pending = html[html.index('data-testid="pending"'):html.index('data-testid="issued"')]
    assert all(f'value="{a.pk}"' in pending for a in apps) and "张三" not in pending
    assert "客服晋字〔2026〕1号" in html[html.index('data-testid="issued"'):]


@needs_poppler
def test_the_batch_issues_every_chosen_letter_and_prints_one_page_each(client, world, tmp_path):
    apps = advance(world, world.agents[:4], State.HR_APPROVED)
    chosen = apps[:3]
    login(client, world, "hr")
    res = client.post(reverse("web:letters"), {"applications": [a.pk for a in chosen], "issued_on": "2026-10-13"})
    assert res.status_code == 302
    letters = list(Letter.objects.order_by("pk"))
    assert [x.application_id for x in letters] == [a.pk for a in chosen]
    assert [x.number for x in letters] == [f"客服晋字〔2026〕{i}号" for i in (1, 2, 3)]
    assert Application.objects.get(pk=apps[3].pk).state == State.HR_APPROVED
    # the page after offers the combined PDF of exactly these letters
    html = client.get(res["Location"]).content.decode()
    assert 'data-testid="print-ready"' in html
    print_url = reverse("web:letters_print") + "?" + "&".join(f"letter={x.pk}" for x in letters)
    assert print_url.replace("&", "&amp;") in html
    pdf = client.get(print_url)
    assert pdf.status_code == 200 and pdf_pages(pdf.content, tmp_path) == 3
    text = pdf_text(pdf.content, tmp_path)
    assert all(x.number in text for x in letters) and all(a.employee.name in text for a in chosen)


@needs_poppler
def test_already_issued_letters_can_be_reprinted_together(client, world, tmp_path):
    advance(world, world.agents[:2], State.LETTER_ISSUED)
    login(client, world, "hr")
    ids = list(Letter.objects.values_list("pk", flat=True))
    pdf = client.get(reverse("web:letters_print"), {"letter": ids})
    assert pdf.status_code == 200 and pdf_pages(pdf.content, tmp_path) == 2
    assert Letter.objects.count() == 2  # reprinting issues nothing new


def test_the_batch_needs_a_choice(client, world):
    advance(world, world.agents[:1], State.HR_APPROVED)
    login(client, world, "hr")
    res = client.post(reverse("web:letters"), {"issued_on": "2026-10-13"})
    assert res.status_code == 400 and "请至少选择一份申请" in res.content.decode()
    assert not Letter.objects.exists()


def test_a_batch_with_an_application_no_longer_approved_issues_none(client, world):
    ok = advance(world, world.agents[:1], State.HR_APPROVED)[0]
    gone = advance(world, world.agents[1:2], State.NOTICE_CLOSED)[0]
    login(client, world, "hr")
    res = client.post(reverse("web:letters"), {"applications": [ok.pk, gone.pk], "issued_on": "2026-10-13"})
    assert res.status_code == 400 and "已不在待发通知书状态" in res.content.decode()
    assert not Letter.objects.exists()


def test_printing_nothing_goes_back_with_a_message(client, world):
    login(client, world, "hr")
    res = client.get(reverse("web:letters_print"))
    assert res.status_code == 302 and res["Location"] == reverse("web:letters")


@pytest.mark.parametrize("who", ["agent", "supervisor", "manager"])
def test_the_batch_and_its_print_are_for_hr_only(client, world, who):
    advance(world, world.agents[:1], State.LETTER_ISSUED)
    login(client, world, who)
    assert client.get(reverse("web:letters")).status_code == 403
    assert client.get(reverse("web:letters_print"), {"letter": [Letter.objects.get().pk]}).status_code == 403


def test_the_batch_page_renders_under_the_query_budget(client, world, django_assert_max_num_queries):
    advance(world, world.agents[:3], State.LETTER_ISSUED)
    advance(world, world.agents[3:6], State.HR_APPROVED)
    login(client, world, "hr")
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:letters")).status_code == 200


def test_printing_more_letters_runs_no_more_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    advance(world, world.agents[:5], State.LETTER_ISSUED)
    login(client, world, "hr")
    ids = list(Letter.objects.order_by("pk").values_list("pk", flat=True))
    counts = []
    for chosen in (ids[:1], ids):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("web:letters_print"), {"letter": chosen}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] < 15
