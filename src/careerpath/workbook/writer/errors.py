"""The error report of a refused workbook: every problem (sheet, row, column, message) as an .xlsx.

Printed reports stop at the first 100 errors; this file holds all of them, one per row, in the order
the user goes through the source, so HR can filter and fix it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from openpyxl import Workbook

from careerpath.workbook.errors import WorkbookError
from careerpath.workbook.writer.safe import safe_append, safe_cell
from careerpath.workbook.writer.styles import BOLD

HEADERS = ("工作表 sheet", "行 row", "列 column", "错误 message")


def write_errors_xlsx(path: str | os.PathLike[str], errors: Iterable[WorkbookError]) -> int:
    """Write ``errors`` to the .xlsx at ``path``; return how many were written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误 errors")
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (14, 8, 16, 80), strict=True):
        ws.column_dimensions[letter].width = width
    # A message quotes the user's own cell ('=HYPERLINK(…)' included): always stored as text.
    header = [safe_cell(ws, h) for h in HEADERS]
    for cell in header:
        cell.font = BOLD
    ws.append(header)
    n = 0
    for e in errors:
        safe_append(ws, [e.sheet, e.row, e.column or "", e.message])
        n += 1
    wb.save(os.fspath(path))
    return n
