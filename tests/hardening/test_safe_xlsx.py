"""Safe spreadsheets out (issue 7, finding 2): no text we write ever becomes a live formula in Excel.

Every writer is walked with a hostile value in every text column (OWASP's CSV-injection triggers:
=, +, -, @, tab, CR), and the written file's XML must hold no formula and no error cell; an export →
import round trip must give the hostile texts back byte for byte.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from careerpath.core.engine import evaluate
from careerpath.core.policy import Policy, Text
from careerpath.workbook.reader import RECORD_TYPES, WorkbookData, read_workbook
from careerpath.workbook.schema import ColumnType, standard_sheets
from careerpath.workbook.synth import synth
from careerpath.workbook.writer import write_evaluation_xlsx, write_template, write_workbook
from careerpath.workbook.writer.safe import safe_cell, safe_row
from tests.cycles.conftest import world  # noqa: F401 - the cycle tests' company, used by the cycle export

from .xlsx_checks import live_cells, text_cells, unmarked_risky_cells

AS_OF = date(2026, 12, 31)

# What a hostile (or careless) person types into a name, a note, a department, a level name.
PAYLOADS = {
    "hyperlink": '=HYPERLINK("http://x.invalid","y")',
    "equals": "=1+1",
    "plus": "+1+1",
    "minus": "-1+1",
    "at": "@SUM(1,1)",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}
# Short enough for every column of the database (工号 holds 32 characters).
SHORT = {**PAYLOADS, "hyperlink": "=A1"}


def _prefixed(payload: str, value: str, max_length: int | None) -> str:
    # The payload is cut, never the value, so 工号 stay unique within the column's length.
    room = len(payload) if max_length is None else max(1, max_length - len(value))
    return payload[:room] + value


def hostile_data(data: WorkbookData, payload: str, policy: Policy) -> WorkbookData:
    """Prefix every text value of every sheet with ``payload`` (工号 consistently in every sheet), cut to
    the column's length (the reader refuses longer texts)."""
    out = dataclasses.replace(data)
    for sheet in standard_sheets(policy):
        text_fields = {c.field: c.max_length for c in sheet.columns if c.type is ColumnType.STR and not c.metric}
        records = []
        for rec in data.records(sheet.kind):
            changes = {f: _prefixed(payload, getattr(rec, f), n) for f, n in text_fields.items() if getattr(rec, f)}
            records.append(dataclasses.replace(rec, **changes))
        setattr(out, sheet.kind, records)
    return out


def hostile_policy(policy: Policy, payload: str, *, metrics: bool = True) -> Policy:
    """The policy with hostile labels: its title, level names, competencies (and metric names)."""

    def t(x: Text) -> Text:
        return Text(payload + x.zh, payload + x.en)

    return dataclasses.replace(
        policy,
        title=t(policy.title),
        levels={c: dataclasses.replace(lv, name=t(lv.name)) for c, lv in policy.levels.items()},
        competencies={c: t(x) for c, x in policy.competencies.items()},
        metrics={c: dataclasses.replace(m, name=t(m.name)) for c, m in policy.metrics.items()}
        if metrics
        else policy.metrics,
    )


@pytest.fixture(scope="module")
def base() -> tuple[Policy, WorkbookData]:
    from careerpath.core.loader import load_policy

    policy = load_policy("logistics-dual-track")
    return policy, synth(12, seed=3, as_of=AS_OF, policy=policy)


# --- the helper itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("write_only", [True, False], ids=["write-only", "normal"])
@pytest.mark.parametrize(
    "value", [*PAYLOADS.values(), "#N/A", "#REF!", "-", "=", "\r", "_x000D_", "a_x0041_b"]
)
def test_it_stores_a_risky_text_as_text_with_its_exact_value(value: str, write_only: bool) -> None:
    # given
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("s")
    # when
    ws.append(safe_row(ws, [value, "plain"]))
    out = BytesIO()
    wb.save(out)
    # then
    content = out.getvalue()
    assert live_cells(content) == []
    assert unmarked_risky_cells(content, triggers="=+-@\t\r#") == []
    assert text_cells(content) == {value, "plain"}


