"""Demotion cases on the pages (/discipline/cases/...): the list, one case, each step's form for whoever holds
it, opening a case, and the evidence packet's documents."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careerpath.audit.models import AuditEvent
from careerpath.discipline import services as ds
from careerpath.discipline.models import CaseDecision, CaseDocument, DemotionCase
from careerpath.discipline.services import demotion_apply_effective
from careerpath.people.models import Position
from tests.web.discipline_world import PDF, PNG, World, build_world, drive, login

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def world(db, settings, tmp_path) -> World:  # noqa: ANN001
    return build_world(settings, tmp_path)


def _case_url(case: DemotionCase, step: str = "") -> str:
    return reverse(f"web:discipline_case{'_' + step if step else ''}", args=[case.pk])


def _state(case: DemotionCase) -> str:
    return DemotionCase.objects.get(pk=case.pk).state


# --- the list and the navigation ----------------------------------------------------------------------


def test_the_list_shows_the_cases_in_scope_and_the_nav_counts_what_waits_for_me(client, world):
    login(client, world, "supervisor")
    html = client.get(reverse("web:discipline_cases")).content.decode()
    assert f'data-testid="case-{world.case.pk}"' in html and "孙八" in html and "降一级" in html
    assert "中级客服专员 → 初级客服专员" in html and "已提出，待直接上级审核" in html
    assert 'data-testid="nav-count-discipline_cases">1<' in html
    # a supervisor of another department sees neither the case nor a count
    client.logout()
    login(client, world, "south")
    html = client.get(reverse("web:discipline_cases")).content.decode()
    assert "孙八" not in html and 'nav-count-discipline_cases' not in html


def test_the_count_follows_the_case_from_step_to_step(client, world):
    def count(who: str) -> int:
        client.logout()
        login(client, world, who)
        html = client.get(reverse("web:discipline_cases"), {"which": "mine"}).content.decode()
        m = re.search(r'data-testid="nav-count-discipline_cases">(\d+)<', html)
        assert (m is not None) == (f'data-testid="case-{world.case.pk}"' in html)
        return int(m[1]) if m else 0

    assert (count("supervisor"), count("manager"), count("hr")) == (1, 0, 0)
    drive(world, world.case, "supervisor_reviewed")
    assert (count("supervisor"), count("manager"), count("hr")) == (0, 1, 0)
    ds.demotion_case_manager_review(actor=world.users["manager"], case=world.case, note="同意")
    assert (count("supervisor"), count("manager"), count("hr")) == (0, 0, 1)


@pytest.mark.parametrize("who", ["senior", "vp"])
def test_the_list_is_for_the_reviewers_and_hr_only(client, world, who):
    login(client, world, who)
    assert client.get(reverse("web:discipline_cases")).status_code == 403
    assert client.get(reverse("web:discipline_case_new")).status_code == 403


# --- one case -----------------------------------------------------------------------------------------


def test_the_case_shows_its_reason_evidence_and_who_holds_the_step(client, world):
    login(client, world, "hr")
    html = client.get(_case_url(world.case)).content.decode()
    assert "孙八" in html and "违规泄露客户信息" in html  # the incident in the packet
    assert 'data-testid="step-supervisor_review"' in html and "等待：直接上级" in html
    assert 'data-testid="review-form"' not in html  # HR does not hold the review
    assert 'data-testid="approve-form"' not in html
    assert 'data-testid="reject-form"' in html and 'data-testid="withdraw-form"' in html  # HR may, any time


def test_the_supervisor_reviews_with_a_note_and_the_case_moves_on(client, world):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "review"), {"review-note": "情况属实，同意降一级"})
    assert res.status_code == 302 and res["Location"] == _case_url(world.case)
    assert _state(world.case) == "supervisor_reviewed"
    d = CaseDecision.objects.get(case=world.case, action="supervisor_review")
    assert d.actor == world.users["supervisor"] and d.note == "情况属实，同意降一级"
    html = client.get(res["Location"]).content.decode()
    assert "审核意见已提交" in html and 'data-testid="note-supervisor_review"' in html


def test_a_review_without_a_note_is_refused_beside_the_field_and_changes_nothing(client, world):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "review"), {"review-note": "  "})
    assert res.status_code == 400
    html = res.content.decode()
    assert 'id="id_review-note_error"' in html and "此项必填" in html
    assert _state(world.case) == "proposed" and not CaseDecision.objects.filter(action="supervisor_review").exists()


def test_a_reviewer_may_amend_the_proposal_and_a_bad_target_is_shown_beside_the_level(client, world):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "review"), {"review-note": "改为调岗", "review-proposal": "transfer",
                                                        "review-to_level": "senior"})
    assert res.status_code == 400
    assert 'id="id_review-to_level_error"' in res.content.decode()
    assert _state(world.case) == "proposed"
    res = client.post(_case_url(world.case, "review"), {"review-note": "改为撤职", "review-proposal": "removal"})
    assert res.status_code == 302
    case = DemotionCase.objects.get(pk=world.case.pk)
    assert (case.state, case.proposal, case.to_level) == ("supervisor_reviewed", "removal", "junior")


def test_the_manager_who_gave_the_first_review_is_told_someone_else_gives_the_second(client, world):
    # given the manager stood in for the supervisor
    ds.demotion_case_supervisor_review(actor=world.users["manager"], case=world.case, note="代直接上级审核")
    login(client, world, "manager")
    html = client.get(_case_url(world.case)).content.decode()
    assert 'data-testid="same-reviewer"' in html and 'data-testid="review-form"' not in html
    res = client.post(_case_url(world.case, "review"), {"review-note": "同意"})
    assert res.status_code == 403 and _state(world.case) == "supervisor_reviewed"


def test_hr_approves_with_an_effective_date_and_the_job_changes_the_position_on_it(client, world):
    case = drive(world, world.case, "manager_reviewed")
    login(client, world, "hr")
    html = client.get(_case_url(case)).content.decode()
    assert 'data-testid="approve-form"' in html and 'value="2026-12-01"' in html  # the 1st of next month
    res = client.post(_case_url(case, "approve"), {"approve-effective_on": "2026-12-01", "approve-note": "证据充分"})
    assert res.status_code == 302
    case = DemotionCase.objects.get(pk=case.pk)
    assert case.state == "hr_approved" and case.effective_on == date(2026, 12, 1)
    assert AuditEvent.objects.filter(action="demotion_case.hr_approve", target_id=str(case.pk)).exists()
    # the position is the daily job's: nothing changed yet
    assert Position.objects.get(employee=world["E3"], end_on=None).level == "intermediate"
    demotion_apply_effective(today=date(2026, 12, 1))
    html = client.get(_case_url(case)).content.decode()
    assert 'data-testid="position-changed"' in html and "2026年12月1日" in html and "已生效" in html
    assert Position.objects.get(employee=world["E3"], end_on=None).level == "junior"


@pytest.mark.parametrize(("value", "message"), [("2026-11-01", "降级不能追溯"), ("2026-13-01", "请按 年-月-日 填写日期"),
                                                ("", "此项必填")])
def test_a_bad_effective_date_is_shown_beside_it_and_changes_nothing(client, world, value, message):
    case = drive(world, world.case, "manager_reviewed")
    login(client, world, "hr")
    res = client.post(_case_url(case, "approve"), {"approve-effective_on": value})
    assert res.status_code == 400
    html = res.content.decode()
    assert 'id="id_approve-effective_on_error"' in html and message in html
    assert _state(case) == "manager_reviewed"


def test_approving_an_empty_packet_is_refused_with_the_reason(client, world):
    case = ds.demotion_case_open(actor=world.users["hr"], employee=world["E2"], proposal="one_level_down",
                                 reason="业绩持续不达标")
    ds.demotion_case_supervisor_review(actor=world.users["supervisor"], case=case, note="同意")
    ds.demotion_case_manager_review(actor=world.users["manager"], case=case, note="同意")
    login(client, world, "hr")
    assert "证据材料为空" in client.get(_case_url(case)).content.decode()
    res = client.post(_case_url(case, "approve"), {"approve-effective_on": "2026-12-01"})
    assert res.status_code == 400 and "证据材料为空，不能批准降级" in res.content.decode()
    assert _state(case) == "manager_reviewed"


def test_rejecting_needs_a_reason_then_closes_the_case(client, world):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "reject"), {"reject-reason": ""})
    assert res.status_code == 400 and 'id="id_reject-reason_error"' in res.content.decode()
    assert _state(world.case) == "proposed"
    res = client.post(_case_url(world.case, "reject"), {"reject-reason": "经核实系误报"})
    assert res.status_code == 302 and _state(world.case) == "rejected"
    html = client.get(_case_url(world.case)).content.decode()
    assert 'data-testid="closed-reject"' in html and "经核实系误报" in html
    assert 'data-testid="review-form"' not in html and 'data-testid="document-form"' not in html


def test_a_step_out_of_order_gets_a_409_page_pointing_at_the_case(client, world):
    login(client, world, "hr")
    res = client.post(_case_url(world.case, "approve"), {"approve-effective_on": "2026-12-01"})
    assert res.status_code in (403, 409)
    assert _state(world.case) == "proposed"
    # the supervisor's page was open while the manager (standing in) reviewed first
    ds.demotion_case_supervisor_review(actor=world.users["manager"], case=world.case, note="代审")
    client.logout()
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "review"), {"review-note": "同意"})
    assert res.status_code in (403, 409) and "Traceback" not in res.content.decode()
    assert CaseDecision.objects.filter(case=world.case, action="supervisor_review").count() == 1


@pytest.mark.parametrize("who", ["south", "senior"])
def test_people_outside_the_case_cannot_act_and_the_subject_only_reads(client, world, who):
    case = DemotionCase.objects.get(pk=world.case.pk)
    if who == "senior":  # the subject: 张三's own case
        case = ds.demotion_case_open(actor=world.users["hr"], employee=world["E1"], proposal="one_level_down",
                                     reason="业绩持续不达标")
    login(client, world, who)
    res = client.get(_case_url(case))
    if who == "south":
        assert res.status_code == 403
    else:
        html = res.content.decode()
        assert res.status_code == 200 and "这是关于您本人的案件" in html
        assert 'data-testid="review-form"' not in html and 'data-testid="reject-form"' not in html
    for step, data in [("review", {"review-note": "同意"}), ("reject", {"reject-reason": "x"}),
                       ("withdraw", {"withdraw-reason": "x"})]:
        assert client.post(_case_url(case, step), data).status_code == 403
    assert _state(case) == "proposed"


def test_an_unknown_case_is_404(client, world):
    login(client, world, "hr")
    assert client.get(reverse("web:discipline_case", args=[9999])).status_code == 404
    assert client.post(reverse("web:discipline_case_review", args=[9999]), {"review-note": "x"}).status_code == 404


# --- documents ----------------------------------------------------------------------------------------


def test_a_reviewer_attaches_a_pdf_and_only_people_who_may_see_the_case_download_it(client, world):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "document_add"),
                      {"doc-file": SimpleUploadedFile("scan.pdf", PDF), "doc-file_name": "客户投诉函"})
    assert res.status_code == 302
    doc = CaseDocument.objects.get(case=world.case)
    assert doc.file_name == "客户投诉函.pdf" and doc.size == len(PDF)
    url = reverse("web:discipline_document", args=[doc.pk])
    assert url in client.get(_case_url(world.case)).content.decode()
    res = client.get(url)
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    assert b"".join(res.streaming_content) == PDF
    assert "sandbox" in res["Content-Security-Policy"] and res["Cache-Control"] == "private, no-store"
    for who, status in [("south", 403), ("manager", 200), ("hr", 200)]:
        client.logout()
        login(client, world, who)
        assert client.get(url).status_code == status, who
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 10), "附件须为 PDF、PNG、JPEG 或 WebP 文件"),
    (SimpleUploadedFile("empty.pdf", b""), None),
])
def test_a_file_of_the_wrong_type_is_refused_beside_the_field(client, world, upload, message):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "document_add"), {"doc-file": upload})
    assert res.status_code == 400
    html = res.content.decode()
    assert 'id="id_doc-file_error"' in html
    if message:
        assert message in html
    assert not CaseDocument.objects.filter(case=world.case).exists()


def test_a_file_over_the_limit_is_refused(client, world, settings):
    settings.CAREERPATH_ATTACHMENT_MAX_BYTES = 1024
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "document_add"),
                      {"doc-file": SimpleUploadedFile("big.png", PNG + b"\x00" * 2048)})
    assert res.status_code == 400 and "的上限" in res.content.decode()
    assert not CaseDocument.objects.filter(case=world.case).exists()


def test_a_written_statement_needs_a_title(client, world):
    login(client, world, "supervisor")
    res = client.post(_case_url(world.case, "document_add"), {"doc-text": "当事人书面说明"})
    assert res.status_code == 400 and 'id="id_doc-file_name_error"' in res.content.decode()
    res = client.post(_case_url(world.case, "document_add"), {"doc-text": "当事人书面说明", "doc-file_name": "情况说明"})
    assert res.status_code == 302
    assert CaseDocument.objects.get(case=world.case).text == "当事人书面说明"


# --- opening a case ------------------------------------------------------------------------------------


def test_hr_opens_a_case_with_an_incident_and_a_document(client, world):
    incident = ds.incident_record(actor=world.users["hr"], employee=world["E2"], date=date(2026, 11, 10),
                                  type="重大事故", note="批量错发订单").incident
    login(client, world, "hr")
    html = client.get(reverse("web:discipline_case_new"), {"employee": "E2", "incident": incident.pk}).content.decode()
    assert "钱七" in html and "资深客服专员" in html and f'value="{incident.pk}"' in html and "checked" in html
    res = client.post(reverse("web:discipline_case_new"), {
        "employee": "E2", "case-proposal": "one_level_down", "case-reason": "重大事故，情节严重",
        "case-incidents": [str(incident.pk)], "doc-file": SimpleUploadedFile("事故报告.pdf", PDF)})
    assert res.status_code == 302, res.content.decode()[:2000]
    case = DemotionCase.objects.get(employee=world["E2"])
    assert res["Location"] == _case_url(case)
    assert (case.state, case.from_level, case.to_level) == ("proposed", "expert", "senior")
    assert list(case.incidents.all()) == [incident] and case.documents.get().file_name == "事故报告.pdf"


def test_opening_without_a_reason_or_with_a_bad_target_changes_nothing(client, world):
    login(client, world, "hr")
    res = client.post(reverse("web:discipline_case_new"), {"employee": "E2", "case-proposal": "one_level_down",
                                                           "case-reason": ""})
    assert res.status_code == 400 and 'id="id_case-reason_error"' in res.content.decode()
    res = client.post(reverse("web:discipline_case_new"), {"employee": "E2", "case-proposal": "transfer",
                                                           "case-reason": "调岗", "case-to_level": "director"})
    assert res.status_code == 400 and 'id="id_case-to_level_error"' in res.content.decode()
    res = client.post(reverse("web:discipline_case_new"), {"employee": "E2", "case-proposal": "demote_twice",
                                                           "case-reason": "x"})
    assert res.status_code == 400 and 'id="id_case-proposal_error"' in res.content.decode()
    assert not DemotionCase.objects.filter(employee=world["E2"]).exists()


def test_a_second_open_case_for_the_same_person_is_refused_with_a_pointer(client, world):
    login(client, world, "hr")
    html = client.get(reverse("web:discipline_case_new"), {"employee": "E3"}).content.decode()
    assert 'data-testid="open-case"' in html
    res = client.post(reverse("web:discipline_case_new"), {"employee": "E3", "case-proposal": "one_level_down",
                                                           "case-reason": "再次违规"})
    assert res.status_code == 400 and "已有进行中的降级案件" in res.content.decode()
    assert DemotionCase.objects.filter(employee=world["E3"]).count() == 1


def test_an_unknown_number_or_someone_outside_the_scope(client, world):
    login(client, world, "supervisor")
    res = client.get(reverse("web:discipline_case_new"), {"employee": "NOPE"})
    assert res.status_code == 404 and "找不到工号 NOPE" in res.content.decode()
    assert client.get(reverse("web:discipline_case_new"), {"employee": "E9"}).status_code == 403
    res = client.post(reverse("web:discipline_case_new"), {"employee": "E9", "case-proposal": "one_level_down",
                                                           "case-reason": "x"})
    assert res.status_code == 403 and not DemotionCase.objects.filter(employee=world["E9"]).exists()


# --- English and the query budget ------------------------------------------------------------------------


def _interface_chinese(html: str) -> list[str]:
    main = html[html.index('<main'):]
    # data stays as entered: names, departments, notes, reasons
    data = {"孙八", "张三", "钱七", "华东客服一部", "违规泄露客户信息", "李主管", "王经理", "客户重大投诉：多次未按时回电",
            "情况属实，同意降级", "部门同意", "华南客服部", "周主管", "赵六", "证据充分"}
    texts = re.findall(r">([^<>]+)<", main)
    out = []
    for t in texts:
        t = t.strip()
        if CJK.search(t) and not any(d in t for d in data):
            out.append(t)
    return out


def test_the_pages_read_in_english(client, world):
    case = drive(world, world.case, "manager_reviewed")
    login(client, world, "hr")
    for url, query in [(reverse("web:discipline_cases"), {}), (_case_url(case), {}),
                       (reverse("web:discipline_case_new"), {"employee": "E2"})]:
        html = client.get(url, {**query, "lang": "en"}).content.decode()
        assert _interface_chinese(html) == [], url
    html = client.get(_case_url(case), {"lang": "en"}).content.decode()
    assert "HR approval" in html and "Approve the demotion" in html and "Intermediate" in html


def test_the_pages_stay_under_the_query_budget(client, world, django_assert_max_num_queries):
    for no in ["E1", "E2", "S1"]:  # more cases with documents: the number of queries stays the same
        c = ds.demotion_case_open(actor=world.users["hr"], employee=world[no], proposal="one_level_down",
                                  reason="业绩持续不达标", documents=[ds.DocumentUpload(file_name="记录", text="绩效记录")])
        if no != "S1":
            drive(world, c, "supervisor_reviewed")
    login(client, world, "manager")
    for url in [reverse("web:discipline_cases"), reverse("web:discipline_cases") + "?which=mine",
                _case_url(world.case), reverse("web:discipline_case_new") + "?employee=E2"]:
        with django_assert_max_num_queries(29):
            assert client.get(url).status_code == 200, url


def test_the_vp_reads_a_case_from_a_link_but_has_no_step(client, world):
    login(client, world, "vp")
    res = client.get(_case_url(world.case))
    html = res.content.decode()
    assert res.status_code == 200 and "孙八" in html
    assert 'data-testid="review-form"' not in html and 'data-testid="document-form"' not in html
    assert client.post(_case_url(world.case, "review"), {"review-note": "同意"}).status_code == 403
    assert _state(world.case) == "proposed"


def test_a_manager_standing_in_for_the_supervisor_is_told_so(client, world):
    login(client, world, "manager")
    html = client.get(_case_url(world.case)).content.decode()
    assert 'data-testid="review-form"' in html and 'data-testid="stands-in"' in html
