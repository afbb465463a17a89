"""Read the 考试 (exams) sheet of the standard workbook for a cycle's exam results.

Only this one sheet is read, so the full workbook reader (which needs the 员工 sheet to know the
people) does not fit; the column names, aliases and accepted values still come from the workbook
schema, so the sheet is the same one HR fills for a full import. Every row is checked and every
problem is reported with sheet / row / column before anything is written (SPEC §7).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from careerpath.core.policy import Policy
from careerpath.workbook.reader import WorkbookError, WorkbookInvalid
from careerpath.workbook.schema import Column, header_lookup, sheet_by_kind, standard_sheets

_EXCEL_EPOCH = date(1899, 12, 30)
_HEADER_SCAN_ROWS = 10  # a title row or two above the header is common in HR files


@dataclass(frozen=True, slots=True)
class ExamRow:
    row: int  # Excel row number, for the record's source
    employee_no: str
    exam: str
    date: date
    score: float | None
    passed: bool


class _Bad(Exception):
    """A cell that cannot be converted; the argument is the message for the user."""


def _show(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _text(raw: Any) -> str | None:
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)  # 工号 typed as a number
    s = _show(raw) if raw is not None else ""
    return s or None


def _date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 19000101 <= raw <= 29991231 and float(raw).is_integer():  # 20261120 typed as a number
            return _date(str(int(raw)))
        if 1 <= raw <= 2958465:
            return _EXCEL_EPOCH + timedelta(days=int(raw))
        raise _Bad(f"日期无效 '{_show(raw)}'")
    s = _show(raw)
    if not s:
        return None
    t = s.split(" ", 1)[0].split("T", 1)[0]
    if len(t) == 8 and t.isdigit():
        t = f"{t[:4]}-{t[4:6]}-{t[6:]}"
    t = t.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    parts = t.split("-")
    if len(parts) == 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise _Bad(f"日期无效 '{s}'，应为 YYYY-MM-DD 或 Excel 日期")


def _score(raw: Any) -> float | None:
    if isinstance(raw, bool):
        raise _Bad(f"分数无效 '{raw}'")
    if isinstance(raw, (int, float)):
        v = float(raw)
    else:
        s = _show(raw)
        if not s:
            return None
        try:
            v = float(s)
        except ValueError:
            raise _Bad(f"分数无效 '{s}'") from None
    if not 0 <= v <= 100:
        raise _Bad(f"分数应在 0–100 之间，实际为 {_show(raw)}")
    return v


def _choice(col: Column, raw: Any) -> Any:
    s = _text(raw)
    if s is None:
        return None
    v = col.choices.get(s, col.choices.get(s.lower()))
    if v is None:
        raise _Bad(f"未知的{'取值' if col.field == 'passed' else col.zh} '{s}'（可选：{'、'.join(col.shown)}）")
    return v


def read_exam_sheet(path: str | os.PathLike[str], *, policy: Policy, window: tuple[date, date],
                    candidates: Collection[str]) -> list[ExamRow]:
    """Return the rows of the 考试 sheet at ``path``; raise :class:`WorkbookInvalid` listing every error.

    ``window`` is the cycle's evidence window: an exam outside it would not count towards the score,
    so it is refused rather than stored silently. ``candidates`` are the 工号 the cycle may score.
    """
    sheet = sheet_by_kind(standard_sheets(policy))["exams"]
    errors: list[WorkbookError] = []
    p = Path(path)
    try:
        wb = CalamineWorkbook.from_path(str(p))
    except PasswordError:
        raise WorkbookInvalid([WorkbookError("", None, None, f"无法读取 {p.name}：工作簿有密码保护")]) from None
    except (CalamineError, ValueError, OSError) as exc:
        raise WorkbookInvalid([WorkbookError("", None, None,
                                             f"无法读取 {p.name}：不是有效的 Excel 工作簿（{exc}）")]) from None
    try:
        title = next((n for n in wb.sheet_names if n.strip() in (sheet.zh, sheet.en)
                      or n.strip().lower() == sheet.en), None)
        if title is None:
            raise WorkbookInvalid([WorkbookError(sheet.zh, None, None,
                                                 f"缺少工作表「{sheet.zh}」（{sheet.en}）")])
        rows = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
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
                if col.field == "employee_no":
                    v = _text(raw)
                elif col.field == "date":
                    v = _date(raw)
                elif col.field == "score":
                    v = _score(raw)
                else:
                    v = _choice(col, raw)
            except _Bad as exc:
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
