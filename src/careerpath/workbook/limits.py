"""Bounded opening of .xlsx files: refuse what would exhaust memory before python-calamine sees it.

calamine builds a sheet as one dense rectangle from the top-left to the bottom-right cell it finds, and
reserves room for the rectangle the sheet's ``<dimension ref=…>`` declares; it reads the shared strings
whole when the workbook is opened. So a 25 KB file with only A1 and XFD1048576 filled asks for 512 GiB
(and aborts the process), and a 1 MB file holding one highly compressible 1 GiB string takes gigabytes.

:func:`open_workbook` therefore looks at the zip first, without materialising anything:

- every part calamine reads when opening (shared strings, styles, the workbook and its relations) is
  inflated as a stream and counted against a byte budget and a compression-ratio limit — the sizes
  the zip declares are checked too, but never trusted;
- before a sheet is read (:meth:`BoundedWorkbook.rows`), its XML is streamed once more to check the
  declared dimension and the real extent (every cell reference) against the row, column and area
  limits.

The scan runs at C speed (``bytes.count`` and one regular expression that matches only references
*beyond* the limits), about 0.5 s for the 120 MB of XML of a 10,000-employee workbook. This module is
pure Python: the Django side passes its limits in (``settings.CAREERPATH_WORKBOOK_LIMITS``).
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from careerpath.workbook.errors import WorkbookError, WorkbookInvalid

MiB = 1 << 20


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What a workbook may hold; beyond any of these it is refused with a message naming the limit."""

    max_rows: int = 1_000_000
    max_columns: int = 200
    # Excel's own limit for one cell; the model's column lengths are stricter where they apply.
    max_cell_chars: int = 32_767
    # The dense rectangle calamine builds for one sheet (rows x columns, blanks included).
    max_cells: int = 10_000_000
    # Inflated size of one XML part calamine reads (a sheet, the shared strings) and of all of them.
    max_part_bytes: int = 256 * MiB
    max_total_bytes: int = 512 * MiB
    # Inflated : compressed size of one part larger than 1 MiB; real workbooks stay below 20.
    max_ratio: int = 100


# What each limit is called in the environment (config/env.py reads them), for the messages.
ENV_NAMES = {
    "max_rows": "CAREERPATH_WORKBOOK_MAX_ROWS",
    "max_columns": "CAREERPATH_WORKBOOK_MAX_COLUMNS",
    "max_cell_chars": "CAREERPATH_WORKBOOK_MAX_CELL_CHARS",
    "max_cells": "CAREERPATH_WORKBOOK_MAX_CELLS",
    "max_part_bytes": "CAREERPATH_WORKBOOK_MAX_PART_MB",
    "max_total_bytes": "CAREERPATH_WORKBOOK_MAX_TOTAL_MB",
    "max_ratio": "CAREERPATH_WORKBOOK_MAX_RATIO",
}

_RATIO_FLOOR = MiB
_CHUNK = 8 * MiB
# Sheets are checked when they are read; every other part is inflated once at open, because calamine
# reads several of them then (shared strings, styles, the workbook, relations, metadata).
_SHEET_PART = re.compile(r"(?i)^xl/worksheets/[^/]+\.xml$")


def _how(limit: str) -> str:
    return f"（可通过环境变量 {ENV_NAMES[limit]} 调整 set {ENV_NAMES[limit]} to change it）"


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(number: int) -> str:
    """Return the Excel column letters of the 1-based column ``number``."""
    out = ""
    while number:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out


def _greater(limit: str, alphabet: str) -> str:
    """A regular expression for the strings over ``alphabet`` that sort after ``limit`` as numbers do.

    Longer strings are greater; among strings of the same length, the first differing character
    decides. ``alphabet`` is in ascending order; a longer number cannot start with "0". Letters match
    either case (calamine reads both), spelled out: ``re.IGNORECASE`` would disable the fast literal
    prefix search that keeps the scan at C speed.
    """
    letters = alphabet[0] == "A"

    def cls(lo: str, hi: str) -> str:
        return f"[{lo}-{hi}{lo.lower()}-{hi.lower()}]" if letters else f"[{lo}-{hi}]"

    def lit(text: str) -> str:
        return "".join(f"[{c}{c.lower()}]" for c in text) if letters else text

    any_char = cls(alphabet[0], alphabet[-1])
    first = alphabet[1:] if alphabet[0] == "0" else alphabet
    parts = [f"{cls(first[0], first[-1])}{any_char}{{{len(limit)},}}"]
    for i, ch in enumerate(limit):
        above = alphabet[alphabet.index(ch) + 1 :]
        if above:
            rest = len(limit) - i - 1
            tail = f"{any_char}{{{rest}}}" if rest else ""
            parts.append(f"{lit(limit[:i])}{cls(above[0], above[-1])}{tail}")
    return "|".join(parts)


