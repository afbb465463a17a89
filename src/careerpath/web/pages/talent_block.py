"""The employee's home page block of internal competition: open postings they may apply for."""

from __future__ import annotations

from careerpath.talent.selectors import PostingBrief, postings_for_employee
from careerpath.web.pages.journey_career import CareerView


def talent_postings_for(career: CareerView) -> list[PostingBrief]:
    """Open postings matching the moves the person is eligible for now (the page evaluated them already)."""
    targets = {m.target_level for m in career.moves if m.eligible}
    return postings_for_employee(employee=career.employee, level=career.current_level, eligible_targets=targets,
                                 today=career.as_of)
