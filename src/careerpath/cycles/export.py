"""The cycle's candidate and ranking lists as an Excel workbook (openpyxl), for the committee's papers."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from careerpath.cycles.models import Candidate, Cycle, Decision
from careerpath.cycles.selectors import quota_groups_of
from careerpath.people.models import Department
from careerpath.policy_versions.selectors import policy_of
from careerpath.workbook.writer.safe import safe_append

HEADERS = ("工号", "姓名", "部门", "当前职级", "目标职级", "是否提名", "业务完成B", "考试E", "考评A", "总分",
           "排名", "是否在名额内", "评定小组决定", "理由")
QUOTA_HEADERS = ("晋升路径", "目标职级", "名额适用部门", "名额设置", "提名人数", "名额人数")


def _num(d: Decimal | None) -> float | None:
    return float(d) if d is not None else None


def _yes(b: bool) -> str:
    return "是" if b else "否"


def _sheet(wb: Workbook, title: str, rows: Any) -> None:
    ws = wb.create_sheet(title)
    safe_append(ws, list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for x in rows:
        decided = x.decision != Decision.PENDING
        safe_append(ws, [x.employee.employee_no, x.employee.name, x.department_name, x.from_name, x.to_name,
                   _yes(x.nominated), _num(x.business), _num(x.exam), _num(x.appraisal), _num(x.total), x.rank,
                   _yes(x.in_quota) if x.rank is not None else "",
                   x.get_decision_display() if decided else "", x.decision_reason])
    for col, width in zip("ABCDEFGHIJKLMN", (12, 10, 16, 14, 14, 9, 11, 9, 9, 9, 7, 12, 13, 40), strict=True):
        ws.column_dimensions[col].width = width


def cycle_workbook(*, cycle: Cycle) -> bytes:
    """Return the .xlsx: 排名 (ranked nominees), 候选名单 (every candidate), 其他路径, 名额."""
    policy = policy_of(cycle.policy_version)
    names = {c: lv.name.zh for c, lv in policy.levels.items()}
    cands = list(Candidate.objects.filter(cycle=cycle).select_related("employee").order_by(
        "move_id", "rank", "department_name", "employee__employee_no"))
    for x in cands:
        x.from_name, x.to_name = names.get(x.from_level, x.from_level), names.get(x.to_level, x.to_level)
    # Moves in the policy's ladder order (assistant → junior first), then rank or department and 工号.
    order = {m.id: i for i, m in enumerate(policy.moves)}
    wb = Workbook()
    wb.remove(wb.active)
    ranked = sorted((x for x in cands if x.selectable and x.nominated),
                    key=lambda x: (order.get(x.move_id, 999), x.rank is None, x.rank or 0, x.employee.employee_no))
    _sheet(wb, "排名", ranked)

    def by_department(x: Candidate) -> tuple:
        return order.get(x.move_id, 999), x.department_name, x.employee.employee_no

    _sheet(wb, "候选名单", sorted((x for x in cands if x.selectable), key=by_department))
    # Management posts and lateral moves are filled individually; listed so nobody eligible is missed.
    _sheet(wb, "其他路径（不参加评选）", sorted((x for x in cands if not x.selectable), key=by_department))
    ws = wb.create_sheet("名额")
    safe_append(ws, list(QUOTA_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    dept = dict(Department.objects.values_list("pk", "name"))
    moves = {m.id: m for m in policy.moves}
    for g in quota_groups_of(cycle):
        r = g.rule
        setting = "未设置" if r is None else (f"{r.absolute} 人" if r.absolute is not None else f"{r.percent:g}%")
        safe_append(ws, [g.move_id, names.get(moves[g.move_id].to_level, "") if g.move_id in moves else "",
                   dept.get(g.department_id, "全公司") if g.department_id else "全公司", setting, g.nominated,
                   g.size])
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["C"].width = 16
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
