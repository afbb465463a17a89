"""The 培训结果 (results) workbook of one session: a template with the roster, and its reader.

The template lists the roster (工号, 姓名) with empty 出勤 / 结果 / 成绩 / 证书编号 columns, written with the
workbook's safe writer (a name is always stored as text). The reader (python-calamine, the same bounded
opener as the standard workbook) checks every row and reports each problem with sheet, row and column;
the caller saves nothing unless every row is clean.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from careerpath.training.models import Enrolment, EnrolmentState
from careerpath.training.services import ResultInput
from careerpath.workbook.errors import WorkbookError, WorkbookInvalid
from careerpath.workbook.limits import ReadLimits, open_workbook
from careerpath.workbook.writer.safe import safe_append, safe_cell
from careerpath.workbook.writer.styles import BOLD

SHEET = "培训结果"
HEADERS = ("工号", "姓名", "出勤", "结果", "成绩", "证书编号")
# Accepted spellings, Chinese and English (case-insensitive).
ATTENDANCE_WORDS = {"出席": "attended", "参加": "attended", "attended": "attended", "present": "attended",
                    "缺席": "absent", "absent": "absent"}
RESULT_WORDS = {"通过": "passed", "passed": "passed", "pass": "passed", "未通过": "failed", "failed": "failed",
                "fail": "failed", "参加": "attended", "attended": "attended"}
_ALIASES = {"工号": "employee_no", "employee no": "employee_no", "employee_no": "employee_no",
            "姓名": "name", "name": "name", "出勤": "attendance", "attendance": "attendance",
            "结果": "result", "result": "result", "成绩": "score", "分数": "score", "score": "score",
            "证书编号": "certificate_no", "certificate no": "certificate_no", "certificate_no": "certificate_no"}
_HEADER_SCAN_ROWS = 10
_ATT_ZH = {EnrolmentState.ATTENDED: "出席", EnrolmentState.ABSENT: "缺席"}
_RESULT_ZH = {"passed": "通过", "failed": "未通过", "attended": "参加"}


def results_template(*, roster: Iterable[Enrolment], title: str) -> bytes:
    """The results workbook of a session, pre-filled with the roster and what is already recorded."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([safe_cell(ws, title)])
    ws["A1"].font = BOLD
    header = [safe_cell(ws, h) for h in HEADERS]
    for cell in header:
        cell.font = BOLD
    ws.append(header)
    for e in roster:
        safe_append(ws, [e.employee.employee_no, e.employee.name, _ATT_ZH.get(e.state, ""),  # type: ignore[call-overload]
                         _RESULT_ZH.get(e.recorded_result, ""), e.score, e.certificate_no])
    for letter, width in zip("ABCDEF", (12, 14, 10, 10, 8, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    guide = wb.create_sheet("填写说明")
    for line in ("出勤：出席 / 缺席；留空表示尚未记录（已记录的会被撤销）。",
                 "结果：通过 / 未通过 / 参加（出席者必填）。",
                 "成绩：0–100，选填。证书编号：选填，留空则自动编号。",
                 "每一行都检查通过后才会保存；有任何错误，整份文件都不会保存。"):
        safe_append(guide, [line])
    guide.column_dimensions["A"].width = 70
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return "" if v is None else str(v).strip()


def read_results_sheet(path: str | os.PathLike[str], *, enrolled: Collection[str],
                       limits: ReadLimits | None = None) -> list[ResultInput]:
    """Return the rows of the 培训结果 sheet at ``path``; raise :class:`WorkbookInvalid` listing every error."""
    wb = open_workbook(Path(path), limits)
    try:
        title = next((n for n in wb.sheet_names if n.strip() in (SHEET, "results", "Results")), None)
        if title is None:
            raise WorkbookInvalid([WorkbookError(SHEET, None, None, f"缺少工作表「{SHEET}」")])
        rows = wb.rows(title)
    finally:
        wb.close()

    def col_of(cell: Any) -> str | None:
        return _ALIASES.get(cell.strip().lower()) if isinstance(cell, str) else None

    header_at = next((i for i, r in enumerate(rows[:_HEADER_SCAN_ROWS]) if any(col_of(c) == "employee_no" for c in r)),
                     None)
    if header_at is None:
        raise WorkbookInvalid([WorkbookError(title, None, None, "找不到表头（工号、出勤、结果、成绩、证书编号）")])
    at: dict[str, int] = {}
    names: dict[str, str] = {}
    errors: list[WorkbookError] = []
    for idx, cell in enumerate(rows[header_at]):
        field = col_of(cell)
        if field is None:
            continue
        if field in at:
            errors.append(WorkbookError(title, header_at + 1, str(cell).strip(), f"列重复：「{str(cell).strip()}」出现两次"))
            continue
        at[field], names[field] = idx, str(cell).strip()
    for field, zh in (("employee_no", "工号"), ("attendance", "出勤")):
        if field not in at:
            errors.append(WorkbookError(title, None, zh, f"缺少必填列「{zh}」"))
    if errors:
        raise WorkbookInvalid(errors)

    known = set(enrolled)
    out: list[ResultInput] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(rows[header_at + 1:]):
        rowno = header_at + 2 + i
        cells = {f: (raw[j] if j < len(raw) else None) for f, j in at.items()}
        if all(_blank(v) for f, v in cells.items() if f != "name"):
            continue
        problems: list[tuple[str, str]] = []
        bad = problems.append

        no = _text(cells.get("employee_no"))
        if not no:
            bad(("employee_no", "必填项为空"))
        elif no not in known:
            bad(("employee_no", f"工号 '{no}' 没有报名该场次"))
        elif no in seen:
            bad(("employee_no", f"与第{seen[no]}行重复（同一工号）"))
        att_raw = _text(cells.get("attendance"))
        attendance = ATTENDANCE_WORDS.get(att_raw.lower(), None) if att_raw else ""
        if attendance is None:
            bad(("attendance", f"出勤应为 出席/缺席，实际为 '{att_raw}'"))
        res_raw = _text(cells.get("result"))
        result = RESULT_WORDS.get(res_raw.lower()) if res_raw else ""
        if result is None:
            bad(("result", f"结果应为 通过/未通过/参加，实际为 '{res_raw}'"))
        elif attendance == "attended" and not result:
            bad(("result", "出席者须填写结果（通过/未通过/参加）"))
        elif attendance != "attended" and result:
            bad(("result", "未出席者不能有结果"))
        score: float | None = None
        raw_score = cells.get("score")
        if not _blank(raw_score):
            try:
                score = float(raw_score)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                bad(("score", f"成绩应为数字，实际为 '{_text(raw_score)}'"))
            else:
                if not 0 <= score <= 100:
                    bad(("score", f"成绩应在 0–100 之间，实际为 {score:g}"))
                elif attendance != "attended":
                    bad(("score", "未出席者不能有成绩"))
        cert = _text(cells.get("certificate_no"))
        if len(cert) > 40:
            bad(("certificate_no", "证书编号不超过 40 个字符"))
        elif cert and attendance != "attended":
            bad(("certificate_no", "未出席者不能有证书编号"))
        if no and no not in seen:
            seen[no] = rowno
        errors.extend(WorkbookError(title, rowno, names.get(f, f), msg) for f, msg in problems)
        if not problems:
            out.append(ResultInput(no, attendance or "", result or "", score, cert))
    if errors:
        raise WorkbookInvalid(errors)
    if not out:
        raise WorkbookInvalid([WorkbookError(title, None, None, "工作表没有数据行")])
    return out
