"""What-if simulation pages (HR): start a run of a draft, its progress, the winners and losers with the
criterion that changed their verdict, the allowance cost, the filters and the Excel export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from careerpath.policy_versions.drafts import policy_draft_create
from careerpath.policy_versions.models import PolicyDraft, Simulation, SimulationStatus
from careerpath.policy_versions.simulation import simulation_run
from tests.web.policy_company import (
    PASSWORD,
    PolicyCompany,
    build_policy_company,
    draft_internal_praise,
    draft_tenure,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db, settings) -> PolicyCompany:  # noqa: ANN001
    return build_policy_company(settings)


@pytest.fixture
def hr(client, company):  # noqa: ANN001, ANN201
    assert client.login(username="hr", password=PASSWORD)
    return client


@pytest.fixture
def draft(company) -> PolicyDraft:  # noqa: ANN001
    # months in level 12 → 9 (P2 gains) and 2 internal praises (P3, who has no customer praise, loses)
    return policy_draft_create(actor=company.users["hr"], yaml_text=draft_internal_praise(2, draft_tenure(9)))


def _run(hr, draft) -> Simulation:  # noqa: ANN001
    res = hr.post(f"/policies/drafts/{draft.pk}/simulate/")
    sim = Simulation.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/policies/simulations/{sim.pk}/"
    return sim


def test_the_run_finds_the_known_winner_and_loser_with_their_criterion(hr, company, draft):
    sim = _run(hr, draft)
    sim.refresh_from_db()
    assert sim.status == SimulationStatus.DONE and sim.progress == 100 and sim.total == 4
    got = {(c["no"], c["dir"], tuple(c["criteria"])) for c in sim.changes}
    assert got == {("P2", "gain", ("level_tenure",)), ("P3", "loss", ("praise",))}
    allowance = 100  # intermediate 200 − junior 100 in the shipped policy
    assert {c["no"]: c["cost"] for c in sim.changes} == {"P2": allowance, "P3": -allowance}
    m = sim.summary["moves"]["junior_to_intermediate"]
    assert (m["eligible_active"], m["eligible_draft"], m["gains"], m["losses"]) == (2, 2, 1, 1)
    assert sim.summary["departments"] == {"华东客服部": {"gain": 1, "loss": 0}, "华南客服部": {"gain": 0, "loss": 1}}


def test_the_page_shows_who_gains_and_loses_and_why(hr, draft):
    sim = _run(hr, draft)
    html = hr.get(f"/policies/simulations/{sim.pk}/").content.decode()
    p2 = html[html.index('data-testid="change-P2"'):]
    p2 = p2[:p2.index("</tr>")]
    assert 'data-direction="gain"' in p2 and "本职级任职时间满 9 个月" in p2 and "华东客服部" in p2
    p3 = html[html.index('data-testid="change-P3"'):]
    p3 = p3[:p3.index("</tr>")]
    assert 'data-direction="loss"' in p3 and "内部书面表扬不少于 2 次" in p3
    assert 'data-testid="sum-gains">+1<' in html and 'data-testid="sum-losses">−1<' in html
    assert "change-P1" not in html and "change-P4" not in html


def test_the_filters_narrow_the_list(hr, draft):
    sim = _run(hr, draft)
    html = hr.get(f"/policies/simulations/{sim.pk}/?direction=loss").content.decode()
    assert "change-P3" in html and "change-P2" not in html
    html = hr.get(f"/policies/simulations/{sim.pk}/", {"department": "华东客服部"}).content.decode()
    assert "change-P2" in html and "change-P3" not in html
    # an unknown value is ignored, not a 500
    assert hr.get(f"/policies/simulations/{sim.pk}/?move=nope").status_code == 200


def test_the_english_page_words_the_criteria_in_english(hr, draft):
    sim = _run(hr, draft)
    html = hr.get(f"/policies/simulations/{sim.pk}/?lang=en").content.decode()
    assert "time in current level at least 9 months" in html and "Gain eligibility" in html


def test_the_export_is_a_safe_workbook_of_the_changes(hr, company, draft):
    company.people["P2"].name = "=HYPERLINK(\"x\")"
    company.people["P2"].save(update_fields=["name"])
    sim = _run(hr, draft)
    res = hr.get(f"/policies/simulations/{sim.pk}/export.xlsx")
    assert res.status_code == 200 and res["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(res.content))
    rows = list(wb["资格变化"].iter_rows(values_only=True))
    assert rows[0][0] == "工号" and len(rows) == 3
    p2 = next(r for r in rows if r[0] == "P2")
    assert p2[1] == "=HYPERLINK(\"x\")" and p2[4] == "新增符合" and p2[6] == 100
    cell = next(c for c in wb["资格变化"]["B"] if c.value == "=HYPERLINK(\"x\")")
    assert cell.data_type == "s"  # text, not a live formula
    assert [r[0] for r in wb["按晋升路径"].iter_rows(values_only=True)][1:] == ["初级客服专员 → 中级客服专员"]


def test_an_invalid_draft_cannot_be_simulated(hr, company):
    bad = policy_draft_create(actor=company.users["hr"], yaml_text=draft_tenure("twelve"))
    res = hr.post(f"/policies/drafts/{bad.pk}/simulate/")
    assert res.status_code == 302 and res["Location"] == f"/policies/drafts/{bad.pk}/"
    assert not Simulation.objects.exists()


def test_the_progress_fragment_polls_until_done_then_refreshes(hr, company, draft, settings):
    settings.CAREERPATH_SIMULATION_INLINE = False
    from careerpath.policy_versions import simulation as mod

    launched: list[int] = []
    mod_launch, mod._launch = mod._launch, launched.append
    try:
        res = hr.post(f"/policies/drafts/{draft.pk}/simulate/")
    finally:
        mod._launch = mod_launch
    sim = Simulation.objects.get()
    assert res.status_code == 302
    html = hr.get(f"/policies/simulations/{sim.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-get="/policies/simulations/' in html and "<progress" in html
    simulation_run(sim.pk)
    res = hr.get(f"/policies/simulations/{sim.pk}/progress/", HTTP_HX_REQUEST="true")
    assert res["HX-Refresh"] == "true" and "hx-get" not in res.content.decode()


def test_only_hr_may_simulate(client, company, draft):
    assert client.login(username="manager", password=PASSWORD)
    assert client.post(f"/policies/drafts/{draft.pk}/simulate/").status_code == 403
    assert not Simulation.objects.exists()


@pytest.mark.parametrize("page", ["", "{pk}/", "{pk}/progress/"])
def test_the_pages_keep_their_query_budget(hr, draft, page, django_assert_max_num_queries):
    sim = _run(hr, draft)
    with django_assert_max_num_queries(29):
        assert hr.get("/policies/simulations/" + page.format(pk=sim.pk)).status_code == 200
