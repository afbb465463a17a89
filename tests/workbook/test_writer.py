"""The template HR fills in, the standard workbook the system exports, and the evaluation report."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook

from careerpath.core.results import CriterionResult, Evaluation, MoveResult, PlacementResult
from careerpath.workbook.reader import read_workbook
from careerpath.workbook.schema import standard_sheets
from careerpath.workbook.synth import synth
from careerpath.workbook.writer import (
    FAIL_FILL,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    PASS_FILL,
    REQUIRED_FILL,
    write_evaluation_xlsx,
    write_template,
    write_workbook,
)


def _trim(values: list) -> list:
    while values and values[-1] is None:
        values.pop()
    return values


def _rgb(cell) -> str:
    return cell.fill.fgColor.rgb[-6:]


def test_template_has_instructions_then_every_sheet_with_its_headers(tmp_path, policy):
    path = tmp_path / "模板.xlsx"
    write_template(path, policy)
    wb = load_workbook(path)

    sheets = standard_sheets(policy)
    assert wb.sheetnames == [INSTRUCTIONS_SHEET, *(s.zh for s in sheets), LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    for sheet in sheets:
        ws = wb[sheet.zh]
        assert [c.value for c in ws[1]] == [c.zh for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1  # empty


def test_template_marks_required_headers_and_explains_them(tmp_path, policy):
    path = tmp_path / "模板.xlsx"
    write_template(path, policy)
    ws = load_workbook(path)["任职记录"]

    headers = {c.value: c for c in ws[1]}
    required, optional = headers["职级"], headers["结束日期"]
    assert required.font.bold and _rgb(required) == REQUIRED_FILL.fgColor.rgb[-6:]
    assert _rgb(optional) != _rgb(required)
    assert "level" in required.comment.text and "必填" in required.comment.text
    assert "客服助理" in required.comment.text  # accepted values come from the policy
    assert any("B2:B5000" in str(dv.sqref) for dv in ws.data_validations.dataValidation)


def test_template_instructions_list_levels_competencies_and_formats(tmp_path, policy):
    path = tmp_path / "模板.xlsx"
    write_template(path, policy)
    ws = load_workbook(path)[INSTRUCTIONS_SHEET]

    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for expected in (
        "YYYY-MM-DD",
        "98.5%",
        "客服总监",
        "deputy_director",
        "能独立操作系统、服务A/B/C级客户",
        "hired_on",
        "月度指标",
    ):
        assert expected in text


def test_the_empty_template_reads_as_an_empty_company(tmp_path, policy):
    path = tmp_path / "模板.xlsx"
    write_template(path, policy)

    data = read_workbook(path, policy)

    assert sum(data.counts().values()) == 0


def test_exported_workbook_uses_real_dates_and_names(tmp_path, policy):
    data = synth(30, seed=1, as_of=date(2026, 12, 31), policy=policy)
    path = tmp_path / "export.xlsx"
    write_workbook(path, data, policy=policy)
    wb = load_workbook(path)

    emp = wb["员工"]
    assert [c.value for c in emp[1]][:4] == ["工号", "姓名", "性别", "出生日期"]
    hired = emp.cell(row=2, column=8)
    assert isinstance(hired.value, datetime) and hired.is_date
    positions = wb["任职记录"]
    assert positions.cell(row=2, column=2).value in {lv.name.zh for lv in policy.levels.values()}
    metrics = wb["月度指标"]
    assert metrics.cell(row=1, column=3).value == "工作量票数"
    assert isinstance(metrics.cell(row=2, column=2).value, str)  # months as YYYY-MM


def _crit(cid: str, passed: bool, actual: str, label: str | None = None) -> CriterionResult:
    return CriterionResult(cid, label or f"条件{cid}", passed, actual, f"要求{cid}")


def _evaluation() -> Evaluation:
    def result(no: str, name: str, eligible: bool, dept: str | None) -> MoveResult:
        return MoveResult(
            employee_no=no,
            name=name,
            department=dept,
            current_level="intermediate",
            target_level="senior",
            move="promotion",
            move_id="intermediate_to_senior",
            eligible=eligible,
            criteria=(
                _crit("level_tenure", True, "24 个月", "本职级任职时间满 12 个月"),
                _crit("mentoring", eligible, "1 次" if eligible else "0 次", "带教新人不少于 1 次"),
            ),
        )

    lateral = MoveResult(
        "E3",
        "王五",
        "华南客服部",
        "senior",
        "supervisor",
        "lateral",
        "senior_to_supervisor",
        False,
        (_crit("vacancy", False, "未录入编制计划", "有空缺编制"),),
    )
    return Evaluation(
        as_of=date(2026, 12, 31),
        policy_name="logistics-dual-track",
        policy_version="2026.1",
        results=[result("E2", "李四", False, "华东客服一部"), result("E1", "张三", True, None), lateral],
    )


def test_evaluation_report_colours_each_criterion(tmp_path, policy):
    path = tmp_path / "评估.xlsx"
    write_evaluation_xlsx(path, _evaluation(), policy)
    wb = load_workbook(path)

    assert wb.sheetnames == ["汇总", "全部明细", "中级客服专员→高级客服专员", "高级客服专员→客服主管"]
    ws = wb["中级客服专员→高级客服专员"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["工号", "姓名", "部门", "当前职级", "目标职级", "类型", "是否符合"]
    assert header[8] == "带教新人不少于 1 次\n（要求：要求mentoring）"
    # Eligible people first.
    assert [ws.cell(row=r, column=1).value for r in (2, 3)] == ["E1", "E2"]
    assert ws.cell(row=2, column=7).value == "是"
    mentoring_ok, mentoring_missing = ws.cell(row=2, column=9), ws.cell(row=3, column=9)
    assert (mentoring_ok.value, mentoring_missing.value) == ("1 次", "0 次")
    assert _rgb(mentoring_missing) == FAIL_FILL.fgColor.rgb[-6:]
    assert _rgb(mentoring_ok) == PASS_FILL.fgColor.rgb[-6:]
    assert _rgb(ws.cell(row=3, column=7)) == FAIL_FILL.fgColor.rgb[-6:]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:I3"


def test_evaluation_report_summarises_and_lists_what_is_missing(tmp_path, policy):
    path = tmp_path / "评估.xlsx"
    write_evaluation_xlsx(path, _evaluation(), policy)
    wb = load_workbook(path)

    summary = [_trim([c.value for c in row]) for row in wb["汇总"].iter_rows()]
    assert ["中级客服专员→高级客服专员", "中级客服专员", "高级客服专员", "晋升", 2, 1, 0.5] in summary
    assert ["高级客服专员→客服主管", "高级客服专员", "客服主管", "横向", 1, 0, 0] in summary
    assert ["评估人数", 3] in summary
    detail = [[c.value for c in row] for row in wb["全部明细"].iter_rows()]
    e2 = next(row for row in detail if row[0] == "E2")
    assert e2[6:] == ["否", 1, "带教新人不少于 1 次（0 次）"]


def test_evaluation_report_in_english(tmp_path, policy):
    path = tmp_path / "evaluation.xlsx"
    write_evaluation_xlsx(path, _evaluation(), policy, lang="en")
    wb = load_workbook(path)

    assert wb.sheetnames == ["Summary", "All results", "intermediate→senior", "senior→supervisor"]
    ws = wb["intermediate→senior"]
    assert ws.cell(row=1, column=1).value == "Employee no"
    assert ws.cell(row=2, column=4).value == "Intermediate CS Specialist"
    assert ws.cell(row=3, column=7).value == "No"


def test_evaluation_report_lists_initial_placements_when_present(tmp_path, policy):
    evaluation = _evaluation()
    met = (_crit("cs_tenure", True, "30 个月", "客服岗位工龄满 24 个月"),)
    short = (_crit("customer_praise", False, "1 次", "客户书面表扬不少于 2 次"),)
    evaluation.placements = [
        PlacementResult(
            "E1", "张三", "junior", "senior", False, (("expert", False, short), ("senior", True, met))
        ),
        PlacementResult("E9", "赵六", "supervisor", "supervisor", True, ()),
    ]
    path = tmp_path / "评估.xlsx"
    write_evaluation_xlsx(path, evaluation, policy)
    ws = load_workbook(path)["初评建议"]

    rows = [_trim([c.value for c in row]) for row in ws.iter_rows()]
    assert rows[0] == ["工号", "姓名", "当前职级", "建议职级", "保留管理岗位", "依据", "距更高一级还差"]
    assert rows[1] == [
        "E1",
        "张三",
        "初级客服专员",
        "高级客服专员",
        None,
        "客服岗位工龄满 24 个月：30 个月",
        "资深客服专员：客户书面表扬不少于 2 次（1 次）",
    ]
    assert rows[2] == ["E9", "赵六", "客服主管", "客服主管", "是"]