@lru_cache(maxsize=256)
def _beyond(rows: int, cols: int) -> re.Pattern[bytes]:
    """Match a cell reference ``<c r="…"`` beyond row ``rows`` or column ``cols``, or to row 0."""
    c = _greater(col_letters(cols), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") if cols else "[A-Za-z]+"
    r = _greater(str(rows), "0123456789") if rows else "[1-9][0-9]*"
    return re.compile(rf'<c r="(?:(?:{c})[0-9]|[A-Za-z]*0*(?:(?:{r})|)")'.encode())


_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\b[^>]*?\bref="([^"]*)"')
# A cell or row element with a namespace prefix, which the fast counting below would not see.
_PREFIXED = re.compile(rb"<[\w.-]+:(?:c|row)[\s/>]")
_TOKEN = re.compile(rb'<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>')
_CREF = re.compile(rb'<c r="([A-Za-z]*)([0-9]*)"')
_REF = re.compile(rb'\br="([A-Za-z]*)([0-9]*)"')
# A cell whose first attribute is not its reference (or that has none): calamine places it by counting.
_UNREFERENCED = re.compile(rb'<c(?:[\t\n\r>/]| (?!r="))')


class _Budget:
    def __init__(self, limits: ReadLimits, name: str) -> None:
        self.limits = limits
        self.name = name
        self.total = 0

    def fail(self, sheet: str, message: str) -> WorkbookInvalid:
        return WorkbookInvalid([WorkbookError(sheet, None, None, message)])

    def check_declared(self, info: zipfile.ZipInfo, sheet: str) -> None:
        lim = self.limits
        if info.file_size > lim.max_part_bytes:
            raise self.fail(sheet, f"{self.name} 的部件 {info.filename} 解压后有 {info.file_size // MiB} MB，"
                                   f"超过上限 {lim.max_part_bytes // MiB} MB {_how('max_part_bytes')}")
        if info.file_size > _RATIO_FLOOR and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            raise self.fail(sheet, f"{self.name} 的部件 {info.filename} 压缩比异常（{info.file_size} : "
                                   f"{info.compress_size}，上限 {lim.max_ratio} : 1），疑似压缩炸弹 "
                                   f"(zip bomb) {_how('max_ratio')}")

    def count(self, info: zipfile.ZipInfo, sheet: str, n: int) -> None:
        """Count ``n`` more inflated bytes of ``info``; refuse a part that inflates beyond its budget."""
        lim = self.limits
        self.total += n
        if self.total > lim.max_total_bytes:
            raise self.fail(sheet, f"{self.name} 解压后超过 {lim.max_total_bytes // MiB} MB 的上限 "
                                   f"{_how('max_total_bytes')}")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, sheet: str) -> Any:
    """Yield the inflated bytes of one part in chunks, each counted against the budget."""
    budget.check_declared(info, sheet)
    seen = 0
    fh: IO[bytes]
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            seen += len(chunk)
            # zipfile stops at the declared size and checks the CRC, so a part cannot inflate beyond
            # what its header says; the budget is counted on what really came out all the same.
            budget.count(info, sheet, len(chunk))
            if seen > budget.limits.max_part_bytes:
                raise budget.fail(sheet, f"{budget.name} 的部件 {info.filename} 解压后超过上限 "
                                         f"{budget.limits.max_part_bytes // MiB} MB {_how('max_part_bytes')}")
            yield chunk


@dataclass(slots=True)
class _Extent:
    rows: int = 0
    cols: int = 0


def _parse_ref(text: bytes) -> tuple[int, int] | None:
    m = re.fullmatch(rb"\$?([A-Za-z]+)\$?([0-9]+)", text.strip())
    if m is None:
        return None
    return int(m.group(2)), _col_number(m.group(1).decode())