@pytest.mark.parametrize(("value", "kind"), [(-5, "n"), (3.5, "n"), (0, "n"), (date(2026, 1, 2), "d"), ("张三", "s")])
def test_numbers_dates_and_plain_text_are_left_alone(value: Any, kind: str) -> None:
    ws = Workbook(write_only=True).create_sheet("s")
    assert safe_row(ws, [value]) == [value]  # no cell object, no style: the fast path of big exports
    assert safe_cell(ws, value).data_type == kind


def test_a_risky_text_keeps_its_style_and_is_marked_to_stay_text_when_edited() -> None:
    ws = Workbook(write_only=True).create_sheet("s")
    cell = safe_cell(ws, "=1+1")
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", "=1+1", True)


# --- every writer, every text column ------------------------------------------------------------------


def _export(tmp_path: Path, payload: str, base: tuple[Policy, WorkbookData], request: Any) -> bytes:
    policy, data = base
    hp = hostile_policy(policy, payload)
    write_workbook(tmp_path / "x.xlsx", hostile_data(data, payload, hp), policy=hp)
    return (tmp_path / "x.xlsx").read_bytes()


def _export_codes(tmp_path: Path, payload: str, base: tuple[Policy, WorkbookData], request: Any) -> bytes:
    policy, data = base
    write_workbook(tmp_path / "x.xlsx", hostile_data(data, payload, policy))
    return (tmp_path / "x.xlsx").read_bytes()


def _evaluation(lang: str) -> Callable[..., bytes]:
    def write(tmp_path: Path, payload: str, base: tuple[Policy, WorkbookData], request: Any) -> bytes:
        policy, data = base
        hp = hostile_policy(policy, payload)
        population = hostile_data(data, payload, hp).population()
        evaluation = evaluate(population, hp, AS_OF, lang=lang, placements=True)
        write_evaluation_xlsx(tmp_path / "e.xlsx", evaluation, hp, lang=lang)
        return (tmp_path / "e.xlsx").read_bytes()

    return write


def _template(tmp_path: Path, payload: str, base: tuple[Policy, WorkbookData], request: Any) -> bytes:
    write_template(tmp_path / "t.xlsx", hostile_policy(base[0], payload))
    return (tmp_path / "t.xlsx").read_bytes()


def _payroll(tmp_path: Path, payload: str, base: tuple[Policy, WorkbookData], request: Any) -> bytes:
    from careerpath.discipline.payroll import write_allowance_sheet
    from careerpath.discipline.selectors import AllowanceRow, AllowanceSheet

    row = AllowanceRow(employee_no=payload + "E1", name=payload + "张三", department=payload + "华东",
                       level="senior", level_name=payload + "高级", standard=Decimal("500"),
                       deducted=Decimal("-5"), reasons=(payload + "错发", payload + "投诉"), net=Decimal("505"))
    write_allowance_sheet(tmp_path / "p.xlsx", AllowanceSheet(month=date(2026, 5, 1), rows=[row]))
    return (tmp_path / "p.xlsx").read_bytes()


def _cycle(tmp_path: Path, payload: str, base: tuple[Policy, WorkbookData], request: Any) -> bytes:
    from careerpath.cycles import services as s
    from careerpath.cycles.export import cycle_workbook
    from careerpath.cycles.models import Candidate
    from careerpath.people.models import Department, Employee
    from tests.cycles.conftest import senior_candidates

    company = request.getfixturevalue("world")
    senior_candidates(company, {"A1": (company.east, 80, 90)})
    Employee.objects.filter(employee_no="A1").update(name=payload + "候选")
    Department.objects.filter(pk=company.east.pk).update(name=payload + "华东一部")
    cycle = s.cycle_open(actor=company.users["hr"], year=2026)
    Candidate.objects.filter(cycle=cycle).update(decision_reason=payload + "理由")
    return cycle_workbook(cycle=cycle)


