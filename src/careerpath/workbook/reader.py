"""Read and validate the standard workbook (SPEC §7) into core.facts records.

An import is all-or-nothing, so the reader never stops at the first problem: it converts every cell
it can, collects every error with sheet / row / column, and raises :class:`WorkbookInvalid` once at
the end. It runs on the hot path of stateless evaluation (300,000 rows), so sheets are processed
column by column (see :mod:`careerpath.workbook.cells`): whole well-typed columns are accepted at C
speed, checks run over columns, records are built with ``map``; only an unusual column is converted
cell by cell, which is also where errors get their row numbers.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from types import MemberDescriptorType
from typing import Any

from careerpath.core.facts import (
    Appraisal,
    Attestation,
    Employee,
    Exam,
    Incident,
    Leave,
    Mentorship,
    MetricMonth,
    Population,
    Position,
    Praise,
    Records,
    Training,
    build_population,
)
from careerpath.core.policy import Policy
from careerpath.workbook.cells import CellError, converter, fast_column, too_long
from careerpath.workbook.errors import WorkbookError, WorkbookInvalid
from careerpath.workbook.limits import BoundedWorkbook, ReadLimits, open_workbook
from careerpath.workbook.schema import Column, ColumnType, Sheet, header_lookup, standard_sheets

_HEADER_SCAN_ROWS = 10  # a title row or two above the header is common in HR files

RECORD_TYPES: dict[str, type] = {
    "employees": Employee,
    "positions": Position,
    "praises": Praise,
    "mentorships": Mentorship,
    "trainings": Training,
    "leaves": Leave,
    "metrics": MetricMonth,
    "exams": Exam,
    "appraisals": Appraisal,
    "attestations": Attestation,
    "incidents": Incident,
}


@dataclass(kw_only=True)
class WorkbookData(Records):
    """The records of one workbook, as core.facts objects, ready for the engine."""

    source: str

    def population(self, vacancies: dict[str, int] | None = None) -> Population:
        """Group the records by person for the engine."""
        with paused_gc():
            return build_population(self.employees, **self.evidence_kwargs(), vacancies=vacancies)

    def records(self, kind: str) -> list[Any]:
        return getattr(self, kind)

    def counts(self) -> dict[str, int]:
        """Return the number of records per sheet kind."""
        return {kind: len(getattr(self, kind)) for kind in RECORD_TYPES}


# ---------------------------------------------------------------------------------------------------
# Cross-field checks, column-wise: (row position, field, message) for each problem.

_Cols = dict[str, list[Any]]
_Problems = list[tuple[int, str, str]]


def _check_employees(c: _Cols) -> _Problems:
    return [
        (i, "confirmed_on", f"转正日期 {conf} 早于入司日期 {hired}")
        for i, (conf, hired) in enumerate(zip(c["confirmed_on"], c["hired_on"], strict=True))
        if conf is not None and hired is not None and conf < hired
    ]


def _check_positions(c: _Cols) -> _Problems:
    return [
        (i, "end_on", f"结束日期 {end} 早于起始日期 {start}")
        for i, (start, end) in enumerate(zip(c["start_on"], c["end_on"], strict=True))
        if end is not None and start is not None and end < start
    ]


def _check_praises(c: _Cols) -> _Problems:
    return [
        (i, "customer", "来源为客户的表扬必须填写客户名称")
        for i, (source, customer) in enumerate(zip(c["source"], c["customer"], strict=True))
        if source == "customer" and customer is None
    ]


def _check_mentorships(c: _Cols) -> _Problems:
    out: _Problems = []
    for i, (mentor, mentee, start, indep) in enumerate(
        zip(c["mentor_no"], c["mentee_no"], c["start_on"], c["independent_on"], strict=True)
    ):
        if mentor is not None and mentor == mentee:
            out.append((i, "mentee_no", "导师与新人不能是同一人"))
        if indep is not None and start is not None and indep < start:
            out.append((i, "independent_on", f"独立操作日期 {indep} 早于开始日期 {start}"))
    return out


_CHECKS: dict[str, Callable[[_Cols], _Problems]] = {
    "employees": _check_employees,
    "positions": _check_positions,
    "praises": _check_praises,
    "mentorships": _check_mentorships,
}
# Public: the evidence services check a record entered by hand with the same rules (one row at a time).
ROW_CHECKS = _CHECKS


# ---------------------------------------------------------------------------------------------------
# Reading


def _col_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _norm_header(cell: Any) -> str:
    return cell.strip().rstrip("*＊").strip() if type(cell) is str else ""


__all__ = ["ReadLimits", "WorkbookData", "WorkbookError", "WorkbookInvalid", "read_workbook"]


class _Reader:
    def __init__(self, policy: Policy, limits: ReadLimits) -> None:
        self.policy = policy
        self.limits = limits
        self.sheets = standard_sheets(policy)
        self.errors: list[WorkbookError] = []
        self.known: set[str] | None = None  # 工号 of 员工, once that sheet has been read

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(WorkbookError(sheet, row, column, message))

    def read(self, path: str | os.PathLike[str]) -> WorkbookData:
        p = Path(path)
        data = WorkbookData(source=p.name)
        wb = open_workbook(p, self.limits)  # raises WorkbookInvalid when it cannot be read
        try:
            found = self._match_sheets(wb.sheet_names)
            for sheet in self.sheets:
                title = found.get(sheet.kind)
                if title is None:
                    if sheet.kind == "employees":
                        self.error("员工", None, None, "缺少工作表「员工」（employees）")
                    continue
                rows = self._rows(wb, title)
                if rows is None:
                    continue
                setattr(data, sheet.kind, _SheetReader(self, sheet, title).read(rows))
        finally:
            wb.close()
        if self.errors:
            raise WorkbookInvalid(self.errors)
        return data

    def _rows(self, wb: BoundedWorkbook, title: str) -> list[list[Any]] | None:
        try:
            return wb.rows(title)
        except WorkbookInvalid as exc:  # beyond the limits (refused before it is materialised), unreadable
            self.errors.extend(exc.errors)
        return None

    def _match_sheets(self, names: Sequence[str]) -> dict[str, str]:
        by_name: dict[str, Sheet] = {}
        for s in self.sheets:
            by_name[s.zh] = s
            by_name[s.en.lower()] = s
        found: dict[str, str] = {}
        for title in names:
            key = title.strip()
            sheet = by_name.get(key) or by_name.get(key.lower())
            if sheet is None:
                continue  # instructions and other sheets are ignored
            if sheet.kind in found:
                self.error(title, None, None, f"与工作表「{found[sheet.kind]}」重复：两者都是{sheet.zh}表")
                continue
            found[sheet.kind] = title
        return found


class _SheetReader:
    """Read one sheet: locate the header, convert columns, check rows, build the records."""

    def __init__(self, reader: _Reader, sheet: Sheet, title: str) -> None:
        self.reader = reader
        self.sheet = sheet
        self.title = title
        self.errors: list[WorkbookError] = []
        self.bad: set[int] = set()  # row positions with an error
        self.rownos: Sequence[int] = ()
        self.headers: dict[str, str] = {}  # field -> header text as written in the file
        self.positions: dict[str, int] = {}  # header text -> column index

    def fail(self, i: int | None, field_name: str | None, message: str) -> None:
        row = self.rownos[i] if i is not None else None
        column = (
            None if field_name is None else self.headers.get(field_name) or self.sheet.column(field_name).zh
        )
        self.errors.append(WorkbookError(self.title, row, column, message))
        if i is not None:
            self.bad.add(i)

    def read(self, rows: list[list[Any]]) -> list[Any]:
        try:
            return self._read(rows)
        finally:
            # Row by row, and within a row left to right, as the user will go through the file.
            pos = self.positions
            self.errors.sort(key=lambda e: (e.row or 0, pos.get(e.column or "", len(pos))))
            self.reader.errors.extend(self.errors)

    def _read(self, rows: list[list[Any]]) -> list[Any]:
        sheet = self.sheet
        if not rows or all(c == "" for row in rows[:_HEADER_SCAN_ROWS] for c in row):
            if sheet.kind == "employees":
                self.fail(None, None, "工作表为空：至少需要表头和一名员工")
            return []
        located = self._header(rows)
        if located is None:
            return []
        header_row, at = located
        data = rows[header_row + 1 :]
        width = len(rows[header_row])
        if set(map(len, data)) - {width}:  # calamine pads rows; other sources may not
            data = [r + [""] * (width - len(r)) for r in data]
        self.rownos = range(header_row + 2, header_row + 2 + len(data))
        data = self._drop_blank_rows(data, at)
        n = len(data)

        cols: _Cols = {}
        metric_cols: list[tuple[str, list[Any], bool]] = []
        for col in sheet.columns:
            idx = at.get(col.field)
            if idx is None:
                if not col.metric:
                    cols[col.field] = [col.default] * n
                continue
            values, blank = self._column(col, list(map(itemgetter(idx), data)))
            if col.metric:
                metric_cols.append((col.field, values, blank))
            else:
                cols[col.field] = values

        self._check_owners(cols, n)
        check = _CHECKS.get(sheet.kind)
        if check is not None:
            for i, field_name, message in check(cols):
                if i not in self.bad:
                    self.fail(i, field_name, message)
        self._check_unique(cols, n)
        if self.errors or self.reader.errors:
            return []  # the import will fail: building records would be wasted work
        return self._records(cols, metric_cols, n)

    def _header(self, rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
        sheet = self.sheet
        lookup = header_lookup(sheet)
        header_row = 0
        for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
            if any((h := _norm_header(c)) and (h in lookup or h.lower() in lookup) for c in row):
                header_row = i
                break
        at: dict[str, int] = {}
        ok = True
        for idx, cell in enumerate(rows[header_row]):
            h = _norm_header(cell)
            col = (lookup.get(h) or lookup.get(h.lower())) if h else None
            if col is None:
                continue  # extra columns are the user's own notes
            if col.field in at:
                self.errors.append(
                    WorkbookError(
                        self.title,
                        header_row + 1,
                        h,
                        f"列重复：第{_col_letter(at[col.field])}列与第{_col_letter(idx)}列都是「{col.zh}」",
                    )
                )
                ok = False
                continue
            at[col.field] = idx
            self.headers[col.field] = h
            self.positions[h] = idx
        for col in sheet.columns:
            if col.required and col.field not in at:
                self.errors.append(
                    WorkbookError(self.title, None, col.zh, f"缺少必填列「{col.zh}」（{col.en}）")
                )
                ok = False
        return (header_row, at) if ok else None

    def _drop_blank_rows(self, data: list[list[Any]], at: dict[str, int]) -> list[list[Any]]:
        """Drop rows whose known columns are all blank; a blank row lacks the first required value."""
        first = next(at[c.field] for c in self.sheet.columns if c.required)
        cells = list(map(itemgetter(first), data))
        if set(map(type, cells)) == {str}:
            if "" not in map(str.strip, cells):
                return data
        used = list(at.values())
        blank = [
            i
            for i, cell in enumerate(cells)
            if type(cell) is str
            and not cell.strip()
            and all(type(data[i][j]) is str and not data[i][j].strip() for j in used)
        ]
        if not blank:
            return data
        drop = set(blank)
        self.rownos = [r for i, r in enumerate(self.rownos) if i not in drop]
        return [row for i, row in enumerate(data) if i not in drop]

    def _column(self, col: Column, cells: list[Any]) -> tuple[list[Any], bool]:
        """Convert one column; return the values and whether any is blank (None).

        Blank cells become the column default (None when it has none).
        """
        fast = fast_column(col, cells) if cells else ([], False)
        values, blank = fast if fast is not None else self._slow_column(col, cells)
        limit = self.reader.limits.max_cell_chars
        if col.max_length is not None:
            limit = min(limit, col.max_length)
        for i in too_long(values if col.type is ColumnType.STR else cells, limit):
            if i not in self.bad:
                n = len(values[i] if col.type is ColumnType.STR else cells[i])
                self.fail(i, col.field, f"文字过长：{n} 个字符，最多 {limit} 个 (text too long: {n} characters, "
                                        f"at most {limit})")
        if blank and col.default is not None:
            return [col.default if v is None else v for v in values], False
        return values, blank

    def _slow_column(self, col: Column, cells: list[Any]) -> tuple[list[Any], bool]:
        conv = converter(col)
        values: list[Any] = [None] * len(cells)
        blank = False
        for i, raw in enumerate(cells):
            if raw == "":
                v = None
            else:
                try:
                    v = conv(raw)
                except CellError as exc:
                    self.fail(i, col.field, exc.args[0])
                    continue
            if v is None:
                blank = True
                if col.required:
                    self.fail(i, col.field, "必填项为空")
                continue
            values[i] = v
        return values, blank

    def _check_owners(self, cols: _Cols, n: int) -> None:
        if self.sheet.kind == "employees":
            nos = cols["employee_no"]
            if len(set(nos)) != n:
                first: dict[str, int] = {}
                for i, no in enumerate(nos):
                    if no is None:
                        continue
                    j = first.setdefault(no, i)
                    if j != i:
                        self.fail(i, "employee_no", f"工号 '{no}' 重复（首次出现在第{self.rownos[j]}行）")
            # Remember every 工号, even of rows in error, so that evidence about these people is not
            # reported a second time as "unknown".
            self.reader.known = {no for no in nos if no is not None}
            return
        known = self.reader.known
        if known is None:
            return  # no usable 员工 sheet: that error is enough, every 工号 would be "unknown"
        for f in self.sheet.owners:
            unknown = set(cols[f]) - known
            unknown.discard(None)
            if unknown:
                for i, no in enumerate(cols[f]):
                    if no in unknown:
                        self.fail(i, f, f"工号 '{no}' 不在「员工」表中")

    def _check_unique(self, cols: _Cols, n: int) -> None:
        if self.sheet.kind == "employees":
            return
        key_cols = [cols[f] for f in self.sheet.key]
        if len(set(zip(*key_cols, strict=True))) == n:
            return
        keys = list(zip(*key_cols, strict=True))
        label = "+".join(self.sheet.column(f).zh for f in self.sheet.key)
        first: dict[tuple[Any, ...], int] = {}
        for i, key in enumerate(keys):
            if i in self.bad:
                continue
            j = first.setdefault(key, i)
            if j != i:
                self.fail(i, None, f"与第{self.rownos[j]}行重复（{label} 相同）")

    def _records(self, cols: _Cols, metric_cols: list[tuple[str, list[Any], bool]], n: int) -> list[Any]:
        record_type = RECORD_TYPES[self.sheet.kind]
        columns: list[Iterable[Any]] = []
        for f in fields(record_type):
            if f.name == "id":
                columns.append(map((self.sheet.zh + ":").__add__, map(str, self.rownos)))
            elif f.name == "values":
                columns.append(self._values(metric_cols, n))
            else:
                columns.append(cols[f.name])
        return _build(record_type, columns, n)

    @staticmethod
    def _values(metric_cols: list[tuple[str, list[Any], bool]], n: int) -> list[dict[str, float]]:
        """Build MetricMonth.values: metric code -> value, blank cells left out."""
        full = [(code, v) for code, v, blank in metric_cols if not blank]
        partial = [(code, v) for code, v, blank in metric_cols if blank]
        if full:
            codes = [code for code, _ in full]
            rows = zip(*(v for _, v in full), strict=True)
            out = list(map(dict, map(zip, repeat(codes), rows)))
        else:
            out = [{} for _ in range(n)]
        for code, values in partial:  # columns with blanks: set only the filled cells
            for d, v in zip(out, values, strict=True):
                if v is not None:
                    d[code] = v
        return out


@cache
def _fillable(record_type: type) -> bool:
    """Whether records can be built by filling their slots directly (see :func:`_build`)."""
    if "__slots__" not in record_type.__dict__ or hasattr(record_type, "__post_init__"):
        return False
    return all(
        f.init and isinstance(record_type.__dict__.get(f.name), MemberDescriptorType)
        for f in fields(record_type)
    )


def _build(record_type: type, columns: Sequence[Iterable[Any]], n: int) -> list[Any]:
    """Build ``n`` records from columns given in field order.

    The fact records are frozen dataclasses, whose generated ``__init__`` sets every field through
    ``object.__setattr__``: about a microsecond per record, a third of the reader's own time on a
    300,000-row workbook. When ``__init__`` would do nothing else (slots, no ``__post_init__``, every
    field an init field and given a column), the slots are filled with their descriptors at C speed
    instead; the records are identical.
    """
    if not _fillable(record_type):
        return list(map(record_type, *columns))
    records: list[Any] = list(map(object.__new__, repeat(record_type, n)))
    for f, column in zip(fields(record_type), columns, strict=True):
        deque(map(record_type.__dict__[f.name].__set__, records, column), maxlen=0)
    return records


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    Reading allocates hundreds of thousands of records; each automatic collection would walk all of
    them (and the raw sheets) again, for nothing: none of them form reference cycles. Reference
    counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_workbook(
    path: str | os.PathLike[str], policy: Policy, *, limits: ReadLimits | None = None
) -> WorkbookData:
    """Read the standard workbook at ``path`` within ``limits``; raise :class:`WorkbookInvalid` listing
    every error."""
    with paused_gc():
        return _Reader(policy, limits or ReadLimits()).read(path)
