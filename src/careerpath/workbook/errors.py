"""The errors of reading a workbook: every problem with its sheet, row and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


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

    # Printed, logged or answered: a million bad rows must not become a 95 MB report. Every error is
    # still in ``errors`` (``--errors FILE.xlsx`` writes them all).
    MAX_LISTED = 100

    def __init__(self, errors: Sequence[WorkbookError]) -> None:
        self.errors: list[WorkbookError] = list(errors)
        super().__init__(self.summary())

    def listed(self, limit: int | None = None) -> list[WorkbookError]:
        """Return the first ``limit`` errors (default :attr:`MAX_LISTED`)."""
        return self.errors[: self.MAX_LISTED if limit is None else limit]

    def more_line(self, limit: int | None = None) -> str | None:
        """Return the "… and N more" line, or None when every error is listed."""
        more = len(self.errors) - len(self.listed(limit))
        return f"…… 另有 {more} 处错误 (and {more} more)" if more > 0 else None

    def as_details(self, limit: int | None = None) -> dict[str, Any]:
        """The errors for an API answer: the first ``limit`` and the total."""
        return {"errors": [e.to_dict() for e in self.listed(limit)], "total": len(self.errors)}

    def summary(self, limit: int | None = None) -> str:
        """Return a Chinese report listing up to ``limit`` errors and the total."""
        lines = [f"工作簿有 {len(self.errors)} 处错误，未导入任何数据 (the workbook has {len(self.errors)} "
                 f"error(s)):"]
        lines += [f"  {e}" for e in self.listed(limit)]
        more = self.more_line(limit)
        if more:
            lines.append(f"  {more}")
        return "\n".join(lines)