WRITERS: dict[str, Callable[..., bytes]] = {
    "export": _export,
    "export-codes": _export_codes,
    "evaluation-zh": _evaluation("zh"),
    "evaluation-en": _evaluation("en"),
    "template": _template,
    "payroll": _payroll,
    "cycle-export": _cycle,
}


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
@pytest.mark.parametrize("writer", list(WRITERS))
def test_no_writer_stores_a_hostile_text_as_a_formula(
    writer: str, payload: str, base: tuple[Policy, WorkbookData], tmp_path: Path, request: Any
) -> None:
    if writer == "cycle-export":
        request.getfixturevalue("db")
    # when
    content = WRITERS[writer](tmp_path, payload, base, request)
    # then: nothing live in any sheet, every risky text marked to stay text when edited in Excel,
    # and the hostile texts are there, unchanged (the test has teeth)
    assert live_cells(content) == []
    assert unmarked_risky_cells(content) == []
    hostile = {v for v in text_cells(content) if v.startswith(payload)}
    assert hostile, "the hostile values must have been written"


def test_the_payroll_amounts_stay_numbers_a_negative_one_too(base: tuple[Policy, WorkbookData],
                                                            tmp_path: Path, request: Any) -> None:
    content = _payroll(tmp_path, "=1+1", base, request)
    ws = load_workbook(BytesIO(content))["津贴"]
    assert [ws.cell(row=2, column=c).value for c in (5, 6, 8)] == [500, -5, 505]
    assert ws.cell(row=2, column=6).data_type == "n"


# --- the round trip ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_export_then_import_gives_the_hostile_texts_back_byte_for_byte(
    payload: str, base: tuple[Policy, WorkbookData], tmp_path: Path
) -> None:
    # given: hostile 工号, names, departments, notes, and hostile level and competency names
    policy, data = base
    hp = hostile_policy(policy, payload, metrics=False)
    hostile = hostile_data(data, payload, hp)
    # when
    write_workbook(tmp_path / "round.xlsx", hostile, policy=hp)
    back = read_workbook(tmp_path / "round.xlsx", hp)
    # then
    for kind in RECORD_TYPES:
        assert back.records(kind) == hostile.records(kind), kind
    assert any(e.name.startswith(payload) for e in back.employees)


@pytest.mark.parametrize(("cell", "stored"), [
    ("\t=1+1", "\t=1+1"),  # a tab or CR first was put there on purpose: kept exactly
    ("\r=1+1 ", "\r=1+1 "),
    ("\t张三", "\t张三"),
    ("  张三  ", "张三"),  # surrounding spaces are still trimmed
    ("张三\n", "张三"),
    (" \t=1+1", "=1+1"),  # only a tab or CR in the very first place counts
])
def test_the_reader_keeps_a_leading_tab_or_cr_and_trims_spaces(cell: str, stored: str, xlsx: Any) -> None:
    policy = _policy()
    path = xlsx({"员工": [["工号", "姓名", "学历", "入司日期"], ["E1", cell, "大专", "2020-01-01"],
                          ["E2", "李四", "本科", "2021-03-15"]]})
    back = read_workbook(path, policy)
    assert back.employees[0].name == stored


@pytest.mark.django_db
def test_the_database_export_then_import_keeps_hostile_names_and_notes(tmp_path: Path, policy: Policy) -> None:
    from django.core.management import call_command

    from careerpath.evidence.services import workbook_import

    # given: a company whose names, departments and notes are hostile, imported from a workbook
    data = synth(8, seed=4, as_of=AS_OF, policy=policy)
    for name, payload in SHORT.items():
        src = tmp_path / f"in-{name}.xlsx"
        hostile = hostile_data(data, payload, policy)
        write_workbook(src, hostile)
        workbook_import(path=src, policy=policy)
        # when: careerpath export, then the file read back as the import reads it
        out = tmp_path / f"out-{name}.xlsx"
        call_command("export", str(out))
        back = read_workbook(out, policy)
        # then
        assert live_cells(out.read_bytes()) == []
        texts = {(e.employee_no, e.name, e.department) for e in hostile.employees}
        assert texts <= {(e.employee_no, e.name, e.department) for e in back.employees}
        notes = {p.note for p in hostile.praises if p.note}
        assert notes and notes <= {p.note for p in back.praises}


def _policy() -> Policy:
    from careerpath.core.loader import load_policy

    return load_policy("logistics-dual-track")


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    from tests.workbook.conftest import write_xlsx

    def build(sheets: Any) -> Path:
        return write_xlsx(tmp_path / "book.xlsx", sheets)

    return build
