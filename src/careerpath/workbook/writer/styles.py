"""Cell styles and widths shared by every workbook this package writes."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

from careerpath.workbook.schema import Column, ColumnType

REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
PASS_FILL = PatternFill("solid", fgColor="E2EFDA")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
FAIL_FONT = Font(color="9C0006")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

_WIDTH = {
    ColumnType.DATE: 12,
    ColumnType.MONTH: 10,
    ColumnType.INT: 8,
    ColumnType.FLOAT: 12,
    ColumnType.RATE: 12,
}


def text_width(text: str) -> int:
    """Approximate display width: CJK characters are two columns wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def column_width(col: Column) -> float:
    base = _WIDTH.get(col.type, 14)
    if col.type is ColumnType.ENUM and col.shown:
        base = max(8, min(30, max(text_width(s) for s in col.shown) + 2))
    return max(base, text_width(col.zh) + 4)

