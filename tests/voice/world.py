"""A small company for the employee-voice tests: three departments of 7, 3 and 6 people (one login each),
HR and admin, and a helper that drafts and opens a survey of four questions.

    from tests.voice.world import VoiceWorld, build_voice

The clock is 2026-11-02. The minimum group size is the default, 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from careerpath.calendars.services import calendar_seed
from careerpath.people.models import Department, Employee, Position
from careerpath.policy_versions.services import policy_version_install_preset
from careerpath.voice import services as vs
from careerpath.voice.models import Question, QuestionKind, Survey
from tests.apiclient import make_user

PASSWORD = "pw-12345"
TODAY = date(2026, 11, 2)


@dataclass
class VoiceWorld:
    center: Department
    east: Department  # 7 people
    south: Department  # 3 people: below the minimum
    west: Department  # 6 people
    people: dict[str, list[Employee]]  # department key -> its employees
    users: dict[str, Any]

    def user_of(self, e: Employee) -> Any:
        return e.user

    def survey(self, *, anonymous: bool = True, audience: str = "company", departments: list[Department] | None = None,
               levels: list[str] | None = None, open_it: bool = True, title: str = "晋升通道满意度调查") -> Survey:
        hr = self.users["hr"]
        s = vs.survey_create(actor=hr, title=title, description="匿名，约 3 分钟", anonymous=anonymous,
                             audience=audience, departments=departments or [], levels=levels or [],
                             opens_on=TODAY - timedelta(days=1), closes_on=TODAY + timedelta(days=10))
        vs.question_add(actor=hr, survey=s, kind=QuestionKind.RATING, text="整体满意度")
        vs.question_add(actor=hr, survey=s, kind=QuestionKind.SINGLE, text="是否清楚晋升条件",
                        options=["清楚", "不清楚"])
        vs.question_add(actor=hr, survey=s, kind=QuestionKind.MULTIPLE, text="希望加强哪些支持",
                        options=["培训", "带教", "透明"])
        vs.question_add(actor=hr, survey=s, kind=QuestionKind.TEXT, text="其他建议", required=False)
        if open_it:
            s = vs.survey_open(actor=hr, survey=s, today=TODAY)
        return s

    def answer(self, survey: Survey, e: Employee, *, rating: int = 4, single: int = 0, multiple: list[int] | None = None,
               text: str = "") -> None:
        q = {x.kind: x for x in Question.objects.filter(survey=survey)}
        vs.survey_answer(actor=e.user, survey=survey, today=TODAY, answers={
            q["rating"].pk: rating, q["single"].pk: single, q["multiple"].pk: multiple or [0],
            q["text"].pk: text})


def build_voice(settings: Any) -> VoiceWorld:
    settings.CAREERPATH_TODAY = TODAY.isoformat()
    calendar_seed(years=[2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    center = Department.objects.create(name="客服中心")
    east = Department.objects.create(name="华东客服部", parent=center)
    south = Department.objects.create(name="华南客服部", parent=center)
    west = Department.objects.create(name="西部客服部", parent=center)
    people: dict[str, list[Employee]] = {}
    users: dict[str, Any] = {}
    n = 0
    for key, dept, size in (("east", east, 7), ("south", south, 3), ("west", west, 6)):
        people[key] = []
        for i in range(size):
            n += 1
            e = Employee.objects.create(employee_no=f"V{n:03d}", name=f"{dept.name[:2]}员工{i + 1}", education="大专",
                                        hired_on=date(2022, 1, 1), department=dept)
            Position.objects.create(employee=e, level="senior" if i == 0 else "intermediate",
                                    start_on=date(2024, 1, 1))
            users[f"{key}{i + 1}"] = make_user(f"{key}{i + 1}", "employee", employee=e)
            people[key].append(e)
    users["hr"] = make_user("hr", "hr")
    users["admin"] = make_user("admin", "admin")
    return VoiceWorld(center, east, south, west, people, users)
