"""Safe cells: every text a careerpath writer puts into an .xlsx stays text, never a live formula.

Names, notes and department names come from people and uploads; a name such as
``=HYPERLINK("http://x.invalid","y")`` must reach HR's Excel as those characters, not as a link
(OWASP "CSV injection"). Every writer routes its values through :func:`safe_row` /:func:`safe_append` (whole rows),
:func:`safe_cell` (one cell it styles) or :func:`safe_set` (a normal-mode cell), in write-only and in normal mode alike.

Why the cell is marked rather than the value changed: openpyxl turns a ``str`` starting with ``=``
into a formula (data type ``f``) and ``"#N/A"`` and the like into error cells. Setting the data type
back to ``s`` stores the exact characters as an inline string; ``quotePrefix`` is the cell style Excel
itself sets when one types a leading apostrophe, so the cell also stays text when someone edits it.
OWASP's own advice for CSV — prefix a ``'`` — would change the value, and an export → import round
trip must give back the original text byte for byte. Numbers (a negative one too) and dates are
never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, Cell

# OWASP's triggers: a spreadsheet (or a CSV opened by one) may read these as the start of a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
_RISKY_FIRST = FORMULA_TRIGGERS | {"#"}  # "#N/A", "#REF!" … would become error cells
_ERROR_CODES = frozenset(ERROR_CODES)
# OOXML escapes a character as _xHHHH_ in text; readers (Excel, calamine) unescape it. A literal
# "_x000D_" in a note must therefore be written with its underscore escaped, or it reads back as CR.
_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def is_risky(value: object) -> bool:
    """Whether ``value`` is a text that openpyxl or a spreadsheet could take for a formula or error."""
    if not isinstance(value, str) or not value:
        return False
    return value[0] in FORMULA_TRIGGERS or value in _ERROR_CODES


def needs_care(value: object) -> bool:
    """Whether :func:`protect` would change anything for ``value`` (a cheap test for hot loops)."""
    return isinstance(value, str) and bool(value) and (value[0] in _RISKY_FIRST or "_x" in value)


def protect(cell: Cell) -> Cell:
    """Make ``cell`` hold its text as text (inline string, kept text when edited); return it."""
    value = cell.value
    if not isinstance(value, str) or not value:
        return cell
    if "_x" in value:
        escaped = _OOXML_ESCAPE.sub("_x005F_", value)
        if escaped != value:
            cell.value = escaped
            cell.data_type = "s"
    if is_risky(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_cell(ws: Any, value: Any) -> Cell:
    """Return a cell of ``ws`` holding ``value``; a text is always stored as text.

    Works for write-only sheets (pass it to ``ws.append``) and normal ones; style it as any cell.
    """
    return protect(Cell(ws, row=1, column=1, value=value))


def safe_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Return ``values`` for ``ws.append``: risky texts become :func:`safe_cell` cells, the rest as is.

    Plain values stay plain so that a 300,000-row export keeps openpyxl's fast, style-free path.
    """
    return [safe_cell(ws, v) if needs_care(v) else v for v in values]


def safe_append(ws: Any, values: Iterable[Any]) -> None:
    """``ws.append(values)`` with every risky text stored as text (write-only and normal sheets)."""
    ws.append(safe_row(ws, values))


def safe_set(cell: Cell, value: Any) -> Cell:
    """Assign ``value`` to an existing cell (normal mode, ``ws.cell(...)``) and protect it."""
    cell.value = value
    return protect(cell)
