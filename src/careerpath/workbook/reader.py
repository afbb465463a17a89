"""Read and validate the standard workbook (SPEC §7) into core.facts records.

An import is all-or-nothing, so the reader never stops at the first problem: it converts every cell
it can, collects every error with sheet / row / column, and raises :class:`WorkbookInvalid` once at
the end. It runs on the hot path of stateless evaluation (300,000 rows), so each sheet is compiled
into a plan of (column index, converter) pairs once and rows are converted with cheap type checks;
regular expressions and per-cell header lookups are avoided on purpose.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

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
    Training,
    build_population,
)
from careerpath.core.policy import Policy
from careerpath.workbook.schema import Column, ColumnType, Sheet, header_lookup, standard_sheets

# Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for (true from 1900-03-01).
EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31
_MISSING = object()
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


@dataclass(frozen=True, slots=True)
class WorkbookError:
    """One problem, located as precisely as known. ``row`` is the Excel row number (header = 1)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.sheet:
            where += f"工作表「{self.sheet}」"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


class WorkbookInvalid(Exception):
    """The workbook cannot be imported; ``errors`` lists every problem found."""

    MAX_LISTED = 50  # the message stays readable; every error is still in ``errors``

    def __init__(self, errors: Sequence[WorkbookError]) -> None:
        self.errors: list[WorkbookError] = list(errors)
        super().__init__(self.summary())

    def summary(self, limit: int | None = None) -> str:
        """Return a Chinese report listing up to ``limit`` errors."""
        limit = self.MAX_LISTED if limit is None else limit
        lines = [f"工作簿有 {len(self.errors)} 处错误，未导入任何数据："]
        lines += [f"  {e}" for e in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"  ……另有 {len(self.errors) - limit} 处错误未列出")
        return "\n".join(lines)


@dataclass
class WorkbookData:
    """The records of one workbook, as core.facts objects, ready for the engine."""

    source: str
    employees: list[Employee] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    praises: list[Praise] = field(default_factory=list)
    mentorships: list[Mentorship] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    leaves: list[Leave] = field(default_factory=list)
    metrics: list[MetricMonth] = field(default_factory=list)
    exams: list[Exam] = field(default_factory=list)
    appraisals: list[Appraisal] = field(default_factory=list)
    attestations: list[Attestation] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)

    def population(self, vacancies: dict[str, int] | None = None) -> Population:
        """Group the records by person for the engine."""
        return build_population(
            self.employees,
            positions=self.positions,
            praises=self.praises,
            mentorships=self.mentorships,
            trainings=self.trainings,
            leaves=self.leaves,
            metrics=self.metrics,
            exams=self.exams,
            appraisals=self.appraisals,
            attestations=self.attestations,
            incidents=self.incidents,
            vacancies=vacancies,
        )

    def records(self, kind: str) -> list[Any]:
        return getattr(self, kind)

    def counts(self) -> dict[str, int]:
        """Return the number of records per sheet kind."""
        return {kind: len(getattr(self, kind)) for kind in RECORD_TYPES}


# ---------------------------------------------------------------------------------------------------
# Cell converters: raw calamine value -> stored value, None for blank; raise _Bad with a Chinese message.


class _Bad(Exception):
    """A cell value that cannot be converted; the argument is the user-facing message."""


def _show(raw: Any) -> str:
    if type(raw) is float and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


def _to_str(raw: Any) -> str | None:
    t = type(raw)
    if t is str:
        return raw.strip() or None
    if t is float:
        # 工号 typed as a number arrives as 123.0; the person meant "123".
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if t is bool:
        return "true" if raw else "false"
    return _show(raw)


@lru_cache(maxsize=16384)
def _date_text(text: str) -> date | None:
    """Parse YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日 or YYYYMMDD (time part ignored)."""
    s = text.strip()
    if not s:
        return None
    s = s.split(" ", 1)[0].split("T", 1)[0]
    if len(s) == 8 and s.isdigit():
        parts = [s[:4], s[4:6], s[6:]]
    else:
        s = s.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
        parts = s.split("-")
    if len(parts) == 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise _Bad(f"日期无效 '{text.strip()}'")


