"""Write the standard workbook, its empty template, and the evaluation report HR opens.

Data and reports can be large (300,000 rows), so they are streamed with openpyxl's write-only mode;
the template is small and uses the normal mode for comments, data validation and a hidden list sheet.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from careerpath.core.policy import EvidenceSettings, Metric, Policy, ProcessSettings, Text
from careerpath.core.results import Evaluation, MoveResult, PlacementResult
from careerpath.workbook.reader import WorkbookData
from careerpath.workbook.schema import Column, ColumnType, Sheet, standard_sheets

REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
PASS_FILL = PatternFill("solid", fgColor="E2EFDA")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
FAIL_FONT = Font(color="9C0006")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
INSTRUCTIONS_SHEET = "填写说明"
LISTS_SHEET = "选项"

_TYPE_TEXT = {
    ColumnType.STR: "文本",
    ColumnType.DATE: "日期（Excel 日期或 YYYY-MM-DD）",
    ColumnType.MONTH: "月份（YYYY-MM 或该月任一日期）",
    ColumnType.INT: "整数",
    ColumnType.FLOAT: "数字",
    ColumnType.RATE: "比率（0–1 或百分数，如 98.5%）",
    ColumnType.ENUM: "可选值",
}
_WIDTH = {
    ColumnType.DATE: 12,
    ColumnType.MONTH: 10,
    ColumnType.INT: 8,
    ColumnType.FLOAT: 12,
    ColumnType.RATE: 12,
}


def _text_width(text: str) -> int:
    """Approximate display width: CJK characters are two columns wide."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _column_width(col: Column) -> float:
    base = _WIDTH.get(col.type, 14)
    if col.type is ColumnType.ENUM and col.shown:
        base = max(8, min(30, max(_text_width(s) for s in col.shown) + 2))
    return max(base, _text_width(col.zh) + 4)


def _help(col: Column) -> str:
    """Return the cell comment of a header: English name, required, format, accepted values."""
    lines = [f"英文名 English: {col.en}", "必填 required" if col.required else "选填 optional"]
    lines.append(f"格式: {_TYPE_TEXT[col.type]}")
    if col.type is ColumnType.ENUM and col.shown:
        lines.append("可选值: " + "、".join(col.shown))
    if col.note:
        lines.append(col.note)
    return "\n".join(lines)


def _neutral_policy(data: WorkbookData) -> Policy:
    """A policy with no ladder, for writing a workbook when none is given: codes are written as-is."""
    codes: dict[str, None] = {}
    for m in data.metrics:
        for code in m.values:
            codes.setdefault(code, None)
    metrics = {c: Metric(c, Text(c, c), is_rate=False) for c in codes}
    return Policy(
        name="",
        version="",
        title=Text("", ""),
        tracks={},
        levels={},
        moves=(),
        placement=(),
        competencies={},
        metrics=metrics,
        evidence=EvidenceSettings(),
        process=ProcessSettings(),
    )


# ---------------------------------------------------------------------------------------------------
# The standard workbook


def write_workbook(path: str | os.PathLike[str], data: WorkbookData, *, policy: Policy | None = None) -> None:
    """Write ``data`` as a standard workbook.

    With ``policy`` levels and competencies are written by their Chinese names and the metric columns
    are the policy's (values of other metrics are not written); without it, codes are written and
    the metric columns are the codes found in the data. The reader accepts both.
    """
    wb = Workbook(write_only=True)
    for sheet in standard_sheets(policy or _neutral_policy(data)):
        ws = wb.create_sheet(sheet.zh)
        _header(ws, sheet)
        _write_records(ws, sheet, data.records(sheet.kind))
    wb.save(os.fspath(path))


def _header(ws: Any, sheet: Sheet) -> None:
    ws.freeze_panes = "A2"
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _column_width(col)
    cells = []
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, col.zh)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
        cells.append(cell)
    ws.append(cells)


