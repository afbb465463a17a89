"""Exam results for a cycle: the 考试 sheet validated in full (sheet / row / column), or entered one by one."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.evidence.models import Exam

from .conftest import World, make_user, senior_candidates
from .helpers import exam_workbook


@pytest.fixture
def nominating(world: World) -> World:
    senior_candidates(world, {"A1": (world.east, 80, 80), "B1": (world.south, 80, 80)})
    world.users["a1"] = make_user("a1", "employee", employee=world.people["A1"])
    hr = world.api("hr")
    hr.post("/cycles", {"year": 2026})
    hr.post("/cycles/2026/start-nominations")
    return world


def test_a_bad_sheet_lists_every_error_and_writes_nothing(nominating: World) -> None:
    before = Exam.objects.count()
    book = exam_workbook([
        ["A1", "技术评定考试", date(2026, 11, 20), 95, "是"],  # fine, but the file fails as a whole
        ["ZZ9", "技术评定考试", date(2026, 11, 20), 80, "是"],  # row 3: not a candidate
        ["A1", "口才考试", "2026-11-21", 80, "是"],  # row 4: unknown exam
        ["B1", "技术评定考试", "2026-13-01", 80, "是"],  # row 5: bad date
        ["B1", "技术评定考试", date(2026, 11, 22), 120, "否"],  # row 6: score above 100
        ["B1", "资质考试", date(2026, 11, 23), 70, "也许"],  # row 7: bad passed value
        ["A1", "技术评定考试", date(2025, 12, 1), 70, "是"],  # row 8: before the evidence window
        ["A1", "技术评定考试", date(2026, 11, 20), 96, "是"],  # row 9: repeats row 2
        ["B1", "资质考试", date(2026, 11, 24), None, None],  # row 10: 是否通过 is required
    ])
    res = nominating.api("committee").upload("/cycles/2026/exams/import", "考试.xlsx", book)
    assert res.status_code == 400
    body = res.json()
    assert body["code"] == "workbook_invalid"
    errors = [(e["sheet"], e["row"], e["column"]) for e in body["details"]["errors"]]
    assert errors == [("考试", 3, "工号"), ("考试", 4, "考试"), ("考试", 5, "日期"), ("考试", 6, "分数"),
                      ("考试", 7, "是否通过"), ("考试", 8, "日期"), ("考试", 9, None), ("考试", 10, "是否通过")]
    assert "第3行" in body["message"] and "ZZ9" in body["message"]
    assert Exam.objects.count() == before
    assert not AuditEvent.objects.filter(action="exam.import").exists()


def test_a_missing_sheet_or_column_is_named(nominating: World) -> None:
    committee = nominating.api("committee")
    res = committee.upload("/cycles/2026/exams/import", "x.xlsx", exam_workbook([], title="成绩"))
    assert res.status_code == 400 and res.json()["details"]["errors"][0]["message"].startswith("缺少工作表「考试」")
    book = exam_workbook([["A1", date(2026, 11, 20), 90]], header=["工号", "日期", "分数"])
    errors = committee.upload("/cycles/2026/exams/import", "x.xlsx", book).json()["details"]["errors"]
    assert [(e["column"], e["message"]) for e in errors] == [
        ("考试", "缺少必填列「考试」（exam）"), ("是否通过", "缺少必填列「是否通过」（passed）")]
    res = committee.upload("/cycles/2026/exams/import", "x.xlsx", b"not a workbook")
    assert res.status_code == 400 and "不是有效的 Excel 工作簿" in res.json()["message"]


def test_importing_the_same_sheet_again_changes_nothing_and_a_correction_updates(nominating: World) -> None:
    committee = nominating.api("committee")
    rows = [["A1", "技术评定考试", "2026-11-20", 91, "是"], ["B1", "技术评定考试", date(2026, 11, 20), 77, "Y"]]
    assert committee.upload("/cycles/2026/exams/import", "a.xlsx", exam_workbook(rows)).json()["created"] == 2
    res = committee.upload("/cycles/2026/exams/import", "a.xlsx", exam_workbook(rows)).json()
    assert (res["created"], res["updated"], res["unchanged"]) == (0, 0, 2)
    rows[1][3] = 78
    res = committee.upload("/cycles/2026/exams/import", "b.xlsx", exam_workbook(rows)).json()
    assert (res["created"], res["updated"], res["unchanged"]) == (0, 1, 1)
    e = Exam.objects.get(employee=nominating.people["B1"], date=date(2026, 11, 20))
    assert (e.score, e.passed, e.source_file, e.source_row) == (78, True, "b.xlsx", 3)


def test_one_result_is_entered_by_the_committee_within_the_window(nominating: World) -> None:
    committee, a1 = nominating.api("committee"), nominating.api("a1")
    body = {"employee_no": "A1", "exam": "技术评定考试", "date": "2026-11-20", "score": 93, "passed": True}
    assert a1.post("/cycles/2026/exams", body).status_code == 403
    res = committee.post("/cycles/2026/exams", body)
    assert res.status_code == 201 and res.json()["score"] == 93
    assert Exam.objects.get(employee=nominating.people["A1"], date=date(2026, 11, 20)).created_by == \
        nominating.users["committee"]
    res = committee.post("/cycles/2026/exams", {**body, "date": "2027-01-05"})
    assert res.status_code == 400 and res.json()["field"] == "date"
    res = committee.post("/cycles/2026/exams", {**body, "employee_no": "M1"})
    assert res.status_code == 400 and res.json()["field"] == "employee_no"
    assert AuditEvent.objects.filter(action="exam.record").count() == 1


def test_exams_are_refused_before_the_lists_are_released(world: World) -> None:
    senior_candidates(world, {"A1": (world.east, 80, 80)})
    world.api("hr").post("/cycles", {"year": 2026})
    res = world.api("committee").post("/cycles/2026/exams", {"employee_no": "A1", "exam": "技术评定考试",
                                                             "date": "2026-11-20", "passed": True})
    assert res.status_code == 409 and res.json()["code"] == "invalid_state"
