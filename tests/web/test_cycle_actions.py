"""Each form of the cycle's pages does what its service does; bad input names the field and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.cycles.models import Candidate, Cycle, Quota
from careerpath.evidence.models import Exam
from tests.cycles.helpers import exam_workbook
from tests.web.cycle_world import YEAR, World, advance, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=args)


def test_hr_opens_a_cycle_from_the_form_and_a_second_one_for_the_year_is_refused(client, world):
    login(client, world, "hr")
    res = client.post(_url("cycle_list"), {"year": "2026", "as_of": "", "policy_version": ""})
    assert res.status_code == 302 and res["Location"] == _url("cycle_detail", 2026)
    c = Cycle.objects.get(year=2026)
    assert (c.as_of, c.nomination_deadline, c.state) == (date(2026, 12, 31), date(2026, 11, 10), "open")
    res = client.post(_url("cycle_list"), {"year": "2026"})
    assert res.status_code == 400 and "2026 年度评选已存在" in res.content.decode()
    assert Cycle.objects.count() == 1


def test_the_open_form_names_the_bad_field(client, world):
    login(client, world, "hr")
    res = client.post(_url("cycle_list"), {"year": "2026", "as_of": "2025-12-31"})
    html = res.content.decode()
    assert res.status_code == 400 and 'id="id_as_of_error"' in html and "不在 2026 年内" in html
    res = client.post(_url("cycle_list"), {"year": "abc"})
    assert res.status_code == 400 and 'id="id_year_error"' in res.content.decode()
    assert not Cycle.objects.exists()
    login(client, world, "committee")
    assert client.post(_url("cycle_list"), {"year": "2026"}).status_code == 403


def test_hr_releases_the_lists_and_cannot_close_before_the_deadline(client, world):
    advance(world, "open")
    login(client, world, "hr")
    client.post(_url("cycle_action", YEAR, "start"))
    assert world.cycle.state == "nominating"
    res = client.post(_url("cycle_action", YEAR, "close"), follow=True)
    assert world.cycle.state == "nominating" and "尚未结束" in res.content.decode()
    world.settings.CAREERPATH_TODAY = "2026-11-11"
    client.post(_url("cycle_action", YEAR, "close"))
    assert world.cycle.state == "scoring"


def _sheet(client, world, who: str) -> dict[str, int]:  # noqa: ANN001
    login(client, world, who)
    return {x.employee.employee_no: x.pk for x in Candidate.objects.filter(cycle__year=YEAR, selectable=True)
            .select_related("employee")}


def test_a_manager_nominates_with_a_reason_for_each_person_left_out(client, world):
    advance(world, "nominating", nominate=False)
    ids = _sheet(client, world, "mgr1")
    east = {no: pk for no, pk in ids.items() if no in ("A1", "A2", "A3", "J1")}
    form = {"candidate": list(east.values()), f"pick-{east['A1']}": "1", f"pick-{east['A2']}": "1",
            f"pick-{east['J1']}": "1", "note": "部门评议"}
    # A3 left out without a reason: refused, the row says so, nothing saved.
    res = client.post(_url("cycle_nominations", YEAR), form)
    html = res.content.decode()
    assert res.status_code == 400 and f'id="reason-{east["A3"]}-error"' in html and "请填写不提名的原因" in html
    assert not Candidate.objects.filter(cycle__year=YEAR, nominated=True).exists()
    form[f"reason-{east['A3']}"] = "本年度调岗未满半年"
    res = client.post(_url("cycle_nominations", YEAR), form)
    assert res.status_code == 302
    got = {x.employee.employee_no: (x.nominated, x.nomination_note)
           for x in Candidate.objects.filter(cycle__year=YEAR, department=world.east).select_related("employee")}
    assert got == {"A1": (True, "部门评议"), "A2": (True, "部门评议"), "J1": (True, "部门评议"),
                   "A3": (False, "本年度调岗未满半年")}
    # Changing one's mind before the deadline: A2 is taken back, with its reason.
    form.pop(f"pick-{east['A2']}")
    form[f"reason-{east['A2']}"] = "主动放弃"
    client.post(_url("cycle_nominations", YEAR), form)
    a2 = world.cand("A2")
    assert (a2.nominated, a2.nomination_note) == (False, "主动放弃")
    html = client.get(_url("cycle_nominations", YEAR)).content.decode()
    assert "还剩 7 个工作日" in html


def test_a_manager_cannot_nominate_outside_their_department(client, world):
    advance(world, "nominating", nominate=False)
    ids = _sheet(client, world, "mgr1")
    res = client.post(_url("cycle_nominations", YEAR), {"candidate": [ids["B1"]], f"pick-{ids['B1']}": "1"})
    assert res.status_code == 403 and not world.cand("B1").nominated


def test_nominations_after_the_deadline_change_nothing(client, world):
    advance(world, "nominating", nominate=False)
    world.settings.CAREERPATH_TODAY = "2026-11-11"
    ids = _sheet(client, world, "mgr1")
    res = client.post(_url("cycle_nominations", YEAR), {"candidate": [ids["A1"]], f"pick-{ids['A1']}": "1"},
                      follow=True)
    assert "提报期已结束" in res.content.decode() and not world.cand("A1").nominated


def test_an_exam_result_typed_in_is_recorded_and_a_bad_one_names_its_field(client, world):
    advance(world, "nominating")
    login(client, world, "committee")
    res = client.post(_url("cycle_exam_record", YEAR), {"employee_no": "ZZ9", "exam": "技术评定考试",
                                                       "date": "2026-11-20", "score": "90", "passed": "1"})
    assert res.status_code == 400 and 'id="id_employee_no_error"' in res.content.decode()
    res = client.post(_url("cycle_exam_record", YEAR), {"employee_no": "A3", "exam": "技术评定考试",
                                                       "date": "2026-11-20", "score": "120", "passed": "1"})
    assert res.status_code == 400 and 'id="id_score_error"' in res.content.decode()
    assert not Exam.objects.filter(date=date(2026, 11, 20)).exists()
    res = client.post(_url("cycle_exam_record", YEAR), {"employee_no": "A3", "exam": "技术评定考试",
                                                       "date": "2026-11-20", "score": "96", "passed": "1"})
    assert res.status_code == 302
    assert Exam.objects.get(employee=world.people["A3"], date=date(2026, 11, 20)).score == 96


def _upload(client, content: bytes, name: str = "考试成绩.xlsx"):  # noqa: ANN001, ANN202
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(_url("cycle_exam_upload", YEAR), {"file": SimpleUploadedFile(name, content)})


def test_an_upload_with_errors_lists_them_by_row_and_column_and_saves_nothing_then_a_clean_one(client, world):
    advance(world, "nominating")
    login(client, world, "committee")
    bad = exam_workbook([["A1", "技术评定考试", date(2026, 11, 20), 95, "是"],
                         ["ZZ9", "技术评定考试", date(2026, 11, 20), 88, "是"],
                         ["A3", "技术评定考试", date(2026, 11, 20), 150, "是"]])
    res = _upload(client, bad)
    html = res.content.decode()
    assert res.status_code == 400 and html.count('data-testid="upload-error"') == 2
    assert "ZZ9" in html and "0–100" in html and ">3<" in html and ">4<" in html  # rows 3 and 4
    assert not Exam.objects.filter(date=date(2026, 11, 20)).exists()
    good = exam_workbook([["A1", "技术评定考试", date(2026, 11, 20), 95, "是"],
                          ["A3", "技术评定考试", date(2026, 11, 20), 72, "是"]])
    res = _upload(client, good)
    assert res.status_code == 302
    assert Exam.objects.filter(date=date(2026, 11, 20)).count() == 2
    res = _upload(client, b"not a workbook", name="x.xlsx")
    assert res.status_code == 400 and "✗" in res.content.decode()


def test_quotas_absolute_and_percent_and_bad_ones(client, world):
    advance(world, "scoring")
    login(client, world, "hr")
    res = client.post(_url("cycle_quota_set", YEAR), {"move_id": "intermediate_to_senior", "department": "",
                                                     "kind": "percent", "value": "150"})
    assert res.status_code == 400 and 'id="id_value_error"' in res.content.decode()
    res = client.post(_url("cycle_quota_set", YEAR), {"move_id": "intermediate_to_senior",
                                                     "department": world.east.pk, "kind": "absolute", "value": "1.5"})
    assert res.status_code == 400 and 'id="id_value_error"' in res.content.decode()
    assert Quota.objects.filter(cycle__year=YEAR).count() == 2  # the two the world set
    client.post(_url("cycle_quota_set", YEAR), {"move_id": "intermediate_to_senior", "department": "",
                                               "kind": "percent", "value": "60"})
    q = Quota.objects.get(cycle__year=YEAR, move_id="intermediate_to_senior", department=None)
    assert (q.absolute, q.percent) == (None, 60)
    assert Candidate.objects.filter(cycle__year=YEAR, move_id="intermediate_to_senior", in_quota=True).count() == 3
    client.post(_url("cycle_quota_set", YEAR), {"move_id": "intermediate_to_senior", "department": world.south.pk,
                                               "kind": "absolute", "value": "1"})
    html = client.get(_url("cycle_scoring", YEAR)).content.decode()
    assert "华南客服部" in html
    south = Quota.objects.get(cycle__year=YEAR, department=world.south)
    client.post(_url("cycle_quota_remove", YEAR, south.pk))
    assert not Quota.objects.filter(pk=south.pk).exists()


def test_a_decision_against_the_ranking_needs_a_written_reason(client, world):
    advance(world, "scoring")
    login(client, world, "committee")
    a3 = world.cand("A3")
    res = client.post(_url("cycle_decide", YEAR, a3.pk), {"selected": "1", "reason": ""})
    html = res.content.decode()
    assert res.status_code == 400 and 'data-testid="decide-error-A3"' in html and "须写明理由" in html
    assert world.cand("A3").decision == "pending"
    res = client.post(_url("cycle_decide", YEAR, a3.pk), {"selected": "1", "reason": "重点客户项目骨干"})
    assert res.status_code == 302 and world.cand("A3").decision == "selected"
    client.post(_url("cycle_accept", YEAR))
    assert not Candidate.objects.filter(cycle__year=YEAR, rank__isnull=False, decision="pending").exists()
    html = client.get(_url("cycle_scoring", YEAR)).content.decode()
    assert "偏离排名建议" in html and "重点客户项目骨干" in html
    client.post(_url("cycle_conclude", YEAR))
    assert world.cycle.state == "committee"
    login(client, world, "hr")  # HR may not decide: the committee's alone
    assert client.post(_url("cycle_decide", YEAR, a3.pk), {"selected": "0"}).status_code == 403


def test_the_vp_approves_or_returns_with_a_reason(client, world):
    advance(world, "committee")
    login(client, world, "vp")
    res = client.post(_url("cycle_approval", YEAR), {"decision": "return", "return-reason": ""})
    assert res.status_code == 400 and 'id="id_return-reason_error"' in res.content.decode()
    assert world.cycle.state == "committee"
    client.post(_url("cycle_approval", YEAR), {"decision": "approve", "approve-note": "同意"})
    assert world.cycle.state == "vp_approved"
    login(client, world, "committee")
    assert client.post(_url("cycle_approval", YEAR), {"decision": "approve"}).status_code == 403


def test_the_vp_sends_it_back_and_the_committee_deliberates_again(client, world):
    advance(world, "committee")
    login(client, world, "vp")
    client.post(_url("cycle_approval", YEAR), {"decision": "return", "return-reason": "名额外人选理由不足"})
    assert world.cycle.state == "scoring"