def _write_records(ws: Any, sheet: Sheet, records: Sequence[Any]) -> None:
    plain = [c for c in sheet.columns if not c.metric]
    metric_codes = [c.field for c in sheet.columns if c.metric]
    get = attrgetter(*(c.field for c in plain))
    # Per-column fix-ups, done only where needed: codes → display names, months → "YYYY-MM".
    shown: list[tuple[int, dict[Any, Any]]] = []
    months: list[int] = []
    for i, col in enumerate(plain):
        if col.type is ColumnType.ENUM:
            table: dict[Any, Any] = {}
            for text in reversed(col.shown):
                if text in col.choices:
                    table[col.choices[text]] = text
            shown.append((i, table))
        elif col.type is ColumnType.MONTH:
            months.append(i)
    single = len(plain) == 1
    append = ws.append
    for rec in records:
        got = get(rec)
        row = [got] if single else list(got)
        for i, table in shown:
            v = row[i]
            if v is not None:
                row[i] = table.get(v, v)
        for i in months:
            m: date = row[i]
            row[i] = f"{m.year:04d}-{m.month:02d}"
        if metric_codes:
            values = rec.values
            row += [values.get(c) for c in metric_codes]
        append(row)


# ---------------------------------------------------------------------------------------------------
# The template


def write_template(path: str | os.PathLike[str], policy: Policy) -> None:
    """Write an empty standard workbook with instructions, styled headers, comments and drop-downs."""
    sheets = standard_sheets(policy)
    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS_SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_col = 0
    for sheet in sheets:
        ws = wb.create_sheet(sheet.zh)
        ws.freeze_panes = "A2"
        for i, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            cell = ws.cell(row=1, column=i, value=col.zh)
            cell.font = BOLD
            cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
            cell.comment = Comment(_help(col), "careerpath", width=320, height=160)
            ws.column_dimensions[letter].width = _column_width(col)
            if col.type is ColumnType.DATE:
                ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
            if col.type is ColumnType.ENUM and col.shown:
                # Values live on a hidden sheet: list formulas are limited to 255 characters and
                # competency labels contain commas. "warning" still lets codes and English through.
                list_col += 1
                lcol = get_column_letter(list_col)
                lists.cell(row=1, column=list_col, value=f"{sheet.zh}.{col.zh}")
                for r, text in enumerate(col.shown, start=2):
                    lists.cell(row=r, column=list_col, value=text)
                dv = DataValidation(
                    type="list",
                    formula1=f"'{LISTS_SHEET}'!${lcol}$2:${lcol}${len(col.shown) + 1}",
                    allow_blank=True,
                    errorStyle="warning",
                    showErrorMessage=True,
                    error="不在可选值中；也可填写代码或英文名。",
                )
                dv.add(f"{letter}2:{letter}5000")
                ws.add_data_validation(dv)
    _write_guide(guide, policy, sheets)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    wb.save(os.fspath(path))


