"""Initial placement (初评) runs end to end through the placement service with every shipped preset.

Placement reads which levels it may propose from the kind of their track (shared trunk or skill track),
not from track codes: the e-commerce preset's levels sit on a track called ``service``.
"""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.calendars.services import calendar_seed
from careerpath.errors import InvalidInput
from careerpath.people.models import Department, Employee, Position
from careerpath.placement.models import PlacementProposal
from careerpath.placement.services import (
    placement_proposal_review,
    placement_review_close,
    placement_run_confirm,
    placement_run_start,
)
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

# preset -> (a management level (kept), the entry level, a placeable level above it, a level placement refuses)
CASES = {
    "logistics-dual-track": ("manager", "assistant", "junior", "supervisor"),
    "ecommerce-three-levels": ("manager", "junior", "intermediate", "supervisor"),
}


@pytest.mark.parametrize("preset", sorted(CASES))
def test_it_places_a_company_with_each_preset(db, preset: str) -> None:  # noqa: ANN001
    manager_level, entry, adjusted, refused = CASES[preset]
    # given a company on the preset: a manager and two newcomers without a level
    calendar_seed(years=[2025, 2026])
    policy_version_install_preset(actor=None, name=preset, published_on=date(2026, 1, 1))
    dept = Department.objects.create(name="客服部")
    boss = Employee.objects.create(employee_no="M1", name="经理", education="本科", hired_on=date(2018, 1, 1),
                                   department=dept, confirmed_on=date(2018, 4, 1))
    Position.objects.create(employee=boss, level=manager_level, start_on=date(2020, 1, 1), reason="入职")
    for no in ("N1", "N2"):
        Employee.objects.create(employee_no=no, name=f"新人{no}", education="大专", hired_on=date(2026, 9, 1),
                                department=dept, cs_start_on=date(2026, 9, 1))
    hr = make_user("hr", "hr")

    # when HR starts the run
    run = placement_run_start(actor=hr, as_of=date(2026, 11, 2), today=date(2026, 11, 2))

    # then the manager keeps the post and the newcomers are proposed the entry level
    props = {p.employee.employee_no: p for p in PlacementProposal.objects.filter(run=run).select_related("employee")}
    assert props["M1"].kept_management_post is True
    assert (props["N1"].proposed_level, props["N2"].proposed_level) == (entry, entry)

    # and the review may adjust to a level of the trunk or the skill track, never to a management level
    placement_proposal_review(actor=hr, proposal=props["N1"], level=adjusted, reason="已能独立操作",
                              today=date(2026, 11, 3))
    with pytest.raises(InvalidInput) as exc:
        placement_proposal_review(actor=hr, proposal=props["N2"], level=refused, reason="x", today=date(2026, 11, 3))
    assert exc.value.field == "level" and adjusted in str(exc.value)

    # and confirming writes the positions with reason 初评
    run = placement_review_close(actor=hr, run=run, today=date(2026, 11, 30))
    placement_run_confirm(actor=hr, run=run)
    placed = dict(Position.objects.filter(reason="初评").values_list("employee__employee_no", "level"))
    assert placed == {"N1": adjusted, "N2": entry}
