"""Reading the standard workbook: names, formats and defaults that HR files actually contain."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from careerpath.core.facts import current_position
from careerpath.workbook.reader import read_workbook


def test_it_reads_the_minimal_workbook(xlsx, policy):
    data = read_workbook(xlsx({}), policy)

    assert [e.employee_no for e in data.employees] == ["E1", "E2"]
    e1 = data.employees[0]
    assert (e1.name, e1.education, e1.hired_on, e1.status) == ("张三", "大专", date(2020, 1, 1), "active")
    assert data.positions == [] and data.metrics == []  # missing sheets mean no records
    assert data.source.endswith(".xlsx")


def test_it_reads_every_employee_column(xlsx, policy):
    rows = [
        [
            "工号",
            "姓名",
            "性别",
            "出生日期",
            "学历",
            "部门",
            "直接上级工号",
            "入司日期",
            "入客服岗日期",
            "转正日期",
            "系统账号",
            "状态",
        ],
        [
            "E1",
            "张三",
            "女",
            date(1995, 5, 6),
            "专科",
            "华南客服部",
            "E9",
            date(2020, 1, 1),
            date(2020, 2, 1),
            date(2020, 4, 1),
            "KF01",
            "离职",
        ],
        ["E2", "李四", "男", None, "本科", None, None, date(2021, 1, 1), None, None, None, None],
    ]
    data = read_workbook(xlsx({"员工": rows}), policy)

    e1, e2 = data.employees
    assert e1.gender == "F" and e1.birth_date == date(1995, 5, 6)
    assert e1.education == "大专"  # 专科 is normalized
    assert (e1.department, e1.supervisor_no, e1.system_account) == ("华南客服部", "E9", "KF01")
    assert (e1.cs_start_on, e1.confirmed_on, e1.status) == (date(2020, 2, 1), date(2020, 4, 1), "left")
    assert e2.gender == "M"
    assert (e2.confirmed_on, e2.system_account, e2.department) == (None, None, None)  # blank = unknown/none
    assert e2.status == "active"  # default


def test_it_accepts_english_sheet_and_column_names(xlsx, policy):
    sheets = {
        "Employees": [
            [" employee_no ", "NAME", "education", "Hired_On"],
            ["E1", "Wang Fang", "bachelor", "2020-01-01"],
        ],
        "praises": [
            ["employee_no", "date", "source", "customer", "note"],
            ["E1", "2026-03-01", "Customer", "ACME", "thanks"],
            ["E1", "2026-04-01", "internal", None, None],
        ],
    }
    data = read_workbook(xlsx(sheets, employees=False), policy)

    assert data.employees[0].education == "本科"
    assert [(p.source, p.customer) for p in data.praises] == [("customer", "ACME"), ("internal", None)]
    assert data.praises[0].id == "书面表扬:2"  # evidence ids always use the Chinese sheet name


def test_it_reads_levels_by_code_chinese_and_english_name(xlsx, policy):
    rows = [
        ["工号", "职级", "起始日期", "结束日期", "变动类型"],
        ["E1", "assistant", "2020-01-01", "2020-12-31", "入职"],
        ["E1", "初级客服专员", "2021-01-01", "2021-12-31", "promotion"],
        ["E1", "intermediate cs specialist", "2022-01-01", None, "晋升"],
    ]
    data = read_workbook(xlsx({"任职记录": rows}), policy)

    assert [p.level for p in data.positions] == ["assistant", "junior", "intermediate"]
    assert [p.reason for p in data.positions] == ["入职", "晋升", "晋升"]
    assert current_position(data.population().people["E1"]).level == "intermediate"


def test_it_reads_competencies_by_code_and_label(xlsx, policy):
    rows = [
        ["工号", "能力", "认定日期", "认定人工号", "说明"],
        ["E1", "independent_operation", "2026-01-05", "E2", "抽查"],
        ["E1", "能独立处理一般常规性异常、投诉", "2026-02-05", None, None],
    ]
    data = read_workbook(xlsx({"能力认定": rows}), policy)

    assert [a.competency for a in data.attestations] == ["independent_operation", "routine_exceptions"]
    assert data.attestations[0].attested_by == "E2"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (0.985, 0.985),
        (98.5, 0.985),
        ("98.5%", 0.985),
        ("0.985", 0.985),
        (1, 1.0),
        (100, 1.0),
        (0, 0.0),
    ],
)
def test_it_reads_rates_as_fractions_or_percent(xlsx, policy, cell, expected):
    rows = [["工号", "月份", "系统操作准确率"], ["E1", "2026-01", cell]]
    data = read_workbook(xlsx({"月度指标": rows}), policy)

    assert data.metrics[0].values["accuracy"] == pytest.approx(expected)


def test_it_reads_metric_headers_by_name_or_code_and_leaves_blanks_out(xlsx, policy):
    rows = [
        ["工号", "月份", "工作量票数", "amount", "客户满意度", "某个不认识的指标"],
        ["E1", "2026-01", 520, 610000.5, "96%", 1],
        ["E1", "2026-02", 480, None, None, 2],
        ["E2", "2026-01", None, None, None, 3],
    ]
    data = read_workbook(xlsx({"月度指标": rows}), policy)

    assert [dict(m.values) for m in data.metrics] == [
        {"tickets": 520.0, "amount": 610000.5, "satisfaction": pytest.approx(0.96)},
        {"tickets": 480.0},
        {},
    ]


@pytest.mark.parametrize(
    "cell",
    [
        date(2025, 3, 1),
        datetime(2025, 3, 1, 9, 30),  # noqa: DTZ001 - Excel date-times carry no time zone
        45717,  # Excel serial number of 2025-03-01
        "2025-03-01",
        "2025/03/01",
        "2025/3/1",
        "2025年3月1日",
        " 2025-03-01 ",
        "2025-03-01 00:00:00",
        20250301,
    ],
)
def test_it_reads_excel_dates_and_date_text(xlsx, policy, cell):
    rows = [["工号", "姓名", "学历", "入司日期"], ["E1", "张三", "大专", cell]]
    data = read_workbook(xlsx({"员工": rows}, employees=False), policy)

    assert data.employees[0].hired_on == date(2025, 3, 1)


@pytest.mark.parametrize(
    "cell", ["2026-03", "2026/03", "2026-3", "2026年3月", date(2026, 3, 1), date(2026, 3, 17), 202603]
)
def test_it_reads_months_as_text_or_date(xlsx, policy, cell):
    rows = [["工号", "月份", "工作量票数"], ["E1", cell, 500]]
    data = read_workbook(xlsx({"月度指标": rows}), policy)

    assert data.metrics[0].month == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("通过", True),
        ("未通过", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        (True, True),
    ],
)
def test_it_reads_passed_in_every_accepted_spelling(xlsx, policy, cell, expected):
    rows = [["工号", "考试", "日期", "分数", "是否通过"], ["E1", "技术评定考试", "2026-11-20", 75, cell]]
    data = read_workbook(xlsx({"考试": rows}), policy)

    assert data.exams[0].passed is expected
    assert data.exams[0].score == 75.0


def test_it_reads_training_results_with_attended_as_default(xlsx, policy):
    rows = [
        ["工号", "培训项目", "日期", "结果"],
        ["E1", "储备干部培训", "2026-03-10", "通过"],
        ["E1", "客户沟通技巧", "2026-04-10", "未通过"],
        ["E1", "服务礼仪", "2026-05-10", None],
        ["E1", "物流业务知识", "2026-06-10", "attended"],
    ]
    data = read_workbook(xlsx({"培训": rows}), policy)

    assert [t.result for t in data.trainings] == ["passed", "failed", "attended", "attended"]


def test_it_reads_every_evidence_sheet(xlsx, policy):
    sheets = {
        "带教": [
            ["导师工号", "新人工号", "开始日期", "独立操作日期"],
            ["E1", "E2", "2026-01-04", "2026-03-01"],
        ],
        "请假": [["工号", "类型", "开始日期", "天数"], ["E1", "病假", "2026-02-02", 1.5]],
        "年度考评": [["工号", "年度", "分数", "等级"], ["E1", 2025, 88.5, "B"], ["E1", "2026", 91, None]],
        "事故": [["工号", "日期", "类型", "说明"], ["E2", "2026-05-05", "重大投诉", "客户投诉"]],
    }
    data = read_workbook(xlsx(sheets), policy)

    m = data.mentorships[0]
    assert (m.id, m.mentor_no, m.mentee_no, m.independent_on) == ("带教:2", "E1", "E2", date(2026, 3, 1))
    assert (data.leaves[0].type, data.leaves[0].days) == ("病假", 1.5)
    assert [(a.year, a.score, a.grade) for a in data.appraisals] == [(2025, 88.5, "B"), (2026, 91.0, None)]
    assert (data.incidents[0].type, data.incidents[0].id) == ("重大投诉", "事故:2")
    people = data.population().people
    assert people["E1"].mentorships == [m]  # grouped under the mentor


def test_it_skips_blank_rows_and_keeps_excel_row_numbers(xlsx, policy):
    rows = [
        ["工号", "日期", "来源", "客户名称", "说明", "备注（自用）"],
        ["E1", "2026-01-01", "内部", None, None, None],
        [None, None, None, None, None, None],
        ["  ", " ", None, None, None, None],
        [None, None, None, None, None, "只有备注的行"],
        ["E2", "2026-02-01", "客户", "顺丰", None, "x"],
    ]
    data = read_workbook(xlsx({"书面表扬": rows}), policy)

    assert [p.id for p in data.praises] == ["书面表扬:2", "书面表扬:6"]


def test_it_accepts_a_title_row_above_the_header(xlsx, policy):
    rows = [
        ["2026年客服员工花名册"],
        [],
        ["工号", "姓名", "学历", "入司日期"],
        ["E7", "王五", "高中", "2019-09-09"],
    ]
    data = read_workbook(xlsx({"员工": rows}, employees=False), policy)

    assert data.employees[0].employee_no == "E7"


def test_it_reads_numeric_employee_numbers_as_text(xlsx, policy):
    sheets = {
        "员工": [["工号", "姓名", "学历", "入司日期"], [1001, "张三", "大专", "2020-01-01"]],
        "请假": [["工号", "类型", "开始日期", "天数"], ["1001", "年假", "2026-02-02", 2]],
    }
    data = read_workbook(xlsx(sheets, employees=False), policy)

    assert data.employees[0].employee_no == "1001"
    assert data.leaves[0].employee_no == "1001"


def test_it_ignores_unknown_sheets_and_columns(xlsx, policy):
    sheets = {
        "填写说明": [["随便写"]],
        "备注": [["x", "y"]],
        "员工": [["工号", "姓名", "学历", "入司日期", "手机"], ["E1", "张三", "大专", "2020-01-01", "138"]],
    }
    data = read_workbook(xlsx(sheets, employees=False), policy)

    assert len(data.employees) == 1


def test_population_groups_records_and_takes_vacancies(xlsx, policy):
    rows = [
        ["工号", "类型", "开始日期", "天数"],
        ["E2", "事假", "2026-03-03", 1],
        ["E1", "年假", "2026-01-03", 2],
    ]
    data = read_workbook(xlsx({"请假": rows}), policy)

    pop = data.population(vacancies={"supervisor": 2})
    assert pop.vacancies == {"supervisor": 2}
    assert [lv.id for lv in pop.people["E1"].leaves] == ["请假:3"]
    assert data.counts()["leaves"] == 2
