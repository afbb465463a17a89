"""A company for the cycle's pages: two departments, their managers, six candidates, HR, committee, VP.

Built on the cycle tests' company (tests/cycles/conftest.py): cycle 2026 is evaluated as of 2026-12-31,
opened on Monday 2 November with a deadline on 10 November (7 working days). ``advance`` drives the
cycle through the real services to a state, so a page test starts where its page is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model

from careerpath.calendars.services import calendar_seed
from careerpath.cycles import services as cs
from careerpath.cycles.models import Candidate, Cycle
from careerpath.people.models import Department, Employee
from careerpath.policy_versions.services import policy_version_install_preset
from tests.apiclient import make_user
from tests.cycles.conftest import make_intermediate_ready, make_senior_ready, person

PASSWORD = "pw-12345"
OPENED = "2026-11-02"
DEADLINE = date(2026, 11, 10)
AFTER_DEADLINE = "2026-11-11"
YEAR = 2026


@dataclass
class World:
    east: Department
    south: Department
    people: dict[str, Employee] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    settings: Any = None

    @property
    def cycle(self) -> Cycle:
        return Cycle.objects.get(year=YEAR)

    def cand(self, no: str) -> Candidate:
        return Candidate.objects.get(cycle__year=YEAR, employee__employee_no=no)


def build_world(settings) -> World:  # noqa: ANN001
    settings.CAREERPATH_TODAY = OPENED
    calendar_seed(years=[2025, 2026, 2027])
    policy_version_install_preset(actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    region = Department.objects.create(name="华东客服部")
    east = Department.objects.create(name="华东客服一部", parent=region)
    south = Department.objects.create(name="华南客服部")
    w = World(east, south, settings=settings)
    w.people["M1"] = person("M1", east, level="manager", since=date(2020, 1, 1), name="王经理", education="本科")
    w.people["M2"] = person("M2", south, level="manager", since=date(2020, 1, 1), name="陈经理", education="本科")
    # (department, E, A): A1 and A2 tie on the total (E 80 / A 90 against E 90 / A 80), A decides.
    for no, (dept, exam, appraisal) in {"A1": (east, 80, 90), "A2": (east, 90, 80), "A3": (east, 70, 80),
                                        "B1": (south, 85, 88), "B2": (south, 60, 70)}.items():
        w.people[no] = person(no, dept, level="intermediate", since=date(2025, 1, 1), name=f"候选{no}")
        make_senior_ready(w.people[no], exam=exam, appraisal=appraisal)
    w.people["J1"] = person("J1", east, level="junior", since=date(2025, 6, 1), name="初级J1")
    make_intermediate_ready(w.people["J1"])
    w.users = {
        "hr": make_user("hr", "hr"),
        "committee": make_user("committee", "committee"),
        "vp": make_user("vp", "vp"),
        "mgr1": make_user("mgr1", "manager", "employee", employee=w.people["M1"]),
        "mgr2": make_user("mgr2", "manager", "employee", employee=w.people["M2"]),
        "a1": make_user("a1", "employee", employee=w.people["A1"]),
    }
    return w


def login(client: Any, w: World, who: str, lang: str = "zh-hans") -> Any:
    client.force_login(w.users[who])
    client.cookies["careerpath_language"] = "en" if lang == "en" else "zh-hans"
    return client


def open_cycle(w: World) -> Cycle:
    return cs.cycle_open(actor=w.users["hr"], year=YEAR)


def advance(w: World, to: str, *, nominate: bool = True) -> Cycle:
    """Drive cycle 2026 through the services up to ``to``: nominating, scoring, committee, vp_approved."""
    steps = ["open", "nominating", "scoring", "committee", "vp_approved"]
    c = Cycle.objects.filter(year=YEAR).first() or open_cycle(w)
    hr, committee = w.users["hr"], w.users["committee"]
    if steps.index(to) >= 1 and c.state == "open":
        c = cs.cycle_nominations_start(actor=hr, cycle=c)
        ids = list(c.candidates.filter(selectable=True).values_list("pk", flat=True))
        if nominate:
            cs.cycle_nominate(actor=hr, cycle=c, candidate_ids=ids, note="部门评议推荐")
    if steps.index(to) >= 2 and c.state == "nominating":
        w.settings.CAREERPATH_TODAY = AFTER_DEADLINE
        c = cs.cycle_nominations_close(actor=hr, cycle=c)
        cs.cycle_quota_set(actor=hr, cycle=c, move_id="intermediate_to_senior", absolute=2)
        cs.cycle_quota_set(actor=hr, cycle=c, move_id="junior_to_intermediate", absolute=1)
        c = cs.cycle_score(actor=committee, cycle=c)
    if steps.index(to) >= 3 and c.state == "scoring":
        cs.cycle_accept_proposal(actor=committee, cycle=c)
        c = cs.cycle_conclude(actor=committee, cycle=c)
    if steps.index(to) >= 4 and c.state == "committee":
        c = cs.cycle_vp_approve(actor=w.users["vp"], cycle=c, note="同意")
    return Cycle.objects.get(pk=c.pk)


def user_named(name: str) -> Any:
    return get_user_model().objects.get(username=name)