def _serial(raw: float) -> date:
    if 1 <= raw <= _MAX_SERIAL:
        return EXCEL_EPOCH + timedelta(days=int(raw))
    raise _Bad(f"日期无效 '{_show(raw)}'")


def _to_date(raw: Any) -> date | None:
    t = type(raw)
    if t is date:
        return raw
    if t is datetime:
        return raw.date()
    if t is str:
        return _date_text(raw)
    if t is float or t is int:
        # 20250101 typed into a number cell is a date, not serial 20,250,101 (which Excel cannot show).
        if 19000101 <= raw <= 29991231 and float(raw).is_integer():
            return _date_text(str(int(raw)))
        return _serial(raw)
    raise _Bad(f"日期无效 '{_show(raw)}'")


@lru_cache(maxsize=4096)
def _month_text(text: str) -> date | None:
    s = text.strip()
    if not s:
        return None
    t = s.replace("/", "-").replace(".", "-").replace("年", "-").rstrip("月")
    parts = t.split("-")
    if len(parts) == 1 and len(t) == 6 and t.isdigit():
        parts = [t[:4], t[4:]]
    if len(parts) == 2 and len(parts[0]) == 4 and parts[0].isdigit() and parts[1].isdigit():
        month = int(parts[1])
        if 1 <= month <= 12:
            return date(int(parts[0]), month, 1)
        raise _Bad(f"月份无效 '{s}'")
    try:
        d = _date_text(s)
    except _Bad:
        raise _Bad(f"月份无效 '{s}'") from None
    return d.replace(day=1) if d else None


def _to_month(raw: Any) -> date | None:
    t = type(raw)
    if t is date:
        return raw if raw.day == 1 else raw.replace(day=1)
    if t is datetime:
        return date(raw.year, raw.month, 1)
    if t is str:
        return _month_text(raw)
    if t is float or t is int:
        if 190001 <= raw <= 299912 and float(raw).is_integer():
            return _month_text(str(int(raw)))
        try:
            return _serial(raw).replace(day=1)
        except _Bad:
            raise _Bad(f"月份无效 '{_show(raw)}'") from None
    raise _Bad(f"月份无效 '{_show(raw)}'")


def _number(raw: Any) -> float | None:
    t = type(raw)
    if t is float:
        return raw
    if t is int:
        return float(raw)
    if t is str:
        s = raw.strip().replace(",", "").replace("，", "")
        if not s:
            return None
        try:
            return float(s)
        except ValueError:
            pass
    raise _Bad(f"数字无效 '{_show(raw)}'")


def _to_float(raw: Any) -> float | None:
    return _number(raw)


def _to_nonneg(raw: Any) -> float | None:
    v = _number(raw)
    if v is not None and v < 0:
        raise _Bad(f"不能为负数 '{_show(raw)}'")
    return v


def _to_int(raw: Any) -> int | None:
    if type(raw) is str:
        raw = raw.strip().rstrip("年")
        if not raw:
            return None
    try:
        v = _number(raw)
    except _Bad:
        raise _Bad(f"整数无效 '{_show(raw)}'") from None
    if v is None:
        return None
    if not v.is_integer():
        raise _Bad(f"整数无效 '{_show(raw)}'")
    return int(v)


def _to_rate(raw: Any) -> float | None:
    t = type(raw)
    if t is float:
        v = raw
    elif t is str and raw.strip().endswith("%"):
        try:
            v = float(raw.strip()[:-1].strip()) / 100
        except ValueError:
            raise _Bad(f"比率无效 '{raw.strip()}'") from None
        t = None  # already a fraction: no percent guess below
    else:
        try:
            v = _number(raw)
        except _Bad:
            raise _Bad(f"比率无效 '{_show(raw)}'") from None
        if v is None:
            return None
    if t is not None and v > 1:
        v = v / 100  # 98.5 means 98.5 %
    if v < 0 or v > 1:
        raise _Bad(f"比率应在 0–1 或 0%–100% 之间 '{_show(raw)}'")
    return v


