"""The recognition pages: rounds, a round (nominate, approve), awards with certificates, contributions, and an
employee's own awards — each for the right roles, in both languages, within the query budget."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careerpath.recognition import services as s
from careerpath.recognition.models import Award, AwardRound, Candidate, Contribution, RoundState
from tests.recognition.world import OCTOBER, TODAY, RecognitionWorld, build_world

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
PASSWORD = "pw-12345"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Data stays as entered: names, departments, customers, reasons typed in Chinese.
DATA = ["陈晓红", "刘洋", "孙丽", "周杰", "赵敏", "吴刚", "王经理", "华东客服一部", "华南客服部", "客服中心", "顺丰华东仓",
        "拓展冷链专线", "财务确认", "本月主动承担大客户专线"]


@pytest.fixture
def w(db, settings) -> RecognitionWorld:  # noqa: ANN001
    return build_world(settings)


def _login(client, who: str) -> None:  # noqa: ANN001
    assert client.login(username=who, password=PASSWORD)


def _leftovers(html: str) -> list[str]:
    body = html[html.index("<main"):html.index("</main>")]
    for d in DATA:
        body = body.replace(d, "")
    body = re.sub(r"<textarea[^>]*>.*?</textarea>", "", body, flags=re.S)
    return sorted(set(CJK.findall(re.sub(r"<[^>]+>", " ", body))))


def _round(w: RecognitionWorld, state: str = "proposed") -> AwardRound:
    r, _ = s.round_propose(actor=w.users["hr"], award="monthly_star", period_start=OCTOBER, today=TODAY)
    if state in ("nominated", "approved"):
        r = s.round_nominate(actor=w.users["hr"], round=r, today=TODAY)
    if state == "approved":
        r = s.round_approve(actor=w.users["hr"], round=r, today=TODAY)
    return r


def test_hr_proposes_a_round_from_the_rounds_page(client, w, django_assert_max_num_queries):
    _login(client, "hr")
    with django_assert_max_num_queries(29):
        r = client.get(reverse("web:recognition_rounds"))
    html = r.content.decode()
    assert r.status_code == 200 and "月度服务明星" in html and "各部门客户满意度最高的前 1 名" in html
    r = client.post(reverse("web:recognition_rounds"), {"award": "monthly_star", "period": "2026-10"})
    assert r.status_code == 302
    rnd = AwardRound.objects.get()
    assert r["Location"] == reverse("web:recognition_round", args=[rnd.pk])


@pytest.mark.parametrize(("period", "error"), [("2026-13", "请按 YYYY-MM 填写月份"), ("2026-11", "结束后才能提出候选人")])
def test_a_bad_period_is_shown_next_to_the_field(client, w, period, error):
    _login(client, "hr")
    r = client.post(reverse("web:recognition_rounds"), {"award": "monthly_star", "period": period})
    assert r.status_code == 400 and error in r.content.decode() and not AwardRound.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("vp", 200), ("manager", 200), ("best", 403)])
def test_who_sees_the_rounds(client, w, who, status):
    _login(client, who)
    assert client.get(reverse("web:recognition_rounds")).status_code == status


def test_the_round_page_shows_values_and_reasons(client, w, django_assert_max_num_queries):
    r = _round(w)
    _login(client, "hr")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:recognition_round", args=[r.pk])).content.decode()
    assert 'data-testid="nominee-E1"' in html and 'data-testid="nominee-E5"' in html
    assert "98.5%" in html and "本部门第 1 名" in html and 'data-testid="other-E2"' in html
    assert 'data-testid="nominate-form"' in html and 'data-testid="approve-form"' not in html


def test_a_manager_sees_and_adjusts_their_department_only(client, w, django_assert_max_num_queries):
    r = _round(w)
    _login(client, "manager")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:recognition_round", args=[r.pk])).content.decode()
    assert "陈晓红" in html and "赵敏" not in html and 'data-testid="nominate-form"' not in html
    e2 = Candidate.objects.get(round=r, employee__employee_no="E2")
    resp = client.post(reverse("web:recognition_round", args=[r.pk]),
                       {"action": "include", "candidate": e2.pk, "reason": "本月主动承担大客户专线"})
    assert resp.status_code == 302
    e2.refresh_from_db()
    assert e2.nominated and e2.nomination_reason == "本月主动承担大客户专线"
    # leaving someone out needs a reason
    e1 = Candidate.objects.get(round=r, employee__employee_no="E1")
    resp = client.post(reverse("web:recognition_round", args=[r.pk]), {"action": "leave_out", "candidate": e1.pk})
    assert resp.status_code == 400 and 'data-testid="error-reason"' in resp.content.decode()
    e1.refresh_from_db()
    assert e1.nominated


def test_hr_submits_and_approves_then_the_certificate_is_a_pdf(client, w, django_assert_max_num_queries):
    r = _round(w)
    _login(client, "hr")
    assert client.post(reverse("web:recognition_round", args=[r.pk]), {"action": "nominate", "note": ""}).status_code == 302
    html = client.get(reverse("web:recognition_round", args=[r.pk])).content.decode()
    assert 'data-testid="approve-form"' in html
    assert client.post(reverse("web:recognition_round", args=[r.pk]), {"action": "approve", "note": "同意"}).status_code == 302
    r.refresh_from_db()
    assert r.state == RoundState.APPROVED
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:recognition_round", args=[r.pk])).content.decode()
    assert 'data-testid="praise-E1"' in html
    aw = Award.objects.get(employee__employee_no="E1")
    pdf = client.get(reverse("web:recognition_certificate", args=[aw.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:recognition_awards")).status_code == 200


def test_the_winner_sees_the_award_and_only_their_own_certificate(client, w, django_assert_max_num_queries):
    _round(w, "approved")
    _login(client, "best")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:recognition_mine")).content.decode()
    assert "2026年10月月度服务明星" in html and "已计为内部书面表扬" in html
    mine = Award.objects.get(employee__employee_no="E1")
    other = Award.objects.get(employee__employee_no="E5")
    assert client.get(reverse("web:recognition_certificate", args=[mine.pk])).status_code == 200
    assert client.get(reverse("web:recognition_certificate", args=[other.pk])).status_code == 404
    assert client.get(reverse("web:recognition_awards")).status_code == 403
    with django_assert_max_num_queries(29):  # the home page keeps its budget with the block
        home = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="home-awards"' in home and "2026年10月月度服务明星" in home


def test_the_manager_proposes_and_the_vp_approves_a_contribution(client, w, django_assert_max_num_queries):
    _login(client, "manager")
    with django_assert_max_num_queries(29):
        assert client.get(reverse("web:recognition_contributions")).status_code == 200
    up = SimpleUploadedFile("财务确认.pdf", PDF, content_type="application/pdf")
    r = client.post(reverse("web:recognition_contributions"), {
        "action": "propose", "employee_no": "E1", "kind": "revenue", "customer": "顺丰华东仓", "year": 2026,
        "amount": "1250000", "percent": "", "description": "拓展冷链专线", "attachment": up})
    assert r.status_code == 302, r.content.decode()[:3000]
    c = Contribution.objects.get()
    client.logout()
    _login(client, "vp")
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:recognition_contributions")).content.decode()
    assert f'data-testid="approve-{c.pk}"' in html
    assert client.post(reverse("web:recognition_contributions"),
                       {"action": "reject", "contribution": c.pk, "note": ""}).status_code == 400
    assert client.post(reverse("web:recognition_contributions"),
                       {"action": "approve", "contribution": c.pk, "note": ""}).status_code == 302
    c.refresh_from_db()
    assert c.state == "approved"
    assert client.get(reverse("web:recognition_contribution_attachment", args=[c.pk])).status_code == 200


def test_a_contribution_without_its_finance_document_is_refused(client, w):
    _login(client, "manager")
    r = client.post(reverse("web:recognition_contributions"), {
        "action": "propose", "employee_no": "E1", "kind": "revenue", "customer": "顺丰华东仓", "year": 2026,
        "amount": "1", "description": "x"})
    assert r.status_code == 400 and 'data-testid="error-attachment"' in r.content.decode()
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("who", ["best", "south"])
def test_employees_cannot_open_the_desk_pages(client, w, who):
    r = _round(w)
    _login(client, who)
    for url in (reverse("web:recognition_round", args=[r.pk]), reverse("web:recognition_contributions")):
        assert client.get(url).status_code == 403


def test_every_page_is_complete_in_english(client, w):
    r = _round(w, "approved")
    _round_y = s.round_propose(actor=w.users["hr"], award="monthly_star", period_start=__import__("datetime").date(2026, 9, 1),
                               today=TODAY)[0]
    from careerpath.attachments import CheckedFile
    s.contribution_propose(actor=w.users["manager"], employee=w.people["best"], kind="revenue", customer="顺丰华东仓",
                           year=2026, amount="1250000", description="拓展冷链专线",
                           attachment=CheckedFile("财务确认.pdf", PDF, "application/pdf", ".pdf"), today=TODAY)
    pages = {"hr": [reverse("web:recognition_rounds"), reverse("web:recognition_round", args=[r.pk]),
                    reverse("web:recognition_round", args=[_round_y.pk]), reverse("web:recognition_awards"),
                    reverse("web:recognition_contributions")],
             "vp": [reverse("web:recognition_contributions")],
             "best": [reverse("web:recognition_mine")]}
    for who, urls in pages.items():
        client.logout()
        _login(client, who)
        for url in urls:
            html = client.get(url + "?lang=en").content.decode()
            assert _leftovers(html) == [], (who, url, _leftovers(html))
