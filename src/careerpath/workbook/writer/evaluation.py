"""The evaluation report HR opens: a summary, every result with what is missing, a sheet per move."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from careerpath.core.policy import Policy
from careerpath.core.results import Evaluation, MoveResult, PlacementResult
from careerpath.workbook.writer.safe import safe_append, safe_cell
from careerpath.workbook.writer.styles import (
    BOLD,
    FAIL_FILL,
    FAIL_FONT,
    OPTIONAL_FILL,
    PASS_FILL,
    TITLE_FONT,
    WRAP_TOP,
    text_width,
)

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
) -> Cell:
    cell = safe_cell(ws, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _header_cells(ws: Any, titles: Iterable[str]) -> list[Cell]:
    out = []
    for t in titles:
        cell = _styled(ws, t, font=BOLD, fill=OPTIONAL_FILL)
        cell.alignment = WRAP_TOP
        out.append(cell)
    return out


def _widths(ws: Any, columns: Sequence[Iterable[str]], *, lo: int = 6, hi: int = 40) -> None:
    for i, texts in enumerate(columns, start=1):
        width = max((text_width(t) for t in texts), default=lo)
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
    safe_append(ws, [_styled(ws, w["title"], font=TITLE_FONT)])
    safe_append(ws,
        [w["policy"], f"{policy.title.get(lang)}（{evaluation.policy_name} {evaluation.policy_version}）"]
    )
    safe_append(ws, [w["as_of"], evaluation.as_of])
    safe_append(ws, [w["people"], len(people)])
    safe_append(ws, [w["eligible_people"], len(eligible_people)])
    safe_append(ws, [])
    safe_append(ws,
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
        safe_append(ws,
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
    safe_append(ws, [])
    safe_append(ws,
        _header_cells(ws, [w["department"], w["evaluated_rows"], w["eligible_rows"], w["eligible_people"]])
    )
    depts: dict[str, list[MoveResult]] = {}
    for r in evaluation.results:
        depts.setdefault(r.department or w["none"], []).append(r)
    for dept in sorted(depts):
        rs = depts[dept]
        safe_append(ws,
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
    safe_append(ws, _header_cells(ws, headers))
    for r, (n, text) in zip(results, missing, strict=True):
        safe_append(ws, [*_person_cells(ws, r, level_name, w), n, text])
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
    safe_append(ws, _header_cells(ws, headers))
    for r, crit in zip(rows, by_id, strict=True):
        cells = _person_cells(ws, r, level_name, w)
        for cid in crit_ids:
            got = crit.get(cid)
            if got is None:
                cells.append(None)
                continue
            cells.append(
                _styled(
                    ws,
                    got.actual,
                    fill=PASS_FILL if got.passed else FAIL_FILL,
                    font=None if got.passed else FAIL_FONT,
                )
            )
        safe_append(ws, cells)
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
    safe_append(ws, _header_cells(ws, headers))
    for row in rows:
        safe_append(ws, row)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
