"""Finding 1: a hostile workbook is refused before it is materialised, within a memory budget.

Every hostile file is read in a child process (hostile.read_in_child): a regression then fails
its test with the child's status instead of aborting the whole pytest run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.workbook.limits import ReadLimits, col_letters

from .hostile import MEMORY_BUDGET_MB, inline, read_in_child, sheet_xml, write_xlsx

HEADER = inline("A1", "工号") + inline("B1", "姓名") + inline("C1", "入司日期") + inline("D1", "学历")


def _refused(path: Path, *, kind: str = "workbook", limits: dict | None = None) -> dict:
    out = read_in_child(path, kind=kind, limits=limits)
    assert out["errors"], "the file was read instead of refused"
    assert out["maxrss_mb"] < MEMORY_BUDGET_MB, out
    return out["errors"][0]


def test_it_refuses_a_sheet_reaching_the_last_cell_of_excel(tmp_path: Path) -> None:
    # given: only A1 and XFD1048576 filled (calamine would ask for 512 GiB and abort)
    path = write_xlsx(tmp_path / "far.xlsx", sheet_xml(f'<row r="1">{HEADER}</row>'
                                                       f'<row r="1048576">{inline("XFD1048576", "x")}</row>'))
    assert path.stat().st_size < 25_000
    # when / then
    error = _refused(path)
    assert error["sheet"] == "员工"
    assert "XFD" in error["message"] and "200" in error["message"]
    assert "CAREERPATH_WORKBOOK_MAX_COLUMNS" in error["message"]


def test_the_exam_upload_reader_uses_the_same_bounds(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "far.xlsx", sheet_xml(f'<row r="1">{inline("A1", "工号")}</row>'
                                                       f'<row r="1048576">{inline("XFD1048576", "x")}</row>'),
                      title="考试")
    error = _refused(path, kind="exams")
    assert error["sheet"] == "考试" and "XFD" in error["message"]


@pytest.mark.parametrize(
    ("label", "rows", "dimension", "limit_word"),
    [
        ("declared dimension only", f'<row r="1">{HEADER}</row>', "A1:XFD1048576", "声明的范围"),
        ("row beyond the row limit", f'<row r="1">{HEADER}</row><row r="1000001">{inline("A1000001", "x")}'
                                     "</row>", None, "1000000 行"),
        ("row number overflowing 32 bits", f'<row r="1">{HEADER}</row>'
                                           f'<row r="4294967297">{inline("A4294967297", "x")}</row>', None, "行"),
        ("cells without references, counted", '<row r="1">' + "<c><v>1</v></c>" * 300 + "</row>", None, "200 列"),
        ("rows without references, counted", '<row r="1000000"></row><row><c><v>1</v></c></row>', None,
         "1000000 行"),
        ("prefixed names", '<x:row r="1"><x:c r="HA1"><x:v>1</x:v></x:c></x:row>', None, "200 列"),
        ("the area within rows and columns", f'<row r="1">{HEADER}</row>'
                                             f'<row r="1000000">{inline("GR1000000", "x")}</row>', None, "个单元格"),
        ("rows out of order", f'<row r="1">{HEADER}</row><row r="900000">{inline("A900000", "x")}</row>'
                              f'<row r="2">{inline("HZ2", "x")}</row>', None, "200 列"),
    ],
)
def test_it_refuses_a_sheet_beyond_its_limits(tmp_path: Path, label: str, rows: str, dimension: str | None,
                                              limit_word: str) -> None:
    xml = sheet_xml(rows, dimension=dimension)
    if "x:row" in rows:
        xml = xml.replace("<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
                                         '2006/main" ')
    path = write_xlsx(tmp_path / "hostile.xlsx", xml)

    error = _refused(path)

    assert error["sheet"] == "员工", label
    assert limit_word in error["message"], (label, error["message"])


def _huge_string(mb: int) -> list[bytes]:
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    return [head, *([b"A" * (1 << 20)] * mb), b"</t></si></sst>"]


def test_it_refuses_a_zip_bomb_in_the_shared_strings(tmp_path: Path) -> None:
    # given: a 300 MB string compressed to a few hundred KB (the 1 GiB string took 3.2 GB)
    sheet = sheet_xml(f'<row r="1">{HEADER}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row>')
    path = write_xlsx(tmp_path / "bomb.xlsx", sheet, shared=_huge_string(300))
    assert path.stat().st_size < 1_000_000
    # then: refused on its inflated size
    error = _refused(path)
    assert "sharedStrings" in error["message"] and "256 MB" in error["message"]
    assert "CAREERPATH_WORKBOOK_MAX_PART_MB" in error["message"]
    # and, with a larger budget, on its compression ratio
    error = _refused(path, limits={"max_part_bytes": 1 << 30, "max_total_bytes": 1 << 30})
    assert "压缩比" in error["message"] and "CAREERPATH_WORKBOOK_MAX_RATIO" in error["message"]


def test_it_refuses_a_cell_longer_than_the_cell_limit(tmp_path: Path) -> None:
    long = "长" * 40_000
    sheet = sheet_xml(f'<row r="1">{HEADER}</row><row r="2">{inline("A2", "E1")}{inline("B2", long)}'
                      f'{inline("C2", "2020-01-01")}{inline("D2", "本科")}</row>')
    path = write_xlsx(tmp_path / "long.xlsx", sheet)

    error = _refused(path, limits={"max_cell_chars": 32_767})

    assert (error["sheet"], error["row"], error["column"]) == ("员工", 2, "姓名")
    assert "40000" in error["message"] and "100" in error["message"]  # 姓名 holds at most 100 characters


def test_a_sheet_within_its_limits_is_read(tmp_path: Path) -> None:
    # given: a sheet exactly at a small row and column limit
    limits = {"max_rows": 3, "max_columns": 4}
    sheet = sheet_xml(f'<row r="1">{HEADER}</row><row r="3">{inline("A3", "E1")}{inline("B3", "张三")}'
                      f'{inline("C3", "2020-01-01")}{inline("D3", "本科")}</row>', dimension="A1:D3")
    path = write_xlsx(tmp_path / "ok.xlsx", sheet)

    out = read_in_child(path, limits=limits)

    assert out["errors"] is None
    # one more row is refused
    tight = read_in_child(path, limits={**limits, "max_rows": 2})
    assert tight["errors"] and "2 行" in tight["errors"][0]["message"]


@pytest.mark.parametrize("n", [1, 26, 27, 52, 200, 702, 703, 16384])
def test_column_letters_match_excel(n: int) -> None:
    from careerpath.workbook.limits import _col_number

    assert _col_number(col_letters(n)) == n


@pytest.mark.parametrize(("rows", "cols"), [(1, 1), (9, 26), (10, 27), (999_999, 199), (1_000_000, 200)])
def test_the_beyond_pattern_matches_exactly_the_references_past_the_limits(rows: int, cols: int) -> None:
    from careerpath.workbook.limits import _beyond

    pattern = _beyond(rows, cols)

    def hit(r: int, c: int) -> bool:
        return pattern.search(f'<c r="{col_letters(c)}{r}"'.encode()) is not None

    assert not hit(rows, cols) and not hit(1, 1)
    assert hit(rows + 1, 1) and hit(1, cols + 1) and hit(rows * 10, cols)
    assert pattern.search(b'<c r="A0"') is not None  # row 0 does not exist
    assert ReadLimits().max_cells < ReadLimits().max_rows * ReadLimits().max_columns
