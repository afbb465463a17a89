"""A small company for the placement and organisation pages (ASCII names, so an English page shows any
Chinese left in the interface).

    from tests.web.placement_world import build_world, login, start_run

Today is 2026-11-02 (a Monday): a run started today has its 7-working-day department review until the
end of 2026-11-10. East has a manager (mgr1) with two agents and an HR user; South has one agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from careerpath.calendars.services import calendar_seed
from careerpath.evidence import models as ev
from careerpath.people.models import Department, Employee, Position
from careerpath.placement import services as pls
from careerpath.placement.models import PlacementProposal, PlacementRun
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user

PASSWORD = "pw-12345"
TODAY = "2026-11-02"
DEADLINE = date(2026, 11, 10)
AFTER = "2026-11-11"


@dataclass
class World:
    east: Department
    south: Department
    people: dict[str, Employee] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    settings: Any = None


def _person(no: str, name: str, dept: Department, *, level: str | None, cs_start: date | None = None,
            since: date = date(2024, 1, 1), education: str = "大专") -> Employee:
    emp = Employee.objects.create(employee_no=no, name=name, education=education, hired_on=date(2020, 1, 1),
                                  department=dept, confirmed_on=date(2020, 1, 1), cs_start_on=cs_start)
    if level is not None:
        Position.objects.create(employee=emp, level=level, start_on=since, reason="入职")
    return emp


# Chinese names for the screenshots (the page tests keep ASCII names to find Chinese left on English pages).
ZH = {"East Service": "华东客服一部", "South Service": "华南客服部", "Wang Manager": "王经理", "Chen Manager": "陈经理",
      "Zhang San": "张三", "Li Si": "李四", "Zhao Liu": "赵六"}


def build_world(settings: Any, *, zh: bool = False) -> World:
    settings.CAREERPATH_TODAY = TODAY

    def n(text: str) -> str:
        return ZH.get(text, text) if zh else text

    calendar_seed(years=[2025, 2026])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    east = Department.objects.create(name=n("East Service"))
    south = Department.objects.create(name=n("South Service"))
    w = World(east, south, settings=settings)
    p = w.people
    p["M1"] = _person("M1", n("Wang Manager"), east, level="manager", since=date(2020, 1, 1), education="本科")
    p["M2"] = _person("M2", n("Chen Manager"), south, level="manager", since=date(2020, 1, 1), education="本科")
    # 34 months in customer service, a customer praise and the workload: senior (currently junior).
    p["P1"] = _person("P1", n("Zhang San"), east, level="junior", cs_start=date(2024, 1, 1))
    ev.Praise.objects.create(employee=p["P1"], date=date(2026, 3, 1), source="customer", customer="JD")
    for m in range(1, 11):
        ev.MetricMonth.objects.create(employee=p["P1"], month=date(2026, m, 1), values={"tickets": 520})
    # 17 months and both routine competencies: intermediate.
    p["P2"] = _person("P2", n("Li Si"), east, level="junior", cs_start=date(2025, 6, 1))
    for code in ("independent_operation", "routine_exceptions"):
        ev.Attestation.objects.create(employee=p["P2"], competency=code, date=date(2026, 2, 1))
    # 3 months: assistant.
    p["P3"] = _person("P3", n("Zhao Liu"), south, level=None, cs_start=date(2026, 8, 1))
    w.users = {
        "hr": make_user("hr", "hr"),
        "admin": make_user("admin", "admin"),
        "mgr1": make_user("mgr1", "manager", "employee", employee=p["M1"]),
        "mgr2": make_user("mgr2", "manager", "employee", employee=p["M2"]),
        "agent": make_user("agent", "employee", employee=p["P1"]),
        "vp": make_user("vp", "vp"),
        "committee": make_user("committee", "committee"),
    }
    return w


def login(client: Any, w: World, who: str) -> Any:
    assert client.login(username=who, password=PASSWORD)
    return w.users[who]


def start_run(w: World) -> PlacementRun:
    return pls.placement_run_start(actor=w.users["hr"], as_of=date(2026, 11, 2), effective_on=date(2026, 12, 1))


def proposal(run: PlacementRun, no: str) -> PlacementProposal:
    return PlacementProposal.objects.get(run=run, employee__employee_no=no)
