"""Fixtures for the workbook tests: the default policy and a small xlsx builder."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from careerpath.core.loader import load_policy
from careerpath.core.policy import Policy

# The smallest valid 员工 sheet: the required columns and two people.
EMPLOYEES: list[list[Any]] = [
    ["工号", "姓名", "学历", "入司日期"],
    ["E1", "张三", "大专", "2020-01-01"],
    ["E2", "李四", "本科", "2021-03-15"],
]

Sheets = Mapping[str, Sequence[Sequence[Any]]]


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy("logistics-dual-track")


def write_xlsx(path: Path, sheets: Sheets) -> Path:
    """Write ``sheets`` (name -> rows, the first row being the header) as an .xlsx file."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Return a builder: ``xlsx({"员工": rows, ...})`` -> path; 员工 defaults to :data:`EMPLOYEES`."""
    counter = iter(range(1_000_000))

    def build(sheets: Sheets, *, employees: bool = True) -> Path:
        all_sheets: dict[str, Sequence[Sequence[Any]]] = {"员工": EMPLOYEES} if employees else {}
        all_sheets.update(sheets)
        return write_xlsx(tmp_path / f"book{next(counter)}.xlsx", all_sheets)

    return build
