"""The supervisor's review in parts: the interview record (面谈记录) and the 晋升评审报告 by section.

The source's 第四章 says the direct supervisor reviews the application, holds an interview and writes the
《晋升评审报告》 for the department manager's second review. What such a report covers comes from the same
source: 工作业绩 (service quality, workload, customer satisfaction), 专业能力 (business knowledge, handling of
exceptions and complaints, mentoring), 综合素质 (communication, teamwork, attitude, learning), the
development plan after the promotion (培养计划、导师指导) and the reviewer's conclusion.

What is kept is text, composed here in the document's language (Chinese, as the printed report): the
interview in ``Application.interview_note``, the report in ``Application.review_report``. The PDF, the API
and the history read those fields and never need to know which form filled them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from careerpath.errors import InvalidInput
from careerpath.labels import date_label


class InterviewMode(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


INTERVIEW_MODE_LABELS: dict[InterviewMode, tuple[str, str]] = {
    InterviewMode.IN_PERSON: ("当面面谈", "In person"),
    InterviewMode.VIDEO: ("视频面谈", "Video call"),
    InterviewMode.PHONE: ("电话面谈", "Phone call"),
}


class Recommendation(StrEnum):
    RECOMMEND = "recommend"
    WITH_RESERVATIONS = "with_reservations"


RECOMMENDATION_LABELS: dict[Recommendation, tuple[str, str]] = {
    Recommendation.RECOMMEND: ("推荐晋升", "Recommend the promotion"),
    Recommendation.WITH_RESERVATIONS: ("同意晋升，附改进意见", "Agree, with points to improve"),
}

# The report's sections in print order: (field, heading).
REPORT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("performance", "工作业绩"),
    ("competence", "专业能力"),
    ("qualities", "综合素质"),
    ("development", "培养建议"),
)

MAX_SECTION = 2000


def _text(value: str, field: str, what: str, *, required: bool = True) -> None:
    if required and not value.strip():
        raise InvalidInput(f"须填写{what} ({field} is required)", field=field, code="required")
    if len(value) > MAX_SECTION:
        raise InvalidInput(f"{what}不能超过 {MAX_SECTION} 字 (at most {MAX_SECTION} characters)", field=field,
                           code="too_long")


@dataclass(frozen=True, slots=True)
class Interview:
    """The 面谈: when, how (and where), what was discussed, and what the applicant said."""

    held_on: date
    mode: str
    place: str
    topics: str
    employee_view: str = ""

    def check(self, *, today: date, submitted_on: date | None = None) -> None:
        """Raise :class:`InvalidInput` naming the field when the record cannot be right."""
        if self.held_on > today:
            raise InvalidInput(f"面谈日期不能晚于今天（{date_label(today, lang='zh')}）"
                               "(the interview date cannot be in the future)", field="held_on", code="future")
        if submitted_on is not None and self.held_on < submitted_on:
            raise InvalidInput(f"面谈日期不能早于申请日期（{date_label(submitted_on, lang='zh')}）"
                               "(the interview cannot precede the application)", field="held_on",
                               code="before_application")
        if self.mode not in set(InterviewMode):
            raise InvalidInput("请选择面谈方式 (choose how the interview was held)", field="mode", code="invalid")
        if self.mode == InterviewMode.IN_PERSON and not self.place.strip():
            raise InvalidInput("当面面谈须填写地点 (an interview in person needs its place)", field="place",
                               code="required")
        _text(self.topics, "topics", "面谈要点")
        _text(self.employee_view, "employee_view", "员工本人意见", required=False)

    def text(self) -> str:
        mode = INTERVIEW_MODE_LABELS[InterviewMode(self.mode)][0]
        how = f"{mode}；地点：{self.place.strip()}" if self.place.strip() else mode
        lines = [f"面谈日期：{date_label(self.held_on, lang='zh')}", f"面谈方式：{how}", "面谈要点：",
                 self.topics.strip()]
        if self.employee_view.strip():
            lines += ["员工本人意见：", self.employee_view.strip()]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ReviewReport:
    """The 晋升评审报告: four assessed sections and the conclusion with the supervisor's recommendation."""

    performance: str
    competence: str
    qualities: str
    development: str
    recommendation: str
    conclusion: str

    def check(self) -> None:
        for field, heading in REPORT_SECTIONS:
            _text(getattr(self, field), field, heading)
        if self.recommendation not in set(Recommendation):
            raise InvalidInput("请选择推荐意见 (choose a recommendation)", field="recommendation", code="invalid")
        _text(self.conclusion, "conclusion", "评审意见")

    def text(self, *, reviewer: str, on: date) -> str:
        numerals = "一二三四五六七八九"
        parts = [f"{numerals[i]}、{heading}\n{getattr(self, field).strip()}"
                 for i, (field, heading) in enumerate(REPORT_SECTIONS)]
        verdict = RECOMMENDATION_LABELS[Recommendation(self.recommendation)][0]
        parts.append(f"{numerals[len(REPORT_SECTIONS)]}、评审结论：{verdict}\n{self.conclusion.strip()}")
        parts.append(f"评审人：{reviewer}　日期：{date_label(on, lang='zh')}")
        return "\n\n".join(parts)
