"""Helpers for the database tests."""

from __future__ import annotations

from pathlib import Path

from django.db import models
from openpyxl import load_workbook

from careerpath.evidence import models as m
from careerpath.people.models import Department, Employee, Position

RECORD_MODELS: dict[str, type[models.Model]] = {
    "departments": Department,
    "employees": Employee,
    "positions": Position,
    "praises": m.Praise,
    "mentorships": m.Mentorship,
    "trainings": m.Training,
    "leaves": m.Leave,
    "metrics": m.MetricMonth,
    "exams": m.Exam,
    "appraisals": m.Appraisal,
    "attestations": m.Attestation,
    "incidents": m.Incident,
    "import_batches": m.ImportBatch,
}


def row_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in RECORD_MODELS.items()}


def copy_with_cell(src: Path, dst: Path, *, sheet: str, row: int, header: str, value: object) -> Path:
    """Copy a workbook, replacing one cell (found by its header text) — a hand edit, as users make."""
    wb = load_workbook(src)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    # Assign .value: ws.cell(..., value=None) would silently keep the old value.
    ws.cell(row=row, column=headers.index(header) + 1).value = value
    wb.save(dst)
    return dst


def cell(path: Path, *, sheet: str, row: int, header: str) -> object:
    ws = load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(min_row=1, max_row=row, values_only=True))
    return rows[row - 1][list(rows[0]).index(header)]
