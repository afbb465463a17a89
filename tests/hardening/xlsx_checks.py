"""Look inside a written .xlsx: every worksheet's cells as XML, and every value as calamine reads it."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def live_cells(content: bytes) -> list[str]:
    """Return 'part!ref' of every cell stored as a formula (<f>) or an error (t="e"), in every sheet."""
    found = []
    with zipfile.ZipFile(BytesIO(content)) as z:
        for part in z.namelist():
            if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                continue
            root = ElementTree.fromstring(z.read(part))
            for c in root.iter(f"{_NS}c"):
                if c.find(f"{_NS}f") is not None or c.get("t") == "e":
                    found.append(f"{part}!{c.get('r')}")
    return found


def unmarked_risky_cells(content: bytes, triggers: str = "=+-@\t\r") -> list[str]:
    """Return 'part!ref' of every text cell starting with a trigger whose style lacks quotePrefix.

    quotePrefix is what Excel sets for a typed leading apostrophe: the cell stays text when edited.
    """
    found = []
    with zipfile.ZipFile(BytesIO(content)) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        xfs = styles.find(f"{_NS}cellXfs")
        quoted = [xf.get("quotePrefix") in ("1", "true") for xf in (xfs if xfs is not None else [])]
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            sst = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{_NS}t")) for si in sst.iter(f"{_NS}si")]
        for part in z.namelist():
            if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                continue
            for c in ElementTree.fromstring(z.read(part)).iter(f"{_NS}c"):
                if c.get("t") == "inlineStr":
                    text = "".join(t.text or "" for t in c.iter(f"{_NS}t"))
                elif c.get("t") == "s":
                    v = c.find(f"{_NS}v")
                    text = shared[int(v.text)] if v is not None and v.text else ""
                else:
                    continue
                style = int(c.get("s", "0"))
                if text[:1] and text[0] in triggers and not (style < len(quoted) and quoted[style]):
                    found.append(f"{part}!{c.get('r')}")
    return found


def text_cells(content: bytes) -> set[str]:
    """Every text value of every sheet, as python-calamine (the project's reader) reads it back."""
    wb = CalamineWorkbook.from_filelike(BytesIO(content))
    out: set[str] = set()
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            out.update(v for v in row if isinstance(v, str) and v)
    return out


def read_bytes(path: Path | str) -> bytes:
    return Path(path).read_bytes()


def cell_value(content: bytes, sheet: str, row: int, col: int) -> Any:
    return CalamineWorkbook.from_filelike(BytesIO(content)).get_sheet_by_name(sheet).to_python()[row][col]
