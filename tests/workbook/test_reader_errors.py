"""Every kind of bad input is reported with its sheet, Excel row and column, and nothing is returned."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from careerpath.workbook.reader import WorkbookError, WorkbookInvalid, read_workbook

from .conftest import EMPLOYEES

EMP_HEADER = ["工号", "姓名", "学历", "入司日期"]


def errors_of(path, policy) -> list[WorkbookError]:
    with pytest.raises(WorkbookInvalid) as info:
        read_workbook(path, policy)
    return info.value.errors


# (case id, sheets (员工 = EMPLOYEES unless given), expected sheet, row, column, message fragment)
SINGLE_DEFECT_CASES = [
    (
        "missing required column",
        {"员工": [["工号", "姓名", "学历"], ["E1", "张三", "大专"]]},
        ("员工", None, "入司日期", "缺少必填列「入司日期」（hired_on）"),
    ),
    (
        "missing required value",
        {"员工": [EMP_HEADER, ["E1", "张三", "大专", "2020-01-01"], ["E2", None, "大专", "2020-01-01"]]},
        ("员工", 3, "姓名", "必填项为空"),
    ),
    (
        "bad date",
        {"员工": [EMP_HEADER, ["E1", "张三", "大专", "2025-13-01"]]},
        ("员工", 2, "入司日期", "日期无效 '2025-13-01'"),
    ),
    (
        "date that is not a date",
        {"员工": [EMP_HEADER, ["E1", "张三", "大专", "去年三月"]]},
        ("员工", 2, "入司日期", "日期无效 '去年三月'"),
    ),
    (
        "bad month",
        {"月度指标": [["工号", "月份", "工作量票数"], ["E1", "2026-13", 500]]},
        ("月度指标", 2, "月份", "月份无效 '2026-13'"),
    ),
    (
        "bad number",
        {"请假": [["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-01-05", "两天"]]},
        ("请假", 2, "天数", "数字无效 '两天'"),
    ),
    (
        "negative days",
        {"请假": [["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-01-05", -2]]},
        ("请假", 2, "天数", "不能为负数 '-2'"),
    ),
    (
        "negative score",
        {
            "考试": [
                ["工号", "考试", "日期", "分数", "是否通过"],
                ["E1", "技术评定考试", "2026-11-01", -5, "否"],
            ]
        },
        ("考试", 2, "分数", "不能为负数"),
    ),
    (
        "negative metric",
        {"月度指标": [["工号", "月份", "工作量票数"], ["E1", "2026-01", -1]]},
        ("月度指标", 2, "工作量票数", "不能为负数"),
    ),
    (
        "rate above 100 %",
        {"月度指标": [["工号", "月份", "客户满意度"], ["E1", "2026-01", "130%"]]},
        ("月度指标", 2, "客户满意度", "比率应在 0–1 或 0%–100% 之间"),
    ),
    (
        "rate that is not a number",
        {"月度指标": [["工号", "月份", "客户满意度"], ["E1", "2026-01", "很好"]]},
        ("月度指标", 2, "客户满意度", "比率无效 '很好'"),
    ),
    (
        "year that is not a whole number",
        {"年度考评": [["工号", "年度", "分数"], ["E1", 2025.5, 80]]},
        ("年度考评", 2, "年度", "整数无效 '2025.5'"),
    ),
    (
        "unknown employee in an evidence sheet",
        {
            "书面表扬": [
                ["工号", "日期", "来源", "客户名称"],
                ["E1", "2026-01-01", "内部", None],
                ["E404", "2026-01-02", "内部", None],
            ]
        },
        ("书面表扬", 3, "工号", "工号 'E404' 不在「员工」表中"),
    ),
    (
        "unknown mentee",
        {"带教": [["导师工号", "新人工号", "开始日期"], ["E1", "E9", "2026-01-01"]]},
        ("带教", 2, "新人工号", "工号 'E9' 不在「员工」表中"),
    ),
    (
        "duplicate employee number",
        {
            "员工": [
                EMP_HEADER,
                ["E1", "张三", "大专", "2020-01-01"],
                ["E2", "李四", "大专", "2020-01-01"],
                ["E1", "王五", "本科", "2021-01-01"],
            ]
        },
        ("员工", 4, "工号", "工号 'E1' 重复（首次出现在第2行）"),
    ),
    (
        "unknown level",
        {"任职记录": [["工号", "职级", "起始日期"], ["E1", "CEO", "2020-01-01"]]},
        ("任职记录", 2, "职级", "未知的职级 'CEO'"),
    ),
    (
        "unknown competency",
        {"能力认定": [["工号", "能力", "认定日期"], ["E1", "会唱歌", "2026-01-01"]]},
        ("能力认定", 2, "能力", "未知的能力 '会唱歌'"),
    ),
    (
        "unknown education",
        {"员工": [EMP_HEADER, ["E1", "张三", "幼儿园", "2020-01-01"]]},
        ("员工", 2, "学历", "未知的学历 '幼儿园'"),
    ),
    (
        "unknown leave type",
        {"请假": [["工号", "类型", "开始日期", "天数"], ["E1", "旅游假", "2026-01-05", 1]]},
        ("请假", 2, "类型", "未知的类型 '旅游假'"),
    ),
    (
        "unknown exam",
        {"考试": [["工号", "考试", "日期", "是否通过"], ["E1", "驾照考试", "2026-01-05", "是"]]},
        ("考试", 2, "考试", "未知的考试 '驾照考试'"),
    ),
    (
        "unknown incident type",
        {"事故": [["工号", "日期", "类型"], ["E1", "2026-01-05", "迟到"]]},
        ("事故", 2, "类型", "未知的类型 '迟到'"),
    ),
    (
        "unknown gender",
        {"员工": [[*EMP_HEADER, "性别"], ["E1", "张三", "大专", "2020-01-01", "未知"]]},
        ("员工", 2, "性别", "未知的性别 '未知'"),
    ),
    (
        "unknown status",
        {"员工": [[*EMP_HEADER, "状态"], ["E1", "张三", "大专", "2020-01-01", "休假"]]},
        ("员工", 2, "状态", "未知的状态 '休假'"),
    ),
    (
        "unknown praise source",
        {"书面表扬": [["工号", "日期", "来源"], ["E1", "2026-01-01", "朋友"]]},
        ("书面表扬", 2, "来源", "未知的来源 '朋友'"),
    ),
    (
        "unknown training result",
        {"培训": [["工号", "培训项目", "日期", "结果"], ["E1", "服务礼仪", "2026-01-01", "优秀"]]},
        ("培训", 2, "结果", "未知的结果 '优秀'"),
    ),
    (
        "unknown passed value",
        {"考试": [["工号", "考试", "日期", "是否通过"], ["E1", "资质考试", "2026-01-05", "也许"]]},
        ("考试", 2, "是否通过", "未知的取值 '也许'"),
    ),
    (
        "unknown position reason",
        {"任职记录": [["工号", "职级", "起始日期", "变动类型"], ["E1", "junior", "2020-01-01", "跳槽"]]},
        ("任职记录", 2, "变动类型", "未知的变动类型 '跳槽'"),
    ),
    (
        "customer praise without customer name",
        {"书面表扬": [["工号", "日期", "来源", "客户名称"], ["E1", "2026-01-01", "客户", None]]},
        ("书面表扬", 2, "客户名称", "来源为客户的表扬必须填写客户名称"),
    ),
    (
        "position ending before it starts",
        {
            "任职记录": [
                ["工号", "职级", "起始日期", "结束日期"],
                ["E1", "junior", "2021-01-01", "2020-12-31"],
            ]
        },
        ("任职记录", 2, "结束日期", "结束日期 2020-12-31 早于起始日期 2021-01-01"),
    ),
    (
        "confirmed before hired",
        {"员工": [[*EMP_HEADER, "转正日期"], ["E1", "张三", "大专", "2020-01-01", "2019-12-01"]]},
        ("员工", 2, "转正日期", "转正日期 2019-12-01 早于入司日期 2020-01-01"),
    ),
    (
        "mentor is the mentee",
        {"带教": [["导师工号", "新人工号", "开始日期"], ["E1", "E1", "2026-01-01"]]},
        ("带教", 2, "新人工号", "导师与新人不能是同一人"),
    ),
    (
        "independent before mentoring started",
        {
            "带教": [
                ["导师工号", "新人工号", "开始日期", "独立操作日期"],
                ["E1", "E2", "2026-03-01", "2026-02-01"],
            ]
        },
        ("带教", 2, "独立操作日期", "独立操作日期 2026-02-01 早于开始日期 2026-03-01"),
    ),
    (
        "the same column twice",
        {"请假": [["工号", "类型", "开始日期", "天数", "days"], ["E1", "病假", "2026-01-05", 1, 1]]},
        ("请假", 1, "days", "列重复：第D列与第E列都是「天数」"),
    ),
    (
        "the same sheet twice",
        {"employees": EMPLOYEES},
        ("employees", None, None, "与工作表「员工」重复"),
    ),
    (
        "no employees sheet",
        {"请假": [["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-01-05", 1]]},
        ("员工", None, None, "缺少工作表「员工」（employees）"),
    ),
]


@pytest.mark.parametrize(
    ("case", "sheets", "expected"), SINGLE_DEFECT_CASES, ids=[c[0] for c in SINGLE_DEFECT_CASES]
)
def test_it_reports_each_defect_where_it_is(xlsx, policy, case, sheets, expected):
    # A 员工 sheet given by the case replaces the default one.
    errors = errors_of(xlsx(sheets, employees=case != "no employees sheet"), policy)

    sheet, row, column, fragment = expected
    assert [(e.sheet, e.row, e.column) for e in errors] == [(sheet, row, column)], errors
    assert fragment in errors[0].message


# Natural keys: the second of two identical records is reported, naming the first one's row.
DUPLICATE_CASES = [
    ("任职记录", ["工号", "职级", "起始日期"], ["E1", "junior", "2020-01-01"], "工号+起始日期"),
    (
        "书面表扬",
        ["工号", "日期", "来源", "客户名称", "说明"],
        ["E1", "2026-01-01", "客户", "顺丰", "锦旗"],
        "工号+日期+来源+客户名称+说明",
    ),
    ("带教", ["导师工号", "新人工号", "开始日期"], ["E1", "E2", "2026-01-01"], "导师工号+新人工号"),
    ("培训", ["工号", "培训项目", "日期"], ["E1", "储备干部培训", "2026-01-01"], "工号+培训项目+日期"),
    ("请假", ["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-01-05", 1], "工号+类型+开始日期"),
    ("月度指标", ["工号", "月份", "工作量票数"], ["E1", "2026-01", 500], "工号+月份"),
    ("考试", ["工号", "考试", "日期", "是否通过"], ["E1", "资质考试", "2026-01-05", "是"], "工号+考试+日期"),
    ("年度考评", ["工号", "年度", "分数"], ["E1", 2025, 80], "工号+年度"),
    ("能力认定", ["工号", "能力", "认定日期"], ["E1", "office_visio", "2026-01-01"], "工号+能力"),
    ("事故", ["工号", "日期", "类型", "说明"], ["E1", "2026-01-05", "重大投诉", "x"], "工号+日期+类型+说明"),
]


@pytest.mark.parametrize(
    ("sheet", "header", "row", "key"), DUPLICATE_CASES, ids=[c[0] for c in DUPLICATE_CASES]
)
def test_it_rejects_duplicate_records(xlsx, policy, sheet, header, row, key):
    other = [row[0], *row[1:]]
    errors = errors_of(xlsx({sheet: [header, row, other]}), policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [(sheet, 3, None)]
    assert errors[0].message == f"与第2行重复（{key} 相同）"


def test_duplicates_compare_converted_values(xlsx, policy):
    # 2026-01 typed as text and as a date are the same month; 98.5% and 0.985 the same value.
    rows = [["工号", "月份", "客户满意度"], ["E1", "2026-01", "98.5%"], ["E1", date(2026, 1, 1), 0.985]]
    errors = errors_of(xlsx({"月度指标": rows}), policy)

    assert [(e.sheet, e.row) for e in errors] == [("月度指标", 3)]


def test_it_collects_every_error_of_every_sheet(xlsx, policy):
    sheets = {
        "员工": [EMP_HEADER, ["E1", "张三", "大专", "2020-02-30"], ["E2", None, "博士后", "2021-01-01"]],
        "请假": [["工号", "类型", "开始日期", "天数"], ["E3", "病假", "2026-01-05", -1]],
        "事故": [["工号", "日期"], ["E1", "2026-01-01"]],
    }
    errors = errors_of(xlsx(sheets, employees=False), policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [
        ("员工", 2, "入司日期"),
        ("员工", 3, "姓名"),
        ("员工", 3, "学历"),
        ("请假", 2, "工号"),
        ("请假", 2, "天数"),
        ("事故", None, "类型"),
    ]


def test_a_row_with_errors_does_not_hide_other_rows(xlsx, policy):
    rows = [["工号", "类型", "开始日期", "天数"]] + [
        ["E1", "病假", f"2026-01-{d:02d}", "x"] for d in range(1, 21)
    ]
    errors = errors_of(xlsx({"请假": rows}), policy)

    assert [e.row for e in errors] == list(range(2, 22))


def test_an_employee_row_in_error_still_counts_as_known(xlsx, policy):
    # 张三's row has a bad date; his leave must not be reported a second time as an unknown 工号.
    sheets = {
        "员工": [EMP_HEADER, ["E1", "张三", "大专", "昨天"]],
        "请假": [["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-01-05", 1]],
    }
    errors = errors_of(xlsx(sheets, employees=False), policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("员工", 2, "入司日期")]


def test_errors_name_the_columns_as_the_file_does(xlsx, policy):
    sheets = {
        "employees": [["employee_no", "name", "education", "hired_on"], ["E1", "Li", "college", "someday"]]
    }
    errors = errors_of(xlsx(sheets, employees=False), policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("employees", 2, "hired_on")]


def test_an_empty_employees_sheet_is_an_error(xlsx, policy):
    # Without a roster the other sheets' 工号 are not reported one by one as unknown.
    sheets = {"员工": [], "请假": [["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-01-05", 1]]}
    errors = errors_of(xlsx(sheets, employees=False), policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("员工", None, None)]
    assert "工作表为空" in errors[0].message


def test_it_rejects_a_missing_file(tmp_path, policy):
    errors = errors_of(tmp_path / "nope.xlsx", policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("", None, None)]
    assert errors[0].message.startswith("文件不存在")


def test_it_rejects_a_text_file_renamed_xlsx(tmp_path, policy):
    path = tmp_path / "名单.xlsx"
    path.write_text("工号,姓名\nE1,张三\n", encoding="utf-8")
    errors = errors_of(path, policy)

    assert [(e.sheet, e.row, e.column) for e in errors] == [("", None, None)]
    assert "名单.xlsx" in errors[0].message and "不是有效的 Excel 工作簿" in errors[0].message


def test_it_rejects_a_corrupt_workbook(tmp_path, policy):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook")
    errors = errors_of(path, policy)

    assert len(errors) == 1 and "不是有效的 Excel 工作簿" in errors[0].message


def test_an_error_reads_as_a_chinese_sentence():
    e = WorkbookError("员工", 5, "入司日期", "日期无效 '2025-13-01'")

    assert str(e) == "工作表「员工」第5行「入司日期」列：日期无效 '2025-13-01'"
    assert (
        str(WorkbookError("员工", None, "工号", "缺少必填列「工号」"))
        == "工作表「员工」「工号」列：缺少必填列「工号」"
    )
    assert str(WorkbookError("", None, None, "文件不存在：x.xlsx")) == "文件不存在：x.xlsx"
    assert e.to_dict() == {
        "sheet": "员工",
        "row": 5,
        "column": "入司日期",
        "message": "日期无效 '2025-13-01'",
    }


def test_the_exception_keeps_every_error_but_lists_a_readable_number():
    errors = [WorkbookError("请假", r, "天数", "数字无效 'x'") for r in range(2, 152)]
    exc = WorkbookInvalid(errors)

    assert len(exc.errors) == 150
    text = str(exc)
    assert text.startswith("工作簿有 150 处错误")
    assert "工作表「请假」第101行「天数」列" in text and "第102行" not in text
    assert "另有 50 处错误 (and 50 more)" in text