def _write_guide(ws: Any, policy: Policy, sheets: Sequence[Sheet]) -> None:
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 18
    ws.column_dimensions["E"].width = 8
    ws.column_dimensions["F"].width = 30
    ws.column_dimensions["G"].width = 60

    def line(*values: Any, font: Font | None = None, fill: PatternFill | None = None) -> None:
        ws.append(list(values))
        if font is not None or fill is not None:
            for cell in ws[ws.max_row]:
                if font is not None:
                    cell.font = font
                if fill is not None and cell.value is not None:
                    cell.fill = fill

    line("careerpath 标准工作簿 — 填写说明", font=TITLE_FONT)
    if policy.name:
        line(f"晋升策略：{policy.title.zh}（{policy.name}，版本 {policy.version}）")
    line()
    rules = (
        "每类记录一张工作表，工作表名用中文名或英文名；第 1 行为表头，表头可用中文或英文列名，多余的列会被忽略。",
        "橙色表头为必填列，蓝色为选填列；选填单元格留空表示未知。鼠标停在表头上可看到英文名与可选值。",
        "日期：Excel 日期，或文本 YYYY-MM-DD（也接受 YYYY/MM/DD）。月份：YYYY-MM，或该月任一日期。",
        "比率：0–1 的小数或百分数（98.5% 或 98.5 都表示 0.985）。金额以元为单位。",
        "职级和能力可填代码或名称；除「员工」外的工作表都可省略，缺少的工作表表示没有该类记录。",
        "其他工作表中的工号必须出现在「员工」表中。同一记录不能重复（例如同一工号同一月份的月度指标）。",
        "导入时整本校验：任何错误都会按 工作表 / 行 / 列 / 原因 全部列出，且不导入任何数据。",
    )
    for i, rule in enumerate(rules, start=1):
        line(f"{i}. {rule}")
    line()
    table_start = ws.max_row + 1
    line("工作表", "英文名", "列", "英文列名", "必填", "格式", "可选值 / 说明", font=BOLD, fill=OPTIONAL_FILL)
    for sheet in sheets:
        line(sheet.zh, sheet.en, "", "", "", "", sheet.note, font=BOLD)
        for col in sheet.columns:
            values = "、".join(col.shown) if col.type is ColumnType.ENUM else ""
            detail = "；".join(x for x in (values, col.note) if x)
            line("", "", col.zh, col.en, "是" if col.required else "", _TYPE_TEXT[col.type], detail)
    if policy.levels:
        line()
        line("职级", "代码", "名称", "英文名", "层级", "通道", font=BOLD, fill=OPTIONAL_FILL)
        for lv in policy.levels.values():
            track = policy.tracks.get(lv.track)
            line("", lv.code, lv.name.zh, lv.name.en, lv.tier, track.name.zh if track else lv.track)
    if policy.competencies:
        line()
        line("能力", "代码", "说明", "", "", "", "English", font=BOLD, fill=OPTIONAL_FILL)
        for code, label in policy.competencies.items():
            line("", code, label.zh, "", "", "", label.en)
    if policy.metrics:
        line()
        line("月度指标", "代码", "名称", "类型", font=BOLD, fill=OPTIONAL_FILL)
        for m in policy.metrics.values():
            line("", m.code, m.name.zh, "比率" if m.is_rate else "数值")
    # Wrap the long columns of the tables only: the rules above them are single lines that overflow
    # into the empty cells to their right, which a wrapped narrow column A would cut off.
    for row in ws.iter_rows(min_row=table_start):
        for cell in row:
            cell.alignment = WRAP_TOP if cell.column >= 6 else TOP
    ws.freeze_panes = None
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# ---------------------------------------------------------------------------------------------------
# The evaluation report

