"""Initial placement (初评): proposals for everyone, department review with reasons, HR confirms — once per person."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.evidence import models as ev
from careerpath.people.models import Position
from careerpath.placement.models import PlacementProposal

from .conftest import World, person


@pytest.fixture
def staff(world: World) -> World:
    w = world
    # 34 months in customer service, a customer praise and the workload: senior (currently junior).
    w.people["P1"] = person("P1", w.east, level="junior", since=date(2024, 1, 1), cs_start=date(2024, 1, 1))
    ev.Praise.objects.create(employee=w.people["P1"], date=date(2026, 3, 1), source="customer", customer="京东")
    for m in range(1, 11):
        ev.MetricMonth.objects.create(employee=w.people["P1"], month=date(2026, m, 1), values={"tickets": 520})
    # 17 months and both routine competencies: intermediate (no position on record yet).
    w.people["P2"] = person("P2", w.east, level=None, cs_start=date(2025, 6, 1))
    for code in ("independent_operation", "routine_exceptions"):
        ev.Attestation.objects.create(employee=w.people["P2"], competency=code, date=date(2026, 2, 1))
    # 3 months: assistant.
    w.people["P3"] = person("P3", w.south, level=None, cs_start=date(2026, 8, 1), hired=date(2026, 8, 1))
    return w


def _proposals(api, run: int) -> dict[str, dict]:  # noqa: ANN001
    return {p["employee_no"]: p for p in api.get(f"/placement-runs/{run}/proposals").json()["items"]}


def test_placement_from_proposal_to_positions(staff: World, settings) -> None:  # noqa: ANN001
    hr, mgr1 = staff.api("hr"), staff.api("mgr1")
    res = hr.post("/placement-runs", {"as_of": "2026-11-02", "effective_on": "2026-12-01"})
    assert res.status_code == 201, res.json()
    run = res.json()
    assert (run["review_deadline"], run["state"]) == ("2026-11-10", "open")
    assert run["counts"]["proposals"] == 6 and run["counts"]["kept_management_post"] == 3  # M0, M1, M2
    every = _proposals(hr, run["id"])
    assert {no: p["proposed_level"] for no, p in every.items() if no.startswith("P")} == {
        "P1": "senior", "P2": "intermediate", "P3": "assistant"}
    standards = hr.get(f"/placement-runs/{run['id']}/proposals/{every['P1']['id']}").json()["standards"]
    assert [(s["level"], s["met"]) for s in standards] == [("expert", False), ("senior", True)]

    # The east manager reviews the east proposals only; an adjustment needs a reason.
    mine = _proposals(mgr1, run["id"])
    assert set(mine) == {"P1", "P2", "M1"}
    url = f"/placement-runs/{run['id']}/proposals"
    res = mgr1.post(f"{url}/{mine['P2']['id']}/review", {"level": "junior"})
    assert res.status_code == 400 and res.json()["code"] == "reason_required"
    res = mgr1.post(f"{url}/{mine['P2']['id']}/review", {"level": "junior", "reason": "常规异常处理尚需带教"})
    assert res.json()["final_level"] == "junior"
    res = mgr1.post(f"{url}/{mine['P1']['id']}/review", {"level": "supervisor", "reason": "x"})
    assert res.status_code == 400 and res.json()["field"] == "level"  # 初评 places on the skill trunk only
    assert mgr1.post(f"{url}/{mine['P1']['id']}/review", {}).json()["reviewed"] is True
    res = mgr1.post(f"{url}/{mine['M1']['id']}/review", {"level": "senior", "reason": "x"})
    assert res.status_code == 403 and res.json()["code"] == "self_decision"  # nobody decides about themself
    res = staff.api("mgr0").post(f"{url}/{mine['M1']['id']}/review", {"level": "senior", "reason": "x"})
    assert res.status_code == 409 and res.json()["code"] == "management_post"
    res = mgr1.post(f"{url}/{every['P3']['id']}/review", {})
    assert res.status_code == 403

    # The review runs 7 working days; HR closes it afterwards and confirms.
    settings.CAREERPATH_TODAY = "2026-11-10"
    res = hr.post(f"/placement-runs/{run['id']}/close-review")
    assert res.status_code == 409 and res.json()["code"] == "review_running"
    settings.CAREERPATH_TODAY = "2026-11-11"
    res = mgr1.post(f"{url}/{mine['P1']['id']}/review", {})
    assert res.status_code == 409 and res.json()["code"] == "review_closed"
    assert hr.post(f"/placement-runs/{run['id']}/close-review").json()["state"] == "reviewed"
    res = hr.post(f"/placement-runs/{run['id']}/confirm")
    assert res.status_code == 200 and res.json()["state"] == "confirmed"

    def rows(no: str) -> list[tuple]:
        return list(Position.objects.filter(employee=staff.people[no]).order_by("start_on").values_list(
            "level", "start_on", "end_on", "reason"))

    assert rows("P1") == [("junior", date(2024, 1, 1), date(2026, 11, 30), "入职"),
                          ("senior", date(2026, 12, 1), None, "初评")]
    assert rows("P2") == [("junior", date(2026, 12, 1), None, "初评")]
    assert rows("P3") == [("assistant", date(2026, 12, 1), None, "初评")]
    assert rows("M1") == [("manager", date(2020, 1, 1), None, "入职")]  # a management post is kept
    p1 = PlacementProposal.objects.get(employee=staff.people["P1"])
    assert p1.confirmed and p1.position.level == "senior"


def _confirmed_run(w: World, settings) -> None:  # noqa: ANN001
    hr = w.api("hr")
    run = hr.post("/placement-runs", {"as_of": "2026-11-02"}).json()
    settings.CAREERPATH_TODAY = "2026-11-11"
    hr.post(f"/placement-runs/{run['id']}/close-review")
    assert hr.post(f"/placement-runs/{run['id']}/confirm").json()["state"] == "confirmed"


def test_placement_happens_once_per_person(staff: World, settings) -> None:  # noqa: ANN001
    hr = staff.api("hr")
    _confirmed_run(staff, settings)
    res = hr.post("/placement-runs", {"as_of": "2026-11-11"})
    assert res.status_code == 409 and res.json()["code"] == "already_placed"
    res = hr.post("/placement-runs", {"as_of": "2026-11-11", "employee_nos": ["P1"]})
    assert res.status_code == 409 and res.json()["details"] == {"employee_nos": ["P1"]}
    # Someone hired since is placed in a new run; the others are left out and counted.
    staff.people["P4"] = person("P4", staff.south, level=None, cs_start=date(2026, 11, 1), hired=date(2026, 11, 1))
    res = hr.post("/placement-runs", {"as_of": "2026-11-11"})
    assert res.status_code == 201
    assert res.json()["skipped_already_placed"] == 6 and res.json()["counts"]["proposals"] == 1
    res = hr.post("/placement-runs", {"as_of": "2026-11-11"})
    assert res.status_code == 409 and res.json()["code"] == "run_open"


def test_an_imported_placement_position_counts_as_placed(staff: World) -> None:
    Position.objects.create(employee=staff.people["P2"], level="intermediate", start_on=date(2026, 1, 1),
                            reason="初评")
    res = staff.api("hr").post("/placement-runs", {"as_of": "2026-11-02", "employee_nos": ["P2", "P3"]})
    assert res.status_code == 409 and res.json()["details"] == {"employee_nos": ["P2"]}
    res = staff.api("mgr1").post("/placement-runs", {"as_of": "2026-11-02"})
    assert res.status_code == 403
