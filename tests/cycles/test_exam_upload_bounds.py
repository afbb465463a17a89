"""The exam upload: size-capped, refuses a hostile workbook with 400, answers the first 100 errors and the total."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.evidence.models import Exam
from tests.hardening.hostile import inline, read_in_child, sheet_xml, write_xlsx

from .conftest import World, senior_candidates
from .helpers import exam_workbook


@pytest.fixture
def nominating(world: World) -> World:
    senior_candidates(world, {"A1": (world.east, 80, 80)})
    hr = world.api("hr")
    hr.post("/cycles", {"year": 2026})
    hr.post("/cycles/2026/start-nominations")
    return world


def test_a_hostile_sheet_is_refused_with_400_naming_the_sheet(nominating: World, tmp_path) -> None:
    # given: A1 and XFD1048576 on the 考试 sheet (it took every granian worker down)
    path = write_xlsx(tmp_path / "far.xlsx", sheet_xml(f'<row r="1">{inline("A1", "工号")}</row>'
                                                       f'<row r="1048576">{inline("XFD1048576", "x")}</row>'),
                      title="考试")
    # the same reader refuses it in a child first, so a regression fails here instead of killing pytest
    assert read_in_child(path, kind="exams")["errors"]

    res = nominating.api("committee").upload("/cycles/2026/exams/import", "考试.xlsx", path.read_bytes())

    assert res.status_code == 400
    body = res.json()
    assert body["code"] == "workbook_invalid"
    assert body["details"]["total"] == 1 and body["details"]["errors"][0]["sheet"] == "考试"


def test_it_answers_the_first_100_errors_and_the_total(nominating: World) -> None:
    book = exam_workbook([["ZZ9", "技术评定考试", date(2026, 11, 20), 80, "是"]] * 250)
    before = Exam.objects.count()

    res = nominating.api("committee").upload("/cycles/2026/exams/import", "考试.xlsx", book)

    assert res.status_code == 400
    details = res.json()["details"]
    assert details["total"] == 250 and len(details["errors"]) == 100
    assert "另有 150 处错误" in res.json()["message"]
    assert Exam.objects.count() == before


def test_a_file_over_the_upload_cap_is_refused_before_it_is_read(nominating: World, settings) -> None:
    settings.CAREERPATH_UPLOAD_MAX_BYTES = 1024
    book = exam_workbook([["A1", "技术评定考试", date(2026, 11, 20), 80, "是"]])
    assert len(book) > 1024

    res = nominating.api("committee").upload("/cycles/2026/exams/import", "考试.xlsx", book)

    assert res.status_code == 400
    assert res.json()["code"] == "upload_too_large" and res.json()["field"] == "file"
    assert "CAREERPATH_UPLOAD_MAX_MB" in res.json()["message"]