def _enum_converter(col: Column) -> Callable[[Any], Any]:
    choices = col.choices
    shown = "、".join(col.shown[:12]) + ("等" if len(col.shown) > 12 else "")
    noun = "取值" if col.field == "passed" else col.zh

    def convert(raw: Any) -> Any:
        s = _to_str(raw)
        if s is None:
            return None
        v = choices.get(s, _MISSING)
        if v is _MISSING:
            v = choices.get(s.lower(), _MISSING)
            if v is _MISSING:
                raise _Bad(f"未知的{noun} '{s}'（可选：{shown}）")
        return v

    return convert


def _converter(col: Column) -> Callable[[Any], Any]:
    t = col.type
    if t is ColumnType.STR:
        return _to_str
    if t is ColumnType.DATE:
        return _to_date
    if t is ColumnType.MONTH:
        return _to_month
    if t is ColumnType.INT:
        return _to_int
    if t is ColumnType.FLOAT:
        return _to_nonneg if col.non_negative else _to_float
    if t is ColumnType.RATE:
        return _to_rate
    return _enum_converter(col)


# ---------------------------------------------------------------------------------------------------
# Cross-field checks: (field, message) for each problem of an otherwise valid row.


def _check_employee(v: dict[str, Any]) -> list[tuple[str, str]]:
    c, h = v.get("confirmed_on"), v.get("hired_on")
    if c is not None and h is not None and c < h:
        return [("confirmed_on", f"转正日期 {c} 早于入司日期 {h}")]
    return []


def _check_position(v: dict[str, Any]) -> list[tuple[str, str]]:
    e, s = v.get("end_on"), v.get("start_on")
    if e is not None and s is not None and e < s:
        return [("end_on", f"结束日期 {e} 早于起始日期 {s}")]
    return []


def _check_praise(v: dict[str, Any]) -> list[tuple[str, str]]:
    if v.get("source") == "customer" and v.get("customer") is None:
        return [("customer", "来源为客户的表扬必须填写客户名称")]
    return []


