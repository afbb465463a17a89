"""Read the 考试 (exams) sheet of the standard workbook for a cycle's exam results.

Only this one sheet is read, so the full workbook reader (which needs the 员工 sheet to know the
people) does not fit; the column names, aliases and accepted values still come from the workbook
schema, so the sheet is the same one HR fills for a full import. Every row is checked and every
problem is reported with sheet / row / column before anything is written (SPEC §7).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from careerpath.core.policy import Policy
from careerpath.workbook.cells import CellError, converter
from careerpath.workbook.errors import WorkbookError, WorkbookInvalid
from careerpath.workbook.limits import ReadLimits, open_workbook
from careerpath.workbook.schema import Sheet, header_lookup, sheet_by_kind, standard_sheets

_HEADER_SCAN_ROWS = 10  # a title row or two above the header is common in HR files


@dataclass(frozen=True, slots=True)
class ExamRow:
    row: int  # Excel row number, for the record's source
    employee_no: str
    exam: str
    date: date
    score: float | None
    passed: bool


def _converters(sheet: Sheet) -> dict[str, Callable[[Any], Any]]:
    """The workbook's own cell converters, plus the exam rule that a score lies within 0–100."""
    out = {col.field: converter(col) for col in sheet.columns}
    nonneg = out["score"]

    def score(raw: Any) -> float | None:
        v = nonneg(raw)
        if v is not None and v > 100:
            raise CellError(f"分数应在 0–100 之间，实际为 {v:g}")
        return v

    out["score"] = score
    return out


def read_exam_sheet(path: str | os.PathLike[str], *, policy: Policy, window: tuple[date, date],
                    candidates: Collection[str], limits: ReadLimits | None = None) -> list[ExamRow]:
    """Return the rows of the 考试 sheet at ``path``; raise :class:`WorkbookInvalid` listing every error.

    ``window`` is the cycle's evidence window: an exam outside it would not count towards the score,
    so it is refused rather than stored silently. ``candidates`` are the 工号 the cycle may score.
    """
    sheet = sheet_by_kind(standard_sheets(policy))["exams"]
    errors: list[WorkbookError] = []
    # The same bounded opener as the full reader: a hostile file is refused before it is materialised.
    wb = open_workbook(Path(path), limits)
    try:
        title = next((n for n in wb.sheet_names if n.strip() in (sheet.zh, sheet.en)
                      or n.strip().lower() == sheet.en), None)
        if title is None:
            raise WorkbookInvalid([WorkbookError(sheet.zh, None, None,
                                                 f"缺少工作表「{sheet.zh}」（{sheet.en}）")])
        rows = wb.rows(title)
    finally:
        wb.close()

    lookup = header_lookup(sheet)
    header_at = next((i for i, r in enumerate(rows[:_HEADER_SCAN_ROWS])
                      if any(isinstance(c, str) and (c.strip() in lookup or c.strip().lower() in lookup)
                             for c in r)), None)
    if header_at is None:
        raise WorkbookInvalid([WorkbookError(title, None, None, "找不到表头（工号、考试、日期、分数、是否通过）")])
    at: dict[str, int] = {}
    names: dict[str, str] = {}
    for idx, cell in enumerate(rows[header_at]):
        h = cell.strip() if isinstance(cell, str) else ""
        col = lookup.get(h) or lookup.get(h.lower()) if h else None
        if col is None:
            continue  # extra columns are the user's own notes
        if col.field in at:
            errors.append(WorkbookError(title, header_at + 1, h, f"列重复：「{col.zh}」出现两次"))
            continue
        at[col.field], names[col.field] = idx, h
    for col in sheet.columns:
        if col.required and col.field not in at:
            errors.append(WorkbookError(title, None, col.zh, f"缺少必填列「{col.zh}」（{col.en}）"))
    if errors:
        raise WorkbookInvalid(errors)

    first, last = window
    convert = _converters(sheet)
    known = set(candidates)
    out: list[ExamRow] = []
    seen: dict[tuple[str, str, date], int] = {}
    for i, raw_row in enumerate(rows[header_at + 1:]):
        rowno = header_at + 2 + i
        cells = {f: (raw_row[j] if j < len(raw_row) else "") for f, j in at.items()}
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells.values()):
            continue  # blank rows between blocks are common
        values: dict[str, Any] = {}
        row_ok = True
        for col in sheet.columns:
            if col.field not in at:
                continue
            raw = cells[col.field]
            try:
                v = convert[col.field]("" if raw is None else raw)
            except CellError as exc:
                errors.append(WorkbookError(title, rowno, names[col.field], str(exc)))
                row_ok = False
                continue
            if v is None and col.required:
                errors.append(WorkbookError(title, rowno, names[col.field], "必填项为空"))
                row_ok = False
            values[col.field] = v
        if not row_ok:
            continue
        no, d = values["employee_no"], values["date"]
        if no not in known:
            errors.append(WorkbookError(title, rowno, names["employee_no"],
                                        f"工号 '{no}' 不是本次评选的候选人"))
            continue
        if not first <= d <= last:
            errors.append(WorkbookError(title, rowno, names["date"],
                                        f"考试日期 {d} 不在评定期 {first} 至 {last} 内，不能计入本次评选"))
            continue
        key = (no, values["exam"], d)
        if key in seen:
            errors.append(WorkbookError(title, rowno, None, f"与第{seen[key]}行重复（工号+考试+日期 相同）"))
            continue
        seen[key] = rowno
        out.append(ExamRow(rowno, no, values["exam"], d, values.get("score"), values["passed"]))
    if errors:
        raise WorkbookInvalid(errors)
    if not out:
        raise WorkbookInvalid([WorkbookError(title, None, None, "工作表没有数据行")])
    return out