_WORDS = {
    "zh": {
        "title": "晋升资格评估结果",
        "policy": "晋升策略",
        "as_of": "评估日期",
        "people": "评估人数",
        "eligible_people": "符合至少一项变动的人数",
        "summary": "汇总",
        "all": "全部明细",
        "move": "变动",
        "current": "当前职级",
        "target": "目标职级",
        "type": "类型",
        "evaluated": "评估人数",
        "eligible_count": "符合人数",
        "share": "符合比例",
        "department": "部门",
        "evaluated_rows": "评估人次",
        "eligible_rows": "符合人次",
        "no": "工号",
        "name": "姓名",
        "eligible": "是否符合",
        "missing": "还差",
        "missing_count": "未满足项数",
        "yes": "是",
        "nope": "否",
        "required": "要求",
        "promotion": "晋升",
        "lateral": "横向",
        "none": "（无部门）",
        "placement": "初评建议",
        "proposed": "建议职级",
        "kept": "保留管理岗位",
        "basis": "依据",
        "next_missing": "距更高一级还差",
    },
    "en": {
        "title": "Promotion eligibility",
        "policy": "Policy",
        "as_of": "As of",
        "people": "People evaluated",
        "eligible_people": "People eligible for at least one move",
        "summary": "Summary",
        "all": "All results",
        "move": "Move",
        "current": "Current level",
        "target": "Target level",
        "type": "Type",
        "evaluated": "Evaluated",
        "eligible_count": "Eligible",
        "share": "Share eligible",
        "department": "Department",
        "evaluated_rows": "Evaluations",
        "eligible_rows": "Eligible moves",
        "no": "Employee no",
        "name": "Name",
        "eligible": "Eligible",
        "missing": "Still missing",
        "missing_count": "Criteria not met",
        "yes": "Yes",
        "nope": "No",
        "required": "required",
        "promotion": "Promotion",
        "lateral": "Lateral",
        "none": "(no department)",
        "placement": "Initial placement",
        "proposed": "Proposed level",
        "kept": "Keeps management post",
        "basis": "Basis",
        "next_missing": "Missing for the next level up",
    },
}
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(text: str, taken: set[str]) -> str:
    """Return a valid, unique sheet name (31 characters at most, no []:*?/\\)."""
    base = text.translate(_BAD_SHEET_CHARS).strip("'")[:31] or "sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def write_evaluation_xlsx(
    path: str | os.PathLike[str], evaluation: Evaluation, policy: Policy, lang: str = "zh"
) -> None:
    """Write the evaluation for HR: a summary, every result with what is missing, one sheet per move."""
    w = _WORDS["en" if lang.startswith("en") else "zh"]
    en = lang.startswith("en")
    level_name = {c: lv.name.get(lang) for c, lv in policy.levels.items()}
    by_move: dict[str, list[MoveResult]] = {}
    for r in evaluation.results:
        by_move.setdefault(r.move_id, []).append(r)
    # Policy order first; results for moves the policy no longer has (an older snapshot) after.
    move_ids = [m.id for m in policy.moves if m.id in by_move] + [
        mid for mid in by_move if mid not in {m.id for m in policy.moves}
    ]
    moves = {m.id: m for m in policy.moves}

    def move_title(mid: str) -> str:
        m = moves.get(mid)
        if m is not None and m.name is not None:
            return m.name.get(lang)
        r = by_move[mid][0]
        if en:  # English level names are too long for a 31-character sheet name
            return f"{r.current_level}→{r.target_level}"
        return f"{level_name.get(r.current_level, r.current_level)}→{level_name.get(r.target_level, r.target_level)}"

    wb = Workbook(write_only=True)
    taken: set[str] = set()
    _summary_sheet(
        wb, _sheet_name(w["summary"], taken), evaluation, policy, lang, w, by_move, move_ids, move_title
    )
    _all_sheet(wb, _sheet_name(w["all"], taken), evaluation.results, level_name, w)
    for mid in move_ids:
        _move_sheet(wb, _sheet_name(move_title(mid), taken), by_move[mid], level_name, w)
    if evaluation.placements:
        _placement_sheet(wb, _sheet_name(w["placement"], taken), evaluation.placements, level_name, w)
    wb.save(os.fspath(path))


def _report_sheet(wb: Workbook, title: str) -> Any:
    """Create a report sheet that prints landscape, one page wide, with the header on every page."""
    ws = wb.create_sheet(title)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _styled(
    ws: Any, value: Any, *, font: Font | None = None, fill: PatternFill | None = None
) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _header_cells(ws: Any, titles: Iterable[str]) -> list[WriteOnlyCell]:
    out = []
    for t in titles:
        cell = _styled(ws, t, font=BOLD, fill=OPTIONAL_FILL)
        cell.alignment = WRAP_TOP
        out.append(cell)
    return out


def _widths(ws: Any, columns: Sequence[Iterable[str]], *, lo: int = 6, hi: int = 40) -> None:
    for i, texts in enumerate(columns, start=1):
        width = max((_text_width(t) for t in texts), default=lo)
        ws.column_dimensions[get_column_letter(i)].width = max(lo, min(hi, width + 2))


