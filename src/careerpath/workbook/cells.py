"""Cell conversion for the reader: a calamine cell value -> the stored value, or a Chinese error.

Two paths. :func:`fast_column` accepts a whole column whose cells all have the expected Python type
(the usual case: Excel dates, numbers, text) with a few C-level passes — a set of types, min/max,
``str.strip``, dict lookups — and no Python call per cell. Anything unusual falls back to the
per-cell converters from :func:`converter`, which also produce the messages for bad cells.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import repeat
from typing import Any

from careerpath.workbook.schema import Column, ColumnType

# Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for (true from 1900-03-01).
EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31
_MISSING = object()


class CellError(Exception):
    """A cell value that cannot be converted; the argument is the user-facing message."""


_SHOWN_CHARS = 40  # a message quotes the start of a bad value, never a whole 32,767-character cell


def _clip(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else f"{text[:_SHOWN_CHARS]}…（共 {len(text)} 字）"


def _show(raw: Any) -> str:
    if type(raw) is float and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return _clip(str(raw))


def shown(raw: Any) -> str:
    """Return a cell value as quoted in a message: the start of a long text only."""
    return _show(raw)


def too_long(values: list[Any], limit: int) -> list[int]:
    """Return the positions of the texts in ``values`` longer than ``limit`` characters.

    One C-level pass (``max`` over the lengths) for the usual column where nothing is too long.
    """
    types = set(map(type, values))
    if str not in types:
        return []
    texts = values if len(types) == 1 else [v for v in values if type(v) is str]
    if not texts or max(map(len, texts)) <= limit:
        return []
    return [i for i, v in enumerate(values) if type(v) is str and len(v) > limit]


# A text cell whose very first character is a tab or CR is kept exactly as it is. Nobody types one
# in Excel (Tab and Enter leave the cell), so it was put there on purpose: by careerpath's own export
# of a value such as "\t=1+1", or by someone neutralising a formula the way OWASP describes. Keeping it
# is what lets export → import give such a value back byte for byte. Every other text is trimmed of
# surrounding whitespace (spaces, NBSP, ideographic spaces, a trailing Alt+Enter) as before: those
# are the slips of typing and pasting, and a 工号 " E1 " must still match "E1".
_KEPT_FIRST = ("\t", "\r")


def _text(raw: str) -> str | None:
    """Return a text cell's value: trimmed, or kept verbatim if it starts with tab/CR; None if blank."""
    s = raw.strip()
    if not s:
        return None
    return raw if raw.startswith(_KEPT_FIRST) else s


def _to_str(raw: Any) -> str | None:
    t = type(raw)
    if t is str:
        return _text(raw)
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
    raise CellError(f"日期无效 '{_clip(text.strip())}'")


def _serial(raw: float) -> date:
    if 1 <= raw <= _MAX_SERIAL:
        return EXCEL_EPOCH + timedelta(days=int(raw))
    raise CellError(f"日期无效 '{_show(raw)}'")


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
    raise CellError(f"日期无效 '{_show(raw)}'")


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
        raise CellError(f"月份无效 '{_clip(s)}'")
    try:
        d = _date_text(s)
    except CellError:
        raise CellError(f"月份无效 '{_clip(s)}'") from None
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
        except CellError:
            raise CellError(f"月份无效 '{_show(raw)}'") from None
    raise CellError(f"月份无效 '{_show(raw)}'")


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
    raise CellError(f"数字无效 '{_show(raw)}'")


def _to_float(raw: Any) -> float | None:
    return _number(raw)


def _to_nonneg(raw: Any) -> float | None:
    v = _number(raw)
    if v is not None and v < 0:
        raise CellError(f"不能为负数 '{_show(raw)}'")
    return v


def _to_int(raw: Any) -> int | None:
    if type(raw) is str:
        raw = raw.strip().rstrip("年")
        if not raw:
            return None
    try:
        v = _number(raw)
    except CellError:
        raise CellError(f"整数无效 '{_show(raw)}'") from None
    if v is None:
        return None
    if not v.is_integer():
        raise CellError(f"整数无效 '{_show(raw)}'")
    return int(v)


