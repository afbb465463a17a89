"""综合评选提报 as one sheet (cycle_nominations_submit): nominate some, a reason for each one left out."""

from __future__ import annotations

import pytest

from careerpath.audit.models import AuditEvent
from careerpath.cycles import services as s
from careerpath.cycles.models import Candidate
from careerpath.errors import Forbidden, InvalidInput

from .conftest import World, senior_candidates


def _ready(w: World):  # noqa: ANN202
    senior_candidates(w, {"A1": (w.east, 80, 90), "A2": (w.east, 80, 85), "B1": (w.south, 85, 88)})
    c = s.cycle_open(actor=w.users["hr"], year=2026)
    c = s.cycle_nominations_start(actor=w.users["hr"], cycle=c)
    ids = {x.employee.employee_no: x.pk for x in Candidate.objects.filter(cycle=c).select_related("employee")}
    return c, ids


def test_every_person_left_out_needs_a_reason_and_nothing_changes_without_one(world: World) -> None:
    c, ids = _ready(world)
    with pytest.raises(InvalidInput) as exc:
        s.cycle_nominations_submit(actor=world.users["mgr1"], cycle=c, nominate=[ids["A1"]],
                                   left_out={ids["A2"]: "  "})
    assert exc.value.details == {"candidate_ids": [ids["A2"]]}
    assert not Candidate.objects.filter(cycle=c, nominated=True).exists()


def test_the_sheet_nominates_records_the_reasons_and_withdraws_with_its_reason(world: World) -> None:
    c, ids = _ready(world)
    mgr = world.users["mgr1"]
    s.cycle_nominations_submit(actor=mgr, cycle=c, nominate=[ids["A1"], ids["A2"]], left_out={}, note="推荐")
    s.cycle_nominations_submit(actor=mgr, cycle=c, nominate=[ids["A1"]], left_out={ids["A2"]: "调岗未满半年"})
    a1, a2 = Candidate.objects.get(pk=ids["A1"]), Candidate.objects.get(pk=ids["A2"])
    assert (a1.nominated, a1.nomination_note) == (True, "推荐")
    assert (a2.nominated, a2.nomination_note) == (False, "调岗未满半年")
    actions = list(AuditEvent.objects.filter(action__startswith="candidate.").values_list("action", "reason"))
    assert ("candidate.withdraw_nomination", "调岗未满半年") in actions
    assert ("candidate.leave_out", "调岗未满半年") in actions


def test_a_person_cannot_be_both_and_a_manager_stays_in_scope(world: World) -> None:
    c, ids = _ready(world)
    with pytest.raises(InvalidInput):
        s.cycle_nominations_submit(actor=world.users["mgr1"], cycle=c, nominate=[ids["A1"]],
                                   left_out={ids["A1"]: "x"})
    with pytest.raises(Forbidden):
        s.cycle_nominations_submit(actor=world.users["mgr1"], cycle=c, nominate=[], left_out={ids["B1"]: "不是本部门"})
    assert Candidate.objects.get(pk=ids["B1"]).nomination_note == ""