def _summary_sheet(
    wb: Workbook,
    title: str,
    evaluation: Evaluation,
    policy: Policy,
    lang: str,
    w: dict[str, str],
    by_move: dict[str, list[MoveResult]],
    move_ids: list[str],
    move_title: Any,
) -> None:
    ws = _report_sheet(wb, title)
    people = {r.employee_no for r in evaluation.results}
    eligible_people = {r.employee_no for r in evaluation.results if r.eligible}
    level_name = {c: lv.name.get(lang) for c, lv in policy.levels.items()}
    _widths(ws, [["x" * 28], ["x" * 20], ["x" * 20], ["x" * 8], ["x" * 10], ["x" * 10], ["x" * 10]])
    ws.append([_styled(ws, w["title"], font=TITLE_FONT)])
    ws.append(
        [w["policy"], f"{policy.title.get(lang)}（{evaluation.policy_name} {evaluation.policy_version}）"]
    )
    ws.append([w["as_of"], evaluation.as_of])
    ws.append([w["people"], len(people)])
    ws.append([w["eligible_people"], len(eligible_people)])
    ws.append([])
    ws.append(
        _header_cells(
            ws,
            [
                w["move"],
                w["current"],
                w["target"],
                w["type"],
                w["evaluated"],
                w["eligible_count"],
                w["share"],
            ],
        )
    )
    for mid in move_ids:
        results = by_move[mid]
        r0 = results[0]
        n_ok = sum(1 for r in results if r.eligible)
        share = _styled(ws, n_ok / len(results))
        share.number_format = "0.0%"
        ws.append(
            [
                move_title(mid),
                level_name.get(r0.current_level, r0.current_level),
                level_name.get(r0.target_level, r0.target_level),
                w.get(r0.move, r0.move),
                len(results),
                n_ok,
                share,
            ]
        )
    ws.append([])
    ws.append(
        _header_cells(ws, [w["department"], w["evaluated_rows"], w["eligible_rows"], w["eligible_people"]])
    )
    depts: dict[str, list[MoveResult]] = {}
    for r in evaluation.results:
        depts.setdefault(r.department or w["none"], []).append(r)
    for dept in sorted(depts):
        rs = depts[dept]
        ws.append(
            [
                dept,
                len(rs),
                sum(1 for r in rs if r.eligible),
                len({r.employee_no for r in rs if r.eligible}),
            ]
        )


def _person_cells(ws: Any, r: MoveResult, level_name: dict[str, str], w: dict[str, str]) -> list[Any]:
    verdict = _styled(
        ws,
        w["yes"] if r.eligible else w["nope"],
        fill=PASS_FILL if r.eligible else FAIL_FILL,
        font=None if r.eligible else FAIL_FONT,
    )
    return [
        r.employee_no,
        r.name,
        r.department,
        level_name.get(r.current_level, r.current_level),
        level_name.get(r.target_level, r.target_level),
        w.get(r.move, r.move),
        verdict,
    ]


def _person_headers(w: dict[str, str]) -> list[str]:
    return [w["no"], w["name"], w["department"], w["current"], w["target"], w["type"], w["eligible"]]


def _all_sheet(
    wb: Workbook, title: str, results: Sequence[MoveResult], level_name: dict[str, str], w: dict[str, str]
) -> None:
    ws = _report_sheet(wb, title)
    headers = [*_person_headers(w), w["missing_count"], w["missing"]]
    missing = []
    for r in results:
        leaves = [leaf for c in r.criteria for leaf in c.failing_leaves()]
        missing.append((len(leaves), "；".join(f"{leaf.label}（{leaf.actual}）" for leaf in leaves)))
    _widths(
        ws,
        [
            [headers[0], *(r.employee_no for r in results)],
            [headers[1], *(r.name for r in results)],
            [headers[2], *(r.department or "" for r in results)],
            [headers[3], *(level_name.get(r.current_level, "") for r in results)],
            [headers[4], *(level_name.get(r.target_level, "") for r in results)],
            [headers[5], "xxxx"],
            [headers[6]],
            [headers[7]],
            ["x" * 80],
        ],
        hi=80,
    )
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.append(_header_cells(ws, headers))
    for r, (n, text) in zip(results, missing, strict=True):
        ws.append([*_person_cells(ws, r, level_name, w), n, text])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(results) + 1}"


