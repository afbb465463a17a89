"""The standard workbook of SPEC §7 as data: sheets, columns, types and accepted values.

Reader, writer, template and documentation all derive from these tables, so a column is declared
once. Columns whose accepted values come from the policy (levels, competencies, leave/exam/incident
types, metrics) are built by :func:`standard_sheets` for a given policy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from careerpath.core.facts import EDUCATION_ALIASES, EDUCATION_RANK, normalize_education
from careerpath.core.policy import Policy

# The longest free-text note (说明) of an evidence record, in characters; the models use the same number.
NOTE_MAX_LENGTH = 2000


class ColumnType(StrEnum):
    STR = "str"
    DATE = "date"
    MONTH = "month"
    INT = "int"
    FLOAT = "float"
    RATE = "rate"
    ENUM = "enum"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: where it goes in the fact record, how it is named and what it accepts."""

    field: str  # attribute of the core.facts record (for metric columns: the metric code)
    zh: str
    en: str
    type: ColumnType
    required: bool = False
    # ENUM only: every accepted spelling (as typed, plus lower-case forms) -> the stored value.
    choices: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    # ENUM only: the values shown to users, Chinese first; writers emit the first of these per value.
    shown: tuple[str, ...] = ()
    default: Any = None  # stored when the cell is blank
    non_negative: bool = False
    aliases: tuple[str, ...] = ()  # further accepted header names
    note: str = ""  # Chinese help text for the template and the docs
    metric: bool = False  # value goes into MetricMonth.values
    # STR only: the longest text stored, in characters (the model column's max_length; a test keeps
    # the two equal). Longer cells are an error naming sheet / row / column.
    max_length: int | None = None

    def headers(self) -> tuple[str, ...]:
        """Return every header text that names this column."""
        return (self.zh, self.en, *self.aliases)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: its record kind, names, columns and validation keys."""

    kind: str  # "employees", "positions", ... (the WorkbookData attribute)
    zh: str
    en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # natural key fields: a repeat is an error
    owners: tuple[str, ...] = ("employee_no",)  # fields that must name a 工号 of 员工
    note: str = ""

    def column(self, field_name: str) -> Column:
        for c in self.columns:
            if c.field == field_name:
                return c
        raise KeyError(field_name)


SHEET_KINDS: tuple[str, ...] = (
    "employees",
    "positions",
    "praises",
    "mentorships",
    "trainings",
    "leaves",
    "metrics",
    "exams",
    "appraisals",
    "attestations",
    "incidents",
)


def _choices(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Build an accepted-spelling table; lower-case forms make English spellings case-insensitive."""
    out: dict[str, Any] = {}
    for text, value in pairs:
        out.setdefault(text, value)
        out.setdefault(text.lower(), value)
    return out


def _enum(
    field_name: str,
    zh: str,
    en: str,
    pairs: Iterable[tuple[str, Any]],
    shown: Iterable[str],
    *,
    required: bool = False,
    default: Any = None,
    note: str = "",
) -> Column:
    return Column(
        field_name,
        zh,
        en,
        ColumnType.ENUM,
        required=required,
        choices=_choices(pairs),
        shown=tuple(shown),
        default=default,
        note=note,
    )


