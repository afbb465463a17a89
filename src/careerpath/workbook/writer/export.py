"""The standard workbook with data: every sheet streamed in write-only mode (300,000 rows and more)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from careerpath.core.policy import EvidenceSettings, Metric, Policy, ProcessSettings, Text
from careerpath.workbook.reader import WorkbookData
from careerpath.workbook.schema import ColumnType, Sheet, standard_sheets
from careerpath.workbook.writer.safe import needs_care, safe_cell
from careerpath.workbook.writer.styles import BOLD, OPTIONAL_FILL, REQUIRED_FILL, column_width


def _neutral_policy(data: WorkbookData) -> Policy:
    """A policy with no ladder, for writing a workbook when none is given: codes are written as-is."""
    codes: dict[str, None] = {}
    for m in data.metrics:
        for code in m.values:
            codes.setdefault(code, None)
    metrics = {c: Metric(c, Text(c, c), is_rate=False) for c in codes}
    return Policy(
        name="",
        version="",
        title=Text("", ""),
        tracks={},
        levels={},
        moves=(),
        placement=(),
        competencies={},
        metrics=metrics,
        evidence=EvidenceSettings(),
        process=ProcessSettings(),
    )


def write_workbook(path: str | os.PathLike[str], data: WorkbookData, *, policy: Policy | None = None) -> None:
    """Write ``data`` as a standard workbook.

    With ``policy`` levels and competencies are written by their Chinese names and the metric columns
    are the policy's (values of other metrics are not written); without it, codes are written and
    the metric columns are the codes found in the data. The reader accepts both.
    """
    wb = Workbook(write_only=True)
    for sheet in standard_sheets(policy or _neutral_policy(data)):
        ws = wb.create_sheet(sheet.zh)
        _header(ws, sheet)
        _write_records(ws, sheet, data.records(sheet.kind))
    wb.save(os.fspath(path))


def _header(ws: Any, sheet: Sheet) -> None:
    ws.freeze_panes = "A2"
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column_width(col)
    cells = []
    for col in sheet.columns:
        cell = safe_cell(ws, col.zh)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
        cells.append(cell)
    ws.append(cells)


def _write_records(ws: Any, sheet: Sheet, records: Sequence[Any]) -> None:
    plain = [c for c in sheet.columns if not c.metric]
    metric_codes = [c.field for c in sheet.columns if c.metric]
    get = attrgetter(*(c.field for c in plain))
    # Per-column fix-ups, done only where needed: codes → display names, months → "YYYY-MM".
    shown: list[tuple[int, dict[Any, Any]]] = []
    months: list[int] = []
    # Only text columns can hold a text that Excel would take for a formula; numbers and dates
    # are not looked at, so a 300,000-row export pays for its texts only.
    texts = [i for i, col in enumerate(plain) if col.type in (ColumnType.STR, ColumnType.ENUM)]
    for i, col in enumerate(plain):
        if col.type is ColumnType.ENUM:
            table: dict[Any, Any] = {}
            for text in reversed(col.shown):
                if text in col.choices:
                    table[col.choices[text]] = text
            shown.append((i, table))
        elif col.type is ColumnType.MONTH:
            months.append(i)
    single = len(plain) == 1
    append = ws.append
    for rec in records:
        got = get(rec)
        row: list[Any] = [got] if single else list(got)
        for i, table in shown:
            v = row[i]
            if v is not None:
                row[i] = table.get(v, v)
        for i in months:
            m: date = row[i]
            row[i] = f"{m.year:04d}-{m.month:02d}"
        for i in texts:
            v = row[i]
            if needs_care(v):
                row[i] = safe_cell(ws, v)
        if metric_codes:
            values = rec.values
            row += [values.get(c) for c in metric_codes]
        append(row)
