"""The monthly allowance sheet for payroll (津贴), as an .xlsx file."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Font

from careerpath.discipline.selectors import AllowanceSheet
from careerpath.workbook.writer.safe import safe_append

SHEET_TITLE = "津贴"
HEADERS = ("工号", "姓名", "部门", "职级", "津贴标准", "扣减", "扣减原因", "实发津贴")
_MONEY = "#,##0.00"


def write_allowance_sheet(path: Path | IO[bytes], sheet: AllowanceSheet) -> None:
    """Write ``sheet`` to ``path``: one row per employee, then a total row (合计).

    Amounts are written as numbers (not text) so payroll can sum and check them in Excel; names and
    reasons go through the workbook's safe cells, so none of them can become a formula.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    safe_append(ws, HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in sheet.rows:
        safe_append(ws, (r.employee_no, r.name, r.department, r.level_name, float(r.standard), float(r.deducted),
                   "；".join(r.reasons), float(r.net)))
    safe_append(ws, ("合计", f"{len(sheet.rows)} 人", "", f"{sheet.month:%Y-%m}", float(sheet.total_standard),
               float(sheet.total_deducted), "", float(sheet.total_net)))
    last = ws.max_row
    for cell in ws[last]:
        cell.font = Font(bold=True)
    for col in ("E", "F", "H"):
        for row in range(2, last + 1):
            ws[f"{col}{row}"].number_format = _MONEY
    for col, width in zip("ABCDEFGH", (12, 12, 16, 16, 12, 10, 40, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(path)


def allowance_sheet_xlsx(sheet: AllowanceSheet) -> bytes:
    """The same workbook as :func:`write_allowance_sheet`, as bytes (the page's download)."""
    buffer = BytesIO()
    write_allowance_sheet(buffer, sheet)
    return buffer.getvalue()
