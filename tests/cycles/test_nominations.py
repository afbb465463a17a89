"""Nominations (综合评选提报): a manager's scope, HR's reach, the period and its deadline."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.evidence import models as ev

from .conftest import World, make_user, person, senior_candidates


@pytest.fixture
def opened(world: World, settings) -> World:  # noqa: ANN001
    senior_candidates(world, {"A1": (world.east, 80, 80), "B1": (world.south, 80, 80)})
    world.people["S1"] = person("S1", world.south, level="supervisor", since=date(2021, 1, 1))
    ev.Attestation.objects.create(employee=world.people["S1"], competency="business_shrinkage",
                                  date=date(2026, 8, 1))
    world.users["a1"] = make_user("a1", "employee", employee=world.people["A1"])
    assert world.api("hr").post("/cycles", {"year": 2026}).status_code == 201
    return world


def _id(w: World, no: str) -> int:
    items = w.api("hr").get("/cycles/2026/candidates").json()["items"]
    return next(x["id"] for x in items if x["employee_no"] == no)


def _nominate(w: World, who: str, *nos: str):  # noqa: ANN202
    return w.api(who).post("/cycles/2026/nominations", {"candidate_ids": [_id(w, n) for n in nos]})


def test_nominations_wait_until_hr_releases_the_lists(opened: World) -> None:
    res = _nominate(opened, "mgr1", "A1")
    assert res.status_code == 409 and res.json()["code"] == "nomination_not_started"


def test_a_manager_cannot_nominate_another_departments_candidate(opened: World) -> None:
    opened.api("hr").post("/cycles/2026/start-nominations")
    res = _nominate(opened, "mgr1", "B1")
    assert res.status_code == 403 and res.json()["code"] == "out_of_scope"
    # All or nothing: a list with one out-of-scope candidate nominates nobody.
    res = _nominate(opened, "mgr1", "A1", "B1")
    assert res.status_code == 403
    assert not any(x["nominated"] for x in opened.api("hr").get("/cycles/2026/candidates").json()["items"])
    assert _nominate(opened, "mgr1", "A1").status_code == 200
    # The manager of the parent department reaches the departments below it.
    assert _nominate(opened, "mgr0", "A1").status_code == 200


def test_hr_may_nominate_for_any_department_and_employees_may_not_nominate(opened: World) -> None:
    opened.api("hr").post("/cycles/2026/start-nominations")
    res = _nominate(opened, "a1", "A1")
    assert res.status_code == 403 and res.json()["code"] == "forbidden_role"
    res = _nominate(opened, "hr", "A1", "B1")
    assert res.status_code == 200 and [x["nominated"] for x in res.json()] == [True, True]


def test_moves_the_cycle_only_lists_cannot_be_nominated(opened: World) -> None:
    opened.api("hr").post("/cycles/2026/start-nominations")
    res = _nominate(opened, "mgr2", "S1")
    assert res.status_code == 409 and res.json()["code"] == "not_selectable"


def test_nominations_close_at_the_end_of_the_deadline_day(opened: World, settings) -> None:  # noqa: ANN001
    hr = opened.api("hr")
    hr.post("/cycles/2026/start-nominations")
    settings.CAREERPATH_TODAY = "2026-11-10"  # the 7th working day: still open until the end of the day
    assert _nominate(opened, "mgr1", "A1").status_code == 200
    res = hr.post("/cycles/2026/close-nominations")
    assert res.status_code == 409 and res.json()["code"] == "nomination_running"
    settings.CAREERPATH_TODAY = "2026-11-11"
    res = _nominate(opened, "mgr2", "B1")
    assert res.status_code == 409 and res.json()["code"] == "nomination_closed"
    assert hr.post("/cycles/2026/close-nominations").json()["state"] == "scoring"


def test_a_nomination_may_be_withdrawn_with_a_reason_before_the_deadline(opened: World) -> None:
    mgr1 = opened.api("mgr1")
    opened.api("hr").post("/cycles/2026/start-nominations")
    _nominate(opened, "mgr1", "A1")
    res = mgr1.post("/cycles/2026/nominations/withdraw", {"candidate_ids": [_id(opened, "A1")], "reason": " "})
    assert res.status_code == 400 and res.json()["code"] == "reason_required"
    res = mgr1.post("/cycles/2026/nominations/withdraw", {"candidate_ids": [_id(opened, "A1")],
                                                          "reason": "本人放弃参评"})
    assert res.status_code == 200 and res.json()[0]["nominated"] is False


def test_a_manager_reads_only_their_departments_candidates(opened: World) -> None:
    mgr1 = opened.api("mgr1")
    assert {x["employee_no"] for x in mgr1.get("/cycles/2026/candidates").json()["items"]} == {"A1"}
    res = mgr1.get(f"/cycles/2026/candidates/{_id(opened, 'B1')}")
    assert res.status_code == 403
    detail = mgr1.get(f"/cycles/2026/candidates/{_id(opened, 'A1')}").json()
    assert {c["id"] for c in detail["snapshot"]["criteria"]} >= {"level_tenure", "workload", "skill_exam"}
    assert opened.api("a1").get("/cycles/2026/ranking").status_code == 403