class BoundedWorkbook:
    """A calamine workbook whose sheets are checked against the limits before they are materialised."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.path = path
        self.limits = limits
        self.budget = _Budget(limits, path.name)
        self._zip = zipfile.ZipFile(path)
        try:
            for info in self._zip.infolist():
                if not _SHEET_PART.match(info.filename):
                    for _ in _stream(self._zip, info, self.budget, ""):
                        pass
            self._parts = self._sheet_parts()
            self._wb = CalamineWorkbook.from_path(str(path))
        except BaseException:
            self._zip.close()
            raise

    @property
    def sheet_names(self) -> list[str]:
        return list(self._wb.sheet_names)

    def close(self) -> None:
        self._wb.close()
        self._zip.close()

    def __enter__(self) -> BoundedWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sheet_parts(self) -> dict[str, zipfile.ZipInfo]:
        """Map sheet names to their zip entries, from xl/workbook.xml and its relations."""
        names = {i.filename.lower(): i for i in self._zip.infolist()}

        def xml(name: str) -> ElementTree.Element | None:
            info = names.get(name.lower())
            if info is None:
                return None
            # Already inflated within the budget above: these parts are small.
            return ElementTree.fromstring(self._zip.read(info))

        wb, rels = xml("xl/workbook.xml"), xml("xl/_rels/workbook.xml.rels")
        if wb is None or rels is None:
            return {}
        target = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.tag.endswith("Relationship")}
        out: dict[str, zipfile.ZipInfo] = {}
        for s in wb.iter():
            if not s.tag.endswith("}sheet") and s.tag != "sheet":
                continue
            rid = next((v for k, v in s.attrib.items() if k.endswith("}id")), None)
            t = target.get(rid, "")
            path = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
            path = os.path.normpath(path).replace(os.sep, "/")
            info = names.get(path.lower())
            if info is not None and s.get("name") is not None:
                out[s.get("name", "")] = info
        return out

    def check_sheet(self, title: str) -> None:
        """Refuse the sheet ``title`` (``WorkbookInvalid``) when its declared or real extent is too large."""
        info = self._parts.get(title)
        if info is None:
            # Not an xlsx worksheet we can see (a chart sheet, an odd writer): calamine refuses or reads
            # it; without a part to scan, nothing larger than the budget can reach it anyway.
            return
        ext = _Extent()
        slow = False
        tail = b""
        for chunk in _stream(self._zip, info, self.budget, title):
            data = tail + chunk
            cut = data.rfind(b"<")  # a tag cut by the chunk boundary is scanned with the next chunk
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            self._scan(title, data, ext)
            slow = slow or self._irregular(data)
        if tail:
            self._scan(title, tail, ext)
            slow = slow or self._irregular(tail)
        if slow:
            # Some cell has no reference first (calamine counts its place) or a prefixed name: walk every
            # token as calamine does.
            self._check_extent(title, self._walk(info, title))

    @staticmethod
    def _irregular(data: bytes) -> bool:
        """Whether ``data`` has a cell without a leading reference, or a prefixed cell or row name."""
        if _UNREFERENCED.search(data) is not None:
            return True
        # The plain finds keep the usual case at C speed; the expression confirms.
        return (b":c" in data or b":row" in data) and _PREFIXED.search(data) is not None

    def _scan(self, title: str, data: bytes, ext: _Extent) -> None:
        """Grow ``ext`` to the largest row and column referenced in ``data``; refuse beyond the limits.

        Sheets list their rows top to bottom, so the references near the end of a chunk give its
        extent; one C-speed search for a reference beyond that confirms it. Only references beyond the
        running extent (none in a sorted sheet) are looked at one by one.
        """
        for dim in _DIMENSION.finditer(data) if b"dimension" in data else ():
            declared = _Extent()
            for ref in dim.group(1).split(b":"):
                where = _parse_ref(ref)
                if where is not None:
                    declared.rows, declared.cols = max(declared.rows, where[0]), max(declared.cols, where[1])
            self._check_extent(title, declared, declared=True)
        for near_end in _CREF.finditer(data, max(0, len(data) - 65536)):
            self._grow(ext, near_end)
        self._check_extent(title, ext)
        beyond = _beyond(ext.rows, ext.cols)
        pos = 0
        while (m := beyond.search(data, pos)) is not None:
            ref = _CREF.match(data, m.start())
            if ref is None or not ref.group(2) or int(ref.group(2)) == 0:
                raise self.budget.fail(title, f"工作表含无效的单元格引用 {data[m.start():m.start() + 20]!r}")
            self._grow(ext, ref)
            self._check_extent(title, ext)
            beyond = _beyond(ext.rows, ext.cols)
            pos = m.end()

    @staticmethod
    def _grow(ext: _Extent, m: re.Match[bytes]) -> None:
        letters, digits = m.group(1), m.group(2)
        if letters and digits:
            ext.rows = max(ext.rows, int(digits[:12]) if len(digits) <= 12 else 10**12)
            ext.cols = max(ext.cols, _col_number(letters[:12].decode()))

    def _check_extent(self, title: str, ext: _Extent, *, declared: bool = False) -> None:
        lim = self.limits
        if ext.rows > lim.max_rows or ext.cols > lim.max_columns:
            self._too_many(title, ext, declared=declared)
        area = ext.rows * ext.cols
        if area > lim.max_cells:
            what = "声明的范围" if declared else "使用区域"
            raise self.budget.fail(title, f"工作表{what} {ext.rows} 行 × {ext.cols} 列 = {area} 个单元格，"
                                          f"超过上限 {lim.max_cells}，未读取 {_how('max_cells')}")

    def _walk(self, info: zipfile.ZipInfo, title: str) -> _Extent:
        """Place every cell as calamine does, references or not; return the largest row and column."""
        lim = self.limits
        ext = _Extent()
        row = col = 0  # 1-based position of the next cell
        tail = b""
        for chunk in _stream(self._zip, info, _Budget(lim, self.path.name), title):
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            for m in _TOKEN.finditer(data):
                closing, name, attrs = m.group(1), m.group(2), m.group(3)
                r = _REF.search(attrs)
                if attrs.endswith(b"/"):
                    continue  # calamine only acts on start and end tags: an empty row or cell is skipped
                if name == b"row":
                    if closing:
                        row, col = row + 1, 0
                    elif r is not None and r.group(2):
                        row = int(r.group(2)) - 1
                    continue
                if closing:
                    continue
                if r is not None and r.group(1) and r.group(2):
                    rr, cc = int(r.group(2)), _col_number(r.group(1).decode())
                    col = cc
                else:
                    rr, cc = row + 1, col + 1
                    col += 1
                ext.rows, ext.cols = max(ext.rows, rr), max(ext.cols, cc)
                if ext.rows > lim.max_rows or ext.cols > lim.max_columns:
                    self._too_many(title, ext, declared=False)
        return ext

    def _too_many(self, title: str, ext: _Extent, *, declared: bool) -> None:
        lim = self.limits
        parts, keys = [], []
        if ext.rows > lim.max_rows:
            parts.append(f"第 {ext.rows} 行（上限 {lim.max_rows} 行）")
            keys.append("max_rows")
        if ext.cols > lim.max_columns:
            parts.append(f"第 {col_letters(ext.cols)} 列即第 {ext.cols} 列（上限 {lim.max_columns} 列）")
            keys.append("max_columns")
        what = "声明的范围" if declared else "数据"
        how = "".join(_how(k) for k in keys)
        raise self.budget.fail(title, f"工作表{what}到达{'、'.join(parts)}，超过上限，未读取 {how}")

    def rows(self, title: str) -> list[list[Any]]:
        """Return the sheet ``title`` as rows of cell values, after checking it against the limits.

        Row ``i`` is Excel row ``i + 1`` even when the top rows are empty.
        """
        self.check_sheet(title)
        try:
            return self._wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, OSError) as exc:
            raise WorkbookInvalid([WorkbookError(title, None, None, f"无法读取工作表：{str(exc)[:200]}")]) from None


def open_workbook(path: str | os.PathLike[str], limits: ReadLimits | None = None) -> BoundedWorkbook:
    """Open the .xlsx at ``path`` within ``limits``; raise :class:`WorkbookInvalid` if it cannot be read."""
    p = Path(path)
    limits = limits or ReadLimits()

    def fail(message: str) -> WorkbookInvalid:
        return WorkbookInvalid([WorkbookError("", None, None, message)])

    if not p.is_file():
        raise fail(f"文件不存在：{p}")
    if not zipfile.is_zipfile(p):
        raise fail(f"无法读取 {p.name}：不是有效的 Excel 工作簿（只支持 .xlsx 格式 only .xlsx is read）")
    try:
        return BoundedWorkbook(p, limits)
    except PasswordError:
        raise fail(f"无法读取 {p.name}：工作簿有密码保护") from None
    except (CalamineError, ValueError, OSError, zipfile.BadZipFile, ElementTree.ParseError,
            NotImplementedError, EOFError) as exc:
        raise fail(f"无法读取 {p.name}：不是有效的 Excel 工作簿（{str(exc)[:200]}）") from None
