"""我的晋升: the career map (both tracks by tier, where I stand, the moves open to me, what each level means)
and a checklist per open move, on the home page and on /career/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from careerpath.core.loader import load_policy
from careerpath.web.pages.journey_career import CriterionRow, MoveView, ladder_build
from tests.web.journey_company import Company, company_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db, settings) -> Company:  # noqa: ANN001
    return company_build(settings)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_draws_both_tracks_by_tier_and_marks_where_the_agent_stands(client, company: Company):
    # given an agent holding 初级客服专员, eligible for 中级
    client.force_login(company.users["agent"])
    # when they open their page
    response = client.get("/")
    html = response.content.decode()
    # then the ladder has every level of the policy, the shared trunk and both tracks as columns
    policy = load_policy("logistics-dual-track")
    assert response.status_code == 200
    for level in policy.levels.values():
        assert f'data-testid="rung-{level.code}"' in html
    assert all(t in html for t in ("共用通道", "技能通道", "管理通道"))
    # their level is marked with a symbol and words, not colour alone
    here = html[html.index('data-testid="rung-junior"'):]
    here = here[:here.index("</article>")]
    assert "★" in here and "您在这里" in here and 'aria-current="step"' in html[html.index("rung-junior") - 200:]
    # every move open from here is marked on its target level and links to its checklist
    for move in policy.moves_from("junior"):
        assert f'data-testid="map-move-{move.id}"' in html
        assert f'id="move-{move.id}"' in html


def test_it_shows_what_each_level_means(client, company: Company):
    client.force_login(company.users["agent"])
    html = client.get(reverse("web:career_map")).content.decode()
    policy = load_policy("logistics-dual-track")
    for level in policy.levels.values():
        for text in (*level.duties, *level.kpis):
            assert text.zh in html, (level.code, text.zh)
    assert "岗位职责" in html and "关键绩效指标" in html
    english = client.get(reverse("web:career_map"), {"lang": "en"}).content.decode()
    assert policy.levels["senior"].kpis[0].en in english and "Key performance indicators" in english


def test_it_lists_the_routes_open_from_the_current_level(client, company: Company):
    client.force_login(company.users["agent"])
    html = client.get(reverse("web:career_map")).content.decode()
    routes = html[html.index('data-testid="routes"'):]
    routes = _text(routes[:routes.index("</ul>")])
    # junior → intermediate is the only move from 初级 in the preset, and the agent meets it
    assert "晋升 → 中级客服专员" in routes and "已满足条件，可以申请" in routes


def test_someone_without_an_employee_record_reads_the_ladder_alone(client, company: Company):
    client.force_login(company.users["hr"])
    response = client.get(reverse("web:career_map"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "rung-director" in html and "您在这里" not in html


def test_each_checklist_shows_the_verdict_in_symbol_and_words_and_the_evidence(client, company: Company):
    client.force_login(company.users["agent"])
    html = client.get("/").content.decode()
    card = html[html.index('id="move-junior_to_intermediate"'):]
    card = card[:card.index("</section>")]
    assert "✓" in card and "已满足" in card and "已满足全部条件" in card
    # the evidence a criterion counted, in words (the internal praise of 2026-03-01, the exam)
    assert "2026年3月1日 内部书面表扬" in card
    assert "技术评定考试 · 2026年6月1日 · 86 分 · 通过" in card
    # eligible: the 晋升申请表 is one click away
    assert reverse("web:application_new", args=["junior_to_intermediate"]) in card


def test_an_agent_who_is_not_eligible_sees_what_is_missing_and_no_button(client, company: Company):
    client.force_login(company.users["teammate"])
    html = client.get("/").content.decode()
    card = html[html.index('id="move-junior_to_intermediate"'):]
    card = card[:card.index("</section>")]
    assert "✗" in card and "未满足" in card and "还差" in card and 'data-testid="missing"' in card
    assert reverse("web:application_new", args=["junior_to_intermediate"]) not in card
    assert "满足全部条件后即可在此申请" in card


@dataclass(frozen=True)
class ProjectedResult:
    """A criterion result as the engine gives it once it projects dates (CONTRACT "Engine results")."""

    id: str
    label: str
    passed: bool
    actual: str
    required: str
    evidence: tuple[str, ...] = ()
    children: tuple = ()
    shortfall: str = ""
    projected_on: date | None = None
    lapses_on: date | None = None


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-hans", ["还差 1 次内部书面表扬", "本职级任职还差 2 个月", "预计 2027年3月1日满足",
                 "如无新的记录，预计 2027年3月1日 满足全部条件", "如无新的记录，2027年1月15日起不再满足"]),
    ("en", ["1 more internal written praise", "expected to be met on 1 Mar 2027",
            "If nothing new is recorded, all criteria are expected to be met on 1 Mar 2027",
            "no longer met from 15 Jan 2027"]),
])
def test_the_engines_shortfall_and_projected_dates_are_shown_when_present(lang, expected):
    # given results carrying the engine's projections
    praise = ProjectedResult("praise", "内部书面表扬 ≥ 1 次", False, "0 次", "≥ 1 次",
                             shortfall="还差 1 次内部书面表扬" if lang != "en" else "1 more internal written praise")
    tenure = ProjectedResult("level_tenure", "本职级任职满 12 个月", False, "10 个月", "≥ 12 个月",
                             shortfall="本职级任职还差 2 个月", projected_on=date(2027, 3, 1))
    customer = ProjectedResult("customer", "客户书面表扬 ≥ 1 次", True, "1 次", "≥ 1 次", lapses_on=date(2027, 1, 15))
    rows = [CriterionRow(0, r) for r in (praise, tenure, customer)]
    move = MoveView("junior_to_intermediate", "promotion", "intermediate", "中级客服专员", "晋升", False, False,
                    projected_on=date(2027, 3, 1), rows=rows, missing=rows[:2])
    # when the checklist renders
    with translation.override(lang):
        html = _text(render_to_string("web/journey/_move.html", {"move": move, "own": True}))
    # then the words and the dates are there, dates in the reader's form
    for text in expected:
        assert text in html, text


def test_a_checklist_without_projections_renders_as_before(company: Company):
    # The engine on this branch has no shortfall/projected_on yet: the page must not show empty sentences.
    policy = load_policy("logistics-dual-track")
    ladder = ladder_build(policy=policy, lang="zh", current_level="junior")
    assert ladder.current is not None and ladder.current.name == "初级客服专员"
    assert [r.tier for r in ladder.rows] == [5, 4, 3, 2, 1]
    assert [c.track.code for c in ladder.rows[0].cells] == ["shared", "skill", "management"]
    assert [lv.code for lv in ladder.rows[-1].cells[0].levels] == ["intermediate", "junior", "assistant"]


def test_staff_in_scope_see_the_checklist_and_hr_may_file_for_the_agent(client, company: Company):
    page = reverse("web:employee_detail", args=[company.agent.employee_no])
    apply = reverse("web:application_new", args=["junior_to_intermediate"])
    client.force_login(company.users["supervisor"])
    html = client.get(page).content.decode()
    assert 'id="move-junior_to_intermediate"' in html and apply not in html  # a supervisor does not apply
    client.force_login(company.users["hr"])
    html = client.get(page).content.decode()
    assert f"{apply}?employee={company.agent.employee_no}" in html and "代为申请" in html
    client.force_login(company.users["far"])
    assert client.get(page).status_code == 403


def test_an_application_in_progress_is_shown_instead_of_the_button(client, company: Company):
    app = company.apply()
    client.force_login(company.users["agent"])
    html = client.get("/").content.decode()
    assert 'data-testid="open-applications"' in html
    assert reverse("web:application_detail", args=[app.pk]) in html
    assert reverse("web:application_new", args=["junior_to_intermediate"]) not in html
    assert "待上级评审" in html and "已申请" in html


def test_the_page_reads_in_english(client, company: Company):
    client.force_login(company.users["agent"])
    html = client.get("/", {"lang": "en"}).content.decode()
    for words in ("Career map", "You are here", "Next steps", "Shared trunk", "Junior CS Specialist",
                  "Apply for promotion", "Met", "28 Sep 2026"):
        assert words in html, words
    assert "您在这里" not in html and "职业地图" not in html


@pytest.mark.parametrize("url", ["/", "/career/"])
def test_the_pages_stay_within_the_query_budget(client, company: Company, django_assert_max_num_queries, url):
    company.apply()
    client.force_login(company.users["agent"])
    with django_assert_max_num_queries(29):
        assert client.get(url).status_code == 200


def test_the_person_s_supervisor_finds_the_recording_page_on_their_page_and_the_person_does_not(client, company):
    from django.urls import reverse

    agent = company.agent
    record = reverse("web:evidence_record", args=[agent.employee_no])
    client.force_login(company.users["supervisor"])
    assert record in client.get(reverse("web:employee_detail", args=[agent.employee_no])).content.decode()
    client.force_login(company.users["agent"])
    assert record not in client.get("/").content.decode()