def _move_sheet(
    wb: Workbook, title: str, results: Sequence[MoveResult], level_name: dict[str, str], w: dict[str, str]
) -> None:
    ws = _report_sheet(wb, title)
    # Criteria are the same for every result of a move; a union keeps older snapshots readable too.
    order: dict[str, tuple[str, str]] = {}
    for r in results:
        for c in r.criteria:
            order.setdefault(c.id, (c.label, c.required))
    crit_ids = list(order)
    headers = _person_headers(w) + [f"{label}\n（{w['required']}：{req}）" for label, req in order.values()]
    rows = sorted(results, key=lambda r: (not r.eligible, r.employee_no))
    by_id = [{c.id: c for c in r.criteria} for r in rows]
    text_cols: list[list[str]] = [
        [w["no"], *(r.employee_no for r in rows)],
        [w["name"], *(r.name for r in rows)],
        [w["department"], *(r.department or "" for r in rows)],
        [w["current"], *(level_name.get(r.current_level, "") for r in rows)],
        [w["target"], *(level_name.get(r.target_level, "") for r in rows)],
        [w["type"], "xxxx"],
        [w["eligible"]],
    ]
    for cid in crit_ids:
        texts = [c[cid].actual for c in by_id if cid in c]
        text_cols.append(["x" * 16, *texts])
    _widths(ws, text_cols, hi=36)
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.row_dimensions[1].height = 64
    ws.append(_header_cells(ws, headers))
    for r, crit in zip(rows, by_id, strict=True):
        cells = _person_cells(ws, r, level_name, w)
        for cid in crit_ids:
            c = crit.get(cid)
            if c is None:
                cells.append(None)
                continue
            cells.append(
                _styled(
                    ws,
                    c.actual,
                    fill=PASS_FILL if c.passed else FAIL_FILL,
                    font=None if c.passed else FAIL_FONT,
                )
            )
        ws.append(cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def _placement_sheet(
    wb: Workbook,
    title: str,
    placements: Sequence[PlacementResult],
    level_name: dict[str, str],
    w: dict[str, str],
) -> None:
    """Initial placement (初评): the proposed level, what it rests on, and what the next level lacks."""
    ws = _report_sheet(wb, title)
    headers = [w["no"], w["name"], w["current"], w["proposed"], w["kept"], w["basis"], w["next_missing"]]
    rows = []
    for p in placements:
        basis, missing = "", ""
        # Standards were tried from the highest level down: the met one, and the one just above it.
        for i, (_level, met, criteria) in enumerate(p.standards):
            if met:
                basis = "；".join(f"{c.label}：{c.actual}" for c in criteria)
                if i > 0:
                    above = p.standards[i - 1]
                    leaves = [leaf for c in above[2] for leaf in c.failing_leaves()]
                    missing = f"{level_name.get(above[0], above[0])}：" + "；".join(
                        f"{leaf.label}（{leaf.actual}）" for leaf in leaves
                    )
                break
        rows.append(
            [
                p.employee_no,
                p.name,
                level_name.get(p.current_level or "", p.current_level or ""),
                level_name.get(p.proposed_level, p.proposed_level),
                w["yes"] if p.kept_management_post else "",
                basis,
                missing,
            ]
        )
    _widths(ws, [[h, *(str(r[i]) for r in rows)] for i, h in enumerate(headers)], hi=60)
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.append(_header_cells(ws, headers))
    for row in rows:
        ws.append(row)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
