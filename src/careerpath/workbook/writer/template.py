"""The empty template: instructions, styled headers with comments, drop-downs from a hidden sheet.

It is small, so it uses openpyxl's normal mode (comments and data validation need it)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from careerpath.core.policy import Policy
from careerpath.workbook.schema import Column, ColumnType, Sheet, standard_sheets
from careerpath.workbook.writer.safe import safe_append, safe_set
from careerpath.workbook.writer.styles import (
    BOLD,
    OPTIONAL_FILL,
    REQUIRED_FILL,
    TITLE_FONT,
    TOP,
    WRAP_TOP,
    column_width,
)

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

def _help(col: Column) -> str:
    """Return the cell comment of a header: English name, required, format, accepted values."""
    lines = [f"英文名 English: {col.en}", "必填 required" if col.required else "选填 optional"]
    lines.append(f"格式: {_TYPE_TEXT[col.type]}")
    if col.type is ColumnType.ENUM and col.shown:
        lines.append("可选值: " + "、".join(col.shown))
    if col.note:
        lines.append(col.note)
    return "\n".join(lines)



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
            cell = safe_set(ws.cell(row=1, column=i), col.zh)
            cell.font = BOLD
            cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
            cell.comment = Comment(_help(col), "careerpath", width=320, height=160)
            ws.column_dimensions[letter].width = column_width(col)
            if col.type is ColumnType.DATE:
                ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
            if col.type is ColumnType.ENUM and col.shown:
                # Values live on a hidden sheet: list formulas are limited to 255 characters and
                # competency labels contain commas. "warning" still lets codes and English through.
                list_col += 1
                lcol = get_column_letter(list_col)
                safe_set(lists.cell(row=1, column=list_col), f"{sheet.zh}.{col.zh}")
                for r, text in enumerate(col.shown, start=2):
                    safe_set(lists.cell(row=r, column=list_col), text)
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
        safe_append(ws, list(values))
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