def _same(values: Iterable[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


GENDER = _enum(
    "gender",
    "性别",
    "gender",
    [("男", "M"), ("女", "F"), ("M", "M"), ("F", "F"), ("male", "M"), ("female", "F")],
    ("男", "女"),
)
STATUS = _enum(
    "status",
    "状态",
    "status",
    [("在职", "active"), ("离职", "left"), ("active", "active"), ("left", "left")],
    ("在职", "离职"),
    default="active",
    note="空白视为在职",
)
EDUCATION = _enum(
    "education",
    "学历",
    "education",
    [(k, normalize_education(k)) for k in (*EDUCATION_RANK, *EDUCATION_ALIASES)],
    tuple(EDUCATION_RANK),
    required=True,
    note="也接受 专科(=大专)、技校(=中专)、研究生(=硕士)",
)
POSITION_REASONS = ("入职", "初评", "晋升", "降级", "横向", "任命")
REASON = _enum(
    "reason",
    "变动类型",
    "reason",
    [
        *_same(POSITION_REASONS),
        ("hire", "入职"),
        ("placement", "初评"),
        ("promotion", "晋升"),
        ("demotion", "降级"),
        ("lateral", "横向"),
        ("appointment", "任命"),
    ],
    POSITION_REASONS,
)
SOURCE = _enum(
    "source",
    "来源",
    "source",
    [("客户", "customer"), ("内部", "internal"), ("customer", "customer"), ("internal", "internal")],
    ("客户", "内部"),
    required=True,
    note="客户表扬须填写客户名称",
)
RESULT = _enum(
    "result",
    "结果",
    "result",
    [
        ("通过", "passed"),
        ("未通过", "failed"),
        ("参加", "attended"),
        ("passed", "passed"),
        ("failed", "failed"),
        ("attended", "attended"),
    ],
    ("通过", "未通过", "参加"),
    default="attended",
    note="空白视为参加",
)
PASSED = _enum(
    "passed",
    "是否通过",
    "passed",
    [
        ("是", True),
        ("否", False),
        ("通过", True),
        ("未通过", False),
        ("Y", True),
        ("N", False),
        ("yes", True),
        ("no", False),
        ("true", True),
        ("false", False),
        ("1", True),
        ("0", False),
    ],
    ("是", "否"),
    required=True,
    note="也接受 通过/未通过、Y/N、true/false、1/0",
)


def _emp_no(zh: str = "工号", en: str = "employee_no", field_name: str = "employee_no") -> Column:
    return Column(field_name, zh, en, ColumnType.STR, required=True, max_length=32)


def _level_column(policy: Policy) -> Column:
    pairs: list[tuple[str, str]] = []
    for lv in policy.levels.values():
        pairs += [(lv.code, lv.code), (lv.name.zh, lv.code), (lv.name.en, lv.code)]
    return _enum(
        "level",
        "职级",
        "level",
        pairs,
        [lv.name.zh for lv in policy.levels.values()],
        required=True,
        note="职级代码或名称",
    )


def _competency_column(policy: Policy) -> Column:
    pairs: list[tuple[str, str]] = []
    for code, label in policy.competencies.items():
        pairs += [(code, code), (label.zh, code), (label.en, code)]
    return _enum(
        "competency",
        "能力",
        "competency",
        pairs,
        [label.zh for label in policy.competencies.values()],
        required=True,
        note="能力代码或中文说明",
    )


def _metric_columns(policy: Policy) -> tuple[Column, ...]:
    cols = []
    for m in policy.metrics.values():
        cols.append(
            Column(
                m.code,
                m.name.zh,
                m.code,
                ColumnType.RATE if m.is_rate else ColumnType.FLOAT,
                non_negative=True,
                aliases=(m.name.en,) if m.name.en else (),
                note="比率：0–1 的小数或百分数（如 98.5% 或 98.5）" if m.is_rate else "非负数",
                metric=True,
            )
        )
    return tuple(cols)


def standard_sheets(policy: Policy) -> tuple[Sheet, ...]:
    """Return the sheets of the standard workbook for ``policy``, in workbook order."""
    ev = policy.evidence
    S, D, M, N, F = ColumnType.STR, ColumnType.DATE, ColumnType.MONTH, ColumnType.INT, ColumnType.FLOAT
    return (
        Sheet(
            "employees",
            "员工",
            "employees",
            (
                _emp_no(),
                Column("name", "姓名", "name", S, required=True, max_length=100),
                GENDER,
                Column("birth_date", "出生日期", "birth_date", D),
                EDUCATION,
                Column("department", "部门", "department", S, max_length=100),
                Column("supervisor_no", "直接上级工号", "supervisor_no", S, max_length=32),
                Column("hired_on", "入司日期", "hired_on", D, required=True),
                Column("cs_start_on", "入客服岗日期", "cs_start_on", D, note="入（转）客服岗的日期"),
                Column("confirmed_on", "转正日期", "confirmed_on", D, note="空白表示尚未转正"),
                Column(
                    "system_account", "系统账号", "system_account", S, note="本人业务系统账号；空白表示尚无",
                    max_length=64,
                ),
                STATUS,
            ),
            key=("employee_no",),
            owners=(),
            note="每位员工一行，工号唯一。",
        ),
        Sheet(
            "positions",
            "任职记录",
            "positions",
            (
                _emp_no(),
                _level_column(policy),
                Column("start_on", "起始日期", "start_on", D, required=True),
                Column("end_on", "结束日期", "end_on", D, note="空白表示现任职级"),
                REASON,
            ),
            key=("employee_no", "start_on"),
            note="每段任职一行；结束日期空白的一行（起始最晚者）为当前职级。",
        ),
        Sheet(
            "praises",
            "书面表扬",
            "praises",
            (
                _emp_no(),
                Column("date", "日期", "date", D, required=True),
                SOURCE,
                Column("customer", "客户名称", "customer", S, note="来源为客户时必填", max_length=200),
                Column("note", "说明", "note", S, max_length=NOTE_MAX_LENGTH),
            ),
            key=("employee_no", "date", "source", "customer", "note"),
            note="客户或内部的书面表扬，每封一行。",
        ),
        Sheet(
            "mentorships",
            "带教",
            "mentorships",
            (
                _emp_no("导师工号", "mentor_no", "mentor_no"),
                _emp_no("新人工号", "mentee_no", "mentee_no"),
                Column("start_on", "开始日期", "start_on", D, required=True),
                Column("independent_on", "独立操作日期", "independent_on", D, note="新人达到独立操作的日期"),
            ),
            key=("mentor_no", "mentee_no"),
            owners=("mentor_no", "mentee_no"),
            note="导师带教新人，每对一行。",
        ),
        Sheet(
            "trainings",
            "培训",
            "trainings",
            (
                _emp_no(),
                Column("program", "培训项目", "program", S, required=True, note="如 储备干部培训", max_length=200),
                Column("date", "日期", "date", D, required=True),
                RESULT,
            ),
            key=("employee_no", "program", "date"),
            note="培训出勤与结果，每人每次一行。",
        ),
        Sheet(
            "leaves",
            "请假",
            "leaves",
            (
                _emp_no(),
                _enum("type", "类型", "type", _same(ev.leave_types), ev.leave_types, required=True),
                Column("start_on", "开始日期", "start_on", D, required=True),
                Column("days", "天数", "days", F, required=True, non_negative=True),
            ),
            key=("employee_no", "type", "start_on"),
            note="每次请假一行；天数计入开始日期所在的评定期。",
        ),
        Sheet(
            "metrics",
            "月度指标",
            "metrics",
            (
                _emp_no(),
                Column("month", "月份", "month", M, required=True, note="YYYY-MM"),
                *_metric_columns(policy),
            ),
            key=("employee_no", "month"),
            note="每人每月一行；指标列可只填部分，空白表示无数据。",
        ),
        Sheet(
            "exams",
            "考试",
            "exams",
            (
                _emp_no(),
                _enum("exam", "考试", "exam", _same(ev.exam_types), ev.exam_types, required=True),
                Column("date", "日期", "date", D, required=True),
                Column("score", "分数", "score", F, non_negative=True),
                PASSED,
            ),
            key=("employee_no", "exam", "date"),
            note="每次考试一行。",
        ),
        Sheet(
            "appraisals",
            "年度考评",
            "appraisals",
            (
                _emp_no(),
                Column("year", "年度", "year", N, required=True),
                Column("score", "分数", "score", F, required=True, non_negative=True),
                Column("grade", "等级", "grade", S, max_length=16),
            ),
            key=("employee_no", "year"),
            note="每人每年度一行。",
        ),
        Sheet(
            "attestations",
            "能力认定",
            "attestations",
            (
                _emp_no(),
                _competency_column(policy),
                Column("date", "认定日期", "date", D, required=True),
                Column("attested_by", "认定人工号", "attested_by", S, max_length=32),
                Column("note", "说明", "note", S, note="认定依据", max_length=NOTE_MAX_LENGTH),
            ),
            key=("employee_no", "competency"),
            note="上级对能力的认定，每人每项能力一行。",
        ),
        Sheet(
            "incidents",
            "事故",
            "incidents",
            (
                _emp_no(),
                Column("date", "日期", "date", D, required=True),
                _enum("type", "类型", "type", _same(ev.incident_types), ev.incident_types, required=True),
                Column("note", "说明", "note", S, max_length=NOTE_MAX_LENGTH),
            ),
            key=("employee_no", "date", "type", "note"),
            note="重大事故、重大投诉、通报及触犯高压线，每起一行。",
        ),
    )


def sheet_by_kind(sheets: Iterable[Sheet]) -> dict[str, Sheet]:
    return {s.kind: s for s in sheets}


def header_lookup(sheet: Sheet) -> dict[str, Column]:
    """Map every accepted header text (and its lower-case form) to its column."""
    out: dict[str, Column] = {}
    for col in sheet.columns:
        for h in col.headers():
            out.setdefault(h, col)
            out.setdefault(h.lower(), col)
    return out
