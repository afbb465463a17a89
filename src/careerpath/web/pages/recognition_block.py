"""The employee's home page block of recognition: their latest awards with the certificates."""

from __future__ import annotations

from careerpath.i18n import engine_lang
from careerpath.people.models import Employee
from careerpath.recognition.models import Award
from careerpath.recognition.selectors import awards_recent
from careerpath.recognition.services import round_title


def recognition_awards_for(employee: Employee) -> list[Award]:
    awards = awards_recent(employee_id=employee.pk)
    lang = engine_lang()
    for aw in awards:
        aw.title = round_title(aw.round, lang=lang)  # type: ignore[attr-defined]
    return awards
