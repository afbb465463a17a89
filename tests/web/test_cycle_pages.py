"""The cycle's pages render for the roles that use them, refuse the others, speak English, stay in budget."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.cycle_world import YEAR, World, advance, build_world, login, open_cycle
from tests.web.test_english_catalog import _chinese, _interface_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=args)


PAGES = {  # url name, the roles that read it, the state it is seen in
    "cycle_detail": (("hr", "committee", "vp", "mgr1"), "nominating"),
    "cycle_candidates": (("hr", "committee", "vp", "mgr1"), "nominating"),
    "cycle_nominations": (("hr", "mgr1"), "nominating"),
    "cycle_scoring": (("hr", "committee", "vp"), "scoring"),
    "cycle_exam_upload": (("hr", "committee"), "scoring"),
    "cycle_approval": (("vp", "hr", "committee"), "committee"),
}


def test_the_urls_are_the_ones_the_guide_names():
    assert _url("cycle_list") == "/cycles/"
    assert _url("cycle_detail", 2026) == "/cycles/2026/"
    assert _url("cycle_nominations", 2026) == "/cycles/2026/nominations/"
    assert _url("cycle_scoring", 2026) == "/cycles/2026/scoring/"
    assert _url("cycle_approval", 2026) == "/cycles/2026/approval/"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_renders_for_its_roles_and_refuses_an_employee(client, world, name):
    roles, state = PAGES[name]
    advance(world, state)
    for who in roles:
        login(client, world, who)
        res = client.get(_url(name, YEAR))
        assert res.status_code == 200, (name, who, res.status_code)
    login(client, world, "a1")
    assert client.get(_url(name, YEAR)).status_code == 403


def test_a_manager_may_not_open_the_scoring_sheet_or_the_vp_page(client, world):
    advance(world, "scoring")
    login(client, world, "mgr1")
    assert client.get(_url("cycle_scoring", YEAR)).status_code == 403
    assert client.get(_url("cycle_export", YEAR)).status_code == 403
    assert client.post(_url("cycle_decide", YEAR, world.cand("A1").pk), {"selected": "1"}).status_code == 403
    login(client, world, "vp")
    assert client.post(_url("cycle_action", YEAR, "close")).status_code == 403


def test_an_unknown_year_is_404(client, world):
    login(client, world, "hr")
    assert client.get(_url("cycle_detail", 1999)).status_code == 404
    assert client.get(_url("cycle_scoring", 1999)).status_code == 404
    open_cycle(world)
    assert client.post(_url("cycle_action", YEAR, "nonsense")).status_code == 404


def test_the_list_shows_the_open_form_only_to_hr(client, world):
    open_cycle(world)
    login(client, world, "hr")
    html = client.get(_url("cycle_list")).content.decode()
    assert 'data-testid="open-form"' in html and 'data-testid="cycle-2026"' in html
    assert "7 个工作日" in html  # the nomination period, in working days
    login(client, world, "committee")
    html = client.get(_url("cycle_list")).content.decode()
    assert 'data-testid="open-form"' not in html and 'data-testid="cycle-2026"' in html


def test_the_detail_shows_the_pipeline_the_deadline_in_working_days_and_hrs_step(client, world):
    advance(world, "nominating")
    world.settings.CAREERPATH_TODAY = "2026-11-09"  # Monday: Monday and Tuesday are left
    login(client, world, "hr")
    html = client.get(_url("cycle_detail", YEAR)).content.decode()
    assert 'aria-current="step"' in html and "部门提报中" in html
    assert "还剩 2 个工作日" in html and "提报期 7 个工作日" in html
    assert 'data-testid="do-close"' not in html  # not before the deadline
    world.settings.CAREERPATH_TODAY = "2026-11-11"
    html = client.get(_url("cycle_detail", YEAR)).content.decode()
    assert 'data-testid="do-close"' in html


def test_the_candidates_page_explains_each_person_and_scopes_a_manager(client, world):
    advance(world, "nominating")
    login(client, world, "mgr2")
    html = client.get(_url("cycle_candidates", YEAR)).content.decode()
    assert "候选B1" in html and "候选A1" not in html  # the south manager sees the south only
    assert "为何符合条件" in html and "✓" in html
    login(client, world, "hr")
    html = client.get(_url("cycle_candidates", YEAR), {"move": "junior_to_intermediate"}).content.decode()
    assert "初级J1" in html and "候选B1" not in html


def test_the_scoring_sheet_shows_the_three_parts_the_tie_break_and_the_proposal(client, world):
    advance(world, "scoring")
    login(client, world, "committee")
    html = client.get(_url("cycle_scoring", YEAR)).content.decode()
    row = html[html.index('data-testid="rank-A2"'):]
    row = row[:row.index("</tr>")]
    assert "91.00" in row and "90.00" in row and "80.00" in row  # total, E, A
    assert 'data-testid="tie-A2"' in row and "考评A较高者在前" in row
    assert "名额外" in row
    assert 'data-testid="tie-A1"' not in html  # A1 is below B1 on the total, no tie
    assert "业务完成B × 0.4" in html


@pytest.mark.parametrize(("name", "who", "state"), [
    ("cycle_list", "hr", "nominating"), ("cycle_detail", "hr", "nominating"),
    ("cycle_candidates", "hr", "nominating"), ("cycle_nominations", "mgr1", "nominating"),
    ("cycle_scoring", "committee", "scoring"), ("cycle_exam_upload", "committee", "scoring"),
    ("cycle_approval", "vp", "committee"),
])
def test_each_page_speaks_english_without_raw_codes(client, world, name, who, state):
    advance(world, state)
    login(client, world, who, lang="en")
    html = client.get(_url(name, YEAR) if name != "cycle_list" else _url(name)).content.decode()
    # Names are data and stay as entered: taken out of the labels that carry them ("Nominate 候选A1").
    data = [e.name for e in world.people.values()] + ["华东客服一部", "华南客服部", "华东客服部"]
    texts = []
    for t in _interface_texts(html):
        for d in data:
            t = t.replace(d, "")
        texts.append(t)
    assert _chinese(texts) == []
    for code in (">intermediate<", "intermediate_to_senior<", ">nominating<", ">scoring<"):
        assert code not in html


@pytest.mark.parametrize(("name", "who", "state"), [
    ("cycle_list", "hr", "nominating"), ("cycle_detail", "hr", "vp_approved"),
    ("cycle_candidates", "hr", "nominating"), ("cycle_nominations", "mgr1", "nominating"),
    ("cycle_scoring", "committee", "scoring"), ("cycle_exam_upload", "committee", "scoring"),
    ("cycle_approval", "vp", "committee"),
])
def test_each_page_stays_within_the_query_budget(client, world, name, who, state,
                                                 django_assert_max_num_queries):
    advance(world, state)
    login(client, world, who)
    url = _url(name, YEAR) if name != "cycle_list" else _url(name)
    client.get(url)  # warm the per-process caches (policy parsing) like a running site
    with django_assert_max_num_queries(29):
        assert client.get(url).status_code == 200


def test_the_navigation_counts_what_waits_for_each_role(client, world):
    from careerpath.cycles import services as cs

    c = advance(world, "nominating", nominate=False)

    def page(who: str) -> str:
        login(client, world, who)
        return client.get("/", follow=True).content.decode()

    html = page("mgr1")
    assert 'data-testid="nav-cycle_nominate"' in html and 'data-testid="nav-count-cycle_nominate">1<' in html
    east = list(c.candidates.filter(department=world.east, selectable=True).values_list("pk", flat=True))
    cs.cycle_nominate(actor=world.users["mgr1"], cycle=c, candidate_ids=east)
    assert 'data-testid="nav-count-cycle_nominate"' not in page("mgr1")  # nothing left for the east
    assert 'data-testid="nav-count-cycle_nominate">1<' in page("mgr2")  # the south has not nominated
    south = list(c.candidates.filter(department=world.south).values_list("pk", flat=True))
    cs.cycle_nominate(actor=world.users["mgr2"], cycle=c, candidate_ids=south)
    html = page("hr")
    assert 'data-testid="nav-cycle_admin"' in html and 'data-testid="nav-count-cycle_admin"' not in html
    advance(world, "scoring")
    assert 'data-testid="nav-count-cycle_scoring">1<' in page("committee")
    advance(world, "committee")
    assert 'data-testid="nav-count-cycle_approval">1<' in page("vp")
    advance(world, "vp_approved")
    assert 'data-testid="nav-count-cycle_admin">1<' in page("hr")  # the notice is HR's to publish


def test_the_export_is_a_safe_workbook(client, world):
    advance(world, "scoring")
    c = world.cycle
    cand = world.cand("B2")
    cand.decision_reason = "=HYPERLINK(\"x\")"  # what a formula injection looks like
    cand.save(update_fields=["decision_reason"])
    login(client, world, "committee")
    res = client.get(_url("cycle_export", c.year))
    assert res.status_code == 200 and res["Content-Type"].startswith("application/vnd.openxmlformats")
    from tests.cycles.helpers import sheet_rows

    rows = sheet_rows(res.content, "排名")
    assert rows[0][:3] == ["工号", "姓名", "部门"]
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(res.content))["排名"]
    cell = next(r for r in ws.iter_rows() if r[0].value == "B2")[-1]
    # The text arrives as those characters, a string cell marked as typed text: never a live formula.
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize(("name", "who"), [("cycle_candidates", "hr"), ("cycle_nominations", "mgr1")])
def test_the_explanations_speak_english_within_the_budget(client, world, name, who, django_assert_max_num_queries):
    import re

    advance(world, "nominating")
    login(client, world, who, lang="en")
    client.get(_url(name, YEAR))
    with django_assert_max_num_queries(29):
        html = client.get(_url(name, YEAR)).content.decode()
    items = re.findall(r'<ul class="criteria">(.*?)</ul>', html, re.S)
    assert items and "Explained for the as-of date" in html
    text = re.sub(r"<[^>]+>", " ", " ".join(items))
    # The engine's English sentences (a policy's own codes, such as an exam's name, stay as the policy has them).
    assert "Met" in text and "time in current level" in text and "(required" in text
    assert "满足" not in text and "要求" not in text
