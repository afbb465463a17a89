"""Small builders shared by the cycle tests (workbooks in memory)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook

EXAM_HEADER = ["工号", "考试", "日期", "分数", "是否通过"]


def exam_workbook(rows: list[list[Any]], *, header: list[str] | None = None, title: str = "考试") -> bytes:
    """An .xlsx with an instructions sheet and one 考试 sheet holding ``rows`` under ``header``."""
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["考试成绩导入"])
    ws = wb.create_sheet(title)
    ws.append(header or EXAM_HEADER)
    for r in rows:
        ws.append(r)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_rows(content: bytes, title: str) -> list[list[Any]]:
    ws = load_workbook(BytesIO(content), read_only=True)[title]
    return [list(r) for r in ws.iter_rows(values_only=True)]