def _check_mentorship(v: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    if v.get("mentor_no") is not None and v.get("mentor_no") == v.get("mentee_no"):
        out.append(("mentee_no", "导师与新人不能是同一人"))
    i, s = v.get("independent_on"), v.get("start_on")
    if i is not None and s is not None and i < s:
        out.append(("independent_on", f"独立操作日期 {i} 早于开始日期 {s}"))
    return out


_CHECKS: dict[str, Callable[[dict[str, Any]], list[tuple[str, str]]]] = {
    "employees": _check_employee,
    "positions": _check_position,
    "praises": _check_praise,
    "mentorships": _check_mentorship,
}


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


@dataclass(slots=True)
class _Plan:
    """A sheet compiled against the header row found in the file."""

    header_row: int  # 0-based index into the rows
    cells: list[
        tuple[str, int, Callable[[Any], Any], bool, Any, str]
    ]  # field, idx, conv, required, default, header
    metric_cells: list[tuple[str, int, Callable[[Any], Any], str]]
    headers: dict[str, str]  # field -> header text as written in the file


class _Reader:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.sheets = standard_sheets(policy)
        self.errors: list[WorkbookError] = []

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(WorkbookError(sheet, row, column, message))

    def read(self, path: str | os.PathLike[str]) -> WorkbookData:
        p = Path(path)
        data = WorkbookData(source=p.name)
        wb = self._open(p)
        if wb is None:
            raise WorkbookInvalid(self.errors)
        try:
            found = self._match_sheets(wb.sheet_names)
            known: set[str] = set()
            for sheet in self.sheets:
                title = found.get(sheet.kind)
                if title is None:
                    if sheet.kind == "employees":
                        self.error("员工", None, None, "缺少工作表「员工」（employees）")
                    continue
                rows = self._rows(wb, title)
                if rows is None:
                    continue
                records = self._read_sheet(sheet, title, rows, known)
                setattr(data, sheet.kind, records)
        finally:
            wb.close()
        if self.errors:
            raise WorkbookInvalid(self.errors)
        return data

    def _open(self, p: Path) -> CalamineWorkbook | None:
        if not p.is_file():
            self.error("", None, None, f"文件不存在：{p}")
            return None
        try:
            return CalamineWorkbook.from_path(str(p))
        except PasswordError:
            self.error("", None, None, f"无法读取 {p.name}：工作簿有密码保护")
        except (CalamineError, ValueError, OSError) as exc:
            self.error("", None, None, f"无法读取 {p.name}：不是有效的 Excel 工作簿（{exc}）")
        return None

    def _rows(self, wb: CalamineWorkbook, title: str) -> list[list[Any]] | None:
        try:
            # skip_empty_area=False keeps row i at Excel row i + 1 even when the top rows are empty.
            return wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as exc:
            self.error(title, None, None, f"无法读取工作表：{exc}")
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

    def _plan(self, sheet: Sheet, title: str, rows: list[list[Any]]) -> _Plan | None:
        lookup = header_lookup(sheet)
        header_row = 0
        for i, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
            if any((h := _norm_header(c)) and (h in lookup or h.lower() in lookup) for c in row):
                header_row = i
                break
        header = rows[header_row] if rows else []
        at: dict[str, int] = {}
        texts: dict[str, str] = {}
        ok = True
        for idx, cell in enumerate(header):
            h = _norm_header(cell)
            col = lookup.get(h) or lookup.get(h.lower()) if h else None
            if col is None:
                continue  # extra columns are the user's own notes
            if col.field in at:
                self.error(
                    title,
                    header_row + 1,
                    h,
                    f"列重复：第{_col_letter(at[col.field])}列与第{_col_letter(idx)}列都是「{col.zh}」",
                )
                ok = False
                continue
            at[col.field] = idx
            texts[col.field] = h
        for col in sheet.columns:
            if col.required and col.field not in at:
                self.error(title, None, col.zh, f"缺少必填列「{col.zh}」（{col.en}）")
                ok = False
        if not ok:
            return None
        cells = []
        metric_cells = []
        for col in sheet.columns:
            if col.field not in at:
                continue
            conv = _converter(col)
            if col.metric:
                metric_cells.append((col.field, at[col.field], conv, texts[col.field]))
            else:
                cells.append((col.field, at[col.field], conv, col.required, col.default, texts[col.field]))
        for col in sheet.columns:  # absent optional columns still get their default
            if col.field not in at and not col.metric:
                cells.append((col.field, -1, _to_str, False, col.default, col.zh))
        return _Plan(header_row, cells, metric_cells, texts)

    def _read_sheet(self, sheet: Sheet, title: str, rows: list[list[Any]], known: set[str]) -> list[Any]:
        if not rows or all(c == "" for row in rows[:_HEADER_SCAN_ROWS] for c in row):
            if sheet.kind == "employees":
                self.error(title, None, None, "工作表为空：至少需要表头和一名员工")
            return []
        plan = self._plan(sheet, title, rows)
        if plan is None:
            return []
        st = _SheetState(sheet, title, plan.headers, known)
        cells = [c for c in plan.cells if c[1] >= 0]
        absent = {c[0]: c[4] for c in plan.cells if c[1] < 0}
        metric_cells = plan.metric_cells
        used = [c[1] for c in cells] + [c[1] for c in metric_cells]
        width = max(used) + 1
        errors = self.errors
        finish = st.finish
        for i in range(plan.header_row + 1, len(rows)):
            row = rows[i]
            if len(row) < width:
                row = [*row, *([""] * (width - len(row)))]
            rowno = i + 1
            vals = dict(absent)
            bad = blank = False
            for fld, idx, conv, required, default, header in cells:
                raw = row[idx]
                if raw == "":
                    v = None
                else:
                    try:
                        v = conv(raw)
                    except _Bad as exc:
                        errors.append(WorkbookError(title, rowno, header, exc.args[0]))
                        bad = True
                        continue
                if v is None:
                    if required:
                        # Checked lazily: only a row missing a required value can be a blank row.
                        if not bad and all(type(row[j]) is str and not row[j].strip() for j in used):
                            blank = True
                            break
                        errors.append(WorkbookError(title, rowno, header, "必填项为空"))
                        bad = True
                        continue
                    v = default
                vals[fld] = v
            if blank:
                continue
            if metric_cells:
                values: dict[str, float] = {}
                for fld, idx, conv, header in metric_cells:
                    raw = row[idx]
                    if raw == "":
                        continue
                    try:
                        v = conv(raw)
                    except _Bad as exc:
                        errors.append(WorkbookError(title, rowno, header, exc.args[0]))
                        bad = True
                        continue
                    if v is not None:
                        values[fld] = v
                vals["values"] = values
            finish(rowno, vals, bad, errors)
        return st.records


class _SheetState:
    """Row-level checks of one sheet: owners, duplicates, cross-field rules; collects the records."""

    def __init__(self, sheet: Sheet, title: str, headers: dict[str, str], known: set[str]) -> None:
        self.sheet = sheet
        self.title = title
        self.headers = headers
        self.known = known
        self.is_employees = sheet.kind == "employees"
        self.record_type = RECORD_TYPES[sheet.kind]
        self.check = _CHECKS.get(sheet.kind)
        self.key_get = itemgetter(*sheet.key)
        self.key_label = "+".join(sheet.column(f).zh for f in sheet.key)
        self.id_prefix = sheet.zh + ":"
        self.seen: dict[Any, int] = {}
        self.records: list[Any] = []

    def header(self, field_name: str) -> str:
        return self.headers.get(field_name) or self.sheet.column(field_name).zh

    def finish(self, rowno: int, vals: dict[str, Any], bad: bool, errors: list[WorkbookError]) -> None:
        """Apply the row-level checks and keep the record when the row is valid."""
        title = self.title
        if self.is_employees:
            no = vals.get("employee_no")
            if no is not None:
                # Remember the 工号 even when the row has other errors, so evidence rows about this
                # person are not reported a second time as "unknown".
                first = self.seen.setdefault(no, rowno)
                if first != rowno:
                    errors.append(
                        WorkbookError(
                            title,
                            rowno,
                            self.header("employee_no"),
                            f"工号 '{no}' 重复（首次出现在第{first}行）",
                        )
                    )
                    bad = True
                self.known.add(no)
        else:
            for f in self.sheet.owners:
                no = vals.get(f)
                if no is not None and no not in self.known:
                    errors.append(
                        WorkbookError(title, rowno, self.header(f), f"工号 '{no}' 不在「员工」表中")
                    )
                    bad = True
        if bad:
            return
        if self.check is not None:
            problems = self.check(vals)
            if problems:
                for f, message in problems:
                    errors.append(WorkbookError(title, rowno, self.header(f), message))
                return
        if self.is_employees:
            self.records.append(self.record_type(**vals))
            return
        first = self.seen.setdefault(self.key_get(vals), rowno)
        if first != rowno:
            errors.append(WorkbookError(title, rowno, None, f"与第{first}行重复（{self.key_label} 相同）"))
            return
        self.records.append(self.record_type(id=self.id_prefix + str(rowno), **vals))


def read_workbook(path: str | os.PathLike[str], policy: Policy) -> WorkbookData:
    """Read the standard workbook at ``path``; raise :class:`WorkbookInvalid` listing every error."""
    return _Reader(policy).read(path)
