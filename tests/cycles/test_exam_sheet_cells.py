"""The cycle's 考试 sheet reads cells exactly as the full workbook import does (one set of converters)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from careerpath.core.loader import load_policy
from careerpath.cycles.exam_sheet import read_exam_sheet
from careerpath.workbook.cells import CellError, converter
from careerpath.workbook.reader import WorkbookInvalid
from careerpath.workbook.schema import sheet_by_kind, standard_sheets

from .helpers import exam_workbook

POLICY = load_policy("logistics-dual-track")
WINDOW = (date(2026, 1, 1), date(2026, 12, 31))
EXAMS = sheet_by_kind(standard_sheets(POLICY))["exams"]


def _read(tmp_path: Path, cells: list[Any]) -> Any:
    path = tmp_path / "exams.xlsx"
    path.write_bytes(exam_workbook([cells]))
    return read_exam_sheet(path, policy=POLICY, window=WINDOW, candidates={"A1", "123"})


@pytest.mark.parametrize("column,raw", [
    ("date", "2026/11/20"), ("date", "2026年11月20日"), ("date", 20261120), ("date", "20261120"),
    ("date", date(2026, 11, 20)), ("score", "1,5"), ("score", "95"), ("passed", "是"), ("passed", "Y"),
    ("employee_no", 123), ("date", "2026-02-30"), ("score", "abc"), ("passed", "也许"),
])
def test_it_converts_a_cell_as_the_workbook_does(tmp_path: Path, column: str, raw: Any) -> None:
    # given one row whose `column` holds `raw`, the other cells valid
    row = {"employee_no": "A1", "exam": "技术评定考试", "date": date(2026, 11, 20), "score": 80, "passed": "是"}
    row[column] = raw
    cells = [row["employee_no"], row["exam"], row["date"], row["score"], row["passed"]]
    # when the workbook's converter and the exam sheet read it
    col = next(c for c in EXAMS.columns if c.field == column)
    try:
        expected: Any = converter(col)(raw)
    except CellError as exc:
        expected = exc
    try:
        (got,) = _read(tmp_path, cells)
    except WorkbookInvalid as exc:
        # then a cell the workbook refuses is refused with the workbook's message, at that column
        assert isinstance(expected, CellError), exc.errors
        (err,) = exc.errors
        assert err.column == col.zh and err.message == str(expected)
        return
    # then a cell the workbook accepts gives the same value
    assert not isinstance(expected, CellError)
    assert getattr(got, column) == expected


def test_it_refuses_a_score_above_100(tmp_path: Path) -> None:
    with pytest.raises(WorkbookInvalid) as exc:
        _read(tmp_path, ["A1", "技术评定考试", date(2026, 11, 20), 100.5, "是"])
    (err,) = exc.value.errors
    assert (err.column, err.message) == ("分数", "分数应在 0–100 之间，实际为 100.5")
