"""Write the standard workbook, its empty template, and the evaluation report HR opens.

Data and reports can be large (300,000 rows), so they are streamed with openpyxl's write-only mode;
the template is small and uses the normal mode for comments, data validation and a hidden list sheet.

- :mod:`.export` — the standard workbook with data (``write_workbook``)
- :mod:`.template` — the empty template with instructions (``write_template``)
- :mod:`.evaluation` — the HR evaluation report (``write_evaluation_xlsx``)
- :mod:`.styles` — fills, fonts and column widths they share
"""

from __future__ import annotations

from careerpath.workbook.writer.evaluation import write_evaluation_xlsx
from careerpath.workbook.writer.export import write_workbook
from careerpath.workbook.writer.styles import (
    BOLD,
    FAIL_FILL,
    FAIL_FONT,
    OPTIONAL_FILL,
    PASS_FILL,
    REQUIRED_FILL,
    TITLE_FONT,
    TOP,
    WRAP_TOP,
    column_width,
    text_width,
)
from careerpath.workbook.writer.template import INSTRUCTIONS_SHEET, LISTS_SHEET, write_template

__all__ = [
    "BOLD", "FAIL_FILL", "FAIL_FONT", "INSTRUCTIONS_SHEET", "LISTS_SHEET", "OPTIONAL_FILL", "PASS_FILL",
    "REQUIRED_FILL", "TITLE_FONT", "TOP", "WRAP_TOP", "column_width", "text_width", "write_evaluation_xlsx",
    "write_template", "write_workbook",
]
