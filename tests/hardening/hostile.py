"""Hostile .xlsx files written part by part with zipfile: a few KB on disk, whatever they claim inside."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook_xml(title: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {R_NS}><sheets>'
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>')


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, *, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{rows}</sheetData></worksheet>'


def write_xlsx(path: Path, sheet: str | Iterable[bytes], *, title: str = "员工",
               shared: Iterable[bytes] = (b'<sst ' + NS.encode() + b' count="0" uniqueCount="0"/>',)) -> Path:
    """Write a minimal workbook; ``sheet`` and ``shared`` may be streamed in chunks (compressed as written)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", workbook_xml(title))
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        for name, content in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in [content.encode()] if isinstance(content, str) else content:
                    fh.write(chunk)
    return path


CHILD = r"""
import json, resource, sys
from careerpath.core.loader import load_policy
from careerpath.workbook.limits import ReadLimits
from careerpath.workbook.reader import WorkbookInvalid, read_workbook
from careerpath.cycles.exam_sheet import read_exam_sheet
import datetime

kind, path, limits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
policy = load_policy("logistics-dual-track")
out = {"errors": None}
try:
    if kind == "exams":
        read_exam_sheet(path, policy=policy, window=(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
                        candidates=[], limits=ReadLimits(**limits))
    else:
        read_workbook(path, policy, limits=ReadLimits(**limits))
except WorkbookInvalid as exc:
    out["errors"] = [e.to_dict() for e in exc.errors[:5]]
# This process's own peak (VmHWM): ru_maxrss would include the parent's, carried across fork and exec.
out["maxrss_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
print(json.dumps(out, ensure_ascii=False))
"""

MEMORY_BUDGET_MB = 600  # docs/deployment.md "Limits": a refused file stays far below this


def read_in_child(path: Path, *, kind: str = "workbook", limits: dict | None = None,
                  timeout: float = 120) -> dict:
    """Read ``path`` in a child process; return its errors and peak RSS. A crash fails, never aborts pytest."""
    env = {**os.environ, "RUST_BACKTRACE": "0"}

    def cap() -> None:  # a regression then dies on a failed allocation instead of swapping the machine
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    proc = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), json.dumps(limits or {})],
                          capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=cap)
    assert proc.returncode == 0, f"the reader died (status {proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(proc.stdout)