def _to_rate(raw: Any) -> float | None:
    t = type(raw)
    percent_sign = False
    if t is float:
        v = raw
    elif t is str and raw.strip().endswith("%"):
        try:
            v = float(raw.strip()[:-1].strip()) / 100
        except ValueError:
            raise CellError(f"比率无效 '{_clip(raw.strip())}'") from None
        percent_sign = True  # already a fraction: no percent guess below
    else:
        try:
            v = _number(raw)
        except CellError:
            raise CellError(f"比率无效 '{_show(raw)}'") from None
        if v is None:
            return None
    if not percent_sign and v > 1:
        v = v / 100  # 98.5 means 98.5 %
    if v < 0 or v > 1:
        raise CellError(f"比率应在 0–1 或 0%–100% 之间 '{_show(raw)}'")
    return v


def _enum_converter(col: Column) -> Callable[[Any], Any]:
    choices = col.choices
    choices_shown = "、".join(col.shown[:12]) + ("等" if len(col.shown) > 12 else "")
    noun = "取值" if col.field == "passed" else col.zh

    def convert(raw: Any) -> Any:
        s = _to_str(raw)
        if s is None:
            return None
        v = choices.get(s, _MISSING)
        if v is _MISSING and s is raw:  # kept verbatim for its leading tab/CR: try it trimmed too
            s = s.strip()
            v = choices.get(s, _MISSING)
        if v is _MISSING:
            v = choices.get(s.lower(), _MISSING)
            if v is _MISSING:
                raise CellError(f"未知的{noun} '{_clip(s)}'（可选：{choices_shown}）")
        return v

    return convert


def converter(col: Column) -> Callable[[Any], Any]:
    """Return the per-cell converter of ``col``: raw value -> stored value, None for blank."""
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


def fast_column(col: Column, cells: list[Any]) -> tuple[list[Any], bool] | None:
    """Convert a column of well-typed cells without a per-cell Python call.

    Return the values and whether any is blank (None), or None when the column needs care.
    """
    types = set(map(type, cells))
    if str in types and col.type is not ColumnType.STR and not col.required:
        # An optional column with empty cells: convert the others, then put the blanks back.
        filled = [c for c in cells if c != ""]
        if len(filled) < len(cells):
            if not filled:
                return [None] * len(cells), True
            values = _fast_typed(col, filled, set(map(type, filled)))
            if values is None:
                return None
            it = iter(values)
            return [None if c == "" else next(it) for c in cells], True
    if col.type is ColumnType.STR and types == {str}:
        if any(map(str.startswith, cells, repeat(_KEPT_FIRST))):
            return None  # a tab or CR first: the per-cell converter keeps those verbatim
        values = list(map(str.strip, cells))
        if "" not in values:
            return values, False
        if not col.required:
            return [v or None for v in values], True
        return None
    values = _fast_typed(col, cells, types)
    return None if values is None else (values, False)


def _fast_typed(col: Column, cells: list[Any], types: set[type]) -> list[Any] | None:
    t = col.type
    if t is ColumnType.DATE:
        if types == {date}:
            return cells
    elif t is ColumnType.MONTH:
        if types == {str}:
            try:
                values = list(map(_month_text, cells))
            except CellError:
                return None
            if None not in values:
                return values
        elif types == {date}:
            return [d if d.day == 1 else d.replace(day=1) for d in cells]
    elif t is ColumnType.FLOAT:
        if types == {float} and (not col.non_negative or min(cells) >= 0):
            return cells
    elif t is ColumnType.INT:
        if types == {float} and all(map(float.is_integer, cells)):
            return list(map(int, cells))
    elif t is ColumnType.RATE:
        if types == {float}:
            lo, hi = min(cells), max(cells)
            if lo >= 0 and hi <= 1:
                return cells
            if lo >= 0 and hi <= 100:
                return [v / 100 if v > 1 else v for v in cells]
    elif types == {str}:
        values = list(map(col.choices.get, cells, repeat(_MISSING)))
        if _MISSING not in values:
            return values
    return None
